"""A patient's conversation in a real browser with the real assistant.

Chromium loads the demo clinic page from our demo server; the widget talks to
the real Rasa server and action server (the session ``bot`` fixture).
"""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.webchat.chat_page import ChatPage

pytestmark = [pytest.mark.browser, pytest.mark.server]

ANESTHESIA_QUESTION = "what kind of anesthesia will I get?"
ANESTHESIA_ANSWER = "You may get local anesthesia"
STEPS_ANSWER = "guides a thin needle"
WALKING_ANSWER = "able to walk after the procedure"
EMERGENCY_ANSWER = "This may be an emergency"


def test_typed_question_gets_the_faq_answer(chat: ChatPage, demo_url: str) -> None:
    chat.goto(demo_url).open()
    chat.ask(ANESTHESIA_QUESTION)

    expect(chat.patient_messages.last).to_contain_text(ANESTHESIA_QUESTION)
    answer = chat.wait_for_bot_messages(1)
    expect(answer).to_contain_text(ANESTHESIA_ANSWER)
    expect(answer).not_to_have_class(re.compile(r"\bkc-emergency\b"))
    expect(chat.page.locator(".kc-announce-polite")).to_contain_text(ANESTHESIA_ANSWER)
    expect(chat.page.get_by_role("alert")).to_have_text("")
    assert chat.sent[0]["message"] == ANESTHESIA_QUESTION
    assert re.fullmatch(
        r"web-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", chat.sent[0]["sender"]
    )


def test_quick_reply_sends_its_payload_but_shows_its_title(
    chat: ChatPage, demo_url: str
) -> None:
    chat.goto(demo_url).open()
    chat.ask(ANESTHESIA_QUESTION)
    chat.wait_for_bot_messages(1)

    chat.quick_reply("The steps of the procedure").click()

    expect(chat.patient_messages.last).to_contain_text("The steps of the procedure")
    expect(chat.patient_messages.last).not_to_contain_text("/faq")
    expect(chat.wait_for_bot_messages(2)).to_contain_text(STEPS_ANSWER)
    assert chat.sent[-1]["message"] == "/faq/procedure_steps"
    expect(chat.input).to_be_focused()
    # Only the latest answer offers replies: the first answer's are gone.
    expect(chat.page.get_by_role("button", name="Walking afterwards")).to_have_count(0)
    expect(chat.quick_reply("Anesthesia")).to_be_visible()


def test_reload_shows_the_history_and_continues_the_conversation(
    chat: ChatPage, demo_url: str
) -> None:
    chat.goto(demo_url).open()
    chat.ask(ANESTHESIA_QUESTION)
    chat.wait_for_bot_messages(1)
    conversation = chat.sent[-1]["sender"]

    chat.page.reload()

    expect(chat.panel).to_be_visible()
    expect(chat.patient_messages).to_have_count(1)
    expect(chat.bot_messages.first).to_contain_text(ANESTHESIA_ANSWER)
    # Nothing is read out again when the history is restored.
    expect(chat.page.locator(".kc-announce-polite")).to_have_text("")
    chat.quick_reply("Walking afterwards").click()
    expect(chat.wait_for_bot_messages(2)).to_contain_text(WALKING_ANSWER)
    assert chat.sent[-1]["sender"] == conversation


def test_start_over_clears_the_screen_and_starts_a_new_conversation(
    chat: ChatPage, demo_url: str
) -> None:
    chat.goto(demo_url).open()
    chat.ask(ANESTHESIA_QUESTION)
    chat.wait_for_bot_messages(1)
    first_conversation = chat.sent[-1]["sender"]

    chat.page.get_by_role("button", name="Start over").click()
    keep = chat.page.get_by_role("button", name="Keep it")
    expect(keep).to_be_focused()
    keep.click()
    expect(chat.bot_messages).to_have_count(1)

    chat.page.get_by_role("button", name="Start over").click()
    chat.page.get_by_role("button", name="Yes, start over").click()
    expect(chat.bot_messages).to_have_count(0)
    expect(chat.patient_messages).to_have_count(0)
    expect(chat.input).to_be_focused()

    chat.ask(ANESTHESIA_QUESTION)
    chat.wait_for_bot_messages(1)
    assert chat.sent[-1]["sender"] != first_conversation
    assert chat.sent[-1]["sender"] == chat.session_id()


def test_emergency_answer_is_unmistakable_and_announced_at_once(
    chat: ChatPage, demo_url: str
) -> None:
    chat.goto(demo_url).open()
    chat.ask("I can't feel my legs")

    answer = chat.wait_for_bot_messages(1)
    expect(answer).to_contain_text(EMERGENCY_ANSWER)
    expect(answer).to_have_class(re.compile(r"\bkc-emergency\b"))
    expect(answer).to_contain_text("Emergency")
    expect(answer.get_by_role("link", name="Call 911 now")).to_have_attribute(
        "href", "tel:911"
    )
    expect(chat.page.get_by_role("alert")).to_contain_text(EMERGENCY_ANSWER)
    border = answer.evaluate("e => getComputedStyle(e).borderTopWidth")
    normal = chat.page.locator(".kc-intro").evaluate(
        "e => getComputedStyle(e).borderTopWidth"
    )
    assert (border, normal) == ("3px", "0px")


def test_emergency_number_is_always_on_screen(chat: ChatPage, demo_url: str) -> None:
    chat.goto(demo_url).open()
    for _ in range(4):
        chat.ask(ANESTHESIA_QUESTION)
    chat.wait_for_bot_messages(4)
    strip_call = chat.page.locator(".kc-emergency-strip").get_by_role(
        "link", name="Call 911"
    )
    expect(strip_call).to_be_in_viewport()
    expect(strip_call).to_have_attribute("href", "tel:911")
    expect(chat.panel).to_contain_text("not medical advice")
    expect(chat.panel.get_by_role("heading")).to_have_text("Your Spine Clinic")


def test_markup_typed_by_a_patient_stays_text(chat: ChatPage, demo_url: str) -> None:
    markup = "<img src=x onerror=alert(1)>"
    chat.goto(demo_url).open()
    chat.ask(markup)
    chat.wait_for_bot_messages(1)

    expect(chat.patient_messages.last.locator(".kc-text")).to_have_text(markup)
    expect(chat.page.locator("img")).to_have_count(0)
    chat.page.reload()  # rendered again from storage
    expect(chat.patient_messages.last.locator(".kc-text")).to_have_text(markup)
    expect(chat.page.locator("img")).to_have_count(0)
    chat.page.wait_for_timeout(300)
    assert chat.dialogs == []
    assert chat.sent[0]["message"] == markup


@pytest.mark.parametrize("cut", ["server unreachable", "browser offline"])
def test_connection_drop_is_announced_and_the_message_sent_on_reconnect(
    chat: ChatPage, context: Any, demo_url: str, bot: Any, cut: str
) -> None:
    chat.goto(demo_url).open()
    everything_on_rasa = f"{bot.rasa_url}/**"
    if cut == "server unreachable":
        chat.page.route(
            everything_on_rasa, lambda route: route.abort("connectionrefused")
        )
    else:
        context.set_offline(True)

    chat.ask(ANESTHESIA_QUESTION)
    chat.ask("hello")

    expect(chat.status).to_contain_text("Connection lost")
    expect(chat.status).to_contain_text("(555) 010-0100")
    expect(chat.patient_messages.first).to_contain_text("Not sent yet")
    expect(chat.patient_messages.last).to_contain_text("Not sent yet")
    expect(chat.page.locator(".kc-typing")).to_be_hidden()
    chat.page.wait_for_timeout(1500)  # a retry or two fails meanwhile
    expect(chat.bot_messages).to_have_count(0)

    if cut == "server unreachable":
        chat.page.unroute(everything_on_rasa)
    else:
        context.set_offline(False)

    expect(chat.wait_for_bot_messages(2)).to_contain_text("Hello")
    expect(chat.bot_messages.first).to_contain_text(ANESTHESIA_ANSWER)  # in order
    expect(chat.status).to_contain_text("Connected again")
    expect(chat.patient_messages.first).not_to_contain_text("Not sent yet")
    expect(chat.patient_messages).to_have_count(2)


def test_keyboard_only(chat: ChatPage, demo_url: str) -> None:
    chat.goto(demo_url)
    keyboard = chat.page.keyboard
    for _ in range(20):
        keyboard.press("Tab")
        if chat.launcher.evaluate("e => e.getRootNode().activeElement === e"):
            break
    expect(chat.launcher).to_be_focused()

    keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    keyboard.type(ANESTHESIA_QUESTION)
    keyboard.press("Enter")
    chat.wait_for_bot_messages(1)
    expect(chat.input).to_be_focused()

    keyboard.press("Shift+Tab")  # back from the text box to the last reply button
    expect(chat.quick_reply("Walking afterwards")).to_be_focused()
    keyboard.press("Enter")
    expect(chat.wait_for_bot_messages(2)).to_contain_text(WALKING_ANSWER)
    expect(chat.input).to_be_focused()

    keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")
