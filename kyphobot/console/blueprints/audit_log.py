"""The audit log, for admins: who signed in, viewed, changed, exported."""

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.console.audit import ACTIONS
from kyphobot.console.auth import admin_only
from kyphobot.console.context import console, run_sync
from kyphobot.console.forms import page_number
from kyphobot.console.render import render
from kyphobot.console.store import Page

bp = Blueprint("audit_log")

PER_PAGE = 100


@bp.get("/audit")
@admin_only
async def audit_list(request: Request) -> HTTPResponse:
    """Newest entries first, filtered by action or person."""
    action = request.args.get("action") or ""
    action = action if action in ACTIONS else ""
    actor = (request.args.get("actor") or "").strip()[:128]
    number = page_number(request.args)
    entries, total = await run_sync(
        console(request).audit.list, [action] if action else [], actor, number, PER_PAGE
    )
    return render(
        request,
        "audit.html",
        page=Page(entries, total, number, PER_PAGE),
        action=action,
        actor=actor,
        actions=ACTIONS,
    )
