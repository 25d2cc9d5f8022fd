"""The escalation store as the action server uses it: opened once, written off-loop."""

import asyncio
import functools
import logging
from typing import Optional

from kyphobot.escalations import EscalationStore, NewEscalation
from kyphobot.privacy import mask_identifier

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def get_store() -> EscalationStore:
    """Open the store on first use, not at import time."""
    return EscalationStore.from_url()


async def record_escalation(escalation: NewEscalation) -> Optional[int]:
    """Store an escalation without blocking the event loop; None if that failed.

    A database problem must never cost the patient their reply, so failures
    are logged loudly here and the caller carries on.
    """
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(None, get_store().record, escalation)
    except Exception:
        logger.exception(
            "Could not store %s escalation for conversation %s",
            escalation.priority,
            mask_identifier(escalation.conversation_id),
        )
        return None
