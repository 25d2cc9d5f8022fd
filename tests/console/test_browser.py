"""Staff use the console in a real browser, on conversations the real bot had.

The bot (Rasa server + action server) answers a web FAQ, escalates a cost
question, flags "I can't feel my legs" as an emergency and takes an SMS
signed as Twilio signs it; the console runs as its own process on the same
database, started the way ``make run`` starts it.
"""

import csv
import io
import re
from pathlib import Path
from typing import Any, Iterator, Tuple

import pytest

from kyphobot.privacy import mask_phone
from tests.conftest import Bot
from tests.console.live import (
    ADMIN,
    REVIEWER,
    LiveConsole,
    Scenario,
    create_conversations,
    create_staff,
    escalation_ids,
    sign_in,
    start_console,
)

pytestmark = [pytest.mark.server, pytest.mark.browser]

LOCKED = ("lee.locked", "locked out password 1")


@pytest.fixture(scope="module")
def live(
    bot: Bot, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Tuple[LiveConsole, Scenario]]:
    sms = {
        "public_url": bot.sms_public_url,
        "token": bot.sms_auth_token,
        "account_sid": bot.sms_account_sid,
    }
    scenario = create_conversations(bot.rasa_url, bot.db_path, sms)
    console = start_console(bot.db_path, tmp_path_factory.mktemp("console-logs"))
    for (username, password), role in (
        (ADMIN, "admin"),
        (REVIEWER, "reviewer"),
        (LOCKED, "reviewer"),
    ):
        create_staff(console.db_url, username, role, password)
    try:
        yield console, scenario
    finally:
        console.stop()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser profile per test: no cookies carried over."""
    context = chromium.new_context(accept_downloads=True)
    page = context.new_page()
    page.dialogs = []
    page.on(
        "dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss())
    )
    yield page
    context.close()


def as_admin(page: Any, console: LiveConsole) -> Any:
    sign_in(page, console.url, *ADMIN)
    page.wait_for_selector("h1:has-text('Escalations')")
    return page


def test_emergency_comes_first_and_is_resolved_with_a_note(
    page: Any, live, bot: Bot
) -> None:
    console, scenario = live
    (ours,) = escalation_ids(bot.db_path, scenario.emergency)
    as_admin(page, console)
    rows = page.locator("table.queue tbody tr")
    classes = [rows.nth(i).get_attribute("class") for i in range(rows.count())]
    assert classes[0] == "emergency"
    assert classes == sorted(classes)  # every emergency before every normal row
    our_row = page.locator(f"tr:has(a[href='/escalations/{ours}'])")
    assert our_row.get_attribute("class") == "emergency"
    assert "I can't feel my legs" in our_row.inner_text()
    assert (
        "Web chat" in our_row.inner_text()
        and "Red-flag symptom" in our_row.inner_text()
    )

    our_row.locator("a.button").click()
    page.check("input[name=status][value=resolved]")
    page.fill("#note", "Called the patient; ambulance on the way.")
    page.click("button:has-text('Save')")
    assert page.locator(".notice").inner_text() == f"Escalation #{ours} was updated."
    assert page.locator(f"a[href='/escalations/{ours}']").count() == 0

    page.click("a:has-text('Resolved')")
    page.click(f"a[href='/escalations/{ours}']")
    history = page.locator("table.list").inner_text()
    assert (
        ADMIN[0] in history and "Called the patient; ambulance on the way." in history
    )


def test_filter_search_and_read_a_transcript(page: Any, live) -> None:
    console, scenario = live
    as_admin(page, console)
    page.click("nav >> text=Conversations")
    page.select_option("#channel", "sms")
    page.click("button:has-text('Show')")
    listing = page.locator("table.list").inner_text()
    assert mask_phone(scenario.sms_number) in listing
    assert scenario.sms_number not in page.content()
    assert scenario.faq not in listing

    page.select_option("#channel", "")
    page.fill("#q", "ANESTHESIA")
    page.click("button:has-text('Show')")
    assert page.locator("table.list tbody tr").count() >= 1
    page.click(f"tr:has-text('{scenario.faq}') >> a.button")
    transcript = page.locator(".transcript").inner_text()
    assert "what kind of anesthesia will I get?" in transcript
    assert re.search(
        r"Intent faq\s+\d\.\d\d\s+· FAQ faq/anesthesia\s+\d\.\d\d", transcript
    )
    assert "Answer utter_faq/anesthesia" in transcript
    assert "Tapped a button: /faq/procedure_steps" in transcript

    page.goto(f"{console.url}/conversations?flag=emergency")
    page.click(f"tr:has-text('{scenario.emergency}') >> a.button")
    assert "report_emergency" in page.locator(".transcript").inner_text()
    assert page.locator(".turn.patient.emergency").count() >= 1


def test_sms_conversation_shows_the_full_number_only_in_the_transcript(
    page: Any, live
) -> None:
    console, scenario = live
    as_admin(page, console)
    page.goto(f"{console.url}/conversations?channel=sms&q=medicare")
    page.click("table.list a.button")
    assert page.locator("a.phone").inner_text() == scenario.sms_number
    assert page.locator("a.phone").get_attribute("href") == f"tel:{scenario.sms_number}"
    assert (
        "how much does it cost with medicare?"
        in page.locator(".transcript").inner_text()
    )
    page.goto(f"{console.url}/")  # the queue lists the SMS escalation, masked
    assert "how much does it cost with medicare?" in page.content()
    assert scenario.sms_number not in page.content()


def test_admin_exports_csv_and_finds_it_in_the_audit_log(page: Any, live) -> None:
    console, scenario = live
    as_admin(page, console)
    page.goto(f"{console.url}/conversations?q=anesthesia")
    page.click(f"tr:has-text('{scenario.faq}') >> a.button")
    page.click("nav >> text=Exports")
    with page.expect_download() as download:
        page.click("button:has-text('Download')")
    body = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    faq = [r for r in rows if r["conversation"] == scenario.faq]
    assert faq[0]["text"] == "what kind of anesthesia will I get?"
    assert (
        faq[0]["faq_key"] == "faq/anesthesia"
        and float(faq[0]["intent_confidence"]) > 0.5
    )
    assert scenario.sms_number not in body

    page.click("nav >> text=Audit log")
    log = page.locator("table.audit").inner_text()
    for action in ("sign in", "view conversation", "export"):
        assert action in log
    assert "csv" in log and ADMIN[0] in log


def test_reviewer_cannot_export_or_manage_accounts(page: Any, live) -> None:
    console, _ = live
    sign_in(page, console.url, *REVIEWER)
    assert page.locator("nav >> text=Conversations").count() == 1
    assert page.locator("nav >> text=Exports").count() == 0
    assert page.locator("nav >> text=Accounts").count() == 0
    for path in ("/exports", "/accounts", "/audit"):
        response = page.goto(f"{console.url}{path}")
        assert response.status == 403
        assert "Only administrators" in page.inner_text("main")
    page.goto(f"{console.url}/unanswered")
    assert page.locator("button:has-text('Download as Rasa NLU examples')").count() == 0


def test_five_wrong_passwords_lock_the_account(page: Any, live) -> None:
    console, _ = live
    for _ in range(5):
        sign_in(page, console.url, LOCKED[0], "not the password")
    assert "locked" in page.inner_text(".error")
    sign_in(page, console.url, *LOCKED)
    assert "locked" in page.inner_text(".error")
    assert page.url.startswith(f"{console.url}/login")


def test_form_post_without_the_csrf_token_is_refused(page: Any, live, bot: Bot) -> None:
    console, scenario = live
    (escalation,) = escalation_ids(bot.db_path, scenario.cost)
    as_admin(page, console)
    forged = page.request.post(
        f"{console.url}/escalations/{escalation}/status",
        form={"status": "resolved", "note": "forged"},
    )
    assert forged.status == 403
    page.goto(f"{console.url}/escalations/{escalation}")
    assert page.locator(".status").first.inner_text() == "Open"


def test_script_message_is_shown_as_text_and_never_runs(page: Any, live) -> None:
    console, scenario = live
    as_admin(page, console)
    page.goto(f"{console.url}/conversations?q=script")
    page.click(f"tr:has-text('{scenario.script}') >> a.button")
    patient = page.locator(".turn.patient .text").first
    assert patient.inner_text() == "<script>alert(1)</script>"
    page.goto(f"{console.url}/unanswered")
    assert page.locator("text=<script>alert(1)</script>").count() >= 1
    assert page.locator("script").count() == 0
    assert page.dialogs == []
