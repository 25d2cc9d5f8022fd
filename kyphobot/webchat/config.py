"""Settings of the web chat demo server, read from the environment once.

The Rasa URL is the one the *browser* uses, so it must be reachable from the
patient's device and listed in Rasa's ``--cors`` origins for this page.
"""

import os
import re
from dataclasses import dataclass
from typing import Mapping, Optional
from urllib.parse import urlsplit

DEFAULT_PORT = 8080
DEFAULT_RASA_PORT = 5005
DEFAULT_COLOR = "#0b5394"
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$")


@dataclass(frozen=True)
class WebchatConfig:
    """Where the demo server listens and what the embedded widget is told."""

    rasa_url: str = f"http://localhost:{DEFAULT_RASA_PORT}"
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    primary_color: str = DEFAULT_COLOR
    language: str = "en"

    def __post_init__(self) -> None:
        """Refuse values that would put a broken or unsafe widget on the page."""
        parts = urlsplit(self.rasa_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(
                f"Rasa URL must be http(s)://host[:port], not {self.rasa_url!r}"
            )
        if parts.path not in ("", "/") or parts.query or parts.fragment:
            raise ValueError(f"Rasa URL must have no path or query: {self.rasa_url!r}")
        if not _HEX_COLOR.match(self.primary_color):
            raise ValueError(
                f"colour must look like #0b5394, not {self.primary_color!r}"
            )
        if not _LANGUAGE.match(self.language):
            raise ValueError(f"language must be a tag like 'en', not {self.language!r}")
        if not 0 < self.port < 65536:
            raise ValueError(f"port out of range: {self.port}")
        object.__setattr__(self, "rasa_url", self.rasa_url.rstrip("/"))

    @property
    def rasa_origin(self) -> str:
        """``scheme://host:port`` of Rasa, for the page's Content-Security-Policy."""
        parts = urlsplit(self.rasa_url)
        return f"{parts.scheme}://{parts.netloc}"

    @classmethod
    def from_env(
        cls,
        environ: Optional[Mapping[str, str]] = None,
        rasa_url: Optional[str] = None,
        host: Optional[str] = None,
        port: Optional[int] = None,
    ) -> "WebchatConfig":
        """Settings from ``WEBCHAT_*`` / ``KYPHOBOT_RASA_URL``; arguments win."""
        env = os.environ if environ is None else environ
        rasa_port = env.get("RASA_PORT", str(DEFAULT_RASA_PORT))
        return cls(
            rasa_url=rasa_url
            or env.get("KYPHOBOT_RASA_URL")
            or f"http://localhost:{rasa_port}",
            host=host or env.get("WEBCHAT_HOST", "127.0.0.1"),
            port=port or int(env.get("WEBCHAT_PORT", str(DEFAULT_PORT))),
            primary_color=env.get("WEBCHAT_COLOR", DEFAULT_COLOR),
            language=env.get("WEBCHAT_LANG", "en"),
        )
