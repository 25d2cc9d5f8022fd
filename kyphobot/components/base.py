"""What the project's rule-based pipeline steps share.

The gates and resolvers after the classifier have settings but learn nothing,
so Rasa only has to build them from their configuration; and several of them
overrule the intent, which must change the ranking the same way each time, or
read the answer ranking, which must be looked up the same way each time.
"""

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


class UntrainedComponent(GraphComponent):
    """A pipeline step with settings but nothing to train, save or load."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.component_config = {**self.get_default_config(), **config}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        """Build the step from its configuration alone."""
        return cls(config)


def set_intent(message: Message, name: Text, confidence: float) -> None:
    """Overrule the intent: it leads the ranking, with its earlier entry removed."""
    intent = {"name": name, "confidence": float(confidence)}
    ranking = [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get("name") != name
    ]
    message.set(INTENT, intent, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)


def answer_ranking(message: Message, retrieval_intent: Text) -> List[Dict[Text, Any]]:
    """The answers the ResponseSelector (or FlatIntentClassifier) ranked, best first."""
    selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(
        retrieval_intent
    )
    return list((selector or {}).get("ranking") or [])
