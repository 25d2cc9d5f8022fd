"""Custom actions, run with rasa-sdk's Tracker and CollectingDispatcher."""

from pathlib import Path
from typing import Any, Dict, List

import pytest
import textstat
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.clarify import CLARIFY_QUESTION, ActionClarify
from actions.emergency import ActionEmergency, translated_guidance
from actions.escalation import IF_IT_HAPPENS, ActionEscalate, escalation_reason
from actions.store import get_store
from kyphobot.clinic import get_clinic
from tests.conftest import make_tracker


def faq_ranking(*pairs: Any) -> Dict[str, Any]:
    return {
        "response_selector": {
            "faq": {
                "ranking": [
                    {"intent_response_key": f"faq/{key}", "confidence": confidence}
                    for key, confidence in pairs
                ]
            }
        }
    }


CLARIFY_EVENTS: List[Dict[str, Any]] = [
    {"event": "user", "text": "what about the glue thing"},
    {"event": "action", "name": "action_clarify"},
    {"event": "bot", "text": CLARIFY_QUESTION},
    {"event": "action", "name": "action_listen"},
]


@pytest.mark.parametrize(
    "intent, events, reason",
    [
        ("request_human", [], "asked_for_person"),
        ("out_of_scope", [], "out_of_scope"),
        ("nlu_fallback", [], "low_confidence"),
        ("deny", CLARIFY_EVENTS, "clarification_failed"),
        ("nlu_fallback", CLARIFY_EVENTS, "clarification_failed"),
        ("greet", [], "unexpected_turn"),
    ],
)
def test_escalation_reason_reads_the_conversation(
    intent: str, events: list, reason: str
) -> None:
    assert escalation_reason(make_tracker("x", intent, events=events)) == reason


async def test_escalate_records_who_what_where_and_why(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker("how much does it cost?", "out_of_scope", sender_id="web-1")
    assert await ActionEscalate().run(dispatcher, tracker, {}) == []
    assert dispatcher.messages == []  # the rule already answered the patient
    (row,) = get_store().list()
    assert (row.conversation_id, row.channel, row.reason, row.priority) == (
        "web-1",
        "rest",
        "out_of_scope",
        "normal",
    )
    assert row.patient_message == "how much does it cost?"
    assert row.status == "open" and row.created_at.tzinfo is not None
    assert row.details == {}


async def test_a_red_flag_asked_about_ahead_also_gets_what_to_do_if_it_happens(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "what do we do if dad falls after his kyphoplasty?",
        "out_of_scope",
        asked_ahead=True,
    )
    await ActionEscalate().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    number = get_clinic().emergency_number
    assert message["text"] == IF_IT_HAPPENS.format(emergency_number=number)
    assert f"Call {number}" in message["text"] and "A fall" in message["text"]
    assert textstat.flesch_kincaid_grade(message["text"]) <= 8.0
    (row,) = get_store().list()
    assert row.reason == "out_of_scope"


async def test_escalation_names_the_topic_the_guide_does_not_cover(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "does medicare cover kyphoplasty",
        "out_of_scope",
        off_guide_topics=[{"topic": "insurance", "evidence": "medicare"}],
    )
    await ActionEscalate().run(dispatcher, tracker, {})
    (row,) = get_store().list()
    assert row.details == {"off_guide_topics": ["insurance"]}


async def test_escalation_after_failed_clarification_keeps_the_original_question(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker("/deny", "deny", events=CLARIFY_EVENTS)
    await ActionEscalate().run(dispatcher, tracker, {})
    (row,) = get_store().list()
    assert row.reason == "clarification_failed"
    assert row.patient_message == "what about the glue thing"


async def test_emergency_is_recorded_first_in_the_queue_with_its_red_flags(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    await ActionEscalate().run(dispatcher, make_tracker("cost?", "out_of_scope"), {})
    flags = [{"category": "leg_numbness_weakness", "evidence": "can't feel + legs"}]
    tracker = make_tracker("I can't feel my legs", "report_emergency", red_flags=flags)
    await ActionEmergency().run(dispatcher, tracker, {})
    first, second = get_store().list()
    assert (first.priority, first.reason) == ("emergency", "red_flag")
    assert first.details == {"red_flags": flags}
    assert second.priority == "normal"


async def test_emergency_without_detector_flags_is_still_recorded(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    await ActionEmergency().run(
        dispatcher, make_tracker("help me", "report_emergency"), {}
    )
    (row,) = get_store().list()
    assert (row.priority, row.reason) == ("emergency", "emergency_reported")


async def test_clarify_offers_the_close_answers_as_buttons(
    dispatcher: CollectingDispatcher,
) -> None:
    tracker = make_tracker(
        "the glue",
        "nlu_fallback",
        intent_ranking=[
            {"name": "nlu_fallback", "confidence": 0.4},
            {"name": "faq", "confidence": 0.4},
        ],
        **faq_ranking(("cement", 0.45), ("balloon", 0.4), ("imaging", 0.05)),
    )
    await ActionClarify().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    assert message["text"] == CLARIFY_QUESTION
    assert [b["payload"] for b in message["buttons"]] == [
        "/faq/cement",
        "/faq/balloon",
        "/deny",
    ]
    assert message["buttons"][0]["title"] == "The bone cement"


async def test_clarify_hands_over_when_nothing_looks_like_an_faq(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "asdf",
        "nlu_fallback",
        intent_ranking=[
            {"name": "nlu_fallback", "confidence": 0.3},
            {"name": "out_of_scope", "confidence": 0.3},
        ],
        **faq_ranking(("cement", 0.5)),
    )
    await ActionClarify().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_escalate"]
    assert get_store().list()[0].reason == "low_confidence"


async def test_second_unclear_message_in_a_row_is_escalated(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    tracker = make_tracker(
        "the other thing",
        "nlu_fallback",
        events=CLARIFY_EVENTS,
        intent_ranking=[{"name": "faq", "confidence": 0.4}],
        **faq_ranking(("cement", 0.45), ("balloon", 0.4)),
    )
    await ActionClarify().run(dispatcher, tracker, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_escalate"]
    assert get_store().list()[0].reason == "clarification_failed"


async def test_a_broken_store_never_costs_the_patient_the_reply(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, dispatcher: CollectingDispatcher
) -> None:
    # A directory is not a database: every write fails.
    monkeypatch.setenv("KYPHOBOT_DB_URL", f"sqlite:///{tmp_path}")
    get_store.cache_clear()
    tracker = make_tracker("the other thing", "nlu_fallback", events=CLARIFY_EVENTS)
    await ActionClarify().run(dispatcher, tracker, {})
    get_store.cache_clear()
    assert [m["response"] for m in dispatcher.messages] == ["utter_escalate"]


async def test_an_action_that_crashes_gives_the_safe_reply(
    monkeypatch: pytest.MonkeyPatch, dispatcher: CollectingDispatcher
) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("actions.clarify.faq_candidates", explode)
    await ActionClarify().run(dispatcher, make_tracker("x", "nlu_fallback"), {})
    (message,) = dispatcher.messages
    clinic = get_clinic()
    assert (
        clinic.phone in message["text"] and clinic.emergency_number in message["text"]
    )


SPANISH_GUIDANCE = "Esto puede ser una emergencia. Llame al"


async def test_emergency_in_another_language_repeats_the_guidance_in_it(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    flags = [
        {
            "category": "breathing",
            "evidence": "no puedo respirar",
            "language": "spanish",
        }
    ]
    tracker = make_tracker("no puedo respirar", "report_emergency", red_flags=flags)
    await ActionEmergency().run(dispatcher, tracker, {})
    (message,) = dispatcher.messages
    clinic = get_clinic()
    assert message["text"].startswith(f"{SPANISH_GUIDANCE} {clinic.emergency_number}")
    assert clinic.phone in message["text"] and clinic.name in message["text"]
    assert message["custom"] == {"emergency": True}
    (row,) = get_store().list()
    assert row.priority == "emergency"


async def test_a_broken_store_never_costs_the_patient_the_translation(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, dispatcher: CollectingDispatcher
) -> None:
    monkeypatch.setenv("KYPHOBOT_DB_URL", f"sqlite:///{tmp_path}")
    get_store.cache_clear()
    flags = [{"category": "fall", "evidence": "se cayo", "language": "spanish"}]
    tracker = make_tracker("mi papá se cayó", "report_emergency", red_flags=flags)
    await ActionEmergency().run(dispatcher, tracker, {})
    get_store.cache_clear()
    (message,) = dispatcher.messages
    assert message["text"].startswith(SPANISH_GUIDANCE)


async def test_emergency_in_english_adds_no_second_message(
    db_url: str, dispatcher: CollectingDispatcher
) -> None:
    flags = [{"category": "breathing", "evidence": "can't breathe"}]
    tracker = make_tracker("I can't breathe", "report_emergency", red_flags=flags)
    await ActionEmergency().run(dispatcher, tracker, {})
    assert dispatcher.messages == []


def test_every_red_flag_language_has_the_guidance_in_that_language() -> None:
    phrases = yaml.safe_load(
        (
            Path(__file__).parents[1]
            / "kyphobot"
            / "nlp"
            / "red_flags_other_languages.yml"
        ).read_text(encoding="utf-8")
    )
    clinic = get_clinic()
    for language in phrases["languages"]:
        text = translated_guidance([{"language": language}])
        assert text is not None, language
        assert clinic.emergency_number in text and clinic.phone in text
        assert "{" not in text
