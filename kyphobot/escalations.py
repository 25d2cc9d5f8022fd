"""The escalation store: every question handed to clinic staff, in SQL.

The action server writes a row whenever the bot hands over (out of scope,
a request for a person, failed clarification, an emergency); the staff
console reads and updates the same rows. SQLite by default, PostgreSQL (or
any SQLAlchemy URL) through ``KYPHOBOT_DB_URL``.
"""

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine

DB_URL_ENV = "KYPHOBOT_DB_URL"
DEFAULT_DB_URL = "sqlite:///var/kyphobot.db"

PRIORITY_EMERGENCY = "emergency"
PRIORITY_NORMAL = "normal"
STATUSES = ("open", "in_progress", "resolved")

metadata = sa.MetaData()

escalations = sa.Table(
    "escalations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("channel", sa.String(64), nullable=False),
    sa.Column("reason", sa.String(64), nullable=False),
    sa.Column("priority", sa.String(16), nullable=False, index=True),
    sa.Column("patient_message", sa.Text, nullable=False),
    sa.Column("details", sa.Text, nullable=False, default="{}"),
    sa.Column("status", sa.String(16), nullable=False, default="open", index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

escalation_updates = sa.Table(
    "escalation_updates",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "escalation_id",
        sa.Integer,
        sa.ForeignKey("escalations.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("staff_user", sa.String(255), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware, in UTC."""
    return dt.datetime.now(dt.timezone.utc)


def database_url() -> str:
    """The configured SQLAlchemy URL for the project's own tables."""
    return os.environ.get(DB_URL_ENV) or DEFAULT_DB_URL


def create_db_engine(url: Optional[str] = None) -> Engine:
    """An engine that survives database restarts (pre-ping) and SQLite locks."""
    url = url or database_url()
    parsed = sa.engine.make_url(url)
    kwargs: Dict[str, Any] = {"pool_pre_ping": True, "future": True}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
    return sa.create_engine(url, **kwargs)


@dataclass(frozen=True)
class NewEscalation:
    """What the bot knows when it hands a conversation to staff."""

    conversation_id: str
    channel: str
    reason: str
    patient_message: str
    priority: str = PRIORITY_NORMAL
    details: Dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Escalation:
    """One stored escalation as staff see it."""

    id: int
    conversation_id: str
    channel: str
    reason: str
    priority: str
    patient_message: str
    details: Dict[str, Any]
    status: str
    created_at: dt.datetime
    updated_at: dt.datetime


def _as_utc(value: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _row_to_escalation(row: Any) -> Escalation:
    return Escalation(
        id=row.id,
        conversation_id=row.conversation_id,
        channel=row.channel,
        reason=row.reason,
        priority=row.priority,
        patient_message=row.patient_message,
        details=json.loads(row.details or "{}"),
        status=row.status,
        created_at=_as_utc(row.created_at),
        updated_at=_as_utc(row.updated_at),
    )


class EscalationStore:
    """Reads and writes escalations; safe to share across threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    @classmethod
    def from_url(cls, url: Optional[str] = None) -> "EscalationStore":
        """Open the store at ``url`` or the configured ``KYPHOBOT_DB_URL``."""
        return cls(create_db_engine(url))

    def record(self, escalation: NewEscalation) -> int:
        """Store a new open escalation and return its id."""
        now = utcnow()
        with self.engine.begin() as connection:
            result = connection.execute(
                escalations.insert().values(
                    conversation_id=escalation.conversation_id,
                    channel=escalation.channel,
                    reason=escalation.reason,
                    priority=escalation.priority,
                    patient_message=escalation.patient_message,
                    details=json.dumps(escalation.details, ensure_ascii=False),
                    status="open",
                    created_at=now,
                    updated_at=now,
                )
            )
            return int(result.inserted_primary_key[0])

    def get(self, escalation_id: int) -> Optional[Escalation]:
        """One escalation by id, or None."""
        with self.engine.connect() as connection:
            row = connection.execute(
                escalations.select().where(escalations.c.id == escalation_id)
            ).first()
        return _row_to_escalation(row) if row else None

    def list(
        self,
        statuses: Sequence[str] = ("open", "in_progress"),
        conversation_id: Optional[str] = None,
        limit: int = 200,
    ) -> List[Escalation]:
        """Escalations with the given statuses, emergencies first, oldest first."""
        emergency_first = sa.case(
            (escalations.c.priority == PRIORITY_EMERGENCY, 0), else_=1
        )
        query = escalations.select().where(escalations.c.status.in_(list(statuses)))
        if conversation_id is not None:
            query = query.where(escalations.c.conversation_id == conversation_id)
        query = query.order_by(emergency_first, escalations.c.created_at).limit(limit)
        with self.engine.connect() as connection:
            return [_row_to_escalation(row) for row in connection.execute(query)]

    def set_status(
        self, escalation_id: int, status: str, staff_user: str, note: str = ""
    ) -> None:
        """Change an escalation's status and keep who did it, when and why."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        now = utcnow()
        with self.engine.begin() as connection:
            updated = connection.execute(
                escalations.update()
                .where(escalations.c.id == escalation_id)
                .values(status=status, updated_at=now)
            )
            if updated.rowcount == 0:
                raise KeyError(escalation_id)
            connection.execute(
                escalation_updates.insert().values(
                    escalation_id=escalation_id,
                    status=status,
                    note=note,
                    staff_user=staff_user,
                    created_at=now,
                )
            )

    def history(self, escalation_id: int) -> List[Dict[str, Any]]:
        """Every status change of one escalation, oldest first."""
        query = (
            escalation_updates.select()
            .where(escalation_updates.c.escalation_id == escalation_id)
            .order_by(escalation_updates.c.created_at, escalation_updates.c.id)
        )
        with self.engine.connect() as connection:
            return [
                {**row._mapping, "created_at": _as_utc(row.created_at)}
                for row in connection.execute(query)
            ]
