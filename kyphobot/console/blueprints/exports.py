"""Admin exports of conversations as CSV or JSON Lines, audited."""

from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.console import audit
from kyphobot.console.auth import admin_only, request_ip, signed_in_user
from kyphobot.console.context import console, run_sync
from kyphobot.console.exports import to_csv, to_jsonl
from kyphobot.console.forms import date_range
from kyphobot.console.render import render

bp = Blueprint("exports")

FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "jsonl": (to_jsonl, "application/x-ndjson; charset=utf-8"),
}


@bp.get("/exports")
@admin_only
async def export_form(request: Request) -> HTTPResponse:
    """Choose a date range and a format."""
    dates = date_range(
        request.args, console(request).settings.timezone, default_days=30
    )
    return render(request, "exports.html", dates=dates)


@bp.post("/exports")
@admin_only
async def export(request: Request) -> HTTPResponse:
    """Download the range's conversations; contact details masked unless asked."""
    user = signed_in_user(request)
    c = console(request)
    kind = request.form.get("format") or ""
    if kind not in FORMATS:
        raise InvalidUsage("Choose CSV or JSON Lines.")
    writer, content_type = FORMATS[kind]
    dates = date_range(request.form, c.settings.timezone, default_days=30)
    contact = request.form.get("contact") == "yes"
    records = await run_sync(c.conversations.export, dates.start, dates.end)
    body = await run_sync(writer, records, c.settings.timezone, contact)
    await run_sync(
        c.audit.record,
        user.username,
        audit.EXPORT,
        kind,
        f"{len(records)} conversations, {dates.first} to {dates.last}, contact details "
        + ("included" if contact else "masked"),
        request_ip(request),
    )
    filename = f"conversations-{dates.first:%Y%m%d}-{dates.last:%Y%m%d}.{kind}"
    return response.text(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
