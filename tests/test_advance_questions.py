"""Questions asked ahead of time stay calm; reports in their clothing do not."""

import pytest
from spacy.language import Language

from kyphobot.nlp.advance_questions import is_advance_question
from tests.test_red_flags import categories


@pytest.mark.parametrize(
    "text",
    [
        "What should I do if my legs go numb after?",
        "what should i do if i ever get chest pain after the procedure",
        "who do i call if she gets a fever at home",
        "what do i do if my mum falls after the op",
        "hypothetically, what if he loses control of his bladder afterwards?",
        "asking in advance: is a fall in the first week something to report?",
        "we're planning ahead for her kyphoplasty next month. who do we ring if "
        "she can't catch her breath once she's home?",
        "would shortness of breath after the procedure be serious?",
        "can the cement cause breathing trouble? just curious",
        "what temperature counts as a fever after this kind of procedure?",
    ],
)
def test_questions_asked_ahead_stay_calm(nlp: Language, text: str) -> None:
    assert categories(nlp, text) == []


@pytest.mark.parametrize(
    "text, category",
    [
        # A word of now, a reading or someone who has the symptom is a report.
        ("just in case, my legs are numb since this morning", "leg_numbness_weakness"),
        (
            "my legs are numb, is that normal? asking in advance",
            "leg_numbness_weakness",
        ),
        ("asking ahead of time but my feet are tingling", "leg_numbness_weakness"),
        ("who do I call if my legs stopped working?", "leg_numbness_weakness"),
        ("what should I do if my legs are numb?", "leg_numbness_weakness"),
        ("hypothetically if my temp is 39.2 after the procedure", "fever_infection"),
        ("what do we do if... she fell after the op", "fall"),
        ("i get chest pain after the procedure what do i do", "chest_pain"),
        ("my mum fell after the op what do i do", "fall"),
        ("numb legs after op, is that an emergency?", "leg_numbness_weakness"),
        ("fever after kyphoplasty??", "fever_infection"),
        ("is fever after kyphoplasty normal?", "fever_infection"),
        (
            "when I woke up after the procedure my legs were numb",
            "leg_numbness_weakness",
        ),
        (
            "just curious whether confusion is a side effect cuz my dad doesn't "
            "recognize me",
            "general_emergency",
        ),
        ("planning ahead, i have the procedure friday but i fell earlier", "fall"),
        ("worse than before the surgery, sudden terrible back pain", "severe_pain"),
    ],
)
def test_reports_with_words_of_asking_ahead_raise_the_alarm(
    nlp: Language, text: str, category: str
) -> None:
    assert category in categories(nlp, text)


def test_the_wording_is_read_whether_or_not_it_names_a_symptom(
    nlp: Language,
) -> None:
    """Only the wording is read here; the red flags decide whether it matters."""
    assert is_advance_question(nlp("what should i do if it rains next week"))
    assert not is_advance_question(nlp("my legs are numb"))
