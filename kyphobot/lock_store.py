"""Rasa's Redis lock store, made atomic across replicas with a Redis mutex.

Rasa's ``RedisLockStore`` keeps each conversation's ticket queue in one Redis
key and changes it with GET, modify, SET. Two replicas that receive messages
of one conversation at the same moment can both read the old queue, both
issue the same ticket, and then process the conversation at once; the SQL
tracker store then drops one reply's events (reproduced in
tests/test_resilience.py). Here every change to a ticket queue happens under
redis-py's own ``Lock`` (SET NX PX, released by a Lua script), so the ticket
algorithm Rasa relies on stays correct with any number of replicas.
"""

from contextlib import contextmanager
from typing import Any, Iterator, Optional, Text

from rasa.core.lock_store import LOCK_LIFETIME, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

#: Longest a replica may hold one conversation's queue while changing it.
MUTEX_SECONDS = 5.0


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` whose ticket bookkeeping is atomic across replicas."""

    def __init__(
        self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any
    ) -> None:
        """Accept the endpoint config Rasa passes to custom lock stores."""
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    @contextmanager
    def _queue_mutex(self, conversation_id: Text) -> Iterator[None]:
        mutex: Any = self.red.lock(
            f"{self.key_prefix}{conversation_id}:mutex",
            timeout=MUTEX_SECONDS,
            blocking_timeout=MUTEX_SECONDS,
        )
        with mutex:
            yield

    def issue_ticket(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME
    ) -> int:
        """Take the next ticket; no other replica can take the same one."""
        with self._queue_mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        """Drop expired tickets without losing tickets issued meanwhile."""
        with self._queue_mutex(conversation_id):
            super().update_lock(conversation_id)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        """Remove a served ticket without losing tickets issued meanwhile."""
        with self._queue_mutex(conversation_id):
            LockStore.finish_serving(self, conversation_id, ticket_number)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finish the ticket and delete the queue if it is empty, as one step."""
        with self._queue_mutex(conversation_id):
            LockStore.finish_serving(self, conversation_id, ticket_number)
            if not self.is_someone_waiting(conversation_id):
                self.delete_lock(conversation_id)
