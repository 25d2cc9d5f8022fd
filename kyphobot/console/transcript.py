"""Rasa's stored events turned into turns staff can read.

The tracker store keeps every event as JSON (user messages with the NLU
result, bot messages with the response that produced them, actions). Staff
need: what the patient wrote, what the bot understood and how sure it was,
and which answer it gave.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from kyphobot.console.timeutil import from_epoch

FAQ_INTENT = "faq"
FALLBACK_INTENT = "nlu_fallback"
OUT_OF_SCOPE_INTENT = "out_of_scope"
EMERGENCY_INTENT = "report_emergency"

CHANNEL_GROUPS: Dict[str, Tuple[str, ...]] = {
    "web": ("rest", "socketio"),
    "sms": ("sms", "twilio"),
}
CHANNEL_LABELS = {"web": "Web chat", "sms": "SMS", "other": "Other"}

_ACTION_MARKERS = {
    "action_escalate": "Handed over to clinic staff",
    "action_emergency": "Emergency flagged to clinic staff",
}


def channel_group(input_channel: Optional[str]) -> str:
    """``web``, ``sms`` or ``other`` for a Rasa input channel name."""
    for group, names in CHANNEL_GROUPS.items():
        if input_channel in names:
            return group
    return "other"


def load_json(raw: Optional[str]) -> Dict[str, Any]:
    """Parse an event's JSON; ``{}`` if a row is damaged (never a 500 page)."""
    try:
        value = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _float(value: Any) -> Optional[float]:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class PatientTurn:
    """A message from the patient and what the bot understood of it."""

    event_id: int
    at: dt.datetime
    text: str
    input_channel: Optional[str]
    intent: Optional[str]
    confidence: Optional[float]
    faq_key: Optional[str] = None
    faq_confidence: Optional[float] = None
    best_guess: Optional[str] = None
    best_guess_confidence: Optional[float] = None
    red_flags: Tuple[str, ...] = ()
    kind: str = "patient"

    @property
    def is_button(self) -> bool:
        """A tapped button sends its payload (``/faq/cement``), not typed text."""
        return self.text.startswith("/")

    @property
    def is_emergency(self) -> bool:
        """The detector or the classifier saw an emergency."""
        return self.intent == EMERGENCY_INTENT or bool(self.red_flags)

    @property
    def is_fallback(self) -> bool:
        """The bot did not know what was meant."""
        return self.intent == FALLBACK_INTENT

    @property
    def is_out_of_scope(self) -> bool:
        """Outside what the bot answers (it hands over)."""
        return self.intent == OUT_OF_SCOPE_INTENT

    @property
    def channel(self) -> str:
        """``web``, ``sms`` or ``other``."""
        return channel_group(self.input_channel)

    def lowest_confidence(self) -> Optional[float]:
        """Return the weaker of the intent's and (for FAQs) the answer's confidence."""
        scores = [self.confidence]
        if self.intent == FAQ_INTENT:
            scores.append(self.faq_confidence)
        known = [s for s in scores if s is not None]
        return min(known) if known else None

    def is_low_confidence(self, threshold: float) -> bool:
        """Tell whether the bot was less sure than ``threshold``."""
        lowest = self.lowest_confidence()
        return lowest is not None and lowest < threshold and not self.is_button


@dataclass(frozen=True)
class BotTurn:
    """A message from the bot and the response (answer key) it came from."""

    event_id: int
    at: dt.datetime
    text: str
    answer_key: Optional[str]
    buttons: Tuple[str, ...] = ()
    kind: str = "bot"


@dataclass(frozen=True)
class Marker:
    """Something worth seeing between turns: a new session, a hand-over."""

    event_id: int
    at: dt.datetime
    label: str
    kind: str = "marker"


Turn = Union[PatientTurn, BotTurn, Marker]


def patient_turn(event_id: int, data: Dict[str, Any]) -> PatientTurn:
    """Read the patient's message with the intent or FAQ key and confidences."""
    parse = data.get("parse_data") or {}
    intent = parse.get("intent") or {}
    name = intent.get("name")
    faq_key = faq_confidence = None
    if name == FAQ_INTENT:
        # The selector runs on every message; its pick only counts for FAQs.
        response = ((parse.get("response_selector") or {}).get(FAQ_INTENT) or {}).get(
            "response"
        ) or {}
        faq_key = intent.get("full_retrieval_intent_name") or response.get(
            "intent_response_key"
        )
        faq_confidence = _float(response.get("confidence"))
    best = best_confidence = None
    if name == FALLBACK_INTENT:
        ranking = [
            r
            for r in parse.get("intent_ranking") or []
            if r.get("name") != FALLBACK_INTENT
        ]
        if ranking:
            best, best_confidence = (
                ranking[0].get("name"),
                _float(ranking[0].get("confidence")),
            )
    flags = tuple(
        str(flag.get("category", "")) if isinstance(flag, dict) else str(flag)
        for flag in parse.get("red_flags") or []
    )
    return PatientTurn(
        event_id=event_id,
        at=from_epoch(float(data.get("timestamp") or 0)),
        text=str(data.get("text") or ""),
        input_channel=data.get("input_channel"),
        intent=name,
        confidence=_float(intent.get("confidence")),
        faq_key=faq_key,
        faq_confidence=faq_confidence,
        best_guess=best,
        best_guess_confidence=best_confidence,
        red_flags=flags,
    )


def bot_turn(
    event_id: int, data: Dict[str, Any], last_action: Optional[str]
) -> BotTurn:
    """Read the bot's message; custom actions' messages carry the action's name."""
    payload = data.get("data") or {}
    buttons = payload.get("buttons") or data.get("buttons") or []
    answer_key = (data.get("metadata") or {}).get("utter_action") or last_action
    return BotTurn(
        event_id=event_id,
        at=from_epoch(float(data.get("timestamp") or 0)),
        text=str(data.get("text") or ""),
        answer_key=answer_key,
        buttons=tuple(str(b.get("title", "")) for b in buttons if isinstance(b, dict)),
    )


def build_transcript(rows: Iterable[Tuple[int, str, Optional[str]]]) -> List[Turn]:
    """Build turns from ``(event id, type name, JSON)`` rows in stored order."""
    turns: List[Turn] = []
    last_action: Optional[str] = None
    for event_id, type_name, raw in rows:
        data = load_json(raw)
        at = from_epoch(float(data.get("timestamp") or 0))
        if type_name == "user":
            turns.append(patient_turn(event_id, data))
            last_action = None
        elif type_name == "bot":
            turn = bot_turn(event_id, data, last_action)
            if turn.text or turn.buttons:
                turns.append(turn)
        elif type_name == "action":
            name = data.get("name")
            if name and name != "action_listen":
                last_action = name
            if name in _ACTION_MARKERS:
                turns.append(Marker(event_id, at, _ACTION_MARKERS[name]))
        elif type_name == "session_started" and turns:
            turns.append(Marker(event_id, at, "New session"))
    return turns
