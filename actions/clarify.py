"""Ask which answer the patient meant when the bot is unsure; escalate if that fails."""

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import faq_candidates, previous_bot_action
from actions.escalation import (
    REASON_CLARIFICATION_FAILED,
    REASON_LOW_CONFIDENCE,
    record_handover,
)
from actions.safe_action import SafeAction
from kyphobot.faq_catalog import FAQ_TITLES, title_for

#: An answer must reach this confidence to be offered as a choice.
MINIMUM_CANDIDATE_CONFIDENCE = 0.1
MAXIMUM_CHOICES = 3
NONE_OF_THESE = {"title": "Something else", "payload": "/deny"}
CLARIFY_QUESTION = "I want to be sure I understand. Did you mean one of these?"


def choice_buttons(candidates: List[Dict[Text, Any]]) -> List[Dict[Text, Text]]:
    """One button per candidate answer, plus "Something else"."""
    buttons = []
    for candidate in candidates:
        key = str(candidate.get("intent_response_key", "")).split("/", 1)[-1]
        if key in FAQ_TITLES:
            buttons.append({"title": title_for(key), "payload": f"/faq/{key}"})
    return [*buttons, NONE_OF_THESE] if buttons else []


class ActionClarify(SafeAction):
    """Offer the closest FAQ answers as buttons, or hand over to staff."""

    def name(self) -> Text:
        """Action name used in rules and the domain."""
        return "action_clarify"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        """Ask once; a second unclear message in a row goes to a person."""
        if previous_bot_action(tracker) == self.name():
            return await self._hand_over(
                dispatcher, tracker, REASON_CLARIFICATION_FAILED
            )
        buttons = choice_buttons(
            faq_candidates(tracker, MINIMUM_CANDIDATE_CONFIDENCE, MAXIMUM_CHOICES)
        )
        if not buttons:
            return await self._hand_over(dispatcher, tracker, REASON_LOW_CONFIDENCE)
        dispatcher.utter_message(text=CLARIFY_QUESTION, buttons=buttons)
        return []

    @staticmethod
    async def _hand_over(
        dispatcher: CollectingDispatcher, tracker: Tracker, reason: Text
    ) -> List[Dict[Text, Any]]:
        dispatcher.utter_message(response="utter_escalate")
        await record_handover(tracker, reason)
        return []
