"""Tell a message in another language from English, typos and texting included.

The guide and every answer are in English; a question in Spanish or
Vietnamese must reach a person who can help, not an English answer picked by
character n-grams ("cifoplastia" looks like "kyphoplasty"). English here is
any word form in spaCy's English lookup tables (``spacy-lookups-data``,
installed, nothing downloaded) or in the short lists below.
"""

from functools import lru_cache
from typing import FrozenSet, Optional

from spacy.lookups import Table, load_lookups
from spacy.tokens import Doc

#: Below this share of English words, a message is in another language.
MIN_ENGLISH_SHARE = 0.5
#: Messages with fewer words than this are too short to judge ("ok", "si").
MIN_WORDS = 3
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
    everything someone anyone everyone else nah really please sudden suddenly"""
COMMON_WORDS: FrozenSet[str] = frozenset(COMMON_WORDS_TEXT.split())
#: Words of the procedure's own name, in any spelling, count as English.
PROCEDURE_PREFIXES = ("kyph", "kypho", "kyfo")


@lru_cache(maxsize=1)
def _lemma_table() -> Table:
    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=1)
def _base_forms() -> FrozenSet[str]:
    return frozenset(str(value) for value in _lemma_table().values())


def preload() -> None:
    """Load the lookup tables now, so a patient's first message does not wait."""
    _base_forms()


def _is_english_word(word: str) -> bool:
    return (
        word in COMMON_WORDS
        or word in _base_forms()
        or word in _lemma_table()
        or word.startswith(PROCEDURE_PREFIXES)
    )


def _other_script_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0.0
    return sum(not char.isascii() for char in letters) / len(letters)


def english_share(doc: Doc) -> Optional[float]:
    """Share of the message's words that are English, or None if too short."""
    words = [t.lower_ for t in doc if t.is_alpha and len(t.lower_) >= 2]
    if len(words) < MIN_WORDS:
        return None
    return sum(_is_english_word(word) for word in words) / len(words)


def is_other_language(doc: Doc) -> bool:
    """Whether the message is written in a language other than English."""
    if _other_script_share(doc.text) > MAX_OTHER_SCRIPT_SHARE:
        return True
    share = english_share(doc)
    return share is not None and share < MIN_ENGLISH_SHARE
