"""What the actions need to know about the conversation so far."""

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker

FAQ_RETRIEVAL_INTENT = "faq"
_IGNORED_ACTIONS = {"action_listen", "action_session_start", None}


def latest_text(tracker: Tracker) -> Text:
    """What the patient last wrote (empty if nothing)."""
    return str((tracker.latest_message or {}).get("text") or "")


def latest_intent(tracker: Tracker) -> Optional[Text]:
    """The intent the NLU pipeline settled on for the last message."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def channel_of(tracker: Tracker) -> Text:
    """The input channel of the last message (``rest``, ``socketio``, ``sms``...)."""
    return tracker.get_latest_input_channel() or "unknown"


def previous_bot_action(tracker: Tracker) -> Optional[Text]:
    """The last action the bot ran before the patient's latest message."""
    seen_user_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            if seen_user_message:
                return None
            seen_user_message = True
        elif seen_user_message and event.get("event") == "action":
            name = event.get("name")
            if name not in _IGNORED_ACTIONS:
                return name
    return None


def top_classified_intent(tracker: Tracker) -> Optional[Text]:
    """The classifier's best intent, looking past ``nlu_fallback``."""
    ranking = (tracker.latest_message or {}).get("intent_ranking") or []
    names = [r.get("name") for r in ranking if r.get("name") != "nlu_fallback"]
    return names[0] if names else None


def faq_candidates(
    tracker: Tracker, minimum: float, limit: int
) -> List[Dict[Text, Any]]:
    """The ResponseSelector's best FAQ answers, if the message looked like an FAQ."""
    if top_classified_intent(tracker) != FAQ_RETRIEVAL_INTENT:
        return []
    selector = (tracker.latest_message or {}).get("response_selector") or {}
    ranking = (selector.get(FAQ_RETRIEVAL_INTENT) or {}).get("ranking") or []
    return [r for r in ranking if float(r.get("confidence", 0.0)) >= minimum][:limit]


def off_guide_topics(tracker: Tracker) -> List[Text]:
    """Topics the guide is silent on that the last message named (cost, risks...)."""
    found = (tracker.latest_message or {}).get("off_guide_topics") or []
    return [str(item.get("topic")) for item in found if item.get("topic")]


def red_flags(tracker: Tracker) -> List[Dict[Text, Any]]:
    """Red flags the emergency detector found in the last message."""
    return list((tracker.latest_message or {}).get("red_flags") or [])


def asked_ahead(tracker: Tracker) -> bool:
    """Whether the last message only asked ahead about a red flag's symptom."""
    return bool((tracker.latest_message or {}).get("asked_ahead"))
