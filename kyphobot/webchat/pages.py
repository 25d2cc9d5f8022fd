"""The demo clinic page: a plain page that embeds the widget with one tag.

Values go into the page through :class:`string.Template` with every one
HTML-escaped, so a clinic name like ``O'Neil & Co`` cannot break the markup.
"""

import html
from pathlib import Path
from string import Template

from kyphobot.clinic import Clinic
from kyphobot.webchat.config import WebchatConfig

TEMPLATE_PATH = Path(__file__).resolve().parent / "templates" / "demo.html"


def render_demo_page(config: WebchatConfig, clinic: Clinic) -> str:
    """The demo page's HTML for this server and clinic."""
    values = {
        "language": config.language,
        "rasa_url": config.rasa_url,
        "primary_color": config.primary_color,
        "clinic_name": clinic.name,
        "clinic_phone": clinic.phone,
        "clinic_phone_link": clinic.phone_link,
        "clinic_hours": clinic.hours,
        "emergency_number": clinic.emergency_number,
        "emergency_link": clinic.emergency_link,
    }
    template = Template(TEMPLATE_PATH.read_text(encoding="utf-8"))
    return template.substitute({k: html.escape(v) for k, v in values.items()})


def content_security_policy(config: WebchatConfig) -> str:
    """A strict policy: proves the widget needs no inline script, eval or CDN.

    The only place the page may talk to besides itself is the Rasa server.
    """
    return "; ".join(
        [
            "default-src 'self'",
            f"connect-src 'self' {config.rasa_origin}",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'none'",
        ]
    )
