"""Rasa NLU component that answers ``/faq/<key>`` button payloads exactly.

Clarification and follow-up buttons carry the FAQ answer the patient chose.
Rasa's regex message handler does not understand retrieval intents, so this
component sets the intent and the ResponseSelector's pick itself. The answer
is then a plain response: no action server is needed to deliver it.
"""

import re
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from kyphobot.components.base import UntrainedComponent


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class FaqButtonResolver(UntrainedComponent):
    """Turns ``/faq/<key>`` into intent ``faq`` with answer ``<key>`` at 100 %."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """The retrieval intent whose answers buttons may select."""
        return {"retrieval_intent": "faq"}

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        intent = re.escape(self.component_config["retrieval_intent"])
        self._pattern = re.compile(rf"^\s*/{intent}/(?P<key>[a-z0-9_]+)\s*$")

    def process(self, messages: List[Message]) -> List[Message]:
        """Resolve button payloads whose key the ResponseSelector knows."""
        retrieval_intent = self.component_config["retrieval_intent"]
        for message in messages:
            match = self._pattern.match(message.get(TEXT) or "")
            if match is None:
                continue
            selectors = message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}
            selector = selectors.get(retrieval_intent)
            if selector is None:
                continue
            full_key = f"{retrieval_intent}/{match.group('key')}"
            known = [
                r
                for r in selector.get("ranking", [])
                if r.get("intent_response_key") == full_key
            ]
            if not known:
                continue
            chosen = {"confidence": 1.0, "intent_response_key": full_key}
            others = [
                r
                for r in selector["ranking"]
                if r.get("intent_response_key") != full_key
            ]
            selector["response"] = {
                "responses": None,
                "confidence": 1.0,
                "intent_response_key": full_key,
                "utter_action": f"utter_{full_key}",
            }
            selector["ranking"] = [{**known[0], **chosen}, *others]
            message.set(RESPONSE_SELECTOR_PROPERTY_NAME, selectors, add_to_output=True)
            intent = {"name": retrieval_intent, "confidence": 1.0}
            ranking = [
                entry
                for entry in message.get(INTENT_RANKING_KEY) or []
                if entry.get("name") not in {retrieval_intent, "nlu_fallback"}
            ]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *ranking], add_to_output=True)
        return messages
