"""Rasa NLU component: one classifier over FAQ answers and intents together.

Rasa's usual design classifies ``faq`` as one intent and then picks the answer
with a ResponseSelector. Here the 549 FAQ examples form one large, varied
``faq`` class that out-of-scope questions mentioning "kyphoplasty" fall into
(see docs/evaluation.md). This component instead learns every answer key
(``faq/anesthesia``...) as its own class next to the other intents, on the
features Rasa's featurizers built from spaCy's lemmas and character n-grams,
with TF-IDF weighting and logistic regression. Each featurizer named in
``feature_groups`` (by its ``alias``) is weighted and normalised on its own, so
a few word features are not drowned by many character n-grams. It emits what
Rasa expects from the pair it replaces: an intent (``faq`` with the summed
probability of all answers) and the ResponseSelector's answer pick and ranking.
"""

import logging
import zlib
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression

logger = logging.getLogger(__name__)

#: Data types beyond skops' defaults that the saved models hold (TF-IDF's
#: sparse IDF diagonal). Anything else in a model file is refused.
_TRUSTED_DATA_TYPES = frozenset({"scipy.sparse._csr.csr_matrix"})


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class FlatIntentClassifier(GraphComponent, IntentClassifier):
    """Classifies intents and FAQ answer keys in one step."""

    @classmethod
    def required_components(cls) -> List[Type]:
        """Needs sparse features (CountVectorsFeaturizer on spaCy tokens)."""
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Regularisation, class weights, feature groups, the retrieval intent.

        ``class_weight`` maps a label to its weight (others weigh 1): weighting
        ``out_of_scope`` up makes a doubtful question go to staff, not to an
        answer that does not fit it. ``feature_groups`` lists featurizer
        aliases to weight separately; empty means all features as one group.
        """
        return {
            "retrieval_intent": "faq",
            "feature_groups": [],
            "C": 10.0,
            "class_weight": {},
            "max_iter": 2000,
            "random_state": 42,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        tfidf: Optional[List[TfidfTransformer]] = None,
        classifier: Optional[LogisticRegression] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.groups: List[Optional[Text]] = list(self.config["feature_groups"]) or [
            None
        ]
        self.tfidf = tfidf or [TfidfTransformer(sublinear_tf=True) for _ in self.groups]
        self.classifier = classifier or LogisticRegression(
            C=self.config["C"],
            class_weight=dict(self.config["class_weight"]) or None,
            max_iter=self.config["max_iter"],
            random_state=self.config["random_state"],
        )

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "FlatIntentClassifier":
        """A new, untrained classifier."""
        return cls(config, model_storage, resource)

    @staticmethod
    def _group_counts(messages: List[Message], group: Optional[Text]) -> csr_matrix:
        """Sentence count features of one featurizer alias (None: all of them)."""
        rows = []
        for message in messages:
            _, sentence = message.get_sparse_features(
                attribute=TEXT, featurizers=[group] if group else None
            )
            rows.append(
                csr_matrix(sentence.features) if sentence else csr_matrix((1, 0))
            )
        return vstack(rows).tocsr()

    def _features(self, messages: List[Message], fit: bool = False) -> csr_matrix:
        """TF-IDF weighted features, each group normalised on its own."""
        blocks = []
        for group, tfidf in zip(self.groups, self.tfidf):
            counts = self._group_counts(messages, group)
            blocks.append(
                tfidf.fit_transform(counts) if fit else tfidf.transform(counts)
            )
        return hstack(blocks).tocsr()

    @staticmethod
    def _label(example: Message) -> Text:
        return str(example.get(INTENT_RESPONSE_KEY) or example.get(INTENT))

    def train(self, training_data: TrainingData) -> Resource:
        """Fit TF-IDF weights and the classifier, then persist both."""
        examples = [
            e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)
        ]
        if not examples:
            logger.debug("No intent examples: %s stays untrained", type(self).__name__)
            return self._resource
        features = self._features(examples, fit=True)
        self.classifier.fit(features, [self._label(e) for e in examples])
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        """Set the intent, the intent ranking and the FAQ answer pick."""
        if not hasattr(self.classifier, "classes_") or not messages:
            return messages
        probabilities = self.classifier.predict_proba(self._features(messages))
        labels = [str(label) for label in self.classifier.classes_]
        for message, row in zip(messages, probabilities):
            intents, answers = self._split(labels, row)
            ranking = [
                {"name": name, "confidence": confidence}
                for name, confidence in sorted(intents.items(), key=lambda i: -i[1])
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            if answers:
                self._set_answer(message, answers)
        return messages

    def _split(
        self, labels: List[Text], row: np.ndarray
    ) -> Tuple[Dict[Text, float], List[Tuple[Text, float]]]:
        """Intent probabilities (answers summed into the retrieval intent), answers."""
        retrieval_intent = self.config["retrieval_intent"]
        intents: Dict[Text, float] = defaultdict(float)
        answers = []
        for label, probability in zip(labels, row):
            if label.startswith(f"{retrieval_intent}/"):
                intents[retrieval_intent] += float(probability)
                answers.append((label, float(probability)))
            else:
                intents[label] += float(probability)
        return dict(intents), sorted(answers, key=lambda pair: -pair[1])

    def _set_answer(self, message: Message, answers: List[Tuple[Text, float]]) -> None:
        """The ResponseSelector's output shape, with P(answer | it is an FAQ)."""
        retrieval_intent = self.config["retrieval_intent"]
        total = sum(p for _, p in answers) or 1.0
        ranking = [
            {
                "id": zlib.crc32(key.encode()),
                "confidence": p / total,
                "intent_response_key": key,
            }
            for key, p in answers
        ]
        top = ranking[0]
        selectors = dict(message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {})
        selectors["all_retrieval_intents"] = [retrieval_intent]
        selectors[retrieval_intent] = {
            "response": {
                "responses": None,
                "confidence": top["confidence"],
                "intent_response_key": top["intent_response_key"],
                "utter_action": f"utter_{top['intent_response_key']}",
            },
            "ranking": ranking,
        }
        message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selectors, add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing downstream learns from this component's output."""
        return training_data

    def persist(self) -> None:
        """Save with skops, which refuses to load arbitrary code."""
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as model_dir:
            for index, tfidf in enumerate(self.tfidf):
                sio.dump(tfidf, model_dir / f"tfidf_{index}.skops")
            sio.dump(self.classifier, model_dir / "classifier.skops")

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "FlatIntentClassifier":
        """Load the trained parts; only types skops trusts by default."""
        import skops.io as sio

        def load_part(path: Path) -> Any:
            untrusted = set(sio.get_untrusted_types(file=path))
            if untrusted - _TRUSTED_DATA_TYPES:
                raise ValueError(f"untrusted types in {path}: {untrusted}")
            return sio.load(path, trusted=sorted(untrusted))

        groups = len(config.get("feature_groups") or []) or 1
        try:
            with model_storage.read_from(resource) as model_dir:
                tfidf = [
                    load_part(model_dir / f"tfidf_{index}.skops")
                    for index in range(groups)
                ]
                classifier = load_part(model_dir / "classifier.skops")
        except (OSError, ValueError) as error:
            logger.error(
                "Cannot load %s (%s); it will predict nothing", cls.__name__, error
            )
            return cls.create(config, model_storage, resource, execution_context)
        return cls(config, model_storage, resource, tfidf, classifier)
