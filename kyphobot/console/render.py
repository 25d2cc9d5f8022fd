"""Server-rendered pages: one Jinja2 environment, autoescape always on.

Patient messages are untrusted input shown to staff, so autoescape is not
configurable here and templates never use ``|safe``.
"""

from pathlib import Path
from typing import Any, Dict, Optional
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sanic import response
from sanic.request import Request
from sanic.response import HTTPResponse
from zoneinfo import ZoneInfo

from kyphobot.console.context import console
from kyphobot.console.store import FLAG_LABELS
from kyphobot.console.timeutil import format_age, format_local, utcnow
from kyphobot.console.transcript import CHANNEL_LABELS, channel_group
from kyphobot.privacy import redact

TEMPLATES = Path(__file__).parent / "templates"

REASON_LABELS = {
    "out_of_scope": "Outside the patient guide",
    "asked_for_person": "Asked for a person",
    "low_confidence": "Bot unsure",
    "clarification_failed": "Clarification failed",
    "unexpected_turn": "Unexpected turn",
    "red_flag": "Red-flag symptom",
    "emergency_reported": "Emergency reported",
}
UNANSWERED_LABELS = {
    "escalated": "escalated",
    "out_of_scope": "outside the guide",
    "fallback": "fell back",
    "low_confidence": "low confidence",
    "clarification_failed": "clarification failed",
    "unexpected_turn": "unexpected turn",
}
STATUS_LABELS = {"open": "Open", "in_progress": "In progress", "resolved": "Resolved"}


def _score(value: Optional[float]) -> str:
    return "–" if value is None else f"{value:.2f}"


def make_environment(zone: ZoneInfo) -> Environment:
    """Build the template environment with the console's display filters."""
    environment = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        {
            "local": lambda value: format_local(value, zone),
            "age": lambda value: format_age(value, utcnow()),
            "masked": redact,
            "score": _score,
            "reason": lambda key: REASON_LABELS.get(key, str(key).replace("_", " ")),
            "status": lambda key: STATUS_LABELS.get(key, key),
            "channel": lambda key: CHANNEL_LABELS.get(key, key),
            "input_channel": lambda name: CHANNEL_LABELS[channel_group(name)],
            "flag": lambda key: FLAG_LABELS.get(key, key),
            "why": lambda keys: ", ".join(UNANSWERED_LABELS.get(k, k) for k in keys),
        }
    )
    environment.globals["query"] = lambda **values: urlencode(
        [(k, v) for k, v in values.items() if v not in (None, "")], doseq=True
    )
    return environment


def render(
    request: Request, template: str, status: int = 200, **context: Any
) -> HTTPResponse:
    """Render an HTML page; every page knows the signed-in person and CSRF token."""
    session = getattr(request.ctx, "session", None)
    values: Dict[str, Any] = {
        "user": getattr(request.ctx, "user", None),
        "csrf_token": session.csrf_token if session else "",
        "path": request.path,
        "clinic_name": console(request).clinic.name,
        "emergency_number": console(request).clinic.emergency_number,
        "timezone": console(request).settings.timezone.key,
        **context,
    }
    html = console(request).templates.get_template(template).render(values)
    return response.html(html, status=status)
