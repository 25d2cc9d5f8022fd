"""The console for real: its own process, the bot's database, real patients' paths.

Shared by the browser tests and the screenshot script: start the console the
way ``make run`` does (``kyphobot.console.service``), create staff accounts
with the CLI, and create conversations by talking to the real bot over the
web (REST) channel and the SMS channel (a request signed as Twilio signs it).
"""

import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests

from kyphobot.console.service import service
from kyphobot.launcher import ROOT, Stack, StackConfig, free_port

SECRET = "browser-test-secret-" + "k" * 40
ADMIN = ("alex.admin", "admin password 123")
REVIEWER = ("rory.reviewer", "reviewer password 123")
CLINIC_NUMBER = "+15550100100"


@dataclass
class LiveConsole:
    """A console process serving one database."""

    url: str
    db_url: str
    stack: Stack

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL)."""
        self.stack.stop()


def start_console(db_path: Path, log_dir: Path) -> LiveConsole:
    """The console as ``make run`` starts it, on a free port."""
    port = free_port()
    db_url = f"sqlite:///{db_path}"
    config = StackConfig(log_dir=log_dir, extra_env={"CONSOLE_PORT": str(port)})
    stack = Stack(
        [service(config)],
        extra_env={
            "KYPHOBOT_DB_URL": db_url,
            "CONSOLE_PORT": str(port),
            "CONSOLE_SECRET_KEY": SECRET,
        },
    )
    stack.start(timeout=60)
    return LiveConsole(f"http://127.0.0.1:{port}", db_url, stack)


def create_staff(db_url: str, username: str, role: str, password: str) -> None:
    """``python -m kyphobot.console.cli create-user``, password from the environment."""
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "kyphobot.console.cli",
            "--db-url",
            db_url,
            "create-user",
            "--username",
            username,
            "--role",
            role,
        ],
        cwd=ROOT,
        env={"STAFF_PASSWORD": password, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )


@dataclass
class Scenario:
    """Who said what, so tests can find their own conversations."""

    faq: str
    cost: str
    emergency: str
    script: str
    sms_number: str


def ask(rasa_url: str, sender: str, text: str) -> List[Dict[str, Any]]:
    """One message over the web chat's REST channel."""
    response = requests.post(
        f"{rasa_url}/webhooks/rest/webhook",
        json={"sender": sender, "message": text},
        timeout=60,
    )
    response.raise_for_status()
    return list(response.json())


def text_message(
    rasa_url: str, public_url: str, token: str, account_sid: str, number: str, body: str
) -> str:
    """One SMS to the bot, signed with the auth token exactly as Twilio signs it."""
    from twilio.request_validator import RequestValidator

    sid = "SM" + uuid.uuid4().hex
    form = {
        "MessageSid": sid,
        "SmsMessageSid": sid,
        "AccountSid": account_sid,
        "From": number,
        "To": CLINIC_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    response = requests.post(
        f"{rasa_url}/webhooks/sms/webhook",
        data=form,
        headers={
            "X-Twilio-Signature": RequestValidator(token).compute_signature(
                public_url, form
            )
        },
        timeout=60,
    )
    response.raise_for_status()
    return response.text


def escalation_ids(db_path: Path, conversation_id: str) -> List[int]:
    """The escalations the action server stored for a conversation."""
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute(
            "SELECT id FROM escalations WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        ).fetchall()
    return [row[0] for row in rows]


def create_conversations(
    rasa_url: str,
    db_path: Path,
    sms: Optional[Dict[str, str]] = None,
) -> Scenario:
    """An FAQ, a cost question (escalated), an emergency, markup, and an SMS."""
    from tests.conftest import wait_for

    tag = uuid.uuid4().hex[:6]
    scenario = Scenario(
        faq=f"console-faq-{tag}",
        cost=f"console-cost-{tag}",
        emergency=f"console-emergency-{tag}",
        script=f"console-script-{tag}",
        sms_number=f"+1555{uuid.uuid4().int % 10_000_000:07d}",
    )
    ask(rasa_url, scenario.faq, "what kind of anesthesia will I get?")
    ask(rasa_url, scenario.faq, "/faq/procedure_steps")
    ask(rasa_url, scenario.cost, "how much does it cost?")
    ask(rasa_url, scenario.emergency, "I can't feel my legs")
    ask(rasa_url, scenario.script, "<script>alert(1)</script>")
    if sms is not None:
        text_message(
            rasa_url,
            number=scenario.sms_number,
            body="when can I drive after kyphoplasty",
            **sms,
        )
        text_message(
            rasa_url,
            number=scenario.sms_number,
            body="how much does it cost with medicare?",
            **sms,
        )
    for conversation in (scenario.cost, scenario.emergency):
        assert wait_for(lambda c=conversation: escalation_ids(db_path, c), timeout=30)
    return scenario


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{base_url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
