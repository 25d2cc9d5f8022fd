"""What every request handler needs: settings, stores, templates.

One :class:`Console` per application (``app.ctx.console``), built by
:func:`kyphobot.console.app.create_app`; nothing is global, so tests get a
fresh one per app.
"""

import asyncio
import functools
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from jinja2 import Environment
from sanic.request import Request
from sqlalchemy.engine import Engine

from kyphobot.clinic import Clinic
from kyphobot.console.accounts import AccountStore
from kyphobot.console.audit import AuditLog
from kyphobot.console.sessions import SessionStore, Signer
from kyphobot.console.settings import ConsoleSettings
from kyphobot.console.store import ConversationStore
from kyphobot.escalations import EscalationStore

R = TypeVar("R")


@dataclass
class Console:
    """The application's shared objects; all are safe to use from threads."""

    settings: ConsoleSettings
    engine: Engine
    accounts: AccountStore
    sessions: SessionStore
    audit: AuditLog
    conversations: ConversationStore
    escalations: EscalationStore
    signer: Signer
    templates: Environment
    clinic: Clinic


def console(request: Request) -> Console:
    """Return the console objects of the application serving ``request``."""
    value: Console = request.app.ctx.console
    return value


async def run_sync(function: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """Run blocking database work in a thread so other staff are not kept waiting."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(
        None, functools.partial(function, *args, **kwargs)
    )
