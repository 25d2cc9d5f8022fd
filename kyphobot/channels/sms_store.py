"""What the SMS channel must remember across requests and restarts, in SQL.

Three things cannot live in memory: which Twilio ``MessageSid`` values were
already answered (Twilio re-posts on timeouts, and a retry must replay the
same reply rather than run the bot twice), which numbers texted STOP (a
carrier obligation that must survive restarts), and the numbered options a
number was last offered (so a reply "1" means what the patient read).

The tables live in the same database as the escalations
(``KYPHOBOT_DB_URL``) and are created on first use, never at import time.
"""

import datetime as dt
import enum
import json
import threading
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from kyphobot.channels.sms_format import Option
from kyphobot.escalations import create_db_engine, utcnow

metadata = sa.MetaData()

sms_messages = sa.Table(
    "sms_messages",
    metadata,
    sa.Column("message_sid", sa.String(64), primary_key=True),
    sa.Column("conversation_id", sa.String(32), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("reply", sa.Text, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

sms_numbers = sa.Table(
    "sms_numbers",
    metadata,
    sa.Column("conversation_id", sa.String(32), primary_key=True),
    sa.Column("opted_out", sa.Boolean, nullable=False, default=False),
    sa.Column("welcomed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("options", sa.Text, nullable=False, default="[]"),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

STATUS_PROCESSING = "processing"
STATUS_DONE = "done"


class ClaimResult(enum.Enum):
    """What :meth:`SmsStore.claim` found for a ``MessageSid``."""

    NEW = "new"  # first time: this request runs the bot
    PROCESSING = "processing"  # another request is running the bot for it
    DONE = "done"  # answered before: replay the stored reply


@dataclass(frozen=True)
class NumberState:
    """What the channel knows about one phone number."""

    opted_out: bool = False
    welcomed: bool = False
    options: Tuple[Option, ...] = ()


def _decode_options(raw: Optional[str]) -> Tuple[Option, ...]:
    try:
        items = json.loads(raw or "[]")
    except ValueError:
        return ()
    return tuple(
        Option(str(item["title"]), str(item["payload"]))
        for item in items
        if isinstance(item, dict) and "title" in item and "payload" in item
    )


class SmsStore:
    """Message de-duplication, opt-outs and last options; thread-safe."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._tables_ready = False
        self._tables_lock = threading.Lock()

    @classmethod
    def from_url(cls, url: Optional[str] = None) -> "SmsStore":
        """Open the store at ``url`` or the configured ``KYPHOBOT_DB_URL``."""
        return cls(create_db_engine(url))

    def _ready(self) -> Engine:
        """Return the engine, creating the tables once per process."""
        if not self._tables_ready:
            with self._tables_lock:
                if not self._tables_ready:
                    metadata.create_all(self.engine, checkfirst=True)
                    self._tables_ready = True
        return self.engine

    # --- Twilio's retries -------------------------------------------------

    def claim(
        self, message_sid: str, conversation_id: str
    ) -> Tuple[ClaimResult, Optional[List[str]]]:
        """Record that ``message_sid`` is being answered, unless it already is.

        The primary key makes this atomic: of two requests with the same
        ``MessageSid``, exactly one gets :attr:`ClaimResult.NEW`.

        Returns:
            The result, and the stored reply bodies when it is ``DONE``.

        """
        now = utcnow()
        try:
            with self._ready().begin() as connection:
                connection.execute(
                    sms_messages.insert().values(
                        message_sid=message_sid,
                        conversation_id=conversation_id,
                        status=STATUS_PROCESSING,
                        created_at=now,
                        updated_at=now,
                    )
                )
            return ClaimResult.NEW, None
        except IntegrityError:
            pass
        reply = self.reply_for(message_sid)
        if reply is None:
            return ClaimResult.PROCESSING, None
        return ClaimResult.DONE, reply

    def finish(self, message_sid: str, bodies: Sequence[str]) -> None:
        """Store the reply that every retry of ``message_sid`` will replay."""
        with self._ready().begin() as connection:
            connection.execute(
                sms_messages.update()
                .where(sms_messages.c.message_sid == message_sid)
                .values(
                    status=STATUS_DONE,
                    reply=json.dumps(list(bodies), ensure_ascii=False),
                    updated_at=utcnow(),
                )
            )

    def reply_for(self, message_sid: str) -> Optional[List[str]]:
        """Return the stored reply bodies, or None while still being answered."""
        with self._ready().connect() as connection:
            row = connection.execute(
                sa.select(sms_messages.c.status, sms_messages.c.reply).where(
                    sms_messages.c.message_sid == message_sid
                )
            ).first()
        if row is None or row.status != STATUS_DONE:
            return None
        return [str(body) for body in json.loads(row.reply or "[]")]

    def forget_before(self, cutoff: dt.datetime) -> int:
        """Delete answered messages older than ``cutoff``.

        Twilio's retries come within minutes, and phone numbers should not be
        kept for nothing.
        """
        with self._ready().begin() as connection:
            result = connection.execute(
                sms_messages.delete().where(
                    sms_messages.c.created_at < cutoff,
                    sms_messages.c.status == STATUS_DONE,
                )
            )
        return int(result.rowcount or 0)

    # --- Per phone number -------------------------------------------------

    def number(self, conversation_id: str) -> NumberState:
        """Opt-out, first-contact and option state of one number."""
        with self._ready().connect() as connection:
            row = connection.execute(
                sms_numbers.select().where(
                    sms_numbers.c.conversation_id == conversation_id
                )
            ).first()
        if row is None:
            return NumberState()
        return NumberState(
            opted_out=bool(row.opted_out),
            welcomed=row.welcomed_at is not None,
            options=_decode_options(row.options),
        )

    def set_opted_out(self, conversation_id: str, opted_out: bool) -> bool:
        """Opt a number out (STOP) or back in (START).

        Returns:
            True if this changed the state, so exactly one confirmation goes
            out even when two STOPs arrive at once.

        """
        for _ in range(2):
            with self._ready().begin() as connection:
                changed = connection.execute(
                    sms_numbers.update()
                    .where(
                        sms_numbers.c.conversation_id == conversation_id,
                        sms_numbers.c.opted_out == (not opted_out),
                    )
                    .values(opted_out=opted_out, updated_at=utcnow())
                ).rowcount
                if changed:
                    return True
                exists = connection.execute(
                    sa.select(sms_numbers.c.conversation_id).where(
                        sms_numbers.c.conversation_id == conversation_id
                    )
                ).first()
            if exists or not opted_out:
                return False  # already in that state (or never opted out)
            if self._insert_number(conversation_id, opted_out=True):
                return True
        return False

    def mark_welcomed(self, conversation_id: str) -> None:
        """Remember that the first-contact notice went out to this number."""
        self._upsert(conversation_id, welcomed_at=utcnow())

    def remember_options(self, conversation_id: str, options: Sequence[Option]) -> None:
        """Keep the options just offered (an empty list forgets earlier ones)."""
        encoded = json.dumps(
            [{"title": o.title, "payload": o.payload} for o in options],
            ensure_ascii=False,
        )
        self._upsert(conversation_id, options=encoded)

    def _insert_number(self, conversation_id: str, **values: Any) -> bool:
        """Insert a number's row; False if it appeared concurrently."""
        try:
            with self._ready().begin() as connection:
                connection.execute(
                    sms_numbers.insert().values(
                        conversation_id=conversation_id,
                        updated_at=utcnow(),
                        **{"opted_out": False, "options": "[]", **values},
                    )
                )
            return True
        except IntegrityError:
            return False

    def _upsert(self, conversation_id: str, **values: Any) -> None:
        def update(connection: Connection) -> int:
            return int(
                connection.execute(
                    sms_numbers.update()
                    .where(sms_numbers.c.conversation_id == conversation_id)
                    .values(updated_at=utcnow(), **values)
                ).rowcount
                or 0
            )

        with self._ready().begin() as connection:
            if update(connection):
                return
        if not self._insert_number(conversation_id, **values):
            with self._ready().begin() as connection:
                update(connection)
