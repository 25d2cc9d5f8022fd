"""Queries over the bot's conversations (Rasa's ``events``) and escalations.

The tracker store keeps the NLU result of each message inside a JSON
column, which SQLite and PostgreSQL query differently; so the SQL here
selects by the plain columns (type, time, sender) and the flags are worked
out in Python from the parsed events. A conversation list reads the patient
messages of the chosen date range only, which keeps it fast for a clinic's
volume (thousands of messages a week).

Conversations are addressed in URLs by ``ref``, the id of their first stored
event, so that SMS conversations (keyed by phone number) never put a phone
number in a URL, a browser history or a proxy log.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import (
    Dict,
    FrozenSet,
    Generic,
    Iterable,
    List,
    Optional,
    Sequence,
    Set,
    Tuple,
    TypeVar,
)

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kyphobot.console.schema import events
from kyphobot.console.timeutil import as_utc
from kyphobot.console.transcript import (
    PatientTurn,
    Turn,
    build_transcript,
    channel_group,
    load_json,
    patient_turn,
)
from kyphobot.escalations import PRIORITY_EMERGENCY, Escalation, escalations

FLAG_ESCALATED = "escalated"
FLAG_EMERGENCY = "emergency"
FLAG_CLARIFICATION = "clarification"
FLAG_FALLBACK = "fallback"
FLAG_LOW_CONFIDENCE = "low_confidence"
FLAG_LABELS = {
    FLAG_EMERGENCY: "Emergency",
    FLAG_ESCALATED: "Escalated",
    FLAG_CLARIFICATION: "Clarification",
    FLAG_FALLBACK: "Fallback",
    FLAG_LOW_CONFIDENCE: "Low confidence",
}
FLAGS = tuple(FLAG_LABELS)

#: Hand-over reasons meaning "the bot could not answer this" (not emergencies,
#: not a patient who simply asked for a person).
UNANSWERED_REASONS = (
    "out_of_scope",
    "low_confidence",
    "clarification_failed",
    "unexpected_turn",
)
TRANSCRIPT_TYPES = ("user", "bot", "action", "session_started")

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results and how many there are in all."""

    items: List[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """Number of pages (at least 1, so "page 1 of 1" reads right)."""
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class ConversationQuery:
    """The conversation list's filters; times are UTC, ``end`` exclusive."""

    start: dt.datetime
    end: dt.datetime
    channel: str = ""
    flags: FrozenSet[str] = frozenset()
    text: str = ""
    page: int = 1
    per_page: int = 50


@dataclass
class ConversationSummary:
    """A conversation as one row of the list."""

    conversation_id: str
    channel: str
    started_at: dt.datetime
    last_at: dt.datetime
    patient_messages: int = 0
    first_message: str = ""
    flags: Set[str] = field(default_factory=set)
    ref: Optional[int] = None
    _texts: List[str] = field(default_factory=list, repr=False)

    def matches(self, terms: Sequence[str]) -> bool:
        """Tell whether every search term appears in what the patient wrote."""
        haystack = "\n".join(self._texts).casefold()
        return all(term in haystack for term in terms)


@dataclass(frozen=True)
class UnansweredMessage:
    """A patient message the bot could not answer well, and why.

    ``reasons`` are keys: ``escalated`` plus the hand-over reason, and
    ``out_of_scope``, ``fallback`` or ``low_confidence`` from the NLU result.
    """

    key: str
    conversation_id: str
    at: dt.datetime
    text: str
    channel: str
    reasons: Tuple[str, ...]
    confidence: Optional[float] = None
    ref: Optional[int] = None


@dataclass(frozen=True)
class ConversationRecord:
    """One conversation's turns in a date range, for exports."""

    conversation_id: str
    ref: int
    channel: str
    turns: List[Turn]


def _epoch(value: dt.datetime) -> float:
    return as_utc(value).timestamp()


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite compares stored naive-UTC text: bind UTC wall-clock times only.
    return as_utc(value).astimezone(dt.timezone.utc)


def _in_range(start: dt.datetime, end: dt.datetime) -> sa.sql.ColumnElement:
    return sa.and_(
        events.c.timestamp >= _epoch(start), events.c.timestamp < _epoch(end)
    )


class ConversationStore:
    """Read-only queries for the console's lists, transcripts and reports."""

    def __init__(self, engine: Engine, low_confidence: float = 0.7) -> None:
        self.engine = engine
        self.low_confidence = low_confidence
        self._events_exist = False

    def has_events(self) -> bool:
        """Tell whether Rasa has created its table yet (the console may start first)."""
        if not self._events_exist:
            self._events_exist = sa.inspect(self.engine).has_table("events")
        return self._events_exist

    # -- lists ---------------------------------------------------------------

    def list_conversations(self, query: ConversationQuery) -> Page[ConversationSummary]:
        """Conversations with patient messages in the range, newest activity first."""
        per_page = max(1, query.per_page)
        if not self.has_events():
            return Page([], 0, 1, per_page)
        summaries = self._summaries(query.start, query.end)
        terms = query.text.casefold().split()
        selected = [
            s
            for s in summaries.values()
            if (not query.channel or s.channel == query.channel)
            and (not query.flags or s.flags & query.flags)
            and (not terms or s.matches(terms))
        ]
        selected.sort(key=lambda s: (s.last_at, s.conversation_id), reverse=True)
        pages = max(1, math.ceil(len(selected) / per_page))
        page = min(max(1, query.page), pages)
        items = selected[(page - 1) * per_page : page * per_page]
        refs = self.refs_for([s.conversation_id for s in items])
        for summary in items:
            summary.ref = refs.get(summary.conversation_id)
        return Page(items, len(selected), page, per_page)

    def _summaries(
        self, start: dt.datetime, end: dt.datetime
    ) -> Dict[str, ConversationSummary]:
        summaries: Dict[str, ConversationSummary] = {}
        user_events = (
            sa.select(events.c.id, events.c.sender_id, events.c.data)
            .where(events.c.type_name == "user", _in_range(start, end))
            .order_by(events.c.id)
        )
        clarified = (
            sa.select(events.c.sender_id)
            .where(
                events.c.type_name == "action",
                events.c.action_name == "action_clarify",
                _in_range(start, end),
            )
            .distinct()
        )
        escalated = sa.select(
            escalations.c.conversation_id, escalations.c.priority
        ).where(
            escalations.c.created_at >= _utc(start),
            escalations.c.created_at < _utc(end),
        )
        with self.engine.connect() as connection:
            for event_id, sender_id, raw in connection.execute(user_events):
                self._add_turn(
                    summaries, sender_id, patient_turn(event_id, load_json(raw))
                )
            clarified_ids = {row[0] for row in connection.execute(clarified)}
            escalated_rows = list(connection.execute(escalated))
        for sender_id in clarified_ids:
            if sender_id in summaries:
                summaries[sender_id].flags.add(FLAG_CLARIFICATION)
        for conversation_id, priority in escalated_rows:
            if conversation_id in summaries:
                summaries[conversation_id].flags.add(FLAG_ESCALATED)
                if priority == PRIORITY_EMERGENCY:
                    summaries[conversation_id].flags.add(FLAG_EMERGENCY)
        return summaries

    def _add_turn(
        self,
        summaries: Dict[str, ConversationSummary],
        sender_id: str,
        turn: PatientTurn,
    ) -> None:
        summary = summaries.get(sender_id)
        if summary is None:
            summary = summaries[sender_id] = ConversationSummary(
                conversation_id=sender_id,
                channel=turn.channel,
                started_at=turn.at,
                last_at=turn.at,
            )
        summary.last_at = max(summary.last_at, turn.at)
        summary.patient_messages += 1
        if not turn.is_button and turn.text:
            summary._texts.append(turn.text)
            summary.first_message = summary.first_message or turn.text
        if turn.is_emergency:
            summary.flags.add(FLAG_EMERGENCY)
        if turn.is_fallback:
            summary.flags.add(FLAG_FALLBACK)
        if turn.is_low_confidence(self.low_confidence):
            summary.flags.add(FLAG_LOW_CONFIDENCE)

    # -- single conversations ------------------------------------------------

    def refs_for(self, conversation_ids: Iterable[str]) -> Dict[str, int]:
        """Return the ``ref`` (first event id) of each conversation that has events."""
        ids = sorted(set(conversation_ids))
        if not ids or not self.has_events():
            return {}
        query = (
            sa.select(events.c.sender_id, sa.func.min(events.c.id))
            .where(events.c.sender_id.in_(ids))
            .group_by(events.c.sender_id)
        )
        with self.engine.connect() as connection:
            return {sender: int(first) for sender, first in connection.execute(query)}

    def conversation_id_for(self, ref: int) -> Optional[str]:
        """Return the conversation a ``ref`` from a URL stands for, or None."""
        if not self.has_events():
            return None
        query = sa.select(events.c.sender_id).where(events.c.id == ref)
        with self.engine.connect() as connection:
            return connection.execute(query).scalar_one_or_none()

    def transcript(self, conversation_id: str) -> List[Turn]:
        """Every turn of one conversation, in the order it happened."""
        if not self.has_events():
            return []
        query = (
            sa.select(events.c.id, events.c.type_name, events.c.data)
            .where(
                events.c.sender_id == conversation_id,
                events.c.type_name.in_(TRANSCRIPT_TYPES),
            )
            .order_by(events.c.id)
        )
        with self.engine.connect() as connection:
            return build_transcript(connection.execute(query))

    def recently_resolved(self, limit: int = 100) -> List[Escalation]:
        """Resolved escalations, the most recently resolved first."""
        query = (
            sa.select(escalations)
            .where(escalations.c.status == "resolved")
            .order_by(escalations.c.updated_at.desc(), escalations.c.id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            return [
                Escalation(
                    id=row.id,
                    conversation_id=row.conversation_id,
                    channel=row.channel,
                    reason=row.reason,
                    priority=row.priority,
                    patient_message=row.patient_message,
                    details=load_json(row.details),
                    status=row.status,
                    created_at=as_utc(row.created_at),
                    updated_at=as_utc(row.updated_at),
                )
                for row in connection.execute(query)
            ]

    # -- reports and exports -------------------------------------------------

    def unanswered(
        self, start: dt.datetime, end: dt.datetime, limit: int = 2000
    ) -> List[UnansweredMessage]:
        """Typed patient messages that were escalated, fell back or were unsure.

        Emergencies are left out: the bot answered them with emergency
        guidance, and they must never become training examples of another
        intent. Newest first, at most ``limit``.
        """
        found: Dict[Tuple[str, str], UnansweredMessage] = {}
        if self.has_events():
            query = (
                sa.select(events.c.id, events.c.sender_id, events.c.data)
                .where(events.c.type_name == "user", _in_range(start, end))
                .order_by(events.c.id.desc())
            )
            with self.engine.connect() as connection:
                rows = list(connection.execute(query))
            for event_id, sender_id, raw in rows:
                turn = patient_turn(event_id, load_json(raw))
                reasons = self._why_unanswered(turn)
                if reasons:
                    found[(sender_id, turn.text.strip())] = UnansweredMessage(
                        key=f"e{event_id}",
                        conversation_id=sender_id,
                        at=turn.at,
                        text=turn.text.strip(),
                        channel=turn.channel,
                        reasons=reasons,
                        confidence=turn.lowest_confidence(),
                    )
        self._add_escalated(found, start, end)
        messages = sorted(found.values(), key=lambda m: m.at, reverse=True)[:limit]
        refs = self.refs_for(m.conversation_id for m in messages)
        return [replace(m, ref=refs.get(m.conversation_id)) for m in messages]

    def _why_unanswered(self, turn: PatientTurn) -> Tuple[str, ...]:
        if turn.is_button or turn.is_emergency or not turn.text.strip():
            return ()
        reasons = []
        if turn.is_out_of_scope:
            reasons.append("out_of_scope")
        if turn.is_fallback:
            reasons.append("fallback")
        if turn.is_low_confidence(self.low_confidence):
            reasons.append("low_confidence")
        return tuple(reasons)

    def _add_escalated(
        self,
        found: Dict[Tuple[str, str], UnansweredMessage],
        start: dt.datetime,
        end: dt.datetime,
    ) -> None:
        query = sa.select(escalations).where(
            escalations.c.created_at >= _utc(start),
            escalations.c.created_at < _utc(end),
            escalations.c.reason.in_(UNANSWERED_REASONS),
            escalations.c.priority != PRIORITY_EMERGENCY,
        )
        with self.engine.connect() as connection:
            rows = list(connection.execute(query))
        for row in rows:
            text = (row.patient_message or "").strip()
            if not text or text.startswith("/"):
                continue
            reasons = ("escalated", row.reason)
            existing = found.get((row.conversation_id, text))
            if existing is not None:
                merged = reasons + tuple(
                    r for r in existing.reasons if r not in reasons
                )
                found[(row.conversation_id, text)] = replace(existing, reasons=merged)
            else:
                found[(row.conversation_id, text)] = UnansweredMessage(
                    key=f"x{row.id}",
                    conversation_id=row.conversation_id,
                    at=as_utc(row.created_at),
                    text=text,
                    channel=channel_group(row.channel),
                    reasons=reasons,
                )

    def export(self, start: dt.datetime, end: dt.datetime) -> List[ConversationRecord]:
        """Each conversation's turns within the range, oldest conversation first."""
        if not self.has_events():
            return []
        query = (
            sa.select(
                events.c.id, events.c.sender_id, events.c.type_name, events.c.data
            )
            .where(events.c.type_name.in_(TRANSCRIPT_TYPES), _in_range(start, end))
            .order_by(events.c.id)
        )
        rows_by_sender: Dict[str, List[Tuple[int, str, Optional[str]]]] = defaultdict(
            list
        )
        with self.engine.connect() as connection:
            for event_id, sender_id, type_name, raw in connection.execute(query):
                rows_by_sender[sender_id].append((event_id, type_name, raw))
        refs = self.refs_for(rows_by_sender)
        records = []
        for sender_id, rows in rows_by_sender.items():
            turns = build_transcript(rows)
            patient = [t for t in turns if isinstance(t, PatientTurn)]
            if not patient:
                continue
            records.append(
                ConversationRecord(
                    conversation_id=sender_id,
                    ref=refs.get(sender_id, rows[0][0]),
                    channel=patient[0].channel,
                    turns=turns,
                )
            )
        return records
