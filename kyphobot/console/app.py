"""The staff console's Sanic application factory."""

import re
from pathlib import Path
from typing import Optional

from sanic import Sanic
from sanic.request import Request
from sanic.response import BaseHTTPResponse
from sqlalchemy.engine import Engine

from kyphobot.clinic import get_clinic
from kyphobot.console import auth
from kyphobot.console.accounts import AccountStore
from kyphobot.console.audit import AuditLog
from kyphobot.console.blueprints import ALL_BLUEPRINTS
from kyphobot.console.context import Console
from kyphobot.console.errors import HtmlErrorHandler
from kyphobot.console.render import make_environment
from kyphobot.console.schema import create_console_tables
from kyphobot.console.security import add_security_headers
from kyphobot.console.sessions import SessionStore, Signer
from kyphobot.console.settings import ConsoleSettings
from kyphobot.console.store import ConversationStore
from kyphobot.escalations import EscalationStore, create_db_engine

STATIC = Path(__file__).parent / "static"
#: Form posts are short (a note, a few checkboxes); refuse anything big.
REQUEST_MAX_SIZE = 1_000_000


def _build_console(settings: ConsoleSettings, engine: Engine) -> Console:
    return Console(
        settings=settings,
        engine=engine,
        accounts=AccountStore(
            engine, settings.lockout_attempts, settings.lockout_period
        ),
        sessions=SessionStore(engine, settings.idle_timeout, settings.absolute_timeout),
        audit=AuditLog(engine),
        conversations=ConversationStore(engine, settings.low_confidence),
        escalations=EscalationStore(engine),
        signer=Signer(settings.secret_key),
        templates=make_environment(settings.timezone),
        clinic=get_clinic(),
    )


def create_app(
    settings: Optional[ConsoleSettings] = None,
    engine: Optional[Engine] = None,
    name: str = "kyphobot_console",
) -> Sanic:
    """Build a console application; nothing is shared between two of them.

    Args:
        settings: defaults to :meth:`ConsoleSettings.from_env`.
        engine: defaults to an engine for ``settings.db_url``.
        name: Sanic's registry needs a distinct name per live app (tests).

    """
    settings = settings or ConsoleSettings.from_env()
    engine = engine or create_db_engine(settings.db_url)
    app = Sanic(re.sub(r"[^A-Za-z0-9_-]", "_", name), error_handler=HtmlErrorHandler())
    app.config.REQUEST_MAX_SIZE = REQUEST_MAX_SIZE
    app.config.FALLBACK_ERROR_FORMAT = "html"
    # Fails fast, at start-up, when the database cannot be reached.
    create_console_tables(engine)
    app.ctx.console = _build_console(settings, engine)
    app.static("/static", str(STATIC), name="static")
    for blueprint in ALL_BLUEPRINTS:
        app.blueprint(blueprint)

    app.register_middleware(auth.load_session, "request")
    app.register_middleware(auth.check_csrf, "request")

    @app.middleware("response")
    async def harden(request: Request, response: BaseHTTPResponse) -> None:
        secure = bool(getattr(request.ctx, "secure", False))
        add_security_headers(request, response, secure)
        expired = getattr(request.ctx, "session_expired", False)
        if expired and getattr(request.ctx, "user", None) is None:
            auth.clear_session_cookie(request, response)

    return app
