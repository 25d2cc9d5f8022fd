"""Staff accounts from the command line: the first admin has to come from here.

    python -m kyphobot.console.cli create-user --username kim --role admin
    python -m kyphobot.console.cli set-password --username kim
    python -m kyphobot.console.cli unlock --username kim
    python -m kyphobot.console.cli list-users

The password is read with a hidden prompt (typed twice), or from the
``STAFF_PASSWORD`` environment variable for scripts. It never goes on the
command line, where shell history and ``ps`` would keep it.
"""

import argparse
import getpass
import os
import sys
from typing import Callable, List, Optional

from kyphobot.console import audit
from kyphobot.console.accounts import ROLES, AccountError, AccountStore, check_password
from kyphobot.console.audit import AuditLog
from kyphobot.console.schema import create_console_tables
from kyphobot.escalations import create_db_engine

PASSWORD_ENV = "STAFF_PASSWORD"  # noqa: S105 - a variable name


def read_password(
    username: str,
    environ: Optional[dict] = None,
    prompt: Callable[[str], str] = getpass.getpass,
) -> str:
    """``STAFF_PASSWORD`` if set, else asked twice without echo."""
    environ = dict(os.environ) if environ is None else environ
    if environ.get(PASSWORD_ENV):
        return str(environ[PASSWORD_ENV])
    first = prompt(f"Password for {username}: ")
    check_password(first, username)
    if prompt("The same password again: ") != first:
        raise AccountError("The two passwords are not the same.")
    return first


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"


def main(argv: Optional[List[str]] = None) -> int:
    """Run one command; exit code 1 with a message when it cannot be done."""
    parser = argparse.ArgumentParser(
        prog="python -m kyphobot.console.cli",
        description="Manage staff console accounts.",
    )
    parser.add_argument("--db-url", help="SQLAlchemy URL (default: KYPHOBOT_DB_URL)")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="create a staff account")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=ROLES)
    for name, text in (
        ("set-password", "replace an account's password (ends its sessions)"),
        ("unlock", "end a sign-in lockout now"),
        ("disable", "disable an account (ends its sessions)"),
        ("enable", "enable a disabled account"),
    ):
        commands.add_parser(name, help=text).add_argument("--username", required=True)
    commands.add_parser("list-users", help="list the accounts")
    arguments = parser.parse_args(argv)

    engine = create_db_engine(arguments.db_url)
    create_console_tables(engine)
    accounts = AccountStore(engine)
    log = AuditLog(engine)
    try:
        if arguments.command == "list-users":
            for account in accounts.list():
                state = "active" if account.active else "disabled"
                print(f"{account.username:<24} {account.role:<9} {state}")
            return 0
        if arguments.command == "create-user":
            password = read_password(arguments.username)
            account = accounts.create(arguments.username, password, arguments.role)
            detail = f"created as {account.role}"
        elif arguments.command == "set-password":
            account = accounts.set_password(
                arguments.username, read_password(arguments.username)
            )
            detail = "password set"
        elif arguments.command == "unlock":
            account = accounts.unlock(arguments.username)
            detail = "unlocked"
        else:
            account = accounts.set_active(
                arguments.username, arguments.command == "enable"
            )
            detail = f"{arguments.command}d"
        log.record(_actor(), audit.ACCOUNT_CHANGE, f"user:{account.username}", detail)
    except AccountError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"{account.username} ({account.role}): {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
