"""Red flags written in another language: plain phrases, accents ignored.

The English detector needs spaCy's English lemmas; a patient who writes "no
puedo respirar" would otherwise only be told that the assistant answers in
English. The phrases live in ``red_flags_other_languages.yml`` so a clinic can
read and extend them.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Pattern, Tuple

import yaml

PHRASES_FILE = Path(__file__).with_name("red_flags_other_languages.yml")
#: Scripts written without spaces between words: phrases match inside words.
UNSPACED_LANGUAGES = frozenset({"chinese"})
#: How many words before a phrase a negation still rules it out.
NEGATION_REACH = 2


@dataclass(frozen=True)
class _Phrase:
    language: str
    category: str
    pattern: Pattern[str]


@dataclass(frozen=True)
class _Language:
    negations: FrozenSet[str]
    unspaced: bool


def normalise(text: str) -> str:
    """Lower case without accents: "Caí" and "cai" read alike; Chinese stays."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _pattern(phrase: str, unspaced: bool) -> Pattern[str]:
    body = re.escape(normalise(phrase.rstrip("*")))
    if unspaced:
        return re.compile(body)
    end = r"\w*" if phrase.endswith("*") else r"(?!\w)"
    return re.compile(rf"(?<!\w){body}{end}")


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
        languages[language] = _Language(negations, unspaced)
        for category, words in entries.items():
            phrases.extend(
                _Phrase(language, category, _pattern(w, unspaced)) for w in words
            )
    return tuple(phrases), languages


def _is_negated(text: str, start: int, language: _Language) -> bool:
    before = text[:start]
    if language.unspaced:
        return any(before.endswith(n) for n in language.negations)
    words = re.findall(r"\w+", before)[-NEGATION_REACH:]
    return any(word in language.negations for word in words)


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
    normalised = normalise(text)
    found: Dict[str, ForeignRedFlag] = {}
    for phrase in phrases:
        if phrase.category in found:
            continue
        for match in phrase.pattern.finditer(normalised):
            if not _is_negated(normalised, match.start(), languages[phrase.language]):
                found[phrase.category] = ForeignRedFlag(
                    phrase.category, match.group(0), phrase.language
                )
                break
    return list(found.values())
