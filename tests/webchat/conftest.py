"""Fixtures for the web chat: the demo server and a fresh browser tab per test."""

from pathlib import Path
from typing import Any, Iterator

import pytest

from kyphobot.launcher import ROOT, free_port
from tests.webchat.chat_page import ChatPage
from tests.webchat.servers import demo_service, running

AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def demo_url(bot: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo clinic page, its widget talking to the real assistant."""
    log_dir = tmp_path_factory.mktemp("webchat")
    with running(demo_service(bot.rasa_url, log_dir)) as service:
        yield service.public_url


@pytest.fixture(scope="session")
def stub_rasa_url() -> str:
    """A Rasa URL nobody listens on: tests answer for it with ``page.route``."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture(scope="session")
def stub_demo_url(
    stub_rasa_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The demo page pointed at :func:`stub_rasa_url`, for replies no bot sends."""
    log_dir = tmp_path_factory.mktemp("webchat-stub")
    with running(demo_service(stub_rasa_url, log_dir)) as service:
        yield service.public_url


@pytest.fixture
def context(chromium: Any) -> Iterator[Any]:
    """A fresh browser profile (empty storage) at desktop size."""
    context = chromium.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def chat(context: Any) -> Iterator[ChatPage]:
    """One tab; fails the test if the page threw a JavaScript error."""
    chat = ChatPage(context.new_page())
    yield chat
    assert chat.errors == [], f"JavaScript errors on the page: {chat.errors}"


@pytest.fixture
def axe_path() -> Path:
    if not AXE_PATH.exists():
        pytest.fail("axe-core missing: run `npm ci` (see Makefile `install`)")
    return AXE_PATH
