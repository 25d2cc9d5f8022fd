"""``/health`` for the launcher and load balancers: up or not, nothing more."""

import sqlalchemy as sa
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.engine import Engine

from kyphobot.console.context import console, run_sync

bp = Blueprint("health")


def _ping(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


@bp.get("/health")
async def health(request: Request) -> HTTPResponse:
    """200 when the database answers, 503 when it does not; no versions, no names."""
    try:
        await run_sync(_ping, console(request).engine)
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return response.json({"status": "unavailable"}, status=503)
    return response.json({"status": "ok"})
