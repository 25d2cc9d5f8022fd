"""What the bot could not answer, grouped by similarity, and its NLU export.

Staff see which questions come up again and again; an admin ticks the ones
worth teaching the bot and downloads them as Rasa training data for a
developer to label.
"""

from dataclasses import dataclass
from typing import List

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.console import audit
from kyphobot.console.auth import admin_only, request_ip, signed_in_user
from kyphobot.console.context import console, run_sync
from kyphobot.console.exports import nlu_yaml
from kyphobot.console.forms import DateRange, date_range
from kyphobot.console.render import render
from kyphobot.console.similarity import MAXIMUM_MESSAGES, group_similar
from kyphobot.console.store import UnansweredMessage
from kyphobot.console.timeutil import utcnow

bp = Blueprint("unanswered")


@dataclass(frozen=True)
class Group:
    """Similar messages; the newest stands for the group."""

    messages: List[UnansweredMessage]

    @property
    def count(self) -> int:
        """How often this was asked."""
        return len(self.messages)

    @property
    def example(self) -> UnansweredMessage:
        """The group's newest message."""
        return self.messages[0]


async def _messages(request: Request, dates: DateRange) -> List[UnansweredMessage]:
    c = console(request)
    return await run_sync(
        c.conversations.unanswered, dates.start, dates.end, MAXIMUM_MESSAGES
    )


@bp.get("/unanswered")
async def report(request: Request) -> HTTPResponse:
    """Unanswered messages of the date range in groups, biggest first."""
    dates = date_range(
        request.args, console(request).settings.timezone, default_days=30
    )
    messages = await _messages(request, dates)
    indices = await run_sync(group_similar, [m.text for m in messages])
    groups = [Group([messages[i] for i in members]) for members in indices]
    return render(
        request,
        "unanswered.html",
        dates=dates,
        groups=groups,
        total=len(messages),
        limit=MAXIMUM_MESSAGES,
    )


@bp.post("/unanswered/export")
@admin_only
async def export_examples(request: Request) -> HTTPResponse:
    """Download the ticked messages as NLU training examples (YAML)."""
    user = signed_in_user(request)
    c = console(request)
    dates = date_range(request.form, c.settings.timezone, default_days=30)
    chosen = set(request.form.getlist("message", []))
    messages = [m for m in await _messages(request, dates) if m.key in chosen]
    body = nlu_yaml([m.text for m in messages], utcnow())
    await run_sync(
        c.audit.record,
        user.username,
        audit.EXPORT,
        "nlu",
        f"{len(messages)} unanswered messages, {dates.first} to {dates.last}",
        request_ip(request),
    )
    filename = f"unanswered-{dates.first:%Y%m%d}-{dates.last:%Y%m%d}.yml"
    return response.text(
        body,
        content_type="application/x-yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
