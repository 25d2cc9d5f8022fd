"""The demo server (a fresh Sanic app per test), its settings and its service."""

import asyncio
import itertools
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Iterator

import pytest
from sanic import Sanic

from kyphobot.clinic import Clinic
from kyphobot.launcher import StackConfig
from kyphobot.webchat.app import STATIC_DIR, create_app
from kyphobot.webchat.config import WebchatConfig
from kyphobot.webchat.service import service

_names = itertools.count()
HOSTILE_CLINIC = Clinic(
    name='<script>alert(1)</script> "O\'Neil" & Co',
    phone="(555) 010-0100",
    hours="9-5",
    emergency_number="911",
)


@pytest.fixture
def app() -> Iterator[Sanic]:
    config = WebchatConfig(rasa_url="https://rasa.example.org:8443/")
    yield create_app(config, HOSTILE_CLINIC, name=f"webchat_test_{next(_names)}")


def get(app: Sanic, path: str) -> Any:
    """GET through the app's ASGI test client, in a thread of its own.

    Once the session's Playwright browser runs, this thread already has a
    running event loop, so the app gets its own loop in a worker thread.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        _, response = pool.submit(asyncio.run, app.asgi_client.get(path)).result()
    return response


def test_health(app: Sanic) -> None:
    response = get(app, "/health")
    assert response.status == 200
    assert response.json == {"status": "ok"}


def test_demo_page_embeds_the_widget_with_escaped_values(app: Sanic) -> None:
    response = get(app, "/")
    assert response.status == 200
    page = response.text
    assert '<script src="/webchat/kyphochat.js" defer' in page
    assert 'data-server-url="https://rasa.example.org:8443"' in page
    assert "<script>alert(1)" not in page
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;O&#x27;Neil&quot; &amp; Co" in page
    )
    assert 'href="tel:911"' in page


def test_demo_page_allows_no_inline_script_and_only_the_rasa_server(app: Sanic) -> None:
    response = get(app, "/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "connect-src 'self' https://rasa.example.org:8443" in policy
    assert "unsafe" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/webchat/kyphochat.js", "javascript"),
        ("/webchat/kyphochat.css", "text/css"),
    ],
)
def test_widget_files_are_served(app: Sanic, path: str, content_type: str) -> None:
    response = get(app, path)
    assert response.status == 200
    assert content_type in response.headers["content-type"]
    assert response.body == (STATIC_DIR / Path(path).name).read_bytes()


@pytest.mark.parametrize(
    "path", ["/nope", "/webchat/../app.py", "/webchat/%2e%2e/app.py"]
)
def test_unknown_paths_get_the_plain_error_page(app: Sanic, path: str) -> None:
    response = get(app, path)
    assert response.status == 404
    assert "Page not found" in response.text
    assert "Traceback" not in response.text and "create_app" not in response.text


def test_widget_limit_matches_the_channel_guard() -> None:
    from kyphobot.channels.guard import MAX_MESSAGE_CHARS

    script = (STATIC_DIR / "kyphochat.js").read_text(encoding="utf-8")
    assert f"const MAX_CHARS = {MAX_MESSAGE_CHARS};" in script


@pytest.mark.parametrize(
    "settings",
    [
        {"rasa_url": "javascript:alert(1)"},
        {"rasa_url": "http://rasa.example.org/webhooks"},
        {"rasa_url": "localhost:5005"},
        {"primary_color": "red;background:url(x)"},
        {"language": 'en" onload="x'},
        {"port": 0},
    ],
)
def test_config_refuses_values_that_would_break_the_page(settings: dict) -> None:
    with pytest.raises(ValueError):
        WebchatConfig(**settings)


def test_config_from_environment() -> None:
    config = WebchatConfig.from_env(
        {"WEBCHAT_PORT": "9090", "RASA_PORT": "5006", "WEBCHAT_COLOR": "#123456"}
    )
    assert (config.port, config.rasa_url, config.primary_color) == (
        9090,
        "http://localhost:5006",
        "#123456",
    )
    assert WebchatConfig.from_env({}, rasa_url="http://10.0.0.2:5005").rasa_url == (
        "http://10.0.0.2:5005"
    )


def test_service_runs_the_demo_on_webchat_port(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBCHAT_PORT", "8181")
    monkeypatch.delenv("WEBCHAT_HOST", raising=False)
    monkeypatch.delenv("KYPHOBOT_RASA_URL", raising=False)
    demo = service(StackConfig(rasa_port=5099))
    assert demo.public_url == "http://localhost:8181/"
    assert demo.health_url == "http://127.0.0.1:8181/health"
    assert demo.command[1:3] == ["-m", "kyphobot.webchat"]
    assert demo.command[demo.command.index("--rasa-url") + 1] == "http://localhost:5099"
    assert demo.command[demo.command.index("--port") + 1] == "8181"


def test_make_run_allows_the_demo_page_origin_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The launcher's default ``--cors`` list contains the page it prints."""
    from kyphobot import launcher

    started = {}

    class NoStart(launcher.Stack):
        def start(self, timeout: float = 0) -> None:
            started["services"] = self.services
            raise KeyboardInterrupt

        def stop(self) -> None:
            pass

    for name in (
        "KYPHOBOT_CORS_ORIGINS",
        "KYPHOBOT_RASA_URL",
        "WEBCHAT_PORT",
        "WEBCHAT_HOST",
        "RASA_PORT",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(launcher, "Stack", NoStart)
    monkeypatch.setattr(launcher, "prepare", lambda profile: None)
    monkeypatch.setattr(launcher.signal, "signal", lambda *args: None)
    assert launcher.main([]) == 0
    services = {s.name: s for s in started["services"]}
    demo = services["web chat demo"]
    rasa_command = next(s.command for s in services.values() if "--cors" in s.command)
    allowed = {rasa_command[i + 1] for i, a in enumerate(rasa_command) if a == "--cors"}
    assert demo.public_url.rstrip("/") in allowed
    assert allowed == {"http://localhost:8080", "http://127.0.0.1:8080"}
    rasa_url = demo.command[demo.command.index("--rasa-url") + 1]
    assert rasa_url == "http://localhost:5005"
