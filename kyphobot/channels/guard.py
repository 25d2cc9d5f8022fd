"""Checks every input channel applies before and after the bot.

Patients send empty messages, pasted novels, emoji, markup and binary junk;
callers of a public webhook send anything at all. Each gets a clear, friendly
answer. And whatever fails inside, the patient never gets silence.
"""

import re
import unicodedata
from typing import Any, Dict, List, Optional

from kyphobot.clinic import get_clinic, safe_fallback_text

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
_SENDER_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:@-]*$")
_PHONE_LIKE = re.compile(r"^\+?[\d\s().-]{7,}$")


def clean_text(text: str) -> str:
    """Drop control and unassigned characters; keep letters, emoji, newlines."""
    kept = (
        c
        for c in text
        if c in "\n\t" or unicodedata.category(c) not in {"Cc", "Cs", "Co", "Cn"}
    )
    return "".join(kept).strip()


def empty_message_reply() -> str:
    """Answer to a message with nothing in it."""
    clinic = get_clinic()
    return (
        "I didn't get a question there. Please type what you would like to know "
        f"about kyphoplasty. In an emergency, call {clinic.emergency_number}."
    )


def too_long_reply() -> str:
    """Answer to a message over :data:`MAX_MESSAGE_CHARS`."""
    clinic = get_clinic()
    return (
        "That message is too long for me. Please ask one short question at a "
        f"time (up to {MAX_MESSAGE_CHARS:,} characters). To talk it through with "
        f"someone, call {clinic.name} at {clinic.phone}. In an emergency, call "
        f"{clinic.emergency_number}."
    )


def reply_instead_of_bot(text: Optional[str]) -> Optional[str]:
    """A friendly reply when ``text`` should not reach the bot, else None."""
    if not text:
        return empty_message_reply()
    if len(text) > MAX_MESSAGE_CHARS:
        return too_long_reply()
    return None


def sender_problem(sender: Any) -> Optional[str]:
    """Why a caller-chosen conversation id is refused, or None if it is fine.

    Phone-number-like ids are refused because SMS conversations are keyed by
    the patient's number: a web caller must not write into them.
    """
    if not isinstance(sender, str) or not sender:
        return "'sender' must be a non-empty string"
    if len(sender) > MAX_SENDER_CHARS or not _SENDER_ID.match(sender):
        return (
            f"'sender' must be at most {MAX_SENDER_CHARS} letters, digits or "
            "'_.:@-' characters"
        )
    if _PHONE_LIKE.match(sender):
        return "'sender' must not be a phone number"
    return None


def has_reply(messages: List[Dict[str, Any]]) -> bool:
    """True if any message carries something a patient can read or tap."""
    return any(m.get("text") or m.get("buttons") or m.get("image") for m in messages)


def ensure_reply(
    messages: List[Dict[str, Any]], recipient_id: str
) -> List[Dict[str, Any]]:
    """The bot's messages, or the safe fallback if it said nothing readable."""
    if has_reply(messages):
        return messages
    return [*messages, {"recipient_id": recipient_id, "text": safe_fallback_text()}]
