"""Small pieces with sharp edges: CSV cells, NLU YAML, grouping, settings, times."""

import datetime as dt
import logging

import pytest
import yaml
from zoneinfo import ZoneInfo

from kyphobot.console.exports import neutralise_cell, nlu_yaml, training_example
from kyphobot.console.settings import ConsoleSettings, SettingsError
from kyphobot.console.similarity import group_similar
from kyphobot.console.timeutil import format_local, local_day_bounds

NEW_YORK = ZoneInfo("America/New_York")
SECRET = "s" * 40


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+15551234567", "'+15551234567"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("how much = cost", "how much = cost"),
        (None, ""),
        (0.5, "0.5"),
    ],
)
def test_csv_cells_never_start_a_formula(value, expected: str) -> None:
    assert neutralise_cell(value) == expected


def test_training_examples_have_no_contact_details_or_entity_markup() -> None:
    example = training_example("call me  at\n555-123-4567 about [cost](money) {x}")
    assert "555-123" not in example and "[" not in example and "{" not in example
    assert "\n" not in example and "  " not in example


def test_nlu_yaml_is_valid_rasa_3_data_with_a_placeholder_intent() -> None:
    text = nlu_yaml(
        ["How much?", "How much?", "- is it: safe #1", ""], dt.datetime(2025, 1, 2)
    )
    data = yaml.safe_load(text)
    assert data["version"] == "3.1"
    (intent,) = data["nlu"]
    assert intent["intent"] == "label_me"
    assert intent["examples"].splitlines() == ["- How much?", "- - is it: safe #1"]


def test_similar_questions_share_a_group_and_big_groups_come_first() -> None:
    texts = [
        "can I drive after the surgery",
        "how much does it cost",
        "how much does kyphoplasty cost?",
        "how much does it cost me",
        "when can i drive after kyphoplasty",
        "is my dog allowed on the bed",
    ]
    groups = [sorted(texts[i] for i in g) for g in group_similar(texts)]
    assert groups[0] == sorted(texts[1:4])
    assert sorted(texts[i] for i in (0, 4)) in groups
    assert ["is my dog allowed on the bed"] in groups
    assert group_similar([]) == [] and group_similar(["one"]) == [[0]]


def test_clinic_days_and_times_are_new_york_by_default() -> None:
    start, end = local_day_bounds(dt.date(2025, 7, 4), dt.date(2025, 7, 4), NEW_YORK)
    assert (start.hour, end - start) == (4, dt.timedelta(days=1))  # EDT is UTC-4
    winter = dt.datetime(2025, 1, 15, 19, 5, tzinfo=dt.timezone.utc)
    assert format_local(winter, NEW_YORK) == "Jan 15, 2025 2:05 PM EST"


def test_settings_from_the_environment() -> None:
    settings = ConsoleSettings.from_env(
        {
            "CONSOLE_SECRET_KEY": SECRET,
            "KYPHOBOT_DB_URL": "postgresql://u@db/kypho",
            "CONSOLE_PORT": "9000",
            "CLINIC_TIMEZONE": "America/Chicago",
            "CONSOLE_TRUSTED_PROXIES": "10.0.0.2, 10.0.0.3",
            "CONSOLE_HTTPS": "true",
            "CONSOLE_IDLE_MINUTES": "15",
        }
    )
    assert settings.secret_key == SECRET.encode() and not settings.secret_generated
    assert (settings.db_url, settings.port, settings.timezone.key) == (
        "postgresql://u@db/kypho",
        9000,
        "America/Chicago",
    )
    assert settings.trusted_proxies == {"10.0.0.2", "10.0.0.3"} and settings.https
    assert settings.idle_timeout == dt.timedelta(minutes=15)
    defaults = ConsoleSettings.from_env({"CONSOLE_SECRET_KEY": SECRET})
    assert (defaults.port, defaults.timezone.key, defaults.db_url) == (
        8081,
        "America/New_York",
        "sqlite:///var/kyphobot.db",
    )


def test_missing_secret_in_development_is_random_and_warned(caplog) -> None:
    first, second = ConsoleSettings.from_env({}), ConsoleSettings.from_env({})
    assert first.secret_generated and first.secret_key != second.secret_key
    with caplog.at_level(logging.WARNING):
        first.warn_if_insecure()
    assert "CONSOLE_SECRET_KEY is not set" in caplog.text


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"CONSOLE_HTTPS": "1"}, "must be set when CONSOLE_HTTPS"),
        ({"CONSOLE_SECRET_KEY": "short"}, "at least 32"),
        (
            {"CONSOLE_SECRET_KEY": SECRET, "CLINIC_TIMEZONE": "Mars/Olympus"},
            "time zone",
        ),
        ({"CONSOLE_SECRET_KEY": SECRET, "CONSOLE_PORT": "eighty"}, "number"),
    ],
)
def test_bad_settings_stop_the_console(env, problem: str) -> None:
    with pytest.raises(SettingsError, match=problem):
        ConsoleSettings.from_env(env)
