"""Widget behaviour for replies the real bot never sends, and local settings.

The browser answers for the Rasa URL with ``page.route`` (the network edge);
everything on the page is the real widget served by the real demo server.
"""

import json
import re
import time
from typing import Any, Callable, Dict, List

import pytest
from playwright.sync_api import Route, expect

from kyphobot.channels.guard import MAX_MESSAGE_CHARS
from tests.webchat.chat_page import ChatPage

pytestmark = pytest.mark.browser

CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "content-type",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
}
Reply = Callable[[Dict[str, Any]], Any]


def answer_with(chat: ChatPage, rasa_url: str, reply: Reply, status: int = 200) -> None:
    """Answer the widget's POSTs with ``reply(request JSON)``."""

    def handle(route: Route) -> None:
        if route.request.method == "OPTIONS":
            route.fulfill(status=204, headers=CORS)
            return
        body = reply(route.request.post_data_json or {})
        route.fulfill(
            status=status,
            headers=CORS,
            content_type="application/json",
            body=json.dumps(body),
        )

    chat.page.route(f"{rasa_url}/webhooks/rest/webhook", handle)
    chat.page.route(
        f"{rasa_url}/webhooks/rest/",
        lambda route: route.fulfill(status=200, headers=CORS, json={"status": "ok"}),
    )


def says(*messages: Dict[str, Any]) -> Reply:
    return lambda request: [
        {"recipient_id": request.get("sender"), **m} for m in messages
    ]


def test_bot_text_is_never_html_and_only_http_urls_become_links(
    chat: ChatPage, stub_demo_url: str, stub_rasa_url: str
) -> None:
    text = (
        "Read <b>this</b> <img src=x onerror=alert(1)> at https://example.org/guide. "
        'Not javascript:alert(2) or <a href="javascript:alert(3)">here</a>, '
        "nor data:text/html,hi (see http://example.com/a?b=1&c=2)"
    )
    answer_with(chat, stub_rasa_url, says({"text": text}))
    chat.goto(stub_demo_url).open()
    chat.ask("links please")

    answer = chat.wait_for_bot_messages(1)
    expect(answer.locator(".kc-text")).to_contain_text("Read <b>this</b> <img src=x")
    expect(answer.locator("b, img")).to_have_count(0)
    links = answer.get_by_role("link")
    expect(links).to_have_count(2)
    hrefs = [links.nth(i).get_attribute("href") for i in range(2)]
    assert hrefs == ["https://example.org/guide", "http://example.com/a?b=1&c=2"]
    for i in range(2):
        expect(links.nth(i)).to_have_attribute("rel", "noopener noreferrer")
        expect(links.nth(i)).to_have_attribute("target", "_blank")
    expect(links.first).to_have_accessible_name(re.compile("opens in a new tab"))
    chat.page.wait_for_timeout(300)
    assert chat.dialogs == []


def test_markup_in_button_titles_is_text_too(
    chat: ChatPage, stub_demo_url: str, stub_rasa_url: str
) -> None:
    title = "<img src=x onerror=alert(1)>"
    answer_with(
        chat,
        stub_rasa_url,
        says({"text": "Pick one", "buttons": [{"title": title, "payload": "/faq/x"}]}),
    )
    chat.goto(stub_demo_url).open()
    chat.ask("hi")
    chat.quick_reply(title).click()
    expect(chat.patient_messages.last.locator(".kc-text")).to_have_text(title)
    expect(chat.page.locator("img")).to_have_count(0)
    assert chat.sent[-1]["message"] == "/faq/x"
    assert chat.dialogs == []


def test_silence_or_a_refused_message_still_gets_a_safe_reply(
    chat: ChatPage, stub_demo_url: str, stub_rasa_url: str
) -> None:
    answer_with(chat, stub_rasa_url, lambda request: [])
    chat.goto(stub_demo_url).open()
    chat.ask("hello?")
    expect(chat.wait_for_bot_messages(1)).to_contain_text("call 911")

    chat.page.unroute_all()
    answer_with(
        chat, stub_rasa_url, lambda request: {"error": "bad_request"}, status=400
    )
    chat.ask("hello again")
    reply = chat.wait_for_bot_messages(2)
    expect(reply).to_contain_text("(555) 010-0100")
    expect(reply).to_contain_text("911")
    expect(chat.patient_messages.last).to_contain_text("could not be delivered")


def test_emergency_flag_in_a_separate_message_marks_the_text_before_it(
    chat: ChatPage, stub_demo_url: str, stub_rasa_url: str
) -> None:
    answer_with(
        chat,
        stub_rasa_url,
        says(
            {"text": "Call 911 now."},
            {"custom": {"emergency": True}},
            {"text": "Later"},
        ),
    )
    chat.goto(stub_demo_url).open()
    chat.ask("help")
    chat.wait_for_bot_messages(2)
    expect(chat.bot_messages.first).to_have_class(re.compile(r"\bkc-emergency\b"))
    expect(chat.bot_messages.last).not_to_have_class(re.compile(r"\bkc-emergency\b"))
    expect(chat.page.get_by_role("alert")).to_contain_text("Call 911 now.")
    expect(chat.page.get_by_role("alert")).not_to_contain_text("Later")


def test_message_length_is_limited_like_the_server_counts_it(
    chat: ChatPage, stub_demo_url: str, stub_rasa_url: str
) -> None:
    answer_with(chat, stub_rasa_url, says({"text": "ok"}))
    chat.goto(stub_demo_url).open()
    notice = chat.page.locator("#kc-limit")

    chat.input.fill("x" * (MAX_MESSAGE_CHARS + 1))
    expect(notice).to_contain_text("too long")
    expect(chat.input).to_have_attribute("aria-invalid", "true")
    chat.input.press("Enter")
    chat.page.get_by_role("button", name="Send").click()
    chat.page.wait_for_timeout(300)
    assert chat.sent == []
    expect(chat.input).to_have_value("x" * (MAX_MESSAGE_CHARS + 1))  # nothing lost

    # Emoji count once each, as Python's len() does on the server.
    chat.input.fill("😀" * MAX_MESSAGE_CHARS)
    expect(notice).to_have_text("")
    expect(chat.page.locator(".kc-counter")).to_have_text("2,000 of 2,000 characters")
    chat.input.press("Enter")
    chat.wait_for_bot_messages(1)
    assert chat.sent[0]["message"] == "😀" * MAX_MESSAGE_CHARS


def test_empty_input_sends_nothing(
    chat: ChatPage, stub_demo_url: str, stub_rasa_url: str
) -> None:
    answer_with(chat, stub_rasa_url, says({"text": "ok"}))
    chat.goto(stub_demo_url).open()
    chat.input.fill("   \n  ")
    chat.input.press("Enter")
    chat.page.wait_for_timeout(300)
    assert chat.sent == []
    expect(chat.patient_messages).to_have_count(0)


def test_text_size_control_scales_the_panel_and_is_remembered(
    chat: ChatPage, stub_demo_url: str
) -> None:
    chat.goto(stub_demo_url).open()
    size = lambda: chat.panel.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")  # noqa: E731
    smaller = chat.page.get_by_role("button", name="Smaller text")
    larger = chat.page.get_by_role("button", name="Larger text")
    base = size()
    expect(smaller).to_be_disabled()

    larger.click()
    larger.click()
    assert size() == pytest.approx(base * 1.5)
    chat.page.reload()
    expect(chat.panel).to_be_visible()
    assert size() == pytest.approx(base * 1.5)
    smaller.click()
    assert size() == pytest.approx(base * 1.25)


def test_reduced_motion_turns_animation_off(chromium: Any, stub_demo_url: str) -> None:
    names: List[str] = []
    for motion in ("no-preference", "reduce"):
        context = chromium.new_context(reduced_motion=motion)
        try:
            chat = ChatPage(context.new_page())
            chat.goto(stub_demo_url).open()
            names.append(
                chat.page.locator(".kc-intro").evaluate(
                    "e => getComputedStyle(e).animationName"
                )
            )
        finally:
            context.close()
    assert names == ["kc-appear", "none"]


def test_transcript_stays_in_the_tab_and_an_idle_conversation_expires(
    chat: ChatPage, stub_demo_url: str, stub_rasa_url: str
) -> None:
    answer_with(chat, stub_rasa_url, says({"text": "an answer"}))
    chat.goto(stub_demo_url).open()
    chat.ask("my private question")
    chat.wait_for_bot_messages(1)
    storage = chat.page.evaluate(
        "() => [JSON.stringify(localStorage), JSON.stringify(sessionStorage)]"
    )
    assert "my private question" not in storage[0]
    assert "my private question" in storage[1]
    first = chat.session_id()
    assert chat.sent[0]["sender"] == first

    two_hours_ago = int(time.time() * 1000) - 2 * 3600 * 1000
    chat.page.evaluate(
        """(when) => {
          const key = Object.keys(localStorage).find(k => k.endsWith(':session'));
          const saved = JSON.parse(localStorage.getItem(key));
          localStorage.setItem(key, JSON.stringify({...saved, lastActive: when}));
        }""",
        two_hours_ago,
    )
    chat.page.reload()
    expect(chat.patient_messages).to_have_count(0)
    assert chat.session_id() not in ("", first)
