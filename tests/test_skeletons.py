"""Texted words read as the guide's words: "hsptl", "lftng", "hosp"."""

import pytest
from spacy.language import Language

from kyphobot.nlp import answer_words, language
from kyphobot.nlp.skeletons import is_texted_form


@pytest.mark.parametrize(
    "typed, word, is_prefix, expected",
    [
        ("hsptl", "hospital", False, True),
        ("blln", "balloon", False, True),
        ("hosp", "hospital", False, True),  # cut short
        ("lftng", "lift", True, True),
        ("wlk", "walk", True, True),
        # Texting drops letters; it does not change them.
        ("titreme", "trauma", True, False),
        ("hsp", "hospital", False, False),  # too short a cut
        ("hospital", "hospital", False, False),  # the word itself
    ],
)
def test_texted_forms(typed: str, word: str, is_prefix: bool, expected: bool) -> None:
    assert is_texted_form(typed, word, is_prefix) is expected


@pytest.mark.parametrize(
    "text, key",
    [
        ("wlk aftr kypho?", "walking_after"),
        ("hsptl or outpatnt?", "where_performed"),
        ("hvy lftng 6 wks?", "lifting_restrictions"),
        ("do i go to hosp for it", "where_performed"),
    ],
)
def test_texted_questions_are_english_and_name_their_answer(
    nlp: Language, text: str, key: str
) -> None:
    assert not language.is_other_language(nlp(text))
    assert answer_words.mentions_answer(nlp(text), key, answer_words.default_words())
