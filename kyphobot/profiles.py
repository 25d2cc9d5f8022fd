"""The two ways to run the assistant, chosen by one variable: ``KYPHOBOT_PROFILE``.

``embedded`` (the default): SQLite, Rasa's in-memory lock store, one Rasa
server; nothing else to install or run. ``production``: PostgreSQL tracker
and escalation stores, a Redis lock store so any replica can take any
message, several Rasa server replicas. Every production setting comes from
environment variables; the defaults suit this machine's local services and
hold no secret.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Mapping, Optional

import sqlalchemy as sa

PROFILE_ENV = "KYPHOBOT_PROFILE"
EMBEDDED = "embedded"
PRODUCTION = "production"

PRODUCTION_DEFAULTS: Dict[str, str] = {
    "DB_HOST": "127.0.0.1",
    "DB_PORT": "5432",
    "DB_NAME": "kyphobot",
    "DB_USER": "postgres",
    "DB_PASSWORD": "",
    "REDIS_HOST": "127.0.0.1",
    "REDIS_PORT": "6379",
    "REDIS_DB": "0",
    "REDIS_PASSWORD": "",
    "ACTION_SERVER_URL": "http://127.0.0.1:5055/webhook",
    "RASA_REPLICAS": "2",
}


@dataclass(frozen=True)
class Profile:
    """Which endpoints file, how many replicas, and the processes' environment."""

    name: str
    endpoints: Path
    replicas: int
    environment: Dict[str, str] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        """Where conversations and escalations are stored."""
        return self.environment["KYPHOBOT_DB_URL"]


def _postgres_url(settings: Mapping[str, str]) -> str:
    url = sa.engine.URL.create(
        "postgresql",
        username=settings["DB_USER"] or None,
        password=settings["DB_PASSWORD"] or None,
        host=settings["DB_HOST"],
        port=int(settings["DB_PORT"]),
        database=settings["DB_NAME"],
    )
    return url.render_as_string(hide_password=False)


def load_profile(
    name: Optional[str] = None, environ: Optional[Mapping[str, str]] = None
) -> Profile:
    """The profile named (or set in ``KYPHOBOT_PROFILE``), with its settings."""
    environ = os.environ if environ is None else environ
    name = (name or environ.get(PROFILE_ENV) or EMBEDDED).strip().lower()
    if name == EMBEDDED:
        url = environ.get("KYPHOBOT_DB_URL") or "sqlite:///var/kyphobot.db"
        return Profile(EMBEDDED, Path("endpoints.yml"), 1, {"KYPHOBOT_DB_URL": url})
    if name == PRODUCTION:
        settings = {k: environ.get(k, v) for k, v in PRODUCTION_DEFAULTS.items()}
        settings["KYPHOBOT_DB_URL"] = environ.get("KYPHOBOT_DB_URL") or _postgres_url(
            settings
        )
        settings[PROFILE_ENV] = PRODUCTION
        return Profile(
            PRODUCTION,
            Path("endpoints.prod.yml"),
            int(settings["RASA_REPLICAS"]),
            settings,
        )
    raise ValueError(
        f"{PROFILE_ENV} must be '{EMBEDDED}' or '{PRODUCTION}', not {name!r}"
    )


def ensure_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` if it does not exist yet."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "postgresql" or not parsed.database:
        return
    admin = sa.create_engine(
        parsed.set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": parsed.database},
            ).first()
            if not exists:
                connection.execute(sa.text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        admin.dispose()
