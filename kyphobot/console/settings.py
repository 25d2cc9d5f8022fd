"""The console's settings, read from the environment once at start-up.

Everything security-relevant (the session-signing secret, HTTPS, trusted
proxies, session lifetimes, lockout) is here so that it can be reviewed in
one place and documented in ``docs/console.md``.
"""

import datetime as dt
import logging
import os
import secrets
from dataclasses import dataclass, field
from typing import FrozenSet, Mapping, Optional, Tuple

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kyphobot.escalations import DB_URL_ENV, DEFAULT_DB_URL

logger = logging.getLogger(__name__)

SECRET_ENV = "CONSOLE_SECRET_KEY"  # noqa: S105 - a variable name
MINIMUM_SECRET_CHARS = 32
DEFAULT_PORT = 8081
DEFAULT_TIMEZONE = "America/New_York"


class SettingsError(ValueError):
    """A setting is missing or malformed; the console must not start."""


def _flag(value: Optional[str]) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {raw!r}") from None
    if value < 0:
        raise SettingsError(f"{name} must not be negative")
    return value


def _timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"CLINIC_TIMEZONE {name!r} is not a known time zone "
            "(e.g. America/New_York; install the tzdata package if none are)"
        ) from None


def _secret(env: Mapping[str, str], https: bool) -> Tuple[bytes, bool]:
    """Return the signing secret and whether it was generated for this run only."""
    configured = env.get(SECRET_ENV, "")
    if configured:
        if len(configured) < MINIMUM_SECRET_CHARS:
            raise SettingsError(
                f"{SECRET_ENV} must be at least {MINIMUM_SECRET_CHARS} characters; "
                'generate one with: python -c "import secrets; '
                'print(secrets.token_urlsafe(48))"'
            )
        return configured.encode("utf-8"), False
    if https:
        # A deployed console (behind HTTPS) must keep sessions valid across
        # restarts and replicas, so it needs a configured secret.
        raise SettingsError(f"{SECRET_ENV} must be set when CONSOLE_HTTPS is on")
    return secrets.token_bytes(32), True


@dataclass(frozen=True)
class ConsoleSettings:
    """Everything the console reads from the environment."""

    db_url: str = DEFAULT_DB_URL
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    secret_key: bytes = field(
        default_factory=lambda: secrets.token_bytes(32), repr=False
    )
    secret_generated: bool = True
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))
    #: Always mark cookies Secure (the console is served over HTTPS).
    https: bool = False
    #: Peers whose X-Forwarded-Proto / X-Forwarded-For headers are believed.
    trusted_proxies: FrozenSet[str] = frozenset()
    idle_timeout: dt.timedelta = dt.timedelta(minutes=30)
    absolute_timeout: dt.timedelta = dt.timedelta(hours=12)
    lockout_attempts: int = 5
    lockout_period: dt.timedelta = dt.timedelta(minutes=15)
    #: Patient turns under this confidence are flagged "low confidence".
    low_confidence: float = 0.7
    page_size: int = 50

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "ConsoleSettings":
        """Read the settings; raise :class:`SettingsError` on a bad value."""
        env = os.environ if env is None else env
        https = _flag(env.get("CONSOLE_HTTPS"))
        secret, generated = _secret(env, https)
        proxies = frozenset(
            p.strip()
            for p in env.get("CONSOLE_TRUSTED_PROXIES", "").split(",")
            if p.strip()
        )
        settings = cls(
            db_url=env.get(DB_URL_ENV) or DEFAULT_DB_URL,
            host=env.get("CONSOLE_HOST") or "127.0.0.1",
            port=int(_number(env, "CONSOLE_PORT", DEFAULT_PORT)),
            secret_key=secret,
            secret_generated=generated,
            timezone=_timezone(env.get("CLINIC_TIMEZONE") or DEFAULT_TIMEZONE),
            https=https,
            trusted_proxies=proxies,
            idle_timeout=dt.timedelta(minutes=_number(env, "CONSOLE_IDLE_MINUTES", 30)),
            absolute_timeout=dt.timedelta(
                hours=_number(env, "CONSOLE_SESSION_HOURS", 12)
            ),
            lockout_attempts=max(1, int(_number(env, "CONSOLE_LOCKOUT_ATTEMPTS", 5))),
            lockout_period=dt.timedelta(
                minutes=_number(env, "CONSOLE_LOCKOUT_MINUTES", 15)
            ),
            low_confidence=_number(env, "CONSOLE_LOW_CONFIDENCE", 0.7),
        )
        return settings

    def warn_if_insecure(self) -> None:
        """Say loudly what a development default costs, once at start-up."""
        if self.secret_generated:
            logger.warning(
                "\n%s\n%s is not set: using a random secret for this run only. "
                "Every staff session ends when the console restarts. Set %s "
                "(at least %d random characters) in production.\n%s",
                "!" * 72,
                SECRET_ENV,
                SECRET_ENV,
                MINIMUM_SECRET_CHARS,
                "!" * 72,
            )
