"""Check that a question mentions what the answer picked for it is about.

A classifier always names its closest answer, even for "can you recommend a
good movie" (closest: "where to read more") or a question in Spanish. Each
answer therefore lists, in ``answer_words.yml``, words a question about it
contains; a pick whose question holds none of them is not given. Matching
is lenient on purpose (lemmas, prefixes, one or two typos), because a false
match merely leaves the classifier's pick as it was. An after-care answer is
also held back from a question about the time before the procedure.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, List, Pattern, Tuple

import yaml
from spacy.tokens import Doc, Token

from kyphobot.nlp.skeletons import is_texted_form

WORDS_FILE = Path(__file__).with_name("answer_words.yml")

#: Shortest word (or prefix) allowed one typo; from this length, two.
ONE_TYPO_LENGTH = 5
TWO_TYPOS_LENGTH = 8


@dataclass(frozen=True)
class AnswerWord:
    """One word of an answer's list: a whole word, a prefix or a phrase."""

    words: Tuple[str, ...]
    is_prefix: bool = False

    @classmethod
    def parse(cls, text: str) -> "AnswerWord":
        """``"anesth*"`` is a prefix; ``"get up"`` a phrase of two words."""
        text = text.lower().strip()
        if text.endswith("*"):
            return cls((text[:-1],), is_prefix=True)
        return cls(tuple(text.split()))


@dataclass(frozen=True)
class BeforeTheProcedure:
    """After-care answers, and the wording of a question about the time before.

    "Should I rest in bed before the procedure too?" holds the bed-rest
    answer's words, yet that answer only speaks of the days after.
    """

    answers: FrozenSet[str] = frozenset()
    cues: Tuple[Pattern[str], ...] = ()
    unless: Tuple[Pattern[str], ...] = ()

    @classmethod
    def parse(cls, data: Dict[str, List[str]]) -> "BeforeTheProcedure":
        """Read the ``before_the_procedure`` section of the words file."""
        return cls(
            answers=frozenset(data.get("answers") or []),
            cues=tuple(re.compile(p) for p in data.get("cues") or []),
            unless=tuple(re.compile(p) for p in data.get("unless") or []),
        )

    def rules_out(self, text: str, key: str) -> bool:
        """Whether ``text`` asks about before the procedure, not after it."""
        if key not in self.answers:
            return False
        lowered = text.lower()
        return any(p.search(lowered) for p in self.cues) and not any(
            p.search(lowered) for p in self.unless
        )


@dataclass(frozen=True)
class AnswerWords:
    """The words shared by every answer, and each answer's own."""

    shared: Tuple[AnswerWord, ...]
    by_answer: Dict[str, Tuple[AnswerWord, ...]]
    before: BeforeTheProcedure

    def keys(self) -> FrozenSet[str]:
        """The answer keys that have a list."""
        return frozenset(self.by_answer)


def load(path: Path = WORDS_FILE) -> AnswerWords:
    """Read the YAML file of answer words."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return AnswerWords(
        shared=tuple(AnswerWord.parse(w) for w in data.get("every_answer") or []),
        by_answer={
            key: tuple(AnswerWord.parse(w) for w in words)
            for key, words in (data.get("answers") or {}).items()
        },
        before=BeforeTheProcedure.parse(data.get("before_the_procedure") or {}),
    )


@lru_cache(maxsize=1)
def default_words() -> AnswerWords:
    """The project's answer words, read once."""
    return load()


@lru_cache(maxsize=1)
def vocabulary() -> Tuple[FrozenSet[str], Tuple[str, ...]]:
    """Every single answer word, and every prefix: the guide's own vocabulary."""
    words = default_words()
    entries = [*words.shared, *(e for es in words.by_answer.values() for e in es)]
    whole = frozenset(
        e.words[0] for e in entries if len(e.words) == 1 and not e.is_prefix
    )
    prefixes = tuple(sorted({e.words[0] for e in entries if e.is_prefix}))
    return whole, prefixes


def _typos_allowed(length: int) -> int:
    if length >= TWO_TYPOS_LENGTH:
        return 2
    return 1 if length >= ONE_TYPO_LENGTH else 0


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (char_a != char_b),
                )
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _matches(word: str, token: Token, is_prefix: bool) -> bool:
    forms = {token.lower_, token.lemma_.lower()}
    if word in forms:
        return True
    if is_prefix and any(form.startswith(word) for form in forms):
        return True
    typed = token.lower_
    if is_texted_form(typed, word, is_prefix):
        return True  # "hsptl", "lftng"
    limit = _typos_allowed(len(word))
    # Typos seldom hit the first letter; requiring it keeps long messages fast.
    if limit == 0 or len(typed) < ONE_TYPO_LENGTH or typed[0] != word[0]:
        return False
    if is_prefix:
        typed = typed[: len(word) + 1]
        return (
            min(
                _edit_distance(word, typed, limit),
                _edit_distance(word, typed[: len(word)], limit),
            )
            <= limit
        )
    return _edit_distance(word, typed, limit) <= limit


def _phrase_at(doc: Doc, start: int, entry: AnswerWord) -> bool:
    if start + len(entry.words) > len(doc):
        return False
    return all(
        _matches(word, doc[start + i], entry.is_prefix)
        for i, word in enumerate(entry.words)
    )


def _mentions_any(doc: Doc, entries: Tuple[AnswerWord, ...]) -> bool:
    return any(
        _phrase_at(doc, start, entry) for entry in entries for start in range(len(doc))
    )


def names_subject(doc: Doc, key: str, words: AnswerWords) -> bool:
    """Whether the question holds a word of the answer ``key``'s own list.

    Unlike :func:`mentions_answer`, the words every answer shares do not
    count: "tell me about the balloon and the cement" names two subjects.
    """
    return _mentions_any(doc, words.by_answer.get(key, ()))


def mentions_answer(doc: Doc, key: str, words: AnswerWords) -> bool:
    """Whether the question holds a word of the answer ``key`` (or a shared one).

    An answer without a list is never held back; an after-care answer is, when
    the question asks about the time before the procedure.
    """
    own = words.by_answer.get(key)
    if own is None:
        return True
    if words.before.rules_out(doc.text, key):
        return False
    return _mentions_any(doc, words.shared) or _mentions_any(doc, own)
