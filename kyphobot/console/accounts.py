"""Named staff accounts: argon2 password hashes, roles and sign-in lockout.

Each person signs in with their own account so that the audit log says who
looked at which patient's conversation. After too many failed sign-ins an
account is locked for a while, which turns password guessing into a crawl.
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, List, Optional

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine

from kyphobot.console.schema import sessions, users
from kyphobot.console.timeutil import as_utc, utcnow

ROLE_REVIEWER = "reviewer"
ROLE_ADMIN = "admin"
ROLES = (ROLE_REVIEWER, ROLE_ADMIN)
MINIMUM_PASSWORD_CHARS = 12
MAXIMUM_PASSWORD_CHARS = 256
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

_hasher = PasswordHasher()


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verified when the username is unknown, so a wrong name takes as long as
    # a wrong password and does not reveal which accounts exist.
    return _hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    """A username, password or role that cannot be used; the message says why."""


@dataclass(frozen=True)
class Account:
    """A staff member as the console sees them (never the password hash)."""

    id: int
    username: str
    role: str
    active: bool
    failed_attempts: int
    locked_until: Optional[dt.datetime]
    created_at: dt.datetime
    last_sign_in_at: Optional[dt.datetime]

    @property
    def is_admin(self) -> bool:
        """Admins also manage accounts and export data."""
        return self.role == ROLE_ADMIN

    def is_locked(self, now: dt.datetime) -> bool:
        """Tell whether a lockout is running."""
        return self.locked_until is not None and self.locked_until > now


@dataclass(frozen=True)
class SignInResult:
    """What a sign-in attempt came to; ``account`` is set only on success."""

    outcome: str  # "ok", "wrong_password", "unknown_user", "locked", "inactive"
    account: Optional[Account] = None
    locked_until: Optional[dt.datetime] = None

    @property
    def ok(self) -> bool:
        """True if the person may be signed in."""
        return self.outcome == "ok"


def normalise_username(username: str) -> str:
    """Usernames are case-insensitive: ``Nurse.Kim`` and ``nurse.kim`` are one."""
    return username.strip().lower()


def check_username(username: str) -> str:
    """Return the normalised username, or raise :class:`AccountError` saying why not."""
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise AccountError(
            "A username is 2 to 64 lowercase letters, digits, '.', '_' or '-', "
            "starting with a letter or digit."
        )
    return name


def check_password(password: str, username: str = "") -> None:
    """Refuse passwords that are too short, too long or the username itself."""
    if len(password) < MINIMUM_PASSWORD_CHARS:
        raise AccountError(
            f"The password must have at least {MINIMUM_PASSWORD_CHARS} characters."
        )
    if len(password) > MAXIMUM_PASSWORD_CHARS:
        raise AccountError(
            f"The password must have at most {MAXIMUM_PASSWORD_CHARS} characters."
        )
    if username and normalise_username(password) == normalise_username(username):
        raise AccountError("The password must not be the username.")


def check_role(role: str) -> str:
    """Return the role, or raise :class:`AccountError` if it is not in :data:`ROLES`."""
    if role not in ROLES:
        raise AccountError(f"The role must be one of: {', '.join(ROLES)}.")
    return role


def _row_to_account(row: Any) -> Account:
    return Account(
        id=row.id,
        username=row.username,
        role=row.role,
        active=bool(row.active),
        failed_attempts=row.failed_attempts,
        locked_until=as_utc(row.locked_until) if row.locked_until else None,
        created_at=as_utc(row.created_at),
        last_sign_in_at=as_utc(row.last_sign_in_at) if row.last_sign_in_at else None,
    )


class AccountStore:
    """Creates, checks and changes staff accounts in SQL."""

    def __init__(
        self,
        engine: Engine,
        lockout_attempts: int = 5,
        lockout_period: dt.timedelta = dt.timedelta(minutes=15),
    ) -> None:
        self.engine = engine
        self.lockout_attempts = lockout_attempts
        self.lockout_period = lockout_period

    def create(self, username: str, password: str, role: str) -> Account:
        """Store a new active account; :class:`AccountError` if it cannot be."""
        name = check_username(username)
        check_password(password, name)
        check_role(role)
        if self.get_by_username(name) is not None:
            raise AccountError(f"An account named {name!r} already exists.")
        with self.engine.begin() as connection:
            result = connection.execute(
                users.insert().values(
                    username=name,
                    password_hash=_hasher.hash(password),
                    role=role,
                    active=True,
                    failed_attempts=0,
                    created_at=utcnow(),
                )
            )
            account_id = int(result.inserted_primary_key[0])
        account = self.get(account_id)
        assert account is not None
        return account

    def get(self, account_id: int) -> Optional[Account]:
        """One account by id, or None."""
        with self.engine.connect() as connection:
            row = connection.execute(
                users.select().where(users.c.id == account_id)
            ).first()
        return _row_to_account(row) if row else None

    def get_by_username(self, username: str) -> Optional[Account]:
        """One account by (case-insensitive) username, or None."""
        with self.engine.connect() as connection:
            row = connection.execute(
                users.select().where(users.c.username == normalise_username(username))
            ).first()
        return _row_to_account(row) if row else None

    def list(self) -> List[Account]:
        """Every account, alphabetically."""
        with self.engine.connect() as connection:
            rows = connection.execute(users.select().order_by(users.c.username))
            return [_row_to_account(row) for row in rows]

    def count_active_admins(self) -> int:
        """How many admins could still manage accounts."""
        query = (
            sa.select(sa.func.count())
            .select_from(users)
            .where(users.c.role == ROLE_ADMIN, users.c.active.is_(True))
        )
        with self.engine.connect() as connection:
            return int(connection.execute(query).scalar_one())

    def authenticate(
        self, username: str, password: str, now: Optional[dt.datetime] = None
    ) -> SignInResult:
        """Check a password, counting failures and locking after too many."""
        now = now or utcnow()
        with self.engine.connect() as connection:
            row = connection.execute(
                users.select().where(users.c.username == normalise_username(username))
            ).first()
        if row is None:
            _verify(_dummy_hash(), password)
            return SignInResult("unknown_user")
        account = _row_to_account(row)
        if account.is_locked(now):
            return SignInResult("locked", locked_until=account.locked_until)
        if not _verify(row.password_hash, password):
            return self._count_failure(account, now)
        if not account.active:
            return SignInResult("inactive")
        values: dict = {
            "failed_attempts": 0,
            "locked_until": None,
            "last_sign_in_at": now,
        }
        if _hasher.check_needs_rehash(row.password_hash):
            values["password_hash"] = _hasher.hash(password)
        with self.engine.begin() as connection:
            connection.execute(
                users.update().where(users.c.id == account.id).values(**values)
            )
        return SignInResult("ok", account=self.get(account.id))

    def _count_failure(self, account: Account, now: dt.datetime) -> SignInResult:
        with self.engine.begin() as connection:
            connection.execute(
                users.update()
                .where(users.c.id == account.id)
                .values(failed_attempts=users.c.failed_attempts + 1)
            )
            failures = connection.execute(
                sa.select(users.c.failed_attempts).where(users.c.id == account.id)
            ).scalar_one()
            if failures < self.lockout_attempts:
                return SignInResult("wrong_password")
            until = now + self.lockout_period
            connection.execute(
                users.update()
                .where(users.c.id == account.id)
                .values(failed_attempts=0, locked_until=until)
            )
        return SignInResult("locked", locked_until=until)

    def set_password(self, username: str, password: str) -> Account:
        """Replace a password and end the account's sessions."""
        account = self._existing(username)
        check_password(password, account.username)
        with self.engine.begin() as connection:
            connection.execute(
                users.update()
                .where(users.c.id == account.id)
                .values(password_hash=_hasher.hash(password), failed_attempts=0)
            )
            connection.execute(
                sessions.delete().where(sessions.c.user_id == account.id)
            )
        return self._existing(username)

    def verify_password(self, account: Account, password: str) -> bool:
        """Check the current password before a change (failures are not counted)."""
        with self.engine.connect() as connection:
            stored = connection.execute(
                sa.select(users.c.password_hash).where(users.c.id == account.id)
            ).scalar_one()
        return _verify(stored, password)

    def set_role(self, username: str, role: str) -> Account:
        """Change an account's role."""
        account = self._existing(username)
        check_role(role)
        with self.engine.begin() as connection:
            connection.execute(
                users.update().where(users.c.id == account.id).values(role=role)
            )
        return self._existing(username)

    def set_active(self, username: str, active: bool) -> Account:
        """Enable or disable an account; disabling ends its sessions at once."""
        account = self._existing(username)
        with self.engine.begin() as connection:
            connection.execute(
                users.update().where(users.c.id == account.id).values(active=active)
            )
            if not active:
                connection.execute(
                    sessions.delete().where(sessions.c.user_id == account.id)
                )
        return self._existing(username)

    def unlock(self, username: str) -> Account:
        """End a lockout early (an admin who knows the person asked)."""
        account = self._existing(username)
        with self.engine.begin() as connection:
            connection.execute(
                users.update()
                .where(users.c.id == account.id)
                .values(locked_until=None, failed_attempts=0)
            )
        return self._existing(username)

    def _existing(self, username: str) -> Account:
        account = self.get_by_username(username)
        if account is None:
            raise AccountError(f"There is no account named {username!r}.")
        return account


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False
