"""Shared fixtures: the project's spaCy pipeline, rasa-sdk trackers, and the
real Rasa server plus action server started on free ports."""

import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
import requests
import spacy
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from spacy.language import Language

from kyphobot.launcher import ROOT, Stack, StackConfig, core_services, free_port

SOCKETIO_TEST_ORIGIN = "https://clinic.example"
SPACY_PATH = ROOT / "models" / "spacy" / "en_kyphoplasty"
MODEL_PATH = ROOT / "models" / "kyphobot.tar.gz"
#: A vague question the trained model sends to clarification (``nlu_fallback``
#: with FAQ candidates). test_server's clarification test fails first if a
#: retrained model stops doing so; then choose another one here.
VAGUE_QUESTION = "can you explain the balloon part and the cement part"

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The project's own spaCy pipeline, loaded by path as Rasa loads it."""
    if not (SPACY_PATH / "meta.json").exists():
        pytest.fail("spaCy pipeline missing: run `make spacy`")
    return spacy.load(SPACY_PATH)


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite escalation store for one test, used by the actions."""
    from actions.store import get_store

    url = f"sqlite:///{tmp_path / 'kyphobot.db'}"
    monkeypatch.setenv("KYPHOBOT_DB_URL", url)
    get_store.cache_clear()
    yield url
    get_store.cache_clear()


def make_tracker(
    text: str = "hello",
    intent: str = "greet",
    confidence: float = 0.95,
    events: Optional[List[Dict[str, Any]]] = None,
    sender_id: str = "test-conversation",
    channel: str = "rest",
    **parse_data: Any,
) -> Tracker:
    """A rasa-sdk tracker whose latest message is ``text`` classified as ``intent``."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": intent, "confidence": confidence}],
        "entities": [],
        **parse_data,
    }
    user_event = {
        "event": "user",
        "text": text,
        "parse_data": latest,
        "input_channel": channel,
    }
    return Tracker(
        sender_id=sender_id,
        slots={},
        latest_message=latest,
        events=[*(events or []), user_event],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@dataclass
class Bot:
    """The running assistant, reached over its REST channel."""

    rasa_url: str
    action_url: str
    db_path: Path
    stack: Stack
    sms_auth_token: str = ""
    sms_public_url: str = ""
    sms_account_sid: str = ""

    def ask(
        self, text: str, sender: Optional[str] = None, timeout: float = 30
    ) -> List[Dict[str, Any]]:
        sender = sender or f"test-{uuid.uuid4().hex[:10]}"
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=timeout,
        )
        response.raise_for_status()
        return response.json()

    def texts(self, text: str, sender: Optional[str] = None) -> str:
        return "\n".join(m.get("text", "") for m in self.ask(text, sender))


def write_endpoints(path: Path, action_port: int, db_path: Path) -> Path:
    path.write_text(
        json.dumps(
            {
                "action_endpoint": {"url": f"http://127.0.0.1:{action_port}/webhook"},
                "tracker_store": {
                    "type": "kyphobot.tracker_store.DurableSQLTrackerStore",
                    "dialect": "sqlite",
                    "db": str(db_path),
                },
            }
        ),
        encoding="utf-8",
    )
    return path


@dataclass
class BotStack:
    """The trained bot and its action server, not yet started."""

    stack: Stack
    rasa_url: str
    action_url: str
    db_path: Path


def bot_stack(workdir: Path, extra_env: Optional[Dict[str, str]] = None) -> BotStack:
    """The bot on free ports with a fresh SQLite database in ``workdir``."""
    db_path = workdir / "kyphobot.db"
    rasa_port, action_port = free_port(), free_port()
    config = StackConfig(
        model=MODEL_PATH,
        endpoints=write_endpoints(workdir / "endpoints.yml", action_port, db_path),
        rasa_port=rasa_port,
        action_port=action_port,
        log_dir=workdir,
    )
    stack = Stack(
        core_services(config),
        extra_env={"KYPHOBOT_DB_URL": f"sqlite:///{db_path}", **(extra_env or {})},
    )
    return BotStack(
        stack,
        f"http://127.0.0.1:{rasa_port}",
        f"http://127.0.0.1:{action_port}",
        db_path,
    )


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    """The trained assistant with its action server, on a fresh SQLite database."""
    if not MODEL_PATH.exists():
        pytest.fail("trained model missing: run `make train`")
    workdir = tmp_path_factory.mktemp("bot")
    sms_env = {
        "TWILIO_AUTH_TOKEN": "test-twilio-auth-token",
        "SMS_PUBLIC_URL": "https://kyphobot.test/webhooks/sms/webhook",
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "SMS_SKIP_SIGNATURE_CHECK": "",
        "SMS_REST_REPLIES": "",
    }
    # socket.io accepts browsers from this origin only (REST: any, "*").
    running = bot_stack(
        workdir, {"KYPHOBOT_CORS_ORIGINS": SOCKETIO_TEST_ORIGIN, **sms_env}
    )
    stack = running.stack
    stack.start(timeout=240)
    try:
        yield Bot(
            rasa_url=running.rasa_url,
            action_url=running.action_url,
            db_path=running.db_path,
            stack=stack,
            sms_auth_token=sms_env["TWILIO_AUTH_TOKEN"],
            sms_public_url=sms_env["SMS_PUBLIC_URL"],
            sms_account_sid=sms_env["TWILIO_ACCOUNT_SID"],
        )
    finally:
        stack.stop()


POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_database(prefix: str = "kyphobot_test") -> Iterator[str]:
    """A fresh database on the local PostgreSQL, dropped afterwards."""
    import sqlalchemy as sa

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        pytest.fail(f"local PostgreSQL unavailable: {error}")
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(
                sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            )
        admin.dispose()


def wait_for(predicate: Any, timeout: float = 10.0, interval: float = 0.2) -> Any:
    """Poll ``predicate`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


CHROMIUM = "/usr/bin/chromium"
# Flags the workplace needs: no sandbox as root, and no background traffic to
# hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (no browser download).

    Module scope: Playwright's sync API keeps an event loop running while the
    browser is open, which would break later async tests in the session.
    """
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium missing: `make install` installs Debian's chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
