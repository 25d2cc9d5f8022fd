"""The console's own tables, and a read-only view of Rasa's ``events`` table.

The console keeps staff accounts, their sessions and the audit log in the
same database as the conversations (``KYPHOBOT_DB_URL``), so one backup
holds everything staff did with the patients' data.
"""

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kyphobot import escalations as escalation_store

metadata = sa.MetaData()

users = sa.Table(
    "console_users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("failed_attempts", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_sign_in_at", sa.DateTime(timezone=True), nullable=True),
)

sessions = sa.Table(
    "console_sessions",
    metadata,
    # SHA-256 of the session token: a copy of the database signs nobody in.
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column(
        "user_id",
        sa.Integer,
        sa.ForeignKey("console_users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
)

audit_log = sa.Table(
    "console_audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("actor", sa.String(128), nullable=False, index=True),
    sa.Column("action", sa.String(64), nullable=False, index=True),
    sa.Column("target", sa.String(255), nullable=False, default=""),
    sa.Column("detail", sa.Text, nullable=False, default=""),
    sa.Column("client_ip", sa.String(64), nullable=False, default=""),
)

# Rasa's SQLTrackerStore owns this table and creates it; the console only
# reads it, so it lives in a separate MetaData that is never created.
rasa_metadata = sa.MetaData()
events = sa.Table(
    "events",
    rasa_metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)


def create_console_tables(engine: Engine) -> None:
    """Create the console's tables and the escalation tables if missing."""
    escalation_store.metadata.create_all(engine)
    metadata.create_all(engine)
