"""The console's queries over events and escalations, on SQLite and PostgreSQL."""

import datetime as dt
import time

import pytest
from zoneinfo import ZoneInfo

from kyphobot.console.store import ConversationQuery, ConversationStore
from kyphobot.console.timeutil import local_day_bounds
from kyphobot.console.transcript import BotTurn, Marker, PatientTurn
from tests.console.conftest import SMS_NUMBER, Sample, seed_sample
from tests.console.seed import Bot, Patient, Seeder

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def store(any_db_url: str, engine_for) -> ConversationStore:
    seed_sample(any_db_url)
    return ConversationStore(engine_for(any_db_url), low_confidence=0.7)


def last_day() -> ConversationQuery:
    now = dt.datetime.now(dt.timezone.utc)
    return ConversationQuery(
        start=now - dt.timedelta(days=1), end=now + dt.timedelta(minutes=1)
    )


def by_id(store: ConversationStore, **changes) -> dict:
    query = last_day()
    query = ConversationQuery(**{**query.__dict__, **changes})
    return {s.conversation_id: s for s in store.list_conversations(query).items}


def test_lists_every_conversation_newest_first_with_flags(
    store: ConversationStore,
) -> None:
    page = store.list_conversations(last_day())
    assert [s.conversation_id for s in page.items] == [
        Sample.script,
        Sample.unclear,
        SMS_NUMBER,
        Sample.cost,
        Sample.faq,
    ]
    flags = {s.conversation_id: s.flags for s in page.items}
    assert flags[Sample.faq] == set()
    assert flags[Sample.cost] == {"escalated"}
    assert flags[SMS_NUMBER] == {"escalated", "emergency"}
    assert flags[Sample.unclear] == {
        "escalated",
        "clarification",
        "fallback",
        "low_confidence",
    }
    assert flags[Sample.script] == {"low_confidence"}  # FAQ answer picked at 0.55


def test_summary_has_channel_first_typed_question_and_ref(
    store: ConversationStore,
) -> None:
    summaries = by_id(store)
    faq = summaries[Sample.faq]
    assert (faq.channel, faq.patient_messages, faq.first_message) == (
        "web",
        2,
        "will I be asleep for it",
    )
    assert summaries[SMS_NUMBER].channel == "sms"
    assert store.conversation_id_for(faq.ref) == Sample.faq


def test_filters_by_channel_flag_and_words(store: ConversationStore) -> None:
    assert set(by_id(store, channel="sms")) == {SMS_NUMBER}
    assert set(by_id(store, flags=frozenset({"emergency"}))) == {SMS_NUMBER}
    assert set(by_id(store, flags=frozenset({"emergency", "clarification"}))) == {
        SMS_NUMBER,
        Sample.unclear,
    }
    assert set(by_id(store, text="much cost")) == {Sample.cost}  # every word, any case
    assert set(by_id(store, text="cost legs")) == set()
    # Button payloads are not what the patient wrote.
    assert set(by_id(store, text="procedure_steps")) == set()


def test_pages_are_stable_and_complete(store: ConversationStore) -> None:
    seen = []
    for number in (1, 2, 3):
        page = store.list_conversations(
            ConversationQuery(**{**last_day().__dict__, "page": number, "per_page": 2})
        )
        assert (page.total, page.pages) == (5, 3)
        seen += [s.conversation_id for s in page.items]
    assert len(seen) == len(set(seen)) == 5


def test_date_range_uses_the_clinic_calendar_day(any_db_url: str, engine_for) -> None:
    # 23:30 in New York on 1 March is 04:30 UTC on 2 March.
    late = dt.datetime(2025, 3, 1, 23, 30, tzinfo=NEW_YORK).timestamp()
    seeder = Seeder(any_db_url)
    seeder.save("web-late", [Patient("late question", "faq", faq="bed_rest")], at=late)
    seeder.close()
    store = ConversationStore(engine_for(any_db_url))
    march_1 = local_day_bounds(dt.date(2025, 3, 1), dt.date(2025, 3, 1), NEW_YORK)
    march_2 = local_day_bounds(dt.date(2025, 3, 2), dt.date(2025, 3, 2), NEW_YORK)
    assert [
        s.conversation_id
        for s in store.list_conversations(ConversationQuery(*march_1)).items
    ] == ["web-late"]
    assert store.list_conversations(ConversationQuery(*march_2)).items == []


def test_transcript_keeps_order_intents_answers_and_hand_overs(
    store: ConversationStore,
) -> None:
    turns = store.transcript(Sample.unclear)
    kinds = [type(t).__name__ for t in turns]
    assert kinds == ["PatientTurn", "BotTurn", "PatientTurn", "BotTurn", "Marker"]
    first, clarify, deny, escalate, marker = turns
    assert isinstance(first, PatientTurn) and (first.intent, first.confidence) == (
        "nlu_fallback",
        0.29,
    )
    assert first.best_guess == "faq"
    assert isinstance(clarify, BotTurn) and clarify.answer_key == "action_clarify"
    assert clarify.buttons == ("The bone cement", "Something else")
    assert isinstance(deny, PatientTurn) and deny.is_button
    assert isinstance(escalate, BotTurn) and escalate.answer_key == "utter_escalate"
    assert isinstance(marker, Marker) and marker.label == "Handed over to clinic staff"


def test_faq_key_only_counts_when_the_intent_is_faq(store: ConversationStore) -> None:
    (faq_question, _, _, _) = store.transcript(Sample.faq)
    assert (faq_question.faq_key, faq_question.faq_confidence) == (
        "faq/anesthesia",
        0.97,
    )
    (cost_question, *_) = store.transcript(Sample.cost)
    # The selector always ranks some FAQ; for out_of_scope it was not the answer.
    assert cost_question.intent == "out_of_scope" and cost_question.faq_key is None


def test_a_second_session_is_marked(any_db_url: str, engine_for) -> None:
    seeder = Seeder(any_db_url)
    seeder.save(
        "web-twice",
        [Patient("hi", "greet"), Bot("Hello", "utter_greet")],
        at=time.time() - 100,
    )
    seeder.save(
        "web-twice",
        [Patient("bye", "goodbye"), Bot("Bye", "utter_goodbye")],
        at=time.time() - 50,
    )
    seeder.close()
    turns = ConversationStore(engine_for(any_db_url)).transcript("web-twice")
    assert [getattr(t, "text", getattr(t, "label", "")) for t in turns] == [
        "hi",
        "Hello",
        "New session",
        "bye",
        "Bye",
    ]


def test_unanswered_has_what_the_bot_could_not_answer(store: ConversationStore) -> None:
    window = last_day()
    messages = {m.text: m for m in store.unanswered(window.start, window.end)}
    assert set(messages) == {
        "How much does it COST?",
        "what about the thing",
        "<script>alert(1)</script>",
    }
    # Escalation and event of one message are one entry with both reasons.
    assert messages["what about the thing"].reasons == (
        "escalated",
        "clarification_failed",
        "fallback",
        "low_confidence",
    )
    assert messages["How much does it COST?"].reasons == ("escalated", "out_of_scope")
    assert messages["How much does it COST?"].ref is not None


def test_unanswered_leaves_out_emergencies_buttons_and_answered(
    store: ConversationStore,
) -> None:
    window = last_day()
    texts = [m.text for m in store.unanswered(window.start, window.end)]
    assert "I can't feel my legs" not in texts
    assert "/deny" not in texts and "will I be asleep for it" not in texts


def test_export_holds_each_conversation_with_its_turns(
    store: ConversationStore,
) -> None:
    window = last_day()
    records = {r.conversation_id: r for r in store.export(window.start, window.end)}
    assert set(records) == {
        Sample.faq,
        Sample.cost,
        SMS_NUMBER,
        Sample.unclear,
        Sample.script,
    }
    sms = records[SMS_NUMBER]
    assert sms.channel == "sms"
    assert [t.text for t in sms.turns if not isinstance(t, Marker)] == [
        "I can't feel my legs",
        "This may be an emergency. Call 911 now",
    ]


def test_empty_database_before_rasa_created_its_table(
    any_db_url: str, engine_for
) -> None:
    store = ConversationStore(engine_for(any_db_url))
    window = last_day()
    assert store.list_conversations(window).total == 0
    assert store.transcript("anyone") == [] and store.conversation_id_for(1) is None
    assert store.unanswered(window.start, window.end) == []


def test_recently_resolved_lists_the_latest_resolution_first(
    store: ConversationStore,
) -> None:
    from kyphobot.escalations import EscalationStore

    escalations = EscalationStore(store.engine)
    first, _, third = (e.id for e in sorted(escalations.list(), key=lambda e: e.id))
    escalations.set_status(third, "resolved", "kim", "called back")
    escalations.set_status(first, "resolved", "kim", "called back")
    assert [e.id for e in store.recently_resolved()] == [first, third]
    assert store.recently_resolved()[0].details == {"off_guide_topics": ["cost"]}
