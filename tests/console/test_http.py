"""The console over HTTP (Sanic's ASGI test client), a fresh app per test."""

import csv
import datetime as dt
import io
import json
import re

import pytest

from kyphobot.console.schema import sessions
from kyphobot.console.timeutil import utcnow
from kyphobot.escalations import NewEscalation
from tests.console.conftest import (
    ADMIN,
    REVIEWER,
    SMS_NUMBER,
    Sample,
    StaffBrowser,
    audit_actions,
    make_app,
)

SCRIPT = "<script>alert(1)</script>"


def ref_of(html: str, text: str) -> str:
    """The conversation link in the list row that shows ``text``."""
    for row in html.split("<tr")[1:]:
        if text in row:
            return re.search(r'href="/conversations/(\d+)"', row).group(1)
    raise AssertionError(f"{text!r} not listed")


# -- health, headers, errors ---------------------------------------------------


async def test_health_says_ok_and_nothing_else(app) -> None:
    _, response = await app.asgi_client.get("/health")
    assert response.status_code == 200 and response.json == {"status": "ok"}


async def test_pages_need_sign_in_and_come_back_after(app) -> None:
    browser = StaffBrowser(app)
    response = await browser.get("/conversations?channel=sms")
    assert response.status_code == 302
    assert (
        response.headers["location"] == "/login?next=%2Fconversations%3Fchannel%3Dsms"
    )


async def test_every_page_is_hardened(admin: StaffBrowser) -> None:
    for path in ("/", "/login", "/conversations", "/no-such-page"):
        response = await admin.get(path)
        headers = response.headers
        assert "script-src" not in headers["content-security-policy"]
        assert "default-src 'none'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["cache-control"] == "no-store"
        assert headers["x-content-type-options"] == "nosniff"


async def test_errors_are_html_pages_that_reveal_nothing(admin: StaffBrowser) -> None:
    response = await admin.get("/conversations/999999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Traceback" not in response.text and "Page not found" in response.text


# -- sign-in -------------------------------------------------------------------


async def test_session_cookie_is_httponly_strict_and_signed(app) -> None:
    response = await StaffBrowser(app).sign_in(*ADMIN)
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("console_session=")
    assert (
        "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    )


async def test_cookie_is_secure_behind_https(seeded_url) -> None:
    https_app = make_app(seeded_url[0], https=True)
    response = await StaffBrowser(https_app, "https://mockserver:1234").sign_in(*ADMIN)
    assert "Secure" in response.headers["set-cookie"]
    assert response.headers["strict-transport-security"].startswith("max-age=")


@pytest.mark.parametrize(
    ("trusted", "secure"), [(frozenset({"mockserver"}), True), (frozenset(), False)]
)
async def test_forwarded_proto_counts_only_from_a_trusted_proxy(
    seeded_url, trusted, secure: bool
) -> None:
    proxied = make_app(seeded_url[0], trusted_proxies=trusted)
    browser = StaffBrowser(proxied)
    page = await browser.get("/login", headers={"x-forwarded-proto": "https"})
    # The ASGI test client's peer address is "mockserver".
    assert ("Secure" in page.headers["set-cookie"]) is secure


async def test_wrong_password_five_times_locks_the_account(app) -> None:
    browser = StaffBrowser(app)
    statuses = [
        (await browser.sign_in(ADMIN[0], "not my password")).status_code
        for _ in range(5)
    ]
    assert statuses == [401, 401, 401, 401, 429]
    locked = await browser.sign_in(*ADMIN)
    assert locked.status_code == 429 and "locked" in locked.text
    assert "console_session" not in locked.headers.get("set-cookie", "")
    failures = app.ctx.console.audit.list(actions=["sign_in_failed"])[0]
    assert [e.detail for e in failures] == ["locked"] * 2 + ["wrong_password"] * 4


async def test_an_admin_can_unlock_a_locked_reviewer(app, admin: StaffBrowser) -> None:
    locked_out = StaffBrowser(app)
    for _ in range(5):
        await locked_out.sign_in(REVIEWER[0], "wrong")
    await admin.get("/accounts")
    assert "Locked until" in (await admin.get("/accounts")).text
    await admin.post("/accounts/change", {"username": REVIEWER[0], "change": "unlock"})
    assert (await locked_out.sign_in(*REVIEWER)).status_code == 302


async def test_sign_in_without_the_form_token_is_refused(app) -> None:
    _, response = await app.asgi_client.post(
        "/login",
        data={"username": ADMIN[0], "password": ADMIN[1]},
        allow_redirects=False,
    )
    assert response.status_code == 403
    assert "console_session" not in response.headers.get("set-cookie", "")


async def test_next_cannot_send_staff_to_another_site(app) -> None:
    browser = StaffBrowser(app)
    page = await browser.get("/login?next=//evil.example/x")
    assert 'value="/"' in page.text
    _, response = await browser.client.post(
        "/login",
        data={
            "csrf_token": browser.csrf,
            "username": ADMIN[0],
            "password": ADMIN[1],
            "next": "//evil.example",
        },
        allow_redirects=False,
    )
    assert response.headers["location"] == "/"


async def test_sign_out_ends_the_session_on_the_server(
    app, admin: StaffBrowser
) -> None:
    stolen = dict(admin.client.cookies)
    response = await admin.post("/logout", {})
    assert response.headers["location"] == "/login?signed_out=1"
    replay = StaffBrowser(app)
    replay.client.cookies.update(stolen)
    assert (await replay.get("/")).status_code == 302
    assert "sign_out" in audit_actions(app)


async def test_idle_session_expires_and_says_so(app, admin: StaffBrowser) -> None:
    with app.ctx.console.engine.begin() as connection:
        connection.execute(
            sessions.update().values(last_seen_at=utcnow() - dt.timedelta(minutes=31))
        )
    response = await admin.get("/")
    assert response.headers["location"] == "/login?next=%2F&expired=1"
    page = await admin.get(response.headers["location"])
    assert "session ended" in page.text


async def test_session_expires_after_the_absolute_limit_even_when_busy(
    app, admin: StaffBrowser
) -> None:
    with app.ctx.console.engine.begin() as connection:
        connection.execute(
            sessions.update().values(created_at=utcnow() - dt.timedelta(hours=13))
        )
    assert (await admin.get("/")).status_code == 302


# -- CSRF and roles ------------------------------------------------------------


async def test_form_post_without_csrf_token_changes_nothing(
    app, admin: StaffBrowser
) -> None:
    for data, csrf in (
        ({"status": "resolved", "note": "x"}, False),
        ({"status": "resolved", "note": "x", "csrf_token": "forged"}, False),
    ):
        response = await admin.post("/escalations/1/status", data, csrf=csrf)
        assert response.status_code == 403 and "expired" in response.text
    assert app.ctx.console.escalations.get(1).status == "open"
    assert app.ctx.console.escalations.history(1) == []


async def test_csrf_token_of_another_session_is_refused(
    app, admin: StaffBrowser, reviewer: StaffBrowser
) -> None:
    response = await reviewer.post(
        "/escalations/1/status",
        {"status": "resolved", "note": "x", "csrf_token": admin.csrf},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/exports", "/accounts", "/audit"])
async def test_reviewer_cannot_open_admin_pages(
    reviewer: StaffBrowser, path: str
) -> None:
    response = await reviewer.get(path)
    assert response.status_code == 403 and "Only administrators" in response.text


async def test_reviewer_cannot_export_or_create_accounts(
    app, reviewer: StaffBrowser
) -> None:
    export = await reviewer.post("/exports", {"format": "csv"})
    nlu = await reviewer.post("/unanswered/export", {"message": "e1"})
    create = await reviewer.post(
        "/accounts",
        {
            "username": "mallory",
            "role": "admin",
            "password": "p" * 12,
            "again": "p" * 12,
        },
    )
    assert (export.status_code, nlu.status_code, create.status_code) == (403, 403, 403)
    assert app.ctx.console.accounts.get_by_username("mallory") is None
    assert "export" not in audit_actions(app)
    page = await reviewer.get("/")
    assert 'href="/exports"' not in page.text and 'href="/accounts"' not in page.text


# -- queue ----------------------------------------------------------------------


async def test_queue_puts_the_emergency_first(admin: StaffBrowser) -> None:
    page = await admin.get("/")
    rows = page.text.split("<tbody>")[1].split("<tr")[1:]
    assert "I can&#39;t feel my legs" in rows[0] and 'class="emergency"' in rows[0]
    assert "Red-flag symptom" in rows[0] and "SMS" in rows[0]
    assert [("How much does it COST?" in r) for r in rows].index(True) > 0
    assert "1 emergency escalation waiting" in page.text


async def test_resolving_needs_a_note_and_keeps_who_did_it(
    app, admin: StaffBrowser
) -> None:
    await admin.get("/escalations/2")
    refused = await admin.post(
        "/escalations/2/status", {"status": "resolved", "note": " "}
    )
    assert refused.status_code == 400 and "Write a note" in refused.text
    done = await admin.post(
        "/escalations/2/status",
        {"status": "resolved", "note": "Called back; advised ER."},
    )
    assert done.headers["location"] == "/?updated=2"
    queue = await admin.follow(done)
    assert "I can&#39;t feel my legs" not in queue.text  # resolved leaves the queue
    page = await admin.get("/escalations/2")
    assert ADMIN[0] in page.text and "Called back; advised ER." in page.text
    (entry,) = app.ctx.console.audit.list(actions=["escalation_status"])[0]
    assert (entry.actor, entry.target, entry.detail) == (
        ADMIN[0],
        "escalation:2",
        "open -> resolved",
    )
    resolved = await admin.get("/?view=resolved")
    assert "I can&#39;t feel my legs" in resolved.text


async def test_escalation_names_the_topic_the_guide_does_not_cover(
    admin: StaffBrowser,
) -> None:
    cost = await admin.get("/escalations/1")
    assert "Not in the guide" in cost.text and ">cost</span>" in cost.text
    unclear = await admin.get("/escalations/3")
    assert "Not in the guide" not in unclear.text


async def test_reviewer_can_handle_escalations(app, reviewer: StaffBrowser) -> None:
    await reviewer.get("/escalations/1")
    response = await reviewer.post(
        "/escalations/1/status", {"status": "in_progress", "note": ""}
    )
    assert response.status_code == 302
    assert app.ctx.console.escalations.get(1).status == "in_progress"


# -- conversations ---------------------------------------------------------------


async def test_list_masks_phone_numbers_and_filters(admin: StaffBrowser) -> None:
    page = await admin.get("/conversations")
    assert SMS_NUMBER not in page.text and "+*********67" in page.text
    sms = await admin.get("/conversations?channel=sms")
    assert "+*********67" in sms.text and "will I be asleep" not in sms.text
    searched = await admin.get("/conversations?q=cost")
    assert (
        "How much does it COST?" in searched.text
        and "will I be asleep" not in searched.text
    )
    flagged = await admin.get("/conversations?flag=clarification")
    assert "what about the thing" in flagged.text and "How much" not in flagged.text


async def test_bad_filter_values_fall_back_with_a_message(admin: StaffBrowser) -> None:
    page = await admin.get(
        "/conversations?from=yesterday&channel=fax&flag=bogus&page=x"
    )
    assert page.status_code == 200 and "Dates must look like" in page.text
    assert "will I be asleep" in page.text


async def test_transcript_shows_full_number_intents_and_confidences_and_is_audited(
    app, admin: StaffBrowser
) -> None:
    ref = ref_of((await admin.get("/conversations")).text, "+*********67")
    page = await admin.get(f"/conversations/{ref}")
    assert f'href="tel:{SMS_NUMBER}"' in page.text
    assert "report_emergency" in page.text and "leg_numbness_weakness" in page.text
    assert (
        "utter_emergency" in page.text
        and "Emergency flagged to clinic staff" in page.text
    )
    faq = await admin.get(
        f"/conversations/{ref_of((await admin.get('/conversations')).text, 'asleep')}"
    )
    assert (
        "faq/anesthesia" in faq.text
        and "0.97" in faq.text
        and "utter_faq/anesthesia" in faq.text
    )
    views = app.ctx.console.audit.list(actions=["view_conversation"])[0]
    assert views[-1].target == f"conversation:{ref}" and views[-1].detail == SMS_NUMBER
    assert views[-1].actor == ADMIN[0]


async def test_patient_markup_is_shown_as_text_everywhere(
    app, admin: StaffBrowser
) -> None:
    app.ctx.console.escalations.record(
        NewEscalation(Sample.script, "rest", "low_confidence", SCRIPT)
    )
    listing = await admin.get("/conversations")
    pages = [
        listing,
        await admin.get("/"),
        await admin.get(f"/conversations/{ref_of(listing.text, '&lt;script&gt;')}"),
        await admin.get("/unanswered"),
    ]
    for page in pages:
        assert SCRIPT not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


# -- unanswered and exports -------------------------------------------------------


async def test_unanswered_report_groups_and_counts(app, admin: StaffBrowser) -> None:
    from tests.console.seed import Patient, Seeder

    seeder = Seeder(app.ctx.console.settings.db_url)
    seeder.save(
        "web-more-cost", [Patient("how much does it cost me", "out_of_scope", 0.97)]
    )
    seeder.close()
    page = await admin.get("/unanswered")
    counts = re.findall(r'<span class="count">(\d+)×</span>', page.text)
    assert counts[0] == "2" and sorted(counts, reverse=True) == counts
    first_group = page.text.split('class="card group"')[1]
    assert (
        "how much does it cost me" in first_group
        and "How much does it COST?" in first_group
    )


async def test_nlu_export_gives_rasa_training_data_for_chosen_messages(
    app, admin: StaffBrowser
) -> None:
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    page = await admin.get("/unanswered")
    found = re.findall(
        r'value="([ex]\d+)"> <span class="text">([^<]+)</span>', page.text
    )
    keys = {text: key for key, text in found}
    chosen = [keys["How much does it COST?"], keys["what about the thing"]]
    response = await admin.post("/unanswered/export", {"message": chosen})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    data = RasaYAMLReader().reads(response.text)
    assert {(m.get("intent"), m.get("text")) for m in data.training_examples} == {
        ("label_me", "How much does it COST?"),
        ("label_me", "what about the thing"),
    }
    (entry,) = app.ctx.console.audit.list(actions=["export"])[0]
    assert entry.target == "nlu" and entry.detail.startswith("2 unanswered messages")


async def test_csv_export_masks_by_default_and_neutralises_formulas(
    app, admin: StaffBrowser
) -> None:
    from tests.console.seed import Patient, Seeder

    seeder = Seeder(app.ctx.console.settings.db_url)
    seeder.save(
        "web-formula",
        [Patient('=HYPERLINK("http://evil.example","x")', "out_of_scope")],
    )
    seeder.close()
    await admin.get("/exports")
    response = await admin.post("/exports", {"format": "csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert SMS_NUMBER not in response.text
    formula = next(r for r in rows if "HYPERLINK" in r["text"])
    assert formula["text"].startswith("'=")
    faq = next(r for r in rows if r["text"] == "will I be asleep for it")
    assert (faq["intent"], faq["faq_key"], faq["speaker"]) == (
        "faq",
        "faq/anesthesia",
        "patient",
    )
    assert faq["time"].endswith(("-04:00", "-05:00"))  # clinic time, with offset
    answer = next(r for r in rows if r["answer_key"] == "utter_faq/anesthesia")
    assert answer["speaker"] == "bot"


async def test_jsonl_export_with_contact_details_when_asked(
    app, admin: StaffBrowser
) -> None:
    await admin.get("/exports")
    response = await admin.post("/exports", {"format": "jsonl", "contact": "yes"})
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert {line["conversation"] for line in lines} >= {SMS_NUMBER, Sample.faq}
    sms = next(line for line in lines if line["conversation"] == SMS_NUMBER)
    assert sms["channel"] == "sms" and sms["turns"][0]["intent"] == "report_emergency"
    (entry,) = app.ctx.console.audit.list(actions=["export"])[0]
    assert entry.target == "jsonl" and "contact details included" in entry.detail


# -- accounts and audit -------------------------------------------------------------


async def test_admin_creates_an_account_that_can_sign_in(
    app, admin: StaffBrowser
) -> None:
    await admin.get("/accounts")
    password = "first password 42"
    response = await admin.post(
        "/accounts",
        {
            "username": "Pat.Nurse",
            "role": "reviewer",
            "password": password,
            "again": password,
        },
    )
    assert response.headers["location"] == "/accounts?done=1"
    assert (await StaffBrowser(app).sign_in("pat.nurse", password)).status_code == 302


async def test_the_last_admin_cannot_lock_everyone_out(
    app, admin: StaffBrowser
) -> None:
    await admin.get("/accounts")
    response = await admin.post(
        "/accounts/change", {"username": ADMIN[0], "change": "disable"}
    )
    assert response.status_code == 400 and "own account" in response.text
    assert app.ctx.console.accounts.get_by_username(ADMIN[0]).active


async def test_disabling_an_account_signs_it_out_at_once(
    app, admin: StaffBrowser, reviewer: StaffBrowser
) -> None:
    await admin.get("/accounts")
    await admin.post("/accounts/change", {"username": REVIEWER[0], "change": "disable"})
    assert (await reviewer.get("/")).status_code == 302


async def test_audit_log_shows_sign_ins_views_changes_and_exports(
    app, admin: StaffBrowser
) -> None:
    await StaffBrowser(app).sign_in(ADMIN[0], "wrong password")
    ref = ref_of((await admin.get("/conversations")).text, "asleep")
    await admin.get(f"/conversations/{ref}")
    await admin.get("/escalations/1")
    await admin.post(
        "/escalations/1/status", {"status": "in_progress", "note": "calling"}
    )
    await admin.get("/exports")
    await admin.post("/exports", {"format": "csv"})
    page = await admin.get("/audit")
    for action in (
        "sign in",
        "sign in failed",
        "view conversation",
        "escalation status",
        "export",
    ):
        assert f"<td>{action}</td>" in page.text
    assert SMS_NUMBER not in page.text
    only_views = await admin.get("/audit?action=view_conversation")
    assert "<td>export</td>" not in only_views.text


async def test_password_change_needs_the_current_password(
    app, reviewer: StaffBrowser
) -> None:
    await reviewer.get("/password")
    wrong = await reviewer.post(
        "/password", {"current": "nope", "new": "n" * 14, "again": "n" * 14}
    )
    assert wrong.status_code == 400
    await reviewer.get("/password")
    done = await reviewer.post(
        "/password",
        {
            "current": REVIEWER[1],
            "new": "brand new password",
            "again": "brand new password",
        },
    )
    assert done.headers["location"] == "/password?done=1"
    assert (await reviewer.get("/")).status_code == 200  # still signed in here
    assert (
        await StaffBrowser(app).sign_in(REVIEWER[0], "brand new password")
    ).status_code == 302


async def test_pages_link_to_each_other_keeping_the_filters(seeded_url) -> None:
    small_pages = make_app(seeded_url[0], page_size=2)
    browser = StaffBrowser(small_pages)
    await browser.sign_in(*ADMIN)
    first = await browser.get("/conversations?channel=web")
    assert "Page 1 of 2" in first.text  # four web conversations
    older = re.search(r'href="(/conversations\?[^"]+)" rel="next"', first.text).group(1)
    assert "channel=web" in older and "page=2" in older
    second = await browser.get(older.replace("&amp;", "&"))
    assert "Page 2 of 2" in second.text and "+*********67" not in second.text


@pytest.mark.postgres
async def test_console_works_on_postgresql() -> None:
    from tests.console.conftest import postgres_database, seed_sample

    databases = postgres_database()
    url = next(databases)
    try:
        seed_sample(url)
        app = make_app(url)
        browser = StaffBrowser(app)
        assert (await browser.sign_in(*ADMIN)).status_code == 302
        queue = await browser.get("/")
        assert (
            "I can&#39;t feel my legs"
            in queue.text.split("<tbody>")[1].split("</tr>")[0]
        )
        ref = ref_of((await browser.get("/conversations")).text, "+*********67")
        page = await browser.get(f"/conversations/{ref}")
        assert f"tel:{SMS_NUMBER}" in page.text
        await browser.get("/escalations/2")
        done = await browser.post(
            "/escalations/2/status", {"status": "resolved", "note": "ok"}
        )
        assert done.status_code == 302
        assert audit_actions(app)[:2] == ["escalation_status", "view_conversation"]
        app.ctx.console.engine.dispose()
    finally:
        next(databases, None)
