"""An SQL tracker store that keeps every conversation or says loudly why not.

Rasa's ``SQLTrackerStore`` has no connection pre-ping (a restarted PostgreSQL
breaks the next request), and Rasa wraps every store in a
``FailSafeTrackerStore`` that quietly keeps events in memory when a save fails.
Staff review depends on every event being stored, so this store:

* pings pooled connections before use and retries a failed save for a while
  (``KYPHOBOT_DB_RETRY_SECONDS``, default 30) before giving up;
* lets SQLite readers (the staff console) and the bot work at once (WAL);
* is what :mod:`kyphobot.preflight` insists on before the server starts, so a
  misspelt store type can never fall back to memory unnoticed.
"""

import asyncio
import logging
import os
import time
from typing import Any, Awaitable, Callable, Optional, Text, TypeVar

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, OperationalError

from kyphobot.privacy import mask_identifier

logger = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_SECONDS_ENV = "KYPHOBOT_DB_RETRY_SECONDS"
DEFAULT_RETRY_SECONDS = 30.0
_FIRST_BACKOFF_SECONDS = 0.2
_MAX_BACKOFF_SECONDS = 3.0


def _enable_sqlite_wal(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class DurableSQLTrackerStore(SQLTrackerStore):
    """``SQLTrackerStore`` with pre-ping, SQLite WAL and retried saves."""

    engine: sa.engine.Engine

    def __init__(
        self,
        domain: Optional[Domain] = None,
        dialect: Text = "sqlite",
        host: Optional[Text] = None,
        port: Optional[int] = None,
        db: Text = "rasa.db",
        username: Optional[Text] = None,
        password: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        login_db: Optional[Text] = None,
        query: Optional[dict] = None,
        **kwargs: Any,
    ) -> None:
        if dialect == "sqlite" and db and os.path.dirname(db):
            os.makedirs(os.path.dirname(db), exist_ok=True)
        super().__init__(
            domain,
            dialect,
            host,
            port,
            db,
            username,
            password,
            event_broker,
            login_db,
            query,
            **kwargs,
        )
        url = self.engine.url
        self.engine.dispose()
        engine_kwargs = create_engine_kwargs(url)
        if url.get_backend_name() == "sqlite":
            engine_kwargs["connect_args"] = {"timeout": 30}
        self.engine = sa.create_engine(url, pool_pre_ping=True, **engine_kwargs)
        if url.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _enable_sqlite_wal)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        with self.engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        self.retry_seconds = float(
            os.environ.get(RETRY_SECONDS_ENV, DEFAULT_RETRY_SECONDS)
        )
        logger.info("Conversations are stored in %r", url.render_as_string())

    async def _retrying(
        self, what: str, sender_id: Text, operation: Callable[[], Awaitable[T]]
    ) -> T:
        """Run a database operation, retrying while the database is unreachable."""
        deadline = time.monotonic() + self.retry_seconds
        backoff = _FIRST_BACKOFF_SECONDS
        while True:
            try:
                return await operation()
            except (OperationalError, DBAPIError) as error:
                if time.monotonic() + backoff > deadline:
                    logger.error(
                        "Giving up %s conversation %s after %.0f s: %s",
                        what,
                        mask_identifier(sender_id),
                        self.retry_seconds,
                        error.__class__.__name__,
                    )
                    raise
                logger.warning(
                    "Database unavailable while %s conversation %s; retrying in %.1f s",
                    what,
                    mask_identifier(sender_id),
                    backoff,
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, _MAX_BACKOFF_SECONDS)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store new events, retrying while the database is unreachable."""
        await self._retrying(
            "storing",
            tracker.sender_id,
            lambda: super(DurableSQLTrackerStore, self).save(tracker),
        )

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Load a conversation; a restarting database must not blank it."""
        return await self._retrying(
            "loading",
            sender_id,
            lambda: super(DurableSQLTrackerStore, self).retrieve(sender_id),
        )

    async def retrieve_full_tracker(
        self, sender_id: Text
    ) -> Optional[DialogueStateTracker]:
        """Load a conversation across all sessions, with the same retries."""
        return await self._retrying(
            "loading",
            sender_id,
            lambda: super(DurableSQLTrackerStore, self).retrieve_full_tracker(
                sender_id
            ),
        )
