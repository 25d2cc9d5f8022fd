"""What the SMS channel says on its own, and the carrier keywords behind it.

Carriers require every SMS program to honour STOP and HELP whatever the bot
would make of them, so these words never reach the bot. The wording names
the clinic (from :func:`kyphobot.clinic.get_clinic`) because a patient who
reads "STOP" confirmations or "HELP" answers must know who is texting them.
"""

import re
import unicodedata
from typing import Optional

from kyphobot.clinic import Clinic, get_clinic

KEYWORD_STOP = "stop"
KEYWORD_START = "start"
KEYWORD_HELP = "help"

_KEYWORDS = {
    **dict.fromkeys(
        ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"), KEYWORD_STOP
    ),
    **dict.fromkeys(("START", "UNSTOP"), KEYWORD_START),
    **dict.fromkeys(("HELP", "INFO"), KEYWORD_HELP),
}


def carrier_keyword(text: str) -> Optional[str]:
    """``stop``, ``start`` or ``help`` if the whole message is such a keyword.

    Case, spaces and a trailing full stop or exclamation mark do not matter
    ("Stop", " s t o p ", "STOP."); a keyword inside a sentence ("please
    stop the pain") is an ordinary message.
    """
    squeezed = re.sub(r"\s+", "", text).rstrip(".!").upper()
    return _KEYWORDS.get(squeezed)


def has_words(text: str) -> bool:
    """Tell whether ``text`` holds a letter or digit, not only emoji or symbols."""
    return any(unicodedata.category(c)[0] in {"L", "N"} for c in text)


def stop_confirmation(clinic: Optional[Clinic] = None) -> str:
    """Confirm STOP, once; nothing is sent afterwards until START."""
    clinic = clinic or get_clinic()
    return (
        f"You're unsubscribed from {clinic.name}'s assistant: no more texts. Reply "
        f"START to resume. Appointments: call {clinic.phone}. Emergency: call "
        f"{clinic.emergency_number}."
    )


def start_confirmation(clinic: Optional[Clinic] = None) -> str:
    """Confirm START: texts are back on."""
    clinic = clinic or get_clinic()
    return (
        f"Welcome back. You can text {clinic.name}'s assistant your questions "
        "about kyphoplasty again. Reply HELP for help, STOP to stop."
    )


def help_reply(opted_out: bool, clinic: Optional[Clinic] = None) -> str:
    """Answer HELP: who this is, how to reach a person, how to stop."""
    clinic = clinic or get_clinic()
    stop_or_start = (
        "You are opted out: reply START to get texts again."
        if opted_out
        else "Reply STOP to stop texts."
    )
    return (
        f"{clinic.name} automated assistant for kyphoplasty questions. Not "
        f"medical advice. Call {clinic.phone} ({clinic.hours}). Emergency: "
        f"{clinic.emergency_number}. {stop_or_start}"
    )


def first_contact_notice() -> str:
    """Introduce the service in a number's first reply; carriers ask for it."""
    return (
        "I'm an automated assistant, not a doctor. Reply HELP for help, STOP to stop."
    )


def overflow_note(clinic: Optional[Clinic] = None) -> str:
    """End an answer too long for four texts, instead of a half sentence."""
    clinic = clinic or get_clinic()
    return f"There is more: please call {clinic.name} at {clinic.phone}."


def media_only_reply(clinic: Optional[Clinic] = None) -> str:
    """Answer to a picture or file with no words."""
    clinic = clinic or get_clinic()
    return (
        "I can't open pictures or files. Please type your question in words. "
        f"To show someone, call {clinic.name} at {clinic.phone}. In an "
        f"emergency, call {clinic.emergency_number}."
    )


def media_ignored_note() -> str:
    """Explain, after a picture with words, that only the words were read."""
    return "(I can't open pictures, so I only read your words.)"


def no_words_reply(clinic: Optional[Clinic] = None) -> str:
    """Answer to a message of only emoji or symbols."""
    clinic = clinic or get_clinic()
    return (
        "I can only read words. Please type your question about kyphoplasty. "
        f"To talk to someone, call {clinic.phone}. In an emergency, call "
        f"{clinic.emergency_number}."
    )
