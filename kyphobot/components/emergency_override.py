"""Rasa NLU component that forces the emergency intent on red-flag messages.

It runs last in the pipeline, after the classifiers and the fallback
classifier, so no confidence score can hide a red flag from the dialogue.
"""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from kyphobot.nlp.red_flags import detect

EMERGENCY_INTENT = "report_emergency"
RED_FLAGS_KEY = "red_flags"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class EmergencyOverride(GraphComponent):
    """Sets ``report_emergency`` whenever the red-flag detector fires."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.component_config = config

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
        """Override the intent of every message that carries a red flag."""
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None:
                continue
            flags = detect(doc)
            message.set(
                RED_FLAGS_KEY,
                [
                    {"category": f.category, "evidence": f.evidence}
                    for f in flags
                ],
                add_to_output=True,
            )
            if flags:
                _force_emergency_intent(message)
        return messages


def _force_emergency_intent(message: Message) -> None:
    emergency = {"name": EMERGENCY_INTENT, "confidence": 1.0}
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get("name") != EMERGENCY_INTENT
    ]
    message.set(INTENT, emergency, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [emergency, *ranking], add_to_output=True)
