"""The conversation list (filters, search, paging) and one transcript.

Lists mask phone numbers; the transcript shows the full number, because
staff need it to call back, and every view of it is audited.
"""

from sanic import Blueprint
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.console import audit
from kyphobot.console.auth import request_ip, signed_in_user
from kyphobot.console.context import console, run_sync
from kyphobot.console.forms import date_range, page_number
from kyphobot.console.render import render
from kyphobot.console.store import FLAGS, ConversationQuery
from kyphobot.console.transcript import CHANNEL_GROUPS, PatientTurn
from kyphobot.escalations import STATUSES

bp = Blueprint("conversations")

MAXIMUM_SEARCH_CHARS = 200


@bp.get("/conversations")
async def conversation_list(request: Request) -> HTTPResponse:
    """Conversations with patient messages in the date range, newest first."""
    c = console(request)
    dates = date_range(request.args, c.settings.timezone)
    channel = request.args.get("channel") or ""
    channel = channel if channel in CHANNEL_GROUPS else ""
    flags = frozenset(f for f in request.args.getlist("flag", []) if f in FLAGS)
    text = (request.args.get("q") or "").strip()[:MAXIMUM_SEARCH_CHARS]
    query = ConversationQuery(
        start=dates.start,
        end=dates.end,
        channel=channel,
        flags=flags,
        text=text,
        page=page_number(request.args),
        per_page=c.settings.page_size,
    )
    page = await run_sync(c.conversations.list_conversations, query)
    return render(
        request,
        "conversations.html",
        page=page,
        dates=dates,
        channel=channel,
        channels=tuple(CHANNEL_GROUPS),
        flags=flags,
        all_flags=FLAGS,
        text=text,
        filters={
            "from": dates.first.isoformat(),
            "to": dates.last.isoformat(),
            "channel": channel,
            "flag": sorted(flags),
            "q": text,
        },
    )


@bp.get("/conversations/<ref:int>")
async def conversation(request: Request, ref: int) -> HTTPResponse:
    """Show the whole transcript, with what the bot understood at each turn."""
    user = signed_in_user(request)
    c = console(request)
    conversation_id = await run_sync(c.conversations.conversation_id_for, ref)
    if conversation_id is None:
        raise NotFound("No such conversation.")
    await run_sync(
        c.audit.record,
        user.username,
        audit.VIEW_CONVERSATION,
        f"conversation:{ref}",
        conversation_id,
        request_ip(request),
    )
    turns = await run_sync(c.conversations.transcript, conversation_id)
    escalations = await run_sync(c.escalations.list, STATUSES, conversation_id)
    patient = [t for t in turns if isinstance(t, PatientTurn)]
    return render(
        request,
        "conversation.html",
        ref=ref,
        conversation_id=conversation_id,
        channel=patient[0].channel if patient else "other",
        turns=turns,
        escalations=escalations,
        low_confidence=c.settings.low_confidence,
    )
