"""The audit log: who signed in, viewed, changed or exported what, and when.

Conversations hold health information; the clinic must be able to answer
"who looked at this patient's conversation?". Entries are only ever added.
"""

import datetime as dt
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kyphobot.console.schema import audit_log
from kyphobot.console.timeutil import as_utc, utcnow

SIGN_IN = "sign_in"
SIGN_IN_FAILED = "sign_in_failed"
SIGN_OUT = "sign_out"
VIEW_CONVERSATION = "view_conversation"
ESCALATION_STATUS = "escalation_status"
EXPORT = "export"
ACCOUNT_CHANGE = "account_change"
PASSWORD_CHANGE = "password_change"  # noqa: S105 - an action name
ACTIONS = (
    SIGN_IN,
    SIGN_IN_FAILED,
    SIGN_OUT,
    VIEW_CONVERSATION,
    ESCALATION_STATUS,
    EXPORT,
    ACCOUNT_CHANGE,
    PASSWORD_CHANGE,
)

_MAX_ACTOR = 128
_MAX_TARGET = 255


@dataclass(frozen=True)
class AuditEntry:
    """One thing a person did."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    target: str
    detail: str
    client_ip: str


class AuditLog:
    """Appends and lists audit entries."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(
        self,
        actor: str,
        action: str,
        target: str = "",
        detail: str = "",
        client_ip: str = "",
        at: Optional[dt.datetime] = None,
    ) -> None:
        """Add an entry; ``actor`` may be a name typed on the sign-in form."""
        with self.engine.begin() as connection:
            connection.execute(
                audit_log.insert().values(
                    at=at or utcnow(),
                    actor=actor[:_MAX_ACTOR],
                    action=action,
                    target=target[:_MAX_TARGET],
                    detail=detail,
                    client_ip=client_ip[:64],
                )
            )

    def list(
        self,
        actions: Sequence[str] = (),
        actor: str = "",
        page: int = 1,
        per_page: int = 100,
    ) -> Tuple[List[AuditEntry], int]:
        """Newest first, optionally of some actions or one actor; and the total."""
        condition = sa.true()
        if actions:
            condition = sa.and_(condition, audit_log.c.action.in_(list(actions)))
        if actor:
            condition = sa.and_(condition, audit_log.c.actor == actor)
        query = (
            audit_log.select()
            .where(condition)
            .order_by(audit_log.c.id.desc())
            .limit(per_page)
            .offset((max(page, 1) - 1) * per_page)
        )
        count = sa.select(sa.func.count()).select_from(audit_log).where(condition)
        with self.engine.connect() as connection:
            total = int(connection.execute(count).scalar_one())
            entries = [
                AuditEntry(
                    id=row.id,
                    at=as_utc(row.at),
                    actor=row.actor,
                    action=row.action,
                    target=row.target,
                    detail=row.detail,
                    client_ip=row.client_ip,
                )
                for row in connection.execute(query)
            ]
        return entries, total
