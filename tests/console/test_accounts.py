"""Staff accounts, sessions and the audit log, on SQLite and PostgreSQL."""

import datetime as dt

import pytest

from kyphobot.console.accounts import AccountError, AccountStore
from kyphobot.console.audit import AuditLog
from kyphobot.console.schema import sessions as sessions_table
from kyphobot.console.schema import users
from kyphobot.console.sessions import SessionStore, Signer

NOW = dt.datetime(2025, 6, 2, 14, 0, tzinfo=dt.timezone.utc)
PASSWORD = "a long enough password"


@pytest.fixture
def engine(any_db_url: str, engine_for):
    return engine_for(any_db_url)


@pytest.fixture
def accounts(engine) -> AccountStore:
    store = AccountStore(
        engine, lockout_attempts=5, lockout_period=dt.timedelta(minutes=15)
    )
    store.create("Nurse.Kim", PASSWORD, "reviewer")
    return store


def test_password_is_stored_as_an_argon2_hash(accounts: AccountStore, engine) -> None:
    with engine.connect() as connection:
        stored = connection.execute(users.select()).one().password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_sign_in_is_case_insensitive_on_the_username(accounts: AccountStore) -> None:
    result = accounts.authenticate("NURSE.kim", PASSWORD, NOW)
    assert result.ok and result.account.username == "nurse.kim"
    assert result.account.last_sign_in_at == NOW


def test_five_wrong_passwords_lock_the_account_for_the_period(
    accounts: AccountStore,
) -> None:
    outcomes = [
        accounts.authenticate("nurse.kim", "wrong", NOW).outcome for _ in range(5)
    ]
    assert outcomes == ["wrong_password"] * 4 + ["locked"]
    # Locked: even the right password is refused until the period is over.
    locked = accounts.authenticate(
        "nurse.kim", PASSWORD, NOW + dt.timedelta(minutes=14)
    )
    assert locked.outcome == "locked" and locked.locked_until == NOW + dt.timedelta(
        minutes=15
    )
    assert accounts.authenticate(
        "nurse.kim", PASSWORD, NOW + dt.timedelta(minutes=16)
    ).ok


def test_success_resets_the_failure_count(accounts: AccountStore) -> None:
    for _ in range(4):
        accounts.authenticate("nurse.kim", "wrong", NOW)
    assert accounts.authenticate("nurse.kim", PASSWORD, NOW).ok
    assert accounts.authenticate("nurse.kim", "wrong", NOW).outcome == "wrong_password"


def test_unlock_ends_a_lockout(accounts: AccountStore) -> None:
    for _ in range(5):
        accounts.authenticate("nurse.kim", "wrong", NOW)
    accounts.unlock("nurse.kim")
    assert accounts.authenticate("nurse.kim", PASSWORD, NOW).ok


def test_unknown_and_disabled_accounts_cannot_sign_in(accounts: AccountStore) -> None:
    assert accounts.authenticate("nobody", PASSWORD, NOW).outcome == "unknown_user"
    accounts.set_active("nurse.kim", False)
    assert accounts.authenticate("nurse.kim", PASSWORD, NOW).outcome == "inactive"


@pytest.mark.parametrize(
    ("username", "password", "role", "problem"),
    [
        ("kim", "short", "reviewer", "at least 12"),
        ("kim", PASSWORD, "nurse", "role"),
        ("x", PASSWORD, "reviewer", "username"),
        ("bad name!", PASSWORD, "reviewer", "username"),
        ("nurse.kim", PASSWORD, "reviewer", "already exists"),
        ("kimberly.jones", "KIMBERLY.JONES", "reviewer", "not be the username"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(
    accounts: AccountStore, username: str, password: str, role: str, problem: str
) -> None:
    with pytest.raises(AccountError, match=problem):
        accounts.create(username, password, role)


def test_sessions_end_when_idle_or_too_old(engine, accounts: AccountStore) -> None:
    user = accounts.get_by_username("nurse.kim")
    store = SessionStore(engine, dt.timedelta(minutes=30), dt.timedelta(hours=12))
    token, session = store.create(user.id, NOW)
    assert store.get(token, NOW + dt.timedelta(minutes=29))[0] == session
    # Each visit restarts the idle clock...
    later = NOW + dt.timedelta(minutes=29)
    for _ in range(30):
        later += dt.timedelta(minutes=25)
        found, expired = store.get(token, later)
        if found is None:
            break
    # ...but not the absolute one.
    assert expired and later - NOW > dt.timedelta(hours=12)
    assert store.get(token, later) == (None, False)

    idle_token, _ = store.create(user.id, NOW)
    assert store.get(idle_token, NOW + dt.timedelta(minutes=31)) == (None, True)


def test_database_holds_only_a_hash_of_the_session_token(
    engine, accounts: AccountStore
) -> None:
    token, _ = SessionStore(engine).create(
        accounts.get_by_username("nurse.kim").id, NOW
    )
    with engine.connect() as connection:
        stored = connection.execute(sessions_table.select()).one().token_hash
    assert token not in stored and len(stored) == 64


def test_password_change_and_disabling_end_sessions(
    engine, accounts: AccountStore
) -> None:
    store = SessionStore(engine)
    user = accounts.get_by_username("nurse.kim")
    first, _ = store.create(user.id)
    accounts.set_password("nurse.kim", "another long password")
    assert store.get(first)[0] is None
    second, _ = store.create(user.id)
    accounts.set_active("nurse.kim", False)
    assert store.get(second)[0] is None


def test_signed_values_cannot_be_forged_or_reused_for_another_purpose() -> None:
    signer = Signer(b"k" * 32)
    signed = signer.sign("session", "token")
    assert signer.unsign("session", signed) == "token"
    assert signer.unsign("login", signed) is None
    assert signer.unsign("session", "token." + "A" * 43) is None
    assert Signer(b"other" * 8).unsign("session", signed) is None
    assert signer.unsign("session", None) is None


def test_audit_log_lists_newest_first_and_filters(engine) -> None:
    log = AuditLog(engine)
    log.record("kim", "sign_in", client_ip="10.0.0.7", at=NOW)
    log.record("kim", "view_conversation", "conversation:12", "+15551234567", at=NOW)
    log.record("sam", "sign_in_failed", "", "wrong_password", at=NOW)
    entries, total = log.list()
    assert total == 3
    assert [e.action for e in entries] == [
        "sign_in_failed",
        "view_conversation",
        "sign_in",
    ]
    entries, total = log.list(actions=["view_conversation"])
    assert total == 1 and entries[0].target == "conversation:12"
    assert [e.actor for e in log.list(actor="kim")[0]] == ["kim", "kim"]
    assert entries[0].at == NOW
