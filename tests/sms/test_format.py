"""Formatting for phones: pure functions, no servers."""

import re
from typing import Any, Dict, List

import pytest

from kyphobot.channels.sms_format import (
    GSM7_LIMIT,
    MAX_MESSAGES,
    UCS2_LIMIT,
    Option,
    chosen_option,
    compose,
    emergency_first,
    fits_one_sms,
    is_gsm7,
    markdown_to_plain,
    sentences,
    sms_length,
)

NOTE = "There is more: please call Your Spine Clinic at (555) 010-0100."
NUMBERED = re.compile(r" \((\d)/(\d)\)$")


def text(message: str, **extra: Any) -> Dict[str, Any]:
    return {"recipient_id": "+15550001111", "text": message, **extra}


def joined(bodies: List[str]) -> str:
    return " ".join(NUMBERED.sub("", body) for body in bodies)


@pytest.mark.parametrize(
    ("value", "gsm"),
    [
        ("Plain English, digits 0-9 and @£$¥ are GSM-7.", True),
        ("Café and niño use GSM-7 letters é and ñ.", True),
        ("Curly ’quotes’ are not GSM-7", False),
        ("Emoji 😀 need Unicode", False),
        ("á, í, ó and ú are outside GSM-7", False),
        ("Extension chars {like} € count double", True),
    ],
)
def test_gsm7_detection(value: str, gsm: bool) -> None:
    assert is_gsm7(value) is gsm


def test_lengths_count_what_the_phone_counts() -> None:
    assert sms_length("€") == 2  # GSM-7 extension: escape plus character
    assert sms_length("😀") == 2  # one emoji is two UTF-16 units
    assert fits_one_sms("a" * GSM7_LIMIT) and not fits_one_sms("a" * (GSM7_LIMIT + 1))
    assert fits_one_sms("é" * GSM7_LIMIT)  # é is in GSM-7
    assert fits_one_sms("á" * UCS2_LIMIT) and not fits_one_sms("á" * (UCS2_LIMIT + 1))
    assert not fits_one_sms("😀" * 36)


def test_markdown_and_links_become_plain_text() -> None:
    plain = markdown_to_plain(
        "## Recovery\n**Rest** for a *day* and read [the guide](https://clinic.example/guide)"
        " or call [our desk](tel:+15550100100). `Code` and snake_case_names stay."
    )
    assert plain == (
        "Recovery\nRest for a day and read the guide (https://clinic.example/guide) "
        "or call our desk (+15550100100). Code and snake_case_names stay."
    )


def test_typographic_punctuation_is_made_gsm7() -> None:
    plain = markdown_to_plain("It’s “fine” – really…")
    assert plain == 'It\'s "fine" - really...'
    assert is_gsm7(plain)


def test_sentences_split_at_sentence_ends_only() -> None:
    assert sentences("Dr. Lee will call. Rest e.g. in bed! Then walk? Yes.") == [
        "Dr. Lee will call.",
        "Rest e.g. in bed!",
        "Then walk?",
        "Yes.",
    ]


def test_a_short_answer_is_one_unnumbered_text() -> None:
    reply = compose([text("Yes. You can walk after the procedure.")], NOTE)
    assert reply.bodies == ["Yes. You can walk after the procedure."]


def test_long_answers_split_between_sentences_and_are_numbered() -> None:
    answer = " ".join(
        f"Sentence {i} says something useful about recovery." for i in range(8)
    )
    reply = compose([text(answer)], NOTE)
    assert 1 < len(reply.bodies) <= MAX_MESSAGES
    total = len(reply.bodies)
    for index, body in enumerate(reply.bodies, 1):
        assert fits_one_sms(body) and sms_length(body) <= GSM7_LIMIT
        assert NUMBERED.search(body).groups() == (str(index), str(total))
        assert NUMBERED.sub("", body).endswith(".")  # never cut inside a sentence
    assert joined(reply.bodies) == answer


def test_too_long_answers_end_with_the_clinic_number_not_half_a_sentence() -> None:
    answer = " ".join(
        f"Medical sentence number {i} must never be cut in half." for i in range(30)
    )
    reply = compose(
        [text(answer, buttons=[{"title": "More", "payload": "/faq/more"}])], NOTE
    )
    assert len(reply.bodies) == MAX_MESSAGES
    assert reply.shortened and reply.options == []
    assert NUMBERED.sub("", reply.bodies[-1]).endswith(NOTE)
    kept = joined(reply.bodies).replace(NOTE, "").split(". ")
    assert all(
        s.strip().startswith("Medical sentence number") for s in kept if s.strip()
    )
    assert all(fits_one_sms(body) for body in reply.bodies)


def test_unicode_answers_use_70_character_texts() -> None:
    answer = (
        "¿Dónde está la clínica? Está en el centro, cerca del hospital. 😀 Gracias."
    )
    reply = compose([text(answer)], NOTE)
    assert len(reply.bodies) > 1
    for body in reply.bodies:
        assert not is_gsm7(body) or sms_length(body) <= GSM7_LIMIT
        assert sms_length(body) <= UCS2_LIMIT or is_gsm7(body)
    assert joined(reply.bodies).replace("  ", " ") == answer


def test_a_gsm7_text_is_not_forced_to_unicode_by_a_unicode_neighbour() -> None:
    english = "A" * 150 + "."
    reply = compose([text(english), text("Danke 😀")], NOTE)
    assert NUMBERED.sub("", reply.bodies[0]) == english  # 151 chars fit as GSM-7


def test_buttons_become_numbered_options() -> None:
    message = text(
        "There are two ways.",
        buttons=[
            {"title": "The steps of the procedure", "payload": "/faq/procedure_steps"},
            {"title": "MRI results", "payload": "/faq/mri"},
        ],
    )
    reply = compose([message], NOTE)
    assert reply.bodies == [
        "There are two ways.\n"
        "Reply 1 for the steps of the procedure\n"
        "Reply 2 for MRI results"
    ]
    assert reply.options == [
        Option("The steps of the procedure", "/faq/procedure_steps"),
        Option("MRI results", "/faq/mri"),
    ]


def test_options_are_dropped_before_any_of_the_answer() -> None:
    answer = " ".join(
        f"Sentence {i} is part of a long answer to keep." for i in range(12)
    )
    buttons = [{"title": f"Choice {i}", "payload": f"/faq/c{i}"} for i in range(4)]
    reply = compose([text(answer, buttons=buttons)], NOTE)
    assert not reply.shortened and reply.options == []
    assert joined(reply.bodies) == answer


def test_notices_are_added_only_when_they_fit() -> None:
    short = compose([text("Yes.")], NOTE, notices=["Reply STOP to stop."])
    assert short.notices_included and short.bodies == ["Yes.\nReply STOP to stop."]
    answer = " ".join(
        f"Sentence {i} is part of a long answer to keep." for i in range(12)
    )
    long = compose([text(answer)], NOTE, notices=["Reply STOP to stop."])
    assert not long.notices_included and "STOP" not in joined(long.bodies)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [("1", 0), (" 2 ", 1), ("#1", 0), ("two", 1), ("2.", 1), ("(1)", 0)],
)
def test_a_number_picks_an_option(reply: str, expected: int) -> None:
    options = [
        Option("Anesthesia", "/faq/anesthesia"),
        Option("Bed rest", "/faq/bed_rest"),
    ]
    assert chosen_option(reply, options) == options[expected]


@pytest.mark.parametrize(
    "reply", ["3", "0", "no one", "1 and 2", "12", "I have 1 question"]
)
def test_other_replies_pick_nothing(reply: str) -> None:
    options = [
        Option("Anesthesia", "/faq/anesthesia"),
        Option("Bed rest", "/faq/bed_rest"),
    ]
    assert chosen_option(reply, options) is None


def test_emergency_text_moves_first_and_its_marker_is_never_sent() -> None:
    messages = [
        text("For the first day or two, rest in bed."),
        text("This may be an emergency. Call 911 now."),
        {"recipient_id": "+15550001111", "custom": {"emergency": True}},
    ]
    ordered = emergency_first(messages)
    assert [m.get("text") for m in ordered] == [
        "This may be an emergency. Call 911 now.",
        "For the first day or two, rest in bed.",
    ]
    reply = compose(messages, NOTE)
    assert reply.bodies[0].startswith("This may be an emergency.")
    assert all(body.strip() and "{" not in body for body in reply.bodies)


def test_a_custom_message_alone_sends_nothing() -> None:
    assert (
        compose([{"recipient_id": "x", "custom": {"emergency": True}}], NOTE).bodies
        == []
    )


def test_an_unbreakable_word_is_cut_to_fit() -> None:
    url = "https://clinic.example/" + "a" * 300
    reply = compose([text(url)], NOTE)
    assert all(fits_one_sms(body) for body in reply.bodies)
    assert "".join(NUMBERED.sub("", body) for body in reply.bodies) == url
