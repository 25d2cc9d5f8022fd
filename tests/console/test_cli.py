"""Creating staff accounts from the command line, and starting with ``make run``."""

import subprocess
import sys
from pathlib import Path

import pytest

from kyphobot.console import cli
from kyphobot.console.accounts import AccountError, AccountStore
from kyphobot.console.audit import AuditLog
from kyphobot.escalations import create_db_engine
from kyphobot.launcher import ROOT, StackConfig, product_services

PASSWORD = "a very long password"


def run_cli(
    *args: str, url: str, password: str = PASSWORD
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kyphobot.console.cli", *args],
        cwd=ROOT,
        env={
            "KYPHOBOT_DB_URL": url,
            "STAFF_PASSWORD": password,
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_create_user_command_makes_an_account_that_signs_in(sqlite_url: str) -> None:
    result = run_cli(
        "create-user", "--username", "Kim", "--role", "admin", url=sqlite_url
    )
    assert result.returncode == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    engine = create_db_engine(sqlite_url)
    assert AccountStore(engine).authenticate("kim", PASSWORD).account.role == "admin"
    (entry,) = AuditLog(engine).list()[0]
    assert (entry.action, entry.target, entry.detail) == (
        "account_change",
        "user:kim",
        "created as admin",
    )
    assert entry.actor.startswith("cli")


def test_bad_role_and_short_password_are_refused(sqlite_url: str) -> None:
    assert (
        run_cli(
            "create-user", "--username", "kim", "--role", "boss", url=sqlite_url
        ).returncode
        == 2
    )
    short = run_cli(
        "create-user",
        "--username",
        "kim",
        "--role",
        "reviewer",
        url=sqlite_url,
        password="123",
    )
    assert short.returncode == 1 and "at least 12" in short.stderr


def test_password_prompt_asks_twice_without_echo() -> None:
    answers = iter([PASSWORD, PASSWORD])
    assert (
        cli.read_password("kim", environ={}, prompt=lambda _: next(answers)) == PASSWORD
    )
    answers = iter([PASSWORD, "something else entirely"])
    with pytest.raises(AccountError, match="not the same"):
        cli.read_password("kim", environ={}, prompt=lambda _: next(answers))


def test_unlock_and_set_password_commands(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    main = ["--db-url", sqlite_url]
    monkeypatch.setenv("STAFF_PASSWORD", PASSWORD)
    assert (
        cli.main([*main, "create-user", "--username", "sam", "--role", "reviewer"]) == 0
    )
    store = AccountStore(create_db_engine(sqlite_url))
    for _ in range(5):
        store.authenticate("sam", "wrong")
    assert store.authenticate("sam", PASSWORD).outcome == "locked"
    assert cli.main([*main, "unlock", "--username", "sam"]) == 0
    monkeypatch.setenv("STAFF_PASSWORD", "the next long password")
    assert cli.main([*main, "set-password", "--username", "sam"]) == 0
    assert store.authenticate("sam", "the next long password").ok
    assert cli.main([*main, "unlock", "--username", "nobody"]) == 1


def test_make_run_starts_the_console_on_its_port(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONSOLE_PORT", "8199")
    services = {s.name: s for s in product_services(StackConfig(log_dir=Path("/tmp")))}
    console = services["staff console"]
    assert console.public_url == "http://localhost:8199/"
    assert console.health_url == "http://127.0.0.1:8199/health"
    assert console.command[1:] == ["-m", "kyphobot.console", "--port", "8199"]
    assert console.log_path == Path("/tmp/console.log")
