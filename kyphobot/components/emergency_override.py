"""Rasa NLU component that puts the red-flag detector above the classifier.

It runs after the classifiers and the fallback classifier, so no confidence
score can hide a red flag from the dialogue. It also corrects the opposite
mistake: a classifier cannot read negation, so when it calls "no fever, no
redness, where can I read more?" an emergency, and the detector finds every
symptom negated and no red flag, the next-best intent is used instead.
When there is no evidence either way, the classifier's emergency stands.
"""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from kyphobot.nlp.red_flags import detect, has_negated_symptom

EMERGENCY_INTENT = "report_emergency"
RED_FLAGS_KEY = "red_flags"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class EmergencyOverride(GraphComponent):
    """Forces ``report_emergency`` on red flags; demotes negated false alarms."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Below this, a demoted message goes to clarification, not a guess."""
        return {"demotion_threshold": 0.3}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.component_config = {**self.get_default_config(), **config}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "EmergencyOverride":
        """Create the component; it has nothing to train or load."""
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        """Apply the detector's verdict to every message."""
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None:
                continue
            flags = detect(doc)
            message.set(
                RED_FLAGS_KEY,
                [{"category": f.category, "evidence": f.evidence} for f in flags],
                add_to_output=True,
            )
            if flags:
                _set_intent(message, EMERGENCY_INTENT, 1.0)
            elif _classified_as_emergency(message) and has_negated_symptom(doc):
                self._demote(message)
            elif _classified_as_emergency(message):
                # Unsure (no symptom the detector knows): err toward emergency.
                _set_intent(message, EMERGENCY_INTENT, _top_confidence(message))
        return messages

    def _demote(self, message: Message) -> None:
        runner_up = _runner_up(message)
        if (
            runner_up is None
            or runner_up["confidence"] < self.component_config["demotion_threshold"]
        ):
            _set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, 0.0)
        else:
            _set_intent(message, runner_up["name"], runner_up["confidence"])


def _ranking(message: Message) -> List[Dict[str, Any]]:
    return [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME
    ]


def _classified_as_emergency(message: Message) -> bool:
    ranking = _ranking(message)
    return bool(ranking) and ranking[0].get("name") == EMERGENCY_INTENT


def _top_confidence(message: Message) -> float:
    ranking = _ranking(message)
    return float(ranking[0]["confidence"]) if ranking else 0.0


def _runner_up(message: Message) -> Optional[Dict[str, Any]]:
    others = [r for r in _ranking(message) if r.get("name") != EMERGENCY_INTENT]
    return others[0] if others else None


def _set_intent(message: Message, name: str, confidence: float) -> None:
    intent = {"name": name, "confidence": float(confidence)}
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get("name") != name
    ]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
