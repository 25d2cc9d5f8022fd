"""Staff console fixtures: databases, seeded conversations, a browser-like client."""

import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
from sanic import Sanic

from kyphobot.console.accounts import AccountStore
from kyphobot.console.app import create_app
from kyphobot.console.schema import create_console_tables
from kyphobot.console.settings import ConsoleSettings
from kyphobot.escalations import EscalationStore, NewEscalation, create_db_engine
from tests.conftest import postgres_database as shared_postgres_database
from tests.console.seed import Action, Bot, Patient, Seeder

SECRET = "test-secret-" + "x" * 40
ADMIN = ("alex.admin", "admin password 123")
REVIEWER = ("rory.reviewer", "reviewer password 123")
SMS_NUMBER = "+15551234567"


def postgres_database() -> Iterator[str]:
    """A fresh database on the local PostgreSQL, dropped afterwards."""
    return shared_postgres_database("kyphobot_console_test")


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def any_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The same tests on SQLite (the default) and PostgreSQL (production)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'console.db'}"
    else:
        yield from postgres_database()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'console.db'}"


@pytest.fixture
def engine_for() -> Iterator[Any]:
    """Engines opened by a test, disposed before its database is dropped."""
    engines = []

    def open_engine(url: str) -> Any:
        engine = create_db_engine(url)
        create_console_tables(engine)
        engines.append(engine)
        return engine

    yield open_engine
    for engine in engines:
        engine.dispose()


@dataclass
class Sample:
    """The seeded conversations' ids, for assertions."""

    faq: str = "web-faq"
    cost: str = "web-cost"
    emergency: str = SMS_NUMBER
    unclear: str = "web-unclear"
    script: str = "web-script"


def seed_sample(url: str, at: Optional[float] = None) -> Sample:
    """A small clinic day: an FAQ, an escalation, an SMS emergency, a clarification."""
    seeder = Seeder(url)
    start = at if at is not None else time.time() - 3600
    seeder.save(
        Sample.faq,
        [
            Patient(
                "will I be asleep for it",
                "faq",
                0.99,
                faq="anesthesia",
                faq_confidence=0.97,
            ),
            Bot(
                "There are two ways. You may get local anesthesia",
                "utter_faq/anesthesia",
                ["The steps of the procedure"],
            ),
            Patient(
                "/faq/procedure_steps",
                "faq",
                1.0,
                faq="procedure_steps",
                faq_confidence=1.0,
            ),
            Bot("Here is what happens.", "utter_faq/procedure_steps"),
        ],
        at=start,
    )
    seeder.save(
        Sample.cost,
        [
            Patient("How much does it COST?", "out_of_scope", 0.98),
            Bot("I'm sorry, I can't answer that here.", "utter_escalate"),
            Action("action_escalate"),
        ],
        at=start + 60,
    )
    seeder.save(
        Sample.emergency,
        [
            Patient(
                "I can't feel my legs",
                "report_emergency",
                1.0,
                red_flags=["leg_numbness_weakness"],
            ),
            Bot("This may be an emergency. Call 911 now", "utter_emergency"),
            Action("action_emergency"),
        ],
        channel="sms",
        at=start + 120,
    )
    seeder.save(
        Sample.unclear,
        [
            Patient("what about the thing", "nlu_fallback", 0.29, best_guess="faq"),
            Action("action_clarify"),
            Bot(
                "I want to be sure I understand. Did you mean one of these?",
                None,
                ["The bone cement", "Something else"],
            ),
            Patient("/deny", "deny", 1.0),
            Bot("I'm sorry, I can't answer that here.", "utter_escalate"),
            Action("action_escalate"),
        ],
        at=start + 180,
    )
    seeder.save(
        Sample.script,
        [
            Patient(
                "<script>alert(1)</script>",
                "faq",
                0.62,
                faq="cement",
                faq_confidence=0.55,
            ),
            Bot("After the balloon makes room inside the bone", "utter_faq/cement"),
        ],
        at=start + 240,
    )
    seeder.close()
    store = EscalationStore.from_url(url)
    store.record(
        NewEscalation(
            Sample.cost,
            "rest",
            "out_of_scope",
            "How much does it COST?",
            details={"off_guide_topics": ["cost"]},
        )
    )
    store.record(
        NewEscalation(
            Sample.emergency,
            "sms",
            "red_flag",
            "I can't feel my legs",
            "emergency",
            {
                "red_flags": [
                    {"category": "leg_numbness_weakness", "evidence": "can't feel"}
                ]
            },
        )
    )
    store.record(
        NewEscalation(
            Sample.unclear, "rest", "clarification_failed", "what about the thing"
        )
    )
    store.engine.dispose()
    return Sample()


def console_settings(url: str, **overrides: Any) -> ConsoleSettings:
    values: Dict[str, Any] = {
        "db_url": url,
        "secret_key": SECRET.encode(),
        "secret_generated": False,
    }
    values.update(overrides)
    return ConsoleSettings(**values)


def make_app(url: str, **overrides: Any) -> Sanic:
    """A fresh console app with an admin and a reviewer account."""
    app = create_app(
        console_settings(url, **overrides), name=f"console_{uuid.uuid4().hex[:8]}"
    )
    accounts: AccountStore = app.ctx.console.accounts
    for (username, password), role in ((ADMIN, "admin"), (REVIEWER, "reviewer")):
        if accounts.get_by_username(username) is None:
            accounts.create(username, password, role)
    return app


def audit_actions(app: Sanic) -> List[str]:
    """Every action in the app's audit log, newest first."""
    return [entry.action for entry in app.ctx.console.audit.list()[0]]


_CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF field"
    return match.group(1)


class StaffBrowser:
    """The ASGI test client with a cookie jar, used like a staff member's browser."""

    def __init__(self, app: Sanic, base: str = "") -> None:
        from sanic_testing.testing import SanicASGITestClient

        self.app = app
        # One client (one cookie jar) per person, like separate browsers.
        self.client = SanicASGITestClient(app)
        self.base = base  # e.g. "https://mockserver:1234": Secure cookies need https
        self.csrf = ""

    async def get(self, path: str, **kwargs: Any) -> Any:
        kwargs.setdefault("allow_redirects", False)
        _, response = await self.client.get(self.base + path, **kwargs)
        if "csrf_token" in response.text:
            self.csrf = csrf_from(response.text)
        return response

    async def post(
        self, path: str, data: Dict[str, Any], csrf: bool = True, **kwargs: Any
    ) -> Any:
        kwargs.setdefault("allow_redirects", False)
        form = {"csrf_token": self.csrf, **data} if csrf else dict(data)
        _, response = await self.client.post(self.base + path, data=form, **kwargs)
        return response

    async def sign_in(self, username: str, password: str, **kwargs: Any) -> Any:
        page = await self.get("/login")
        token = csrf_from(page.text)
        _, response = await self.client.post(
            self.base + "/login",
            data={
                "csrf_token": token,
                "username": username,
                "password": password,
                "next": "/",
            },
            allow_redirects=False,
            **kwargs,
        )
        if response.status_code == 302:
            await self.get("/")
        return response

    async def follow(self, response: Any) -> Any:
        assert response.status_code in (302, 303), response.status_code
        return await self.get(response.headers["location"])


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample clinic day and the two accounts, built once (argon2 is slow)."""
    path = tmp_path_factory.mktemp("console-template") / "console.db"
    url = f"sqlite:///{path}"
    seed_sample(url)
    app = make_app(url)
    app.ctx.console.engine.dispose()
    return path


@pytest.fixture
def seeded_url(seeded_template: Path, tmp_path: Path) -> Tuple[str, Sample]:
    """A private copy of the seeded database for one test."""
    path = tmp_path / "console.db"
    shutil.copyfile(seeded_template, path)
    return f"sqlite:///{path}", Sample()


@pytest.fixture
def app(seeded_url: Tuple[str, Sample]) -> Sanic:
    return make_app(seeded_url[0])


@pytest.fixture
async def admin(app: Sanic) -> StaffBrowser:
    browser = StaffBrowser(app)
    response = await browser.sign_in(*ADMIN)
    assert response.status_code == 302
    return browser


@pytest.fixture
async def reviewer(app: Sanic) -> StaffBrowser:
    browser = StaffBrowser(app)
    response = await browser.sign_in(*REVIEWER)
    assert response.status_code == 302
    return browser
