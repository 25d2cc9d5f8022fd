"""Texting written out for the red-flag detector's second reading."""

from typing import Optional

import pytest
from spacy.language import Language

from kyphobot.nlp import texting
from kyphobot.nlp.pipeline import ENGLISH_WORDS_TABLE


@pytest.mark.parametrize(
    "text, expected",
    [
        # A texting form, a lexicon word without vowels, one letter off.
        ("hard 2 breeth", "hard to breath"),
        ("lgs wnt wrk", "legs won't work"),
        ("my chst", "my chest"),
        ("trbl brthin", "trouble breathing"),
        # Held letters let go; a dropped g put back.
        ("hurtssss", "hurts"),
        ("chest hurtin", "chest hurting"),
        # Digits stand for words only between words that are not counted.
        ("fell 2 days ago", None),
        ("pain 2/10", None),
        ("walk 2 the door", "walk to the door"),
        # English stays as it is, the lemma table's gaps ("during") included,
        # and so do words that resemble no lexicon word.
        ("will i be awake during it", None),
        ("what kind of anesthesia will i get", None),
        ("kyphoplasty", None),
        # Glued words split the likeliest way; not a word's prefix or suffix.
        ("mylegsgonenumb", "my legs gone numb"),
        ("trippedoverthecat", "tripped over the cat"),
        ("icantmove", "i cant move"),
        ("afebrile", None),
        ("feverishly", None),
        ("vertebroplasty", None),
        # A skeleton that is an English word ("mv") is still found from "mve".
        ("legs wnt mve", "legs won't move"),
        ("hurtin'", "hurting"),
    ],
)
def test_respell(nlp: Language, text: str, expected: Optional[str]) -> None:
    assert texting.respell(text, nlp.vocab) == expected


def test_the_pipeline_carries_its_common_english_words(nlp: Language) -> None:
    table = nlp.vocab.lookups.get_table(ENGLISH_WORDS_TABLE)
    assert "during" in table and "myself" in table
    assert "lgs" not in table and "breeth" not in table


def test_words_sharing_a_skeleton_go_to_the_one_the_lexicon_uses_most(
    nlp: Language,
) -> None:
    assert texting.skeleton("legs") == texting.skeleton("lags") == "lgs"
    assert texting.for_vocab(nlp.vocab).written_out("lgs") == "legs"


def test_an_english_word_is_never_read_as_the_texting_of_another(
    nlp: Language,
) -> None:
    respeller = texting.for_vocab(nlp.vocab)
    assert respeller.written_out("bed") is None
    # Words the lemma table lacks; the pipeline's common-words table knows them.
    assert respeller.written_out("during") is None
    assert respeller.written_out("myself") is None


def test_every_texting_form_stands_for_words() -> None:
    forms = texting.texting_forms()
    assert forms["2"] == "to"
    assert all(isinstance(word, str) and word for word in forms.values())
