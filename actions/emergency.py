"""Record a high-priority escalation; repeat the guidance in the patient's language."""

import functools
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import channel_of, latest_text, red_flags
from actions.safe_action import SafeAction
from actions.store import record_escalation
from kyphobot.clinic import get_clinic
from kyphobot.escalations import PRIORITY_EMERGENCY, NewEscalation

#: The guidance in other languages, by the detector's language names.
TRANSLATIONS_FILE = Path(__file__).with_name("emergency_translations.yml")

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
        translated = translated_guidance(red_flags(tracker))
        if translated is not None:
            dispatcher.utter_message(text=translated, json_message={"emergency": True})
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


@functools.lru_cache(maxsize=1)
def translations() -> Dict[Text, Text]:
    """The guidance in each language the red-flag detector reads."""
    return dict(yaml.safe_load(TRANSLATIONS_FILE.read_text(encoding="utf-8")))


def translated_guidance(flags: List[Dict[Text, Any]]) -> Optional[Text]:
    """The guidance in the first red flag's language, if there is one.

    A patient who writes "no puedo respirar" may not read the English guidance;
    the rule already sent it, so this only adds the same words they can read.
    """
    clinic = get_clinic()
    for flag in flags:
        text = translations().get(flag.get("language") or "")
        if text:
            return text.format(
                emergency_number=clinic.emergency_number,
                clinic_name=clinic.name,
                clinic_phone=clinic.phone,
            )
    return None
