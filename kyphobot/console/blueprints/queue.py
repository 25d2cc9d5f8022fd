"""The escalation queue (the start page) and handling one escalation.

Emergencies first, then the oldest: the patient who has waited longest for a
call back is next. Every status change keeps who, when and a note.
"""

from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage, NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.console import audit
from kyphobot.console.auth import request_ip, signed_in_user
from kyphobot.console.context import console, run_sync
from kyphobot.console.forms import note_text
from kyphobot.console.render import render
from kyphobot.console.timeutil import utcnow
from kyphobot.escalations import STATUSES

bp = Blueprint("queue")

QUEUE_LIMIT = 500
RESOLVED_LIMIT = 100
VIEWS = ("open", "resolved")


@bp.get("/")
async def index(request: Request) -> HTTPResponse:
    """Open escalations, emergencies first; or the recently resolved ones."""
    c = console(request)
    view = request.args.get("view") if request.args.get("view") in VIEWS else "open"
    updated = request.args.get("updated") or ""
    if view == "resolved":
        items = await run_sync(c.conversations.recently_resolved, RESOLVED_LIMIT)
    else:
        items = await run_sync(
            c.escalations.list, ("open", "in_progress"), None, QUEUE_LIMIT
        )
    refs = await run_sync(c.conversations.refs_for, [e.conversation_id for e in items])
    return render(
        request,
        "queue.html",
        view=view,
        escalations=items,
        refs=refs,
        emergencies=sum(1 for e in items if e.priority == "emergency"),
        updated=updated if updated.isdigit() else None,
        as_of=utcnow(),
    )


@bp.get("/escalations/<escalation_id:int>")
async def escalation(request: Request, escalation_id: int) -> HTTPResponse:
    """One escalation: the message, its history and the status form."""
    c = console(request)
    item = await run_sync(c.escalations.get, escalation_id)
    if item is None:
        raise NotFound("No such escalation.")
    history = await run_sync(c.escalations.history, escalation_id)
    refs = await run_sync(c.conversations.refs_for, [item.conversation_id])
    return render(
        request,
        "escalation.html",
        escalation=item,
        history=history,
        ref=refs.get(item.conversation_id),
        statuses=STATUSES,
        error=None,
    )


@bp.post("/escalations/<escalation_id:int>/status")
async def set_status(request: Request, escalation_id: int) -> HTTPResponse:
    """Change the status with a note (a note is required to resolve)."""
    user = signed_in_user(request)
    c = console(request)
    item = await run_sync(c.escalations.get, escalation_id)
    if item is None:
        raise NotFound("No such escalation.")
    status = request.form.get("status") or ""
    note = note_text(request.form.get("note"))
    if status not in STATUSES:
        raise InvalidUsage("Choose a status: open, in progress or resolved.")
    if status == "resolved" and not note:
        history = await run_sync(c.escalations.history, escalation_id)
        refs = await run_sync(c.conversations.refs_for, [item.conversation_id])
        return render(
            request,
            "escalation.html",
            status=400,
            escalation=item,
            history=history,
            ref=refs.get(item.conversation_id),
            statuses=STATUSES,
            error="Write a note saying what was done before resolving.",
        )
    await run_sync(c.escalations.set_status, escalation_id, status, user.username, note)
    await run_sync(
        c.audit.record,
        user.username,
        audit.ESCALATION_STATUS,
        f"escalation:{escalation_id}",
        f"{item.status} -> {status}",
        request_ip(request),
    )
    return response.redirect(f"/?updated={escalation_id}")
