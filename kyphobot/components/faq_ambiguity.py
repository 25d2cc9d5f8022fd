"""Rasa NLU component that sends unsure FAQ picks to clarification.

Rasa's ``FallbackClassifier`` looks only at the intent's confidence, not at
the ResponseSelector's confidence for the chosen answer (rasa issues 9723 and
9751), so an off-topic question classified as ``faq`` would get a random
answer. This gate turns a weak or close FAQ pick into ``nlu_fallback``, which
the dialogue answers with a clarifying question. So does a pick whose runner-up
keeps a good share of the selector's belief, or a smaller share when the
question names both answers' subjects: "tell me about the balloon and the
cement" asks about two answers, and the clarifying question offers both.
"""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from kyphobot.components.base import UntrainedComponent, answer_ranking
from kyphobot.nlp import answer_words


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class FaqAmbiguityGate(UntrainedComponent):
    """Replaces a weak or ambiguous FAQ answer pick by ``nlu_fallback``."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Thresholds on the ResponseSelector's confidence for its top answer."""
        return {
            "retrieval_intent": "faq",
            "threshold": 0.5,
            "ambiguity_threshold": 0.15,
            # A second answer this sure of itself was probably asked about too
            # (1.0: never).
            "runner_up_threshold": 1.0,
            # ...or this sure, when the question names both answers' subjects
            # ("the balloon and the cement"; 1.0: never).
            "named_runner_up_threshold": 1.0,
        }

    def process(self, messages: List[Message]) -> List[Message]:
        """Flag FAQ messages whose answer the selector is unsure of."""
        retrieval_intent = self.component_config["retrieval_intent"]
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") != retrieval_intent:
                continue
            confidence = self._unsure_confidence(message, retrieval_intent)
            if confidence is not None:
                fallback = {
                    "name": DEFAULT_NLU_FALLBACK_INTENT_NAME,
                    "confidence": confidence,
                }
                ranking = message.get(INTENT_RANKING_KEY) or []
                message.set(INTENT, fallback, add_to_output=True)
                message.set(
                    INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True
                )
        return messages

    def _unsure_confidence(
        self, message: Message, retrieval_intent: Text
    ) -> Optional[float]:
        """The top answer's confidence when it is too low or too close, else None."""
        ranking = answer_ranking(message, retrieval_intent)
        if not ranking:
            return None
        top = float(ranking[0]["confidence"])
        second = float(ranking[1]["confidence"]) if len(ranking) > 1 else 0.0
        if top < self.component_config["threshold"]:
            return top
        if top - second < self.component_config["ambiguity_threshold"]:
            return top
        if second >= self.component_config["runner_up_threshold"]:
            return top
        if second >= self.component_config[
            "named_runner_up_threshold"
        ] and self._names_both(message, ranking[0], ranking[1]):
            return top
        return None

    @staticmethod
    def _names_both(
        message: Message, first: Dict[Text, Any], second: Dict[Text, Any]
    ) -> bool:
        """Whether the question names the subjects of both answers."""
        doc = message.get(SPACY_DOCS[TEXT])
        if doc is None:
            return False
        words = answer_words.default_words()
        return all(
            answer_words.names_subject(
                doc, str(pick["intent_response_key"]).split("/")[-1], words
            )
            for pick in (first, second)
        )
