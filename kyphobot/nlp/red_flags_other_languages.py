"""Red flags written in another language: plain phrases, accents ignored.

The English detector needs spaCy's English lemmas; a patient who writes "no
puedo respirar" would otherwise only be told that the assistant answers in
English. The phrases live in ``red_flags_other_languages.yml`` so a clinic can
read and extend them; ``red_flag_words_other_languages.yml`` holds single symptom
words, the fallback for a message in another language that no phrase matched.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Pattern, Tuple

import yaml

PHRASES_FILE = Path(__file__).with_name("red_flags_other_languages.yml")
#: Single symptom words, read only in a message written in another language.
WORDS_FILE = Path(__file__).with_name("red_flag_words_other_languages.yml")
#: Scripts written without spaces between words: phrases match inside words.
UNSPACED_LANGUAGES = frozenset({"chinese", "japanese", "korean", "thai"})
#: Letters NFKD leaves alone that people type without their mark, the Arabic,
#: Persian and Urdu forms of one letter, which keyboards mix, and the zero-width
#: non-joiner Persian puts inside words ("سینه‌م" = "سینهم").
_UNACCENTED = str.maketrans(
    {
        "đ": "d",
        "ł": "l",
        "ı": "i",
        "ß": "ss",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ة": "ه",
        "ہ": "ه",
        "ۀ": "ه",
        "\u200c": None,
    }
)
#: A letter of a word. Python's ``\w`` leaves out the vowel signs of the Indian
#: scripts (Devanagari to Sinhala), which would end a Hindi word mid-way; the
#: danda (।, ॥) is punctuation.
_WORD_CHAR = r"[\w\u0900-\u0963\u0966-\u0dff]"
#: "And" in the languages that negate after the word: "تب ندارم و ..." (no
#: fever and ...) still closes the clause.
_AND_WORDS = (
    "و",
    "اور",
    "और",
    "ਤੇ",
    "ਅਤੇ",
    "আর",
    "এবং",
    "અને",
    "ve",
    "и",
    "і",
    "та",
    "र",
    "ና",
)
#: Where a clause ends: a negation before it does not reach past.
_CLAUSE_MARK = re.compile(r"[.,;:!?¡¿…。，、；！？।॥،؛]")
#: After these, Arabic "ما" is "that/what", not "not": "بعد ما وقعت" (after I fell).
_NOT_NEGATING = frozenset({"بعد", "قبل", "زي", "مثل", "كل", "ba3d", "b3d", "2abl"})
#: How many words before a phrase a negation still rules it out.
NEGATION_REACH = 2
#: A lone symptom word reaches further back: "ni dolor de pecho".
WORD_NEGATION_REACH = 3


@dataclass(frozen=True)
class _Phrase:
    language: str
    category: str
    pattern: Pattern[str]
    #: Carries its own negation ("no puedo respirar"): a "no" before it repeats it.
    starts_negated: bool


@dataclass(frozen=True)
class _Language:
    negations: FrozenSet[str]
    unspaced: bool
    #: "very", "so", "really": dropped so "chest very painful" reads as "chest painful".
    intensifiers: Optional[Pattern[str]]
    #: A negation that closes the clause right after the symptom ("बुखार नहीं है",
    #: "ateşim yok,"), in languages that put it there.
    negated_after: Optional[Pattern[str]]

    def without_intensifiers(self, text: str) -> str:
        if self.intensifiers is None:
            return text
        gap = "" if self.unspaced else " "  # "胸口很痛" reads "胸口痛"
        return " ".join(self.intensifiers.sub(gap, text).split())


def normalise(text: str) -> str:
    """Lower case without accents: "Caí" and "cai" read alike; Chinese stays.

    Letters that are not accented forms still fold the way people type them
    without the key: Vietnamese đ, Polish ł, Turkish ı, German ß, Persian ی.
    """
    lowered = text.lower().translate(_UNACCENTED)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if _is_kept(c))


def _is_kept(char: str) -> bool:
    """Accents go; Thai vowel and tone marks stay ("ไข้" fever is not "ไข" fat)."""
    return not unicodedata.combining(char) or "\u0e31" <= char <= "\u0e4e"


def _alternative(phrase: str, unspaced: bool) -> str:
    """One phrase's pattern; romanised ones ("mune") keep word edges everywhere."""
    body = re.escape(normalise(phrase.rstrip("*")))
    if unspaced and not phrase.isascii():
        return body
    end = f"{_WORD_CHAR}*" if phrase.endswith("*") else f"(?!{_WORD_CHAR})"
    return f"(?<!{_WORD_CHAR}){body}{end}"


def _pattern(phrases: List[str], unspaced: bool) -> Pattern[str]:
    """One pattern for many phrases (thousands of separate ones are slow).

    Longer phrases come first, so the evidence shown is the fullest match.
    """
    ordered = sorted(phrases, key=lambda p: len(normalise(p)), reverse=True)
    return re.compile("|".join(_alternative(p, unspaced) for p in ordered))


def _any_of(words: List[str], unspaced: bool) -> Optional[Pattern[str]]:
    if not words:
        return None
    body = "|".join(re.escape(normalise(w)) for w in sorted(words, key=len)[::-1])
    if unspaced:
        return re.compile(f"(?:{body})")
    return re.compile(f"(?<!{_WORD_CHAR})(?:{body})(?!{_WORD_CHAR})")


def _closing(negations: List[str], unspaced: bool) -> Optional[Pattern[str]]:
    """A negation right after a phrase that ends its clause.

    "बुखार नहीं है, बस थकान" (no fever, just tired) is calm; "बुखार नहीं उतर
    रहा" (the fever will not come down) is not, so the negation must be followed
    by the end, a punctuation mark or "and". Chinese, Japanese, Korean and Thai
    list the particle with it ("もありません", "도 없").
    """
    if not negations:
        return None
    body = "|".join(re.escape(normalise(n)) for n in sorted(negations, key=len)[::-1])
    if unspaced:
        return re.compile(rf"\s*(?:{body})")
    mark = r"[^\w\s\u0900-\u0dff]|[\u0964\u0965]"  # punctuation, danda too
    ending = rf"\s*(?:{mark}|$)|\s+(?:{'|'.join(_AND_WORDS)})(?!{_WORD_CHAR})"
    return re.compile(rf"\s+(?:{body})(?={ending})")


def _starts_negated(phrase: str, negations: FrozenSet[str], unspaced: bool) -> bool:
    normalised = normalise(phrase)
    if unspaced:
        return any(normalised.startswith(n) for n in negations)
    words = re.findall(f"{_WORD_CHAR}+", normalised)
    return bool(words) and words[0] in negations


@lru_cache(maxsize=None)
def _load(
    path: Path = PHRASES_FILE,
) -> Tuple[Tuple[_Phrase, ...], Dict[str, _Language]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases: List[_Phrase] = []
    languages: Dict[str, _Language] = {}
    for language, entries in data["languages"].items():
        unspaced = language in UNSPACED_LANGUAGES
        negations = frozenset(normalise(n) for n in entries.pop("negations", []))
        intensifiers = entries.pop("intensifiers", [])
        negations_after = entries.pop("negations_after", [])
        languages[language] = _Language(
            negations,
            unspaced,
            _any_of(intensifiers, unspaced),
            _closing(negations_after, unspaced),
        )
        for category, words in entries.items():
            for starts_negated in (False, True):
                group = [
                    str(w)
                    for w in words
                    if _starts_negated(str(w), negations, unspaced) == starts_negated
                ]
                if group:
                    pattern = _pattern(group, unspaced)
                    phrases.append(_Phrase(language, category, pattern, starts_negated))
    return tuple(phrases), languages


def _is_negated(
    text: str, start: int, language: _Language, reach: int = NEGATION_REACH
) -> bool:
    """A negation just before, not counting intensifiers ("wala naman akong lagnat").

    Only within the clause: "No, tengo fiebre" (no, I have a fever) reports one.
    """
    clause = _CLAUSE_MARK.split(text[:start])[-1]
    before = language.without_intensifiers(clause).rstrip()
    if language.unspaced:
        return any(before.endswith(n) for n in language.negations)
    words = re.findall(f"{_WORD_CHAR}+", before)[-reach - 1 :]
    return any(
        word in language.negations and (i == 0 or words[i - 1] not in _NOT_NEGATING)
        for i, word in enumerate(words)
        if i >= len(words) - reach
    )


@dataclass(frozen=True)
class ForeignRedFlag:
    """A red flag phrase found, and the language it is written in."""

    category: str
    evidence: str
    language: str


def find(text: str) -> List[ForeignRedFlag]:
    """Each red flag phrase found, first per category, with its language.

    The language lets the emergency reply add a line the patient can read.
    """
    phrases, languages = _load()
    return _find(text, phrases, languages)


def find_words(text: str) -> List[ForeignRedFlag]:
    """Each red flag named by a single symptom word ("fiebre", "胸口"), per category.

    Phrases miss the many ways a frightened patient puts it in their own
    language; the assistant cannot read such a message anyway, so a symptom
    word alone is enough to show the emergency guidance. Only for messages in
    another language: some of these words mean something else in English.
    """
    words, _ = _load(WORDS_FILE)
    _, languages = _load()
    return _find(text, words, languages, WORD_NEGATION_REACH)


def _find(
    text: str,
    phrases: Tuple[_Phrase, ...],
    languages: Dict[str, _Language],
    reach: int = NEGATION_REACH,
) -> List[ForeignRedFlag]:
    normalised = normalise(text)
    readings = {
        name: (normalised, language.without_intensifiers(normalised))
        for name, language in languages.items()
    }
    found: Dict[str, ForeignRedFlag] = {}
    for phrase in phrases:
        if phrase.category in found:
            continue
        language = languages[phrase.language]
        for reading in dict.fromkeys(readings[phrase.language]):
            match = _first_unnegated(phrase, reading, language, reach)
            if match is not None:
                found[phrase.category] = ForeignRedFlag(
                    phrase.category, match, phrase.language
                )
                break
    return list(found.values())


def _first_unnegated(
    phrase: _Phrase, text: str, language: _Language, reach: int
) -> Optional[str]:
    for match in phrase.pattern.finditer(text):
        negated_before = not phrase.starts_negated and _is_negated(
            text, match.start(), language, reach
        )
        if not negated_before and not _is_negated_after(text, match.end(), language):
            return match.group(0)
    return None


def _is_negated_after(text: str, end: int, language: _Language) -> bool:
    if language.negated_after is None:
        return False
    return language.negated_after.match(text, end) is not None


def preload() -> None:
    """Build the patterns now, not on the first patient's message (a few seconds)."""
    _load()
    _load(WORDS_FILE)
