"""Tell a message in another language from English, typos and texting included.

The guide and every answer are in English; a question in Spanish or
Vietnamese must reach a person who can help, not an English answer picked by
character n-grams ("cifoplastia" looks like "kyphoplasty"). English here is
any word form in spaCy's English lookup tables (``spacy-lookups-data``,
installed, nothing downloaded), in the short lists below, or a misspelling of
a word of the answers.
"""

import string
from functools import lru_cache
from typing import FrozenSet, Iterator, Optional, Tuple

from spacy.lookups import Table, load_lookups
from spacy.tokens import Doc

from kyphobot.nlp import answer_words
from kyphobot.nlp.skeletons import is_texted_form

#: Below this share of English words, a message is in another language.
MIN_ENGLISH_SHARE = 0.5
#: Messages with fewer words than this are too short to judge ("ok", "si").
MIN_WORDS = 3
#: A long message's language shows in its first words; judging more is slower.
MAX_WORDS_JUDGED = 60
#: Share of letters outside the Latin alphabet that marks another script.
MAX_OTHER_SCRIPT_SHARE = 0.5

#: Function words and texting forms the lemma table leaves out.
COMMON_WORDS_TEXT = """
    a an the and or but if of to in on at by for with from up down out off over
    under about into onto than then so as is are was were be been being am do does
    did done have has had having i me my mine you your yours u ur he him his she
    her hers it its we us our they them their this that these those what which who
    whom whose when where why how not no yes yeah ok okay can could will would
    shall should may might must there here any some all each every other another
    such only just very too also much many more most few less least own same both
    either neither nor once again ever never still yet already now soon after
    before while because until since though although whether im ive id dont cant
    wont isnt arent doesnt didnt wasnt werent hasnt havent hadnt shouldnt wouldnt
    couldnt whats thats theres hows wheres whos lets pls plz thx thanks thank hi
    hello hey bye r b4 n y ya hrs wks mom dad something nothing anything
    everything someone anyone everyone else nah really please sudden suddenly
    vs hosp appt info abt bc cuz tmrw wat wut dr pt super"""
COMMON_WORDS: FrozenSet[str] = frozenset(COMMON_WORDS_TEXT.split())
#: Common words of other languages that are no English words. Two of them in
#: a short message mark it as foreign even when its medical words, spelt much
#: like English ones, pass ("cuándo me van a dar la anestesia").
FOREIGN_WORDS_TEXT = """
    que qué el los las del por para con una es mi puedo cuanto cuánto cómo como
    tengo hay está esta pero muy después despues operación operacion dolor ella
    la le se dar cuando cuándo donde dónde porque mucho hacer puede
    ele não nao você voce uma meu minha depois é
    est les une je il nous vous avec pour pas mais après apres combien
    che non sono della gli dopo posso quanto
    ich ist nicht und mit nach wie viel kann meine"""
FOREIGN_WORDS: FrozenSet[str] = frozenset(FOREIGN_WORDS_TEXT.split())
#: Foreign words that, with two or more of them, mark another language.
MIN_FOREIGN_WORDS = 2
#: Words of the procedure's own name, in any spelling, count as English.
PROCEDURE_PREFIXES = ("kyph", "kypho", "kyfo", "kifo", "kipho", "kiph", "kyf")
#: Suffixes that make English words from English words ("helpful",
#: "carefully", "happiness"); a stem shorter than MIN_STEM_LENGTH is not judged.
DERIVATION_SUFFIXES = ("fully", "ful", "less", "ness", "ly", "ment", "able")
MIN_STEM_LENGTH = 3
#: From this length, a word one letter off the guide's vocabulary is a typo
#: ("anestesia", "compresed"), not a foreign word.
MIN_TYPO_LENGTH = 5


@lru_cache(maxsize=1)
def _lemma_table() -> Table:
    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=1)
def _base_forms() -> FrozenSet[str]:
    return frozenset(str(value) for value in _lemma_table().values())


def preload() -> None:
    """Load the lookup tables now, so a patient's first message does not wait."""
    _base_forms()
    _guide_vocabulary()


def one_edit_away(word: str) -> Iterator[str]:
    """Every string one deletion, swap, replacement or insertion from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
            for letter in string.ascii_lowercase:
                yield left + letter + right[1:]
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
        for letter in string.ascii_lowercase:
            yield left + letter + right


@lru_cache(maxsize=1)
def _guide_vocabulary() -> Tuple[FrozenSet[str], FrozenSet[str], FrozenSet[int]]:
    """The answers' whole words, their prefixes, and the prefixes' lengths."""
    whole, prefixes = answer_words.vocabulary()
    long_prefixes = frozenset(p for p in prefixes if len(p) >= MIN_TYPO_LENGTH)
    return whole, long_prefixes, frozenset(len(p) for p in long_prefixes)


def _is_guide_word_misspelt(word: str) -> bool:
    """One letter off a word of the answers ("vertabra", "anestesia")."""
    if len(word) < MIN_TYPO_LENGTH:
        return False
    whole, prefixes, lengths = _guide_vocabulary()
    return any(
        near in whole or any(near[:n] in prefixes for n in lengths)
        for near in one_edit_away(word)
    )


@lru_cache(maxsize=1)
def _texting_targets() -> Tuple[FrozenSet[str], Tuple[str, ...]]:
    """The words a texted word may stand for: the answers' and common ones."""
    whole, prefixes = answer_words.vocabulary()
    return whole | COMMON_WORDS, prefixes


@lru_cache(maxsize=4096)
def _is_guide_word_texted(word: str) -> bool:
    """A word of the answers, or a common one, texted short ("hsptl", "aftr")."""
    whole, prefixes = _texting_targets()
    return any(is_texted_form(word, w) for w in whole) or any(
        is_texted_form(word, p, is_prefix=True) for p in prefixes
    )


def _is_dropped_g(word: str) -> bool:
    """Texting's dropped final g: "walkin", "restin"."""
    return word.endswith("in") and word + "g" in _lemma_table()


def _is_known_word(word: str) -> bool:
    return word in COMMON_WORDS or word in _base_forms() or word in _lemma_table()


def _is_derived_word(word: str) -> bool:
    """An English word plus a suffix the lemma table leaves out ("helpful").

    The table lists inflections (walk, walked), so words that never inflect
    ("helpful", "useful", "carefully") are missing from it.
    """
    stems = [
        word[: -len(suffix)]
        for suffix in DERIVATION_SUFFIXES
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM_LENGTH
    ]
    # "happiness", "easily": the y of the stem became an i.
    return any(
        _is_known_word(stem) or (stem.endswith("i") and _is_known_word(stem[:-1] + "y"))
        for stem in stems
    )


def is_dictionary_word(word: str) -> bool:
    """In spaCy's English tables or the common-word list, derived forms included."""
    return _is_known_word(word) or _is_derived_word(word)


def _is_english_word(word: str) -> bool:
    return (
        _is_known_word(word)
        or _is_dropped_g(word)
        or word.startswith(PROCEDURE_PREFIXES)
        or _is_derived_word(word)
        or _is_guide_word_misspelt(word)
        or _is_guide_word_texted(word)
    )


def _other_script_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(not char.isascii() for char in letters) / len(letters)


def english_share(doc: Doc) -> Optional[float]:
    """Share of the message's words that are English, or None if too short."""
    words = [t.lower_ for t in doc if t.is_alpha and len(t.lower_) >= 2]
    words = words[:MAX_WORDS_JUDGED]
    if len(words) < MIN_WORDS:
        return None
    return sum(_is_english_word(word) for word in words) / len(words)


def may_be_other_language(doc: Doc) -> bool:
    """Another language, or too short to tell and not all English ("dolor pecho")."""
    if is_other_language(doc):
        return True
    words = [t.lower_ for t in doc if t.is_alpha]
    return (
        english_share(doc) is None
        and bool(words)
        and not all(_is_english_word(word) for word in words)
    )


def is_other_language(doc: Doc) -> bool:
    """Whether the message is written in a language other than English."""
    if _other_script_share(doc.text) > MAX_OTHER_SCRIPT_SHARE:
        return True
    judged = [t.lower_ for t in doc if t.is_alpha][:MAX_WORDS_JUDGED]
    foreign = sum(word in FOREIGN_WORDS for word in judged)
    if foreign >= MIN_FOREIGN_WORDS and foreign * 4 >= len(judged):
        return True
    share = english_share(doc)
    return share is not None and share < MIN_ENGLISH_SHARE
