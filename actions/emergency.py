"""Record a high-priority escalation after the emergency guidance went out."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import channel_of, latest_text, red_flags
from actions.safe_action import SafeAction
from actions.store import record_escalation
from kyphobot.escalations import PRIORITY_EMERGENCY, NewEscalation

#: The guidance in another language: ``utter_emergency_<language>``.
TRANSLATED_RESPONSE_PREFIX = "utter_emergency_"

REASON_RED_FLAG = "red_flag"
REASON_EMERGENCY_INTENT = "emergency_reported"


class ActionEmergency(SafeAction):
    """Flag the conversation to staff as an emergency.

    The emergency rule utters ``utter_emergency`` before this runs, so the
    patient is told to call 911 even when the action server is down.
    """

    reply_on_failure = False

    def name(self) -> Text:
        """Action name used in rules and the domain."""
        return "action_emergency"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        """Record (a failure is logged), then repeat the guidance in their language.

        The translation comes after the safe run, so a broken escalation store
        cannot cost the patient the words they can read.
        """
        events = await super().run(dispatcher, tracker, domain)
        translated = translated_response(red_flags(tracker), domain)
        if translated is not None:
            dispatcher.utter_message(response=translated)
        return events

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        """Store the emergency with the red flags the detector found."""
        flags = red_flags(tracker)
        await record_escalation(
            NewEscalation(
                conversation_id=tracker.sender_id,
                channel=channel_of(tracker),
                reason=REASON_RED_FLAG if flags else REASON_EMERGENCY_INTENT,
                patient_message=latest_text(tracker),
                priority=PRIORITY_EMERGENCY,
                details={"red_flags": flags},
            )
        )
        return []


def translated_response(
    flags: List[Dict[Text, Any]], domain: Dict[Text, Any]
) -> Optional[Text]:
    """The guidance response in the first red flag's language, if there is one.

    A patient who writes "no puedo respirar" may not read the English guidance;
    the rule already sent it, so this only adds the same words they can read.
    """
    responses = domain.get("responses") or {}
    for flag in flags:
        language = flag.get("language")
        name = f"{TRANSLATED_RESPONSE_PREFIX}{language}"
        if language and name in responses:
            return name
    return None
