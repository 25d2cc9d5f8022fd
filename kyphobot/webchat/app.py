"""The demo server: the clinic page, the widget's files and a health check.

It serves no patient data and talks to nobody: the widget in the browser talks
to the Rasa server's REST channel directly.
"""

import html
import logging
from pathlib import Path
from typing import Optional

from sanic import Blueprint, Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.clinic import Clinic, get_clinic
from kyphobot.webchat.config import WebchatConfig
from kyphobot.webchat.pages import content_security_policy, render_demo_page

STATIC_DIR = Path(__file__).resolve().parent / "static"
APP_NAME = "kyphobot_webchat"
logger = logging.getLogger(__name__)

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(
    config: Optional[WebchatConfig] = None,
    clinic: Optional[Clinic] = None,
    name: str = APP_NAME,
) -> Sanic:
    """A fresh app for ``config`` (from the environment if not given).

    Sanic keeps a registry of app names per process: tests pass a new ``name``.
    """
    config = config or WebchatConfig.from_env()
    clinic = clinic or get_clinic()
    page = render_demo_page(config, clinic)
    policy = content_security_policy(config)

    app = Sanic(name)
    app.config.WEBSOCKET_ENABLED = False
    app.blueprint(_webchat_blueprint(page, policy))
    app.error_handler.add(SanicException, _error_page)

    @app.on_response
    async def add_security_headers(_: Request, resp: HTTPResponse) -> None:
        for name, value in _SECURITY_HEADERS.items():
            resp.headers.setdefault(name, value)

    return app


def _webchat_blueprint(page: str, policy: str) -> Blueprint:
    """The page, ``/health`` and the widget's static files under ``/webchat/``."""
    webchat = Blueprint("webchat")

    @webchat.get("/")
    async def demo_page(_: Request) -> HTTPResponse:
        return response.html(page, headers={"Content-Security-Policy": policy})

    @webchat.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    webchat.static("/webchat", str(STATIC_DIR), name="widget")
    return webchat


async def _error_page(request: Request, error: Exception) -> HTTPResponse:
    """One plain HTML page for every HTTP error, without internals."""
    status = getattr(error, "status_code", 500)
    if status >= 500:
        logger.error("Web chat server error on %s", request.path, exc_info=error)
    title = "Page not found" if status == 404 else "Something went wrong"
    body = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body><main>"
        f"<h1>{html.escape(title)}</h1><p>Error {status}.</p></main></body></html>"
    )
    return response.html(body, status=status)
