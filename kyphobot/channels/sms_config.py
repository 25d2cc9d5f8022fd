"""Settings of the SMS channel, secrets only from the environment.

Everything else comes from ``credentials.yml`` or the environment.
Rasa substitutes ``${VAR}`` in ``credentials.yml`` and fails to start when the
variable is unset, so the channel reads its environment variables itself:
``make run`` then starts without any Twilio set-up, with the channel
registered but refusing every request. The Twilio auth token is a secret and
is only ever read from ``TWILIO_AUTH_TOKEN``, never from a committed file.
"""

import logging
import math
from dataclasses import dataclass, field
from typing import Any, List, Mapping, Optional
from urllib.parse import urlparse

logger = logging.getLogger(__name__)

ENV_AUTH_TOKEN = "TWILIO_AUTH_TOKEN"  # noqa: S105 - a variable name, not a secret
ENV_ACCOUNT_SID = "TWILIO_ACCOUNT_SID"
ENV_PUBLIC_URL = "SMS_PUBLIC_URL"
ENV_SKIP_SIGNATURE = "SMS_SKIP_SIGNATURE_CHECK"
ENV_REST_REPLIES = "SMS_REST_REPLIES"
ENV_FROM_NUMBER = "TWILIO_FROM_NUMBER"
ENV_MESSAGING_SERVICE_SID = "TWILIO_MESSAGING_SERVICE_SID"
ENV_REPLY_TIMEOUT = "SMS_REPLY_TIMEOUT"
ENV_PER_NUMBER_LIMIT = "SMS_MESSAGES_PER_MINUTE_PER_NUMBER"

#: Twilio gives up on a webhook after 15 s; answer before that.
DEFAULT_REPLY_TIMEOUT = 12.0
MAX_REPLY_TIMEOUT = 14.0
#: Far above a patient typing on a phone; stops loops with auto-responders.
DEFAULT_PER_NUMBER_LIMIT = 10
_SECRET_KEYS = ("auth_token", "twilio_auth_token", "api_secret", "password")
_TRUE = {"1", "true", "yes", "on"}


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in _TRUE


def _text(value: Any) -> Optional[str]:
    text = str(value).strip() if value is not None else ""
    return text or None


@dataclass(frozen=True)
class SmsSettings:
    """Everything the channel needs to know; see ``docs/sms.md``."""

    auth_token: Optional[str] = field(default=None, repr=False)  # a secret
    public_url: Optional[str] = None
    account_sid: Optional[str] = None
    skip_signature_check: bool = False
    rest_replies: bool = False
    from_number: Optional[str] = None
    messaging_service_sid: Optional[str] = None
    reply_timeout: float = DEFAULT_REPLY_TIMEOUT
    messages_per_minute_per_number: int = DEFAULT_PER_NUMBER_LIMIT

    @classmethod
    def from_sources(
        cls, credentials: Optional[Mapping[str, Any]], environ: Mapping[str, str]
    ) -> "SmsSettings":
        """Combine ``credentials.yml`` keys with the environment (which wins).

        Secrets found in ``credentials.yml`` are ignored, loudly: that file is
        committed, and a token in it must be rotated.
        """
        credentials = credentials or {}
        for key in _SECRET_KEYS:
            if credentials.get(key):
                logger.error(
                    "SMS channel: ignoring %r in credentials.yml. Secrets must come "
                    "from the environment (%s); rotate that token in Twilio.",
                    key,
                    ENV_AUTH_TOKEN,
                )

        def pick(env_name: str, key: str) -> Any:
            return environ.get(env_name) or credentials.get(key)

        return cls(
            auth_token=_text(environ.get(ENV_AUTH_TOKEN)),
            public_url=_text(pick(ENV_PUBLIC_URL, "public_url")),
            account_sid=_text(pick(ENV_ACCOUNT_SID, "account_sid")),
            skip_signature_check=_flag(environ.get(ENV_SKIP_SIGNATURE)),
            rest_replies=_flag(pick(ENV_REST_REPLIES, "rest_replies")),
            from_number=_text(pick(ENV_FROM_NUMBER, "from_number")),
            messaging_service_sid=_text(
                pick(ENV_MESSAGING_SERVICE_SID, "messaging_service_sid")
            ),
            reply_timeout=_timeout(pick(ENV_REPLY_TIMEOUT, "reply_timeout")),
            messages_per_minute_per_number=_limit(
                pick(ENV_PER_NUMBER_LIMIT, "messages_per_minute_per_number")
            ),
        )

    def refusal_reasons(self) -> List[str]:
        """Why every request is refused with 403; empty when the channel works."""
        if self.skip_signature_check:
            return []
        reasons = []
        if not self.auth_token:
            reasons.append(f"{ENV_AUTH_TOKEN} is not set")
        if not self.public_url:
            reasons.append(f"{ENV_PUBLIC_URL} (or public_url) is not set")
        elif urlparse(self.public_url).scheme not in {"http", "https"}:
            reasons.append(f"{ENV_PUBLIC_URL} is not an http(s) URL")
        return reasons

    def rest_problems(self) -> List[str]:
        """Why late replies cannot go through Twilio's REST API."""
        problems = []
        if not self.account_sid:
            problems.append(f"{ENV_ACCOUNT_SID} is not set")
        if not self.auth_token:
            problems.append(f"{ENV_AUTH_TOKEN} is not set")
        if not (self.from_number or self.messaging_service_sid):
            problems.append(
                f"{ENV_FROM_NUMBER} or {ENV_MESSAGING_SERVICE_SID} is not set"
            )
        return problems

    @property
    def can_send_later(self) -> bool:
        """True when replies that come late go out through Twilio's REST API."""
        return self.rest_replies and not self.rest_problems()

    def log_startup(self, webhook_path: str) -> None:
        """Say at start-up, once and clearly, what the channel will do."""
        if self.skip_signature_check:
            logger.error(
                "SMS channel: the Twilio signature check is OFF (%s). Anyone on "
                "the internet can post messages as any phone number. Use this "
                "only for local development, never in production.",
                ENV_SKIP_SIGNATURE,
            )
        reasons = self.refusal_reasons()
        if reasons:
            logger.warning(
                "SMS channel: %s refuses every request with 403 because %s. "
                "See docs/sms.md to connect a Twilio number.",
                webhook_path,
                " and ".join(reasons),
            )
        else:
            logger.info(
                "SMS channel: accepting signed Twilio requests at %s", webhook_path
            )
        if self.rest_replies and self.rest_problems():
            logger.warning(
                "SMS channel: REST replies were asked for but are off because %s.",
                " and ".join(self.rest_problems()),
            )


def _timeout(value: Any) -> float:
    """Seconds to wait for the bot before answering Twilio without it."""
    if value is None or value == "":
        return DEFAULT_REPLY_TIMEOUT
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        logger.warning("SMS channel: reply_timeout %r is not a number", value)
        return DEFAULT_REPLY_TIMEOUT
    if not math.isfinite(seconds) or seconds <= 0:
        return DEFAULT_REPLY_TIMEOUT
    return min(seconds, MAX_REPLY_TIMEOUT)


def _limit(value: Any) -> int:
    """Messages per minute one number may send; 0 turns the limit off."""
    if value is None or value == "":
        return DEFAULT_PER_NUMBER_LIMIT
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        logger.warning("SMS channel: message limit %r is not a whole number", value)
        return DEFAULT_PER_NUMBER_LIMIT
