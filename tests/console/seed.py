"""Write conversations the way the bot does: through Rasa's SQL tracker store.

The events go through ``kyphobot.tracker_store.DurableSQLTrackerStore`` (Rasa's
``SQLTrackerStore``), so the rows, JSON and timestamps are exactly what the
console reads in production. The parse data mirrors what the trained
pipeline stores (intent, ranking, response selector, red flags).
"""

import asyncio
import concurrent.futures
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Union

import sqlalchemy as sa


@dataclass
class Patient:
    """A patient message and what the NLU pipeline made of it."""

    text: str
    intent: str
    confidence: float = 0.99
    faq: Optional[str] = None
    faq_confidence: float = 0.95
    red_flags: Sequence[str] = ()
    best_guess: Optional[str] = None


@dataclass
class Bot:
    """A bot message from a response (``utter``) or a custom action."""

    text: str
    utter: Optional[str] = None
    buttons: Sequence[str] = ()


@dataclass
class Action:
    """An action the bot ran (e.g. ``action_escalate``)."""

    name: str


Step = Union[Patient, Bot, Action]


def parse_data(message: Patient) -> Dict[str, Any]:
    """What Rasa stores as ``parse_data`` for one message."""
    intent: Dict[str, Any] = {"name": message.intent, "confidence": message.confidence}
    ranking = [dict(intent)]
    if message.best_guess:
        ranking.append(
            {"name": message.best_guess, "confidence": message.confidence + 0.1}
        )
    ranking.append({"name": "greet", "confidence": 0.001})
    selector_key = f"faq/{message.faq or 'procedure_steps'}"
    if message.faq:
        intent["full_retrieval_intent_name"] = selector_key
    return {
        "text": message.text,
        "intent": intent,
        "entities": [],
        "intent_ranking": ranking,
        "response_selector": {
            "all_retrieval_intents": ["faq"],
            "faq": {
                "response": {
                    "responses": [{"text": "..."}],
                    "confidence": message.faq_confidence,
                    "intent_response_key": selector_key,
                    "utter_action": f"utter_{selector_key}",
                },
                "ranking": [
                    {
                        "confidence": message.faq_confidence,
                        "intent_response_key": selector_key,
                    }
                ],
            },
        },
        "red_flags": [{"category": c, "evidence": c} for c in message.red_flags],
    }


def tracker_store(url: str) -> Any:
    """The project's durable tracker store for an SQLAlchemy URL."""
    from kyphobot.tracker_store import DurableSQLTrackerStore

    parsed = sa.engine.make_url(url)
    return DurableSQLTrackerStore(
        dialect=parsed.get_backend_name(),
        host=parsed.host,
        port=parsed.port,
        db=parsed.database,
        username=parsed.username,
        password=parsed.password,
    )


def _run(coroutine: Any) -> Any:
    """Run the store's coroutine to the end, also from inside an async test."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass
class Seeder:
    """Saves conversations into one database; reuses one store."""

    url: str
    _store: Any = field(default=None, repr=False)

    def save(
        self,
        sender: str,
        steps: Sequence[Step],
        channel: str = "rest",
        at: Optional[float] = None,
    ) -> None:
        """Append a session with ``steps`` to conversation ``sender``."""
        from rasa.shared.core.events import (
            ActionExecuted,
            BotUttered,
            SessionStarted,
            UserUttered,
        )
        from rasa.shared.core.trackers import DialogueStateTracker

        if self._store is None:
            self._store = tracker_store(self.url)
        clock = at if at is not None else time.time()

        def tick() -> float:
            nonlocal clock
            clock += 0.5
            return clock

        events: List[Any] = [
            ActionExecuted("action_session_start", timestamp=tick()),
            SessionStarted(timestamp=tick()),
            ActionExecuted("action_listen", timestamp=tick()),
        ]
        for step in steps:
            if isinstance(step, Patient):
                events.append(
                    UserUttered(
                        step.text,
                        intent={"name": step.intent, "confidence": step.confidence},
                        parse_data=parse_data(step),
                        input_channel=channel,
                        timestamp=tick(),
                    )
                )
            elif isinstance(step, Bot):
                buttons = [{"title": b, "payload": f"/{b}"} for b in step.buttons]
                events.append(
                    BotUttered(
                        step.text,
                        data={"buttons": buttons or None},
                        metadata={"utter_action": step.utter} if step.utter else {},
                        timestamp=tick(),
                    )
                )
            else:
                events.append(ActionExecuted(step.name, timestamp=tick()))
        # Like Rasa: the stored tracker holds the events since the last session
        # start, and ``save`` appends what comes after them.
        existing = _run(self._store.retrieve(sender))
        previous = list(existing.events) if existing is not None else []
        tracker = DialogueStateTracker.from_events(sender, [*previous, *events])
        _run(self._store.save(tracker))

    def close(self) -> None:
        """Release the store's connections (PostgreSQL databases get dropped)."""
        if self._store is not None:
            self._store.engine.dispose()
