"""The SMS channel end to end: the real Rasa server and action server, a real
SQLite database, and requests signed exactly as Twilio signs them."""

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator, List, Tuple
from urllib.parse import urlencode

import pytest
import requests

from kyphobot.channels.sms_format import MAX_MESSAGES, fits_one_sms
from kyphobot.clinic import get_clinic
from kyphobot.launcher import Stack, StackConfig, core_services, free_port
from tests.conftest import MODEL_PATH, Bot, wait_for, write_endpoints
from tests.sms.conftest import (
    SmsPoster,
    messages_of,
    new_number,
    signed_headers,
    stored_events,
    user_events,
    without_numbering,
)

pytestmark = pytest.mark.server

ANESTHESIA = (
    "There are two ways. You may get local anesthesia, which numbs the area, along "
    "with medicine to help you relax and feel sleepy. Or you may get general "
    "anesthesia: you are fully asleep and do not feel pain. Your doctor will tell "
    "you which one you will have."
)
PROCEDURE_STEPS = "Here is what happens."
BED_REST = "For the first day or two after the procedure"
EMERGENCY = "This may be an emergency. Call 911 now"
QUESTION = "what kind of anesthesia will I get"


@pytest.fixture(scope="module")
def sms(bot: Bot) -> SmsPoster:
    return SmsPoster(
        bot.rasa_url, bot.sms_public_url, bot.sms_auth_token, bot.sms_account_sid
    )


def assert_phone_sized(bodies: List[str]) -> None:
    assert 0 < len(bodies) <= MAX_MESSAGES
    for body in bodies:
        assert body.strip() and fits_one_sms(body), body


def escalations(bot: Bot, number: str) -> List[sqlite3.Row]:
    with sqlite3.connect(bot.db_path) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT * FROM escalations WHERE conversation_id = ?", (number,)
        ).fetchall()


def test_faq_question_gets_the_anesthesia_answer_as_twiml(
    bot: Bot, sms: SmsPoster
) -> None:
    number = new_number()
    bodies = sms.text(QUESTION, number)
    assert_phone_sized(bodies)
    assert bodies[0].startswith("There are two ways.")
    assert ANESTHESIA in without_numbering(bodies)
    assert "Reply 1 for the steps of the procedure" in bodies[-1]
    assert "Reply 2 for walking afterwards" in bodies[-1]
    assert "STOP" in bodies[-1]  # first contact: how to opt out
    (event,) = user_events(bot.db_path, number)
    assert event["input_channel"] == "sms" and event["text"] == QUESTION


def test_the_opt_out_notice_comes_only_with_the_first_reply(sms: SmsPoster) -> None:
    number = new_number()
    assert "Reply HELP for help" in without_numbering(sms.text(QUESTION, number))
    assert "Reply HELP for help" not in without_numbering(sms.text(QUESTION, number))


def test_forged_or_unsigned_requests_get_403_and_never_reach_the_bot(
    bot: Bot, sms: SmsPoster
) -> None:
    number = new_number()
    form = sms.form(QUESTION, number)
    content = {"Content-Type": "application/x-www-form-urlencoded"}
    tampered = {**form, "Body": "I can't feel my legs"}
    attempts = [
        content,  # no signature at all
        {**content, "X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"},
        signed_headers(sms.public_url, form, "someone-elses-token"),
        signed_headers("https://evil.example/webhooks/sms/webhook", form, sms.token),
    ]
    for headers in attempts:
        response = sms.post_form(form, headers=headers)
        assert response.status_code == 403
        assert "Traceback" not in response.text
    signed_for_other_body = signed_headers(sms.public_url, form, sms.token)
    assert sms.post_form(tampered, headers=signed_for_other_body).status_code == 403
    wrong_account = sms.form(QUESTION, number, account_sid="AC" + "9" * 32)
    assert sms.post_form(wrong_account).status_code == 403
    assert stored_events(bot.db_path, number) == []


def test_a_retried_message_sid_is_answered_and_stored_once(
    bot: Bot, sms: SmsPoster
) -> None:
    number = new_number()
    form = sms.form(QUESTION, number)
    first = sms.post_form(form)
    retry = sms.post_form(form)
    assert first.status_code == retry.status_code == 200
    assert messages_of(first.text) == messages_of(retry.text)
    (event,) = user_events(bot.db_path, number)
    assert event["message_id"] == form["MessageSid"]


def test_simultaneous_retries_run_the_bot_once(bot: Bot, sms: SmsPoster) -> None:
    number = new_number()
    form = sms.form("how long should i stay in bed", number)
    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(lambda _: sms.post_form(form), range(4)))
    replies = {response.text for response in responses}
    assert len(replies) == 1
    assert messages_of(replies.pop())[0].startswith(BED_REST)
    assert len(user_events(bot.db_path, number)) == 1


def test_stop_silences_and_start_brings_answers_back(sms: SmsPoster) -> None:
    number = new_number()
    confirmation = without_numbering(sms.text("Stop", number))
    assert "no more texts" in confirmation and "START" in confirmation
    assert sms.text(" STOP ", number) == []  # one confirmation, then silence
    assert sms.text(QUESTION, number) == []
    assert sms.text("start", number)[0].startswith("Welcome back")
    assert sms.text(QUESTION, number)[0].startswith("There are two ways.")


def test_help_names_the_clinic_and_how_to_stop(sms: SmsPoster) -> None:
    clinic = get_clinic()
    text = without_numbering(sms.text("help", new_number()))
    assert clinic.name in text and clinic.phone in text and "STOP" in text


def test_a_number_picks_the_option_offered_last(bot: Bot, sms: SmsPoster) -> None:
    number = new_number()
    sms.text(QUESTION, number)
    steps = sms.text("1", number)
    assert steps[0].startswith(PROCEDURE_STEPS)
    assert "Reply 2 for bed rest afterwards" in without_numbering(steps)
    chosen = user_events(bot.db_path, number)[-1]
    assert chosen["text"] == "/faq/procedure_steps"
    assert chosen["metadata"]["sms"]["patient_typed"] == "1"
    assert sms.text("2", number)[0].startswith(BED_REST)


def test_emergency_guidance_is_the_first_message(bot: Bot, sms: SmsPoster) -> None:
    number = new_number()
    bodies = sms.text("I can't feel my legs", number)
    assert bodies[0].startswith(EMERGENCY)
    assert_phone_sized(bodies)
    assert not any('emergency": true' in body or "{" in body for body in bodies)
    (row,) = wait_for(lambda: escalations(bot, number))
    assert (row["priority"], row["channel"]) == ("emergency", "sms")


@pytest.mark.parametrize(
    ("body", "media", "expected"),
    [
        ("", 0, "didn't get a question"),
        ("   ", 0, "didn't get a question"),
        ("😀😀😀", 0, "I can only read words"),
        ("", 1, "can't open pictures"),
    ],
)
def test_messages_without_words_get_a_friendly_reply(
    bot: Bot, sms: SmsPoster, body: str, media: int, expected: str
) -> None:
    number = new_number()
    bodies = sms.text(body, number, media=media)
    assert expected in without_numbering(bodies)
    assert get_clinic().emergency_number in without_numbering(bodies)
    assert_phone_sized(bodies)
    assert user_events(bot.db_path, number) == []


def test_a_1600_character_message_is_answered_within_four_texts(
    bot: Bot, sms: SmsPoster
) -> None:
    number = new_number()
    story = ("My mother had the procedure on Monday and she is sore. " * 30)[:1600]
    bodies = sms.text(story, number)
    assert_phone_sized(bodies)
    assert user_events(bot.db_path, number)[0]["text"] == story.strip()


def test_non_utf8_or_incomplete_forms_get_a_clean_400(sms: SmsPoster) -> None:
    number = new_number()
    form = sms.form("hello", number)
    raw = urlencode(form).encode("ascii") + b"&Extra=\xff\xfe"
    response = sms.post_form(form, data=raw)
    assert response.status_code == 400 and "Traceback" not in response.text
    no_sender = sms.form("hello", None)
    response = sms.post_form(no_sender)
    assert response.status_code == 400 and "From" in response.text


def test_server_logs_never_hold_a_full_phone_number(bot: Bot, sms: SmsPoster) -> None:
    number = new_number()
    sms.text("I can't feel my legs", number)
    sms.text("", number, media=1)
    unsigned = {"Content-Type": "application/x-www-form-urlencoded"}
    sms.post_form(sms.form("hello", number), headers=unsigned)  # refused, logged
    logs = [s.log_path.read_text("utf-8") for s in bot.stack.services if s.log_path]
    assert logs and "SMS request refused" in logs[-1]
    for log in logs:
        assert number not in log and number[1:] not in log


@pytest.fixture
def second_server(bot: Bot, tmp_path: Path) -> Iterator[Tuple[SmsPoster, Stack]]:
    """A second Rasa server on the same database and action server."""
    action_port = int(bot.action_url.rsplit(":", 1)[1])
    config = StackConfig(
        model=MODEL_PATH,
        endpoints=write_endpoints(tmp_path / "endpoints.yml", action_port, bot.db_path),
        rasa_port=free_port(),
        action_port=action_port,
        log_dir=tmp_path,
    )
    rasa_only = [s for s in core_services(config) if s.name != "action server"]
    stack = Stack(rasa_only, extra_env=bot.stack.environment)
    stack.start(timeout=240)
    poster = SmsPoster(
        f"http://127.0.0.1:{config.rasa_port}",
        bot.sms_public_url,
        bot.sms_auth_token,
        bot.sms_account_sid,
    )
    try:
        yield poster, stack
    finally:
        stack.stop()


def test_opt_out_survives_a_restart(
    sms: SmsPoster, second_server: Tuple[SmsPoster, Stack]
) -> None:
    other, other_stack = second_server
    number = new_number()
    assert "no more texts" in without_numbering(other.text("UNSUBSCRIBE", number))
    # The server that took the STOP is gone; the one left only has the database.
    other_stack.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(other.base_url, timeout=5)
    assert sms.text(QUESTION, number) == []
    assert sms.text("UNSTOP", number)[0].startswith("Welcome back")
    assert sms.text(QUESTION, number)[0].startswith("There are two ways.")
