"""Server-side staff sessions in SQL, with signed cookies and CSRF tokens.

The cookie carries only a random token signed with ``CONSOLE_SECRET_KEY``;
the database keeps the token's SHA-256, the account, a per-session CSRF
token and the times that end the session (idle and absolute). Signing out,
disabling an account or changing a password deletes the rows, so a copied
cookie stops working at once.
"""

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Optional, Tuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from kyphobot.console.schema import sessions
from kyphobot.console.timeutil import as_utc, utcnow

#: Writing ``last_seen_at`` on every page view would be a write per click.
_TOUCH_EVERY = dt.timedelta(seconds=30)


class Signer:
    """HMAC-SHA256 signatures that tie cookie values to the console's secret."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(
            self._secret, f"{purpose}\x00{value}".encode(), hashlib.sha256
        ).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sign(self, purpose: str, value: str) -> str:
        """``value.signature``; ``purpose`` keeps one kind from passing as another."""
        return f"{value}.{self._mac(purpose, value)}"

    def unsign(self, purpose: str, signed: Optional[str]) -> Optional[str]:
        """Return the value if the signature is right, else None."""
        if not signed or "." not in signed:
            return None
        value, _, signature = signed.rpartition(".")
        if hmac.compare_digest(signature, self._mac(purpose, value)):
            return value
        return None

    def token_for(self, purpose: str, value: str) -> str:
        """Return a MAC of ``value`` alone, e.g. the sign-in form's CSRF token."""
        return self._mac(purpose, value)


@dataclass(frozen=True)
class Session:
    """One signed-in browser."""

    token_hash: str
    user_id: int
    csrf_token: str
    created_at: dt.datetime
    last_seen_at: dt.datetime


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore:
    """Creates, finds (and expires) and deletes sessions."""

    def __init__(
        self,
        engine: Engine,
        idle_timeout: dt.timedelta = dt.timedelta(minutes=30),
        absolute_timeout: dt.timedelta = dt.timedelta(hours=12),
    ) -> None:
        self.engine = engine
        self.idle_timeout = idle_timeout
        self.absolute_timeout = absolute_timeout

    def create(
        self, user_id: int, now: Optional[dt.datetime] = None
    ) -> Tuple[str, Session]:
        """Start a session; return it and its (unhashed) token, for the cookie only."""
        now = now or utcnow()
        token = secrets.token_urlsafe(32)
        session = Session(_hash(token), user_id, secrets.token_urlsafe(32), now, now)
        with self.engine.begin() as connection:
            self._delete_expired(connection, now)
            connection.execute(
                sessions.insert().values(
                    token_hash=session.token_hash,
                    user_id=user_id,
                    csrf_token=session.csrf_token,
                    created_at=now,
                    last_seen_at=now,
                )
            )
        return token, session

    def get(
        self, token: str, now: Optional[dt.datetime] = None
    ) -> Tuple[Optional[Session], bool]:
        """Find the live session for ``token``, and say whether it had just expired.

        An expired session is deleted here, so "expired" is reported once
        and the sign-in page can say why the person has to sign in again.
        """
        now = now or utcnow()
        token_hash = _hash(token)
        with self.engine.connect() as connection:
            row = connection.execute(
                sessions.select().where(sessions.c.token_hash == token_hash)
            ).first()
        if row is None:
            return None, False
        session = Session(
            row.token_hash,
            row.user_id,
            row.csrf_token,
            as_utc(row.created_at),
            as_utc(row.last_seen_at),
        )
        if (
            now - session.last_seen_at > self.idle_timeout
            or now - session.created_at > self.absolute_timeout
        ):
            self.delete(token)
            return None, True
        if now - session.last_seen_at > _TOUCH_EVERY:
            with self.engine.begin() as connection:
                connection.execute(
                    sessions.update()
                    .where(sessions.c.token_hash == token_hash)
                    .values(last_seen_at=now)
                )
        return session, False

    def delete(self, token: str) -> None:
        """End one session (sign-out)."""
        with self.engine.begin() as connection:
            connection.execute(
                sessions.delete().where(sessions.c.token_hash == _hash(token))
            )

    def _delete_expired(
        self, connection: sa.engine.Connection, now: dt.datetime
    ) -> None:
        connection.execute(
            sessions.delete().where(
                sa.or_(
                    sessions.c.last_seen_at < now - self.idle_timeout,
                    sessions.c.created_at < now - self.absolute_timeout,
                )
            )
        )
