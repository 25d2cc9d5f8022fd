"""Rasa answers the demo page's origin and the browser refuses every other one.

``make run`` passes ``--cors`` origins from KYPHOBOT_CORS_ORIGINS (default: the
demo page's own origins). This starts Rasa's server app the way ``rasa run``
builds it, with one allowed origin, and two copies of the demo page: one on
the allowed origin, one on another.
"""

from pathlib import Path
from typing import Any, Iterator, Tuple
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from kyphobot.launcher import free_port
from tests.webchat.chat_page import ChatPage
from tests.webchat.servers import cors_rasa_service, demo_service, running

pytestmark = pytest.mark.browser

FETCH = """(url) => fetch(url, {
  method: 'POST', headers: {'Content-Type': 'application/json'},
  body: JSON.stringify({sender: 'web-cors-check', message: 'hello'}),
}).then(r => 'answered ' + r.status, e => 'refused: ' + e.name)"""


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tuple[str, str, str]]:
    """(Rasa URL, demo page on the allowed origin, demo page elsewhere)."""
    log_dir: Path = tmp_path_factory.mktemp("cors")
    rasa_port = free_port()
    rasa_url = f"http://127.0.0.1:{rasa_port}"
    allowed = demo_service(rasa_url, log_dir)
    elsewhere = demo_service(rasa_url, log_dir)
    rasa = cors_rasa_service([origin(allowed.public_url)], rasa_port, log_dir)
    with running(rasa), running(allowed), running(elsewhere):
        yield rasa_url, allowed.public_url, elsewhere.public_url


def test_widget_on_the_allowed_origin_gets_answers(
    chat: ChatPage, pages: Tuple[str, str, str]
) -> None:
    rasa_url, allowed, _ = pages
    chat.goto(allowed).open()
    chat.ask("hello")
    # No model behind this Rasa: the guarded channel's safe reply, never silence.
    expect(chat.wait_for_bot_messages(1)).to_contain_text("call 911")
    expect(chat.status).to_have_count(0)
    webhook = f"{rasa_url}/webhooks/rest/webhook"
    assert chat.page.evaluate(FETCH, webhook) == "answered 200"


def test_page_on_another_origin_is_refused_by_the_browser(
    chat: ChatPage, pages: Tuple[str, str, str], context: Any
) -> None:
    rasa_url, _, elsewhere = pages
    chat.goto(elsewhere).open()
    webhook = f"{rasa_url}/webhooks/rest/webhook"
    assert chat.page.evaluate(FETCH, webhook) == "refused: TypeError"
    chat.ask("hello")
    expect(chat.status).to_contain_text("Connection lost")
    expect(chat.bot_messages).to_have_count(0)
