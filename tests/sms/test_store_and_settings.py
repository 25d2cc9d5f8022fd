"""The SMS store on a temporary SQLite file, the settings, and the keywords."""

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import List

import pytest
import sqlalchemy as sa

from kyphobot.channels.sms_config import (
    DEFAULT_REPLY_TIMEOUT,
    MAX_REPLY_TIMEOUT,
    SmsSettings,
)
from kyphobot.channels.sms_format import Option
from kyphobot.channels.sms_store import ClaimResult, SmsStore
from kyphobot.channels.sms_texts import carrier_keyword, has_words
from kyphobot.escalations import utcnow


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'kyphobot.db'}"


def test_tables_are_created_on_first_use_not_before(url: str) -> None:
    store = SmsStore.from_url(url)
    assert sa.inspect(store.engine).get_table_names() == []
    store.number("+15550001111")
    assert {"sms_messages", "sms_numbers"} <= set(
        sa.inspect(store.engine).get_table_names()
    )


def test_a_message_sid_is_claimed_once_then_replayed(url: str) -> None:
    store = SmsStore.from_url(url)
    assert store.claim("SM1", "+15550001111") == (ClaimResult.NEW, None)
    assert store.claim("SM1", "+15550001111") == (ClaimResult.PROCESSING, None)
    store.finish("SM1", ["Hello.", "Ünïcode 😀"])
    assert SmsStore.from_url(url).claim("SM1", "+15550001111") == (
        ClaimResult.DONE,
        ["Hello.", "Ünïcode 😀"],
    )


def test_simultaneous_claims_let_exactly_one_through(url: str) -> None:
    store = SmsStore.from_url(url)
    store.number("+15550001111")  # create the tables first
    results: List[ClaimResult] = []
    barrier = threading.Barrier(8)

    def claim() -> None:
        barrier.wait()
        results.append(store.claim("SM2", "+15550001111")[0])

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(ClaimResult.NEW) == 1
    assert results.count(ClaimResult.PROCESSING) == 7


def test_opt_out_is_kept_and_confirmed_once(url: str) -> None:
    store = SmsStore.from_url(url)
    number = "+15550001111"
    assert store.set_opted_out(number, True) is True
    assert store.set_opted_out(number, True) is False
    assert SmsStore.from_url(url).number(number).opted_out  # a new process sees it
    assert store.set_opted_out(number, False) is True
    assert not store.number(number).opted_out
    assert store.set_opted_out("+15550002222", False) is False  # never opted out


def test_options_and_welcome_are_remembered_per_number(url: str) -> None:
    store = SmsStore.from_url(url)
    options = [
        Option("Anesthesia", "/faq/anesthesia"),
        Option("Bed rest", "/faq/bed_rest"),
    ]
    store.remember_options("+15550001111", options)
    store.mark_welcomed("+15550001111")
    state = store.number("+15550001111")
    assert list(state.options) == options and state.welcomed
    assert store.number("+15550002222").options == ()
    store.remember_options("+15550001111", [])
    assert store.number("+15550001111").options == ()
    assert store.number("+15550001111").welcomed


def test_old_answered_messages_are_forgotten(url: str) -> None:
    store = SmsStore.from_url(url)
    store.claim("SM3", "+15550001111")
    store.finish("SM3", ["Hi."])
    store.claim("SM4", "+15550001111")  # still processing: kept
    assert store.forget_before(utcnow() - dt.timedelta(days=1)) == 0
    assert store.forget_before(utcnow() + dt.timedelta(seconds=1)) == 1
    assert store.reply_for("SM3") is None
    assert store.claim("SM4", "+15550001111")[0] is ClaimResult.PROCESSING


# --- Settings -----------------------------------------------------------------


def test_no_twilio_settings_means_refusing_not_crashing() -> None:
    settings = SmsSettings.from_sources(None, {})
    assert len(settings.refusal_reasons()) == 2
    assert not settings.can_send_later


def test_the_environment_configures_and_wins_over_the_file() -> None:
    settings = SmsSettings.from_sources(
        {"public_url": "https://old.example/webhooks/sms/webhook", "reply_timeout": 5},
        {"TWILIO_AUTH_TOKEN": "secret", "SMS_PUBLIC_URL": "https://new.example/hook"},
    )
    assert settings.auth_token == "secret"
    assert settings.public_url == "https://new.example/hook"
    assert settings.reply_timeout == 5
    assert settings.refusal_reasons() == []
    assert "secret" not in repr(settings)


def test_a_token_in_credentials_yml_is_ignored_loudly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR):
        settings = SmsSettings.from_sources({"auth_token": "committed!"}, {})
    assert settings.auth_token is None
    assert "auth_token" in caplog.text and "committed!" not in caplog.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, DEFAULT_REPLY_TIMEOUT),
        ("abc", DEFAULT_REPLY_TIMEOUT),
        (-1, DEFAULT_REPLY_TIMEOUT),
        (60, MAX_REPLY_TIMEOUT),
        ("3.5", 3.5),
    ],
)
def test_reply_timeout_stays_within_twilios_limit(
    value: object, expected: float
) -> None:
    assert (
        SmsSettings.from_sources({"reply_timeout": value}, {}).reply_timeout == expected
    )


def test_the_per_number_limit_is_configurable() -> None:
    assert SmsSettings.from_sources(None, {}).messages_per_minute_per_number == 10
    credentials = {"messages_per_minute_per_number": 0}
    assert SmsSettings.from_sources(credentials, {}).messages_per_minute_per_number == 0
    env = {"SMS_MESSAGES_PER_MINUTE_PER_NUMBER": "many"}
    assert SmsSettings.from_sources(None, env).messages_per_minute_per_number == 10


def test_rest_replies_need_an_account_and_a_sender() -> None:
    env = {"TWILIO_AUTH_TOKEN": "t", "SMS_REST_REPLIES": "true"}
    assert not SmsSettings.from_sources(None, env).can_send_later
    env.update(TWILIO_ACCOUNT_SID="AC1", TWILIO_MESSAGING_SERVICE_SID="MG1")
    assert SmsSettings.from_sources(None, env).can_send_later


def test_the_development_switch_is_never_on_by_default() -> None:
    assert not SmsSettings.from_sources(
        {"skip_signature_check": True}, {}
    ).skip_signature_check
    assert SmsSettings.from_sources(
        None, {"SMS_SKIP_SIGNATURE_CHECK": "1"}
    ).skip_signature_check


# --- Keywords -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("STOP", "stop"),
        ("stop", "stop"),
        (" Stop. ", "stop"),
        ("s t o p", "stop"),
        ("Stop All", "stop"),
        ("unsubscribe", "stop"),
        ("Cancel", "stop"),
        ("END", "stop"),
        ("quit!", "stop"),
        ("start", "start"),
        ("UNSTOP", "start"),
        ("help", "help"),
        ("Info", "help"),
        ("please stop the pain", None),
        ("help me, my legs are numb", None),
        ("stopped", None),
        ("", None),
    ],
)
def test_carrier_keywords(text: str, keyword: object) -> None:
    assert carrier_keyword(text) == keyword


@pytest.mark.parametrize(
    ("text", "words"),
    [("😀👍", False), ("?!...", False), ("ok 👍", True), ("1", True), ("¿Qué?", True)],
)
def test_has_words(text: str, words: bool) -> None:
    assert has_words(text) is words
