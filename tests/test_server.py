"""The assistant end to end: real Rasa server, real action server, real SQLite."""

import json
import sqlite3
import uuid
from typing import Any, Dict, List

import pytest

from actions.escalation import IF_IT_HAPPENS
from kyphobot.clinic import get_clinic
from tests.conftest import VAGUE_QUESTION, Bot, wait_for

pytestmark = pytest.mark.server

ANESTHESIA = "There are two ways. You may get local anesthesia"
ESCALATE = "I'm sorry, I can't answer that here."
EMERGENCY = "This may be an emergency. Call 911 now"


def escalations(bot: Bot, sender: str) -> List[sqlite3.Row]:
    with sqlite3.connect(bot.db_path) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(
            "SELECT * FROM escalations WHERE conversation_id = ? ORDER BY id", (sender,)
        ).fetchall()


def stored_events(bot: Bot, sender: str) -> List[Dict[str, Any]]:
    with sqlite3.connect(bot.db_path) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def sender() -> str:
    return f"web-{uuid.uuid4().hex[:12]}"


def test_anesthesia_question_gets_the_anesthesia_answer(bot: Bot) -> None:
    (reply,) = bot.ask("what kind of anesthesia will I get?")
    assert reply["text"].startswith(ANESTHESIA)
    assert {b["payload"] for b in reply["buttons"]} == {
        "/faq/procedure_steps",
        "/faq/walking_after",
    }


def test_cost_question_is_escalated_and_recorded_for_staff(bot: Bot) -> None:
    who = sender()
    text = bot.texts("how much does it cost?", who)
    clinic = get_clinic()
    assert text.startswith(ESCALATE)
    assert clinic.phone in text and clinic.name in text and clinic.hours in text
    (row,) = wait_for(lambda: escalations(bot, who))
    assert (row["reason"], row["priority"], row["channel"]) == (
        "out_of_scope",
        "normal",
        "rest",
    )
    assert row["patient_message"] == "how much does it cost?"


def test_a_red_flag_asked_about_ahead_is_handed_over_with_what_to_do_if_it_happens(
    bot: Bot,
) -> None:
    who = sender()
    replies = bot.ask("What should I do if my legs go numb after?", who)
    assert replies[0]["text"].startswith(ESCALATE)
    number = get_clinic().emergency_number
    assert replies[1]["text"] == IF_IT_HAPPENS.format(emergency_number=number)
    (row,) = wait_for(lambda: escalations(bot, who))
    assert (row["reason"], row["priority"]) == ("out_of_scope", "normal")


def test_cant_feel_legs_gets_emergency_guidance_and_a_priority_record(bot: Bot) -> None:
    who = sender()
    replies = bot.ask("I can't feel my legs", who)
    assert replies[0]["text"].startswith(EMERGENCY)
    assert {"recipient_id": who, "custom": {"emergency": True}} in replies
    (row,) = wait_for(lambda: escalations(bot, who))
    assert (row["priority"], row["reason"]) == ("emergency", "red_flag")
    assert "leg_numbness_weakness" in row["details"]


def test_texted_emergency_is_read_written_out_by_the_real_pipeline(bot: Bot) -> None:
    # Only the detector's second reading (texting written out) finds this one.
    who = sender()
    assert bot.texts("its hard 4 her 2 breeth", who).startswith(EMERGENCY)
    (row,) = wait_for(lambda: escalations(bot, who))
    assert (row["priority"], row["reason"]) == ("emergency", "red_flag")
    assert "hard for her to breath" in row["details"]


def test_emergency_in_spanish_gets_the_guidance_in_english_then_spanish(
    bot: Bot,
) -> None:
    who = sender()
    texts = [
        r["text"] for r in bot.ask("mi mamá no puede respirar", who) if "text" in r
    ]
    assert texts[0].startswith(EMERGENCY)
    assert texts[1].startswith("Esto puede ser una emergencia. Llame al 911 ahora")
    (row,) = wait_for(lambda: escalations(bot, who))
    assert (row["priority"], row["reason"]) == ("emergency", "red_flag")
    assert "spanish" in row["details"]


def test_emergency_in_the_middle_of_another_topic_comes_first(bot: Bot) -> None:
    who = sender()
    assert bot.texts("how long should i stay in bed", who).startswith(
        "For the first day or two"
    )
    assert bot.texts(
        "also my dad cant feel his legs since this morning", who
    ).startswith(EMERGENCY)
    assert bot.texts("when can he lift things", who).startswith("For at least 6 weeks")


def test_button_payload_answers_deterministically(bot: Bot) -> None:
    (reply,) = bot.ask("/faq/cement")
    assert reply["text"].startswith("After the balloon makes room inside the bone")


def test_unclear_question_is_clarified_then_escalated(bot: Bot) -> None:
    who = sender()
    (question,) = bot.ask(VAGUE_QUESTION, who)
    assert question["text"].startswith("I want to be sure I understand")
    assert question["buttons"][-1] == {"title": "Something else", "payload": "/deny"}
    assert bot.texts("/deny", who).startswith(ESCALATE)
    (row,) = wait_for(lambda: escalations(bot, who))
    assert row["reason"] == "clarification_failed"
    assert row["patient_message"] == VAGUE_QUESTION


def test_clarification_choice_gives_that_answer(bot: Bot) -> None:
    who = sender()
    (question,) = bot.ask(VAGUE_QUESTION, who)
    first = question["buttons"][0]["payload"]
    (answer,) = bot.ask(first, who)
    assert answer["text"] and not answer["text"].startswith("I want to be sure")
    assert escalations(bot, who) == []


def test_request_for_a_person_is_handed_over(bot: Bot) -> None:
    who = sender()
    assert bot.texts("can i talk to a real nurse please", who).startswith("Of course.")
    (row,) = wait_for(lambda: escalations(bot, who))
    assert row["reason"] == "asked_for_person"


def test_greeting_carries_the_disclaimer(bot: Bot) -> None:
    text = bot.texts("hello")
    assert (
        "automated assistant" in text and "not medical advice" in text and "911" in text
    )


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        "¿Cuánto cuesta la cirugía?",
        "😀😀😀",
        "asdfghjkl",
    ],
)
def test_junk_markup_and_other_languages_are_handed_over_not_answered(
    bot: Bot, text: str
) -> None:
    reply = bot.texts(text)
    assert reply.startswith((ESCALATE, "I want to be sure")), reply


def test_every_turn_is_stored_with_intent_and_answer_key(bot: Bot) -> None:
    who = sender()
    bot.ask("will i be asleep for it", who)
    events = stored_events(bot, who)
    user = [e for e in events if e["event"] == "user"]
    bot_turns = [e for e in events if e["event"] == "bot"]
    assert user[-1]["text"] == "will i be asleep for it"
    assert user[-1]["parse_data"]["intent"]["name"] == "faq"
    assert (
        user[-1]["parse_data"]["response_selector"]["faq"]["response"][
            "intent_response_key"
        ]
        == "faq/anesthesia"
    )
    assert bot_turns[-1]["metadata"]["utter_action"] == "utter_faq/anesthesia"
