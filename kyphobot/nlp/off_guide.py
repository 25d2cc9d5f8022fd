"""Find topics the patient guide says nothing about in a patient's message.

A classifier trained on short questions picks the answer whose words look
closest: "does insurance cover kyphoplasty?" lands on "what is kyphoplasty".
The guide is silent on costs, risks, driving and the like, so a message that
names such a topic must reach staff instead. The topics and their cues live in
``off_guide_topics.yml`` next to this module, where a clinic can read and
extend them.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Tuple

import yaml
from spacy.tokens import Doc, Span, Token

TOPICS_FILE = Path(__file__).with_name("off_guide_topics.yml")

#: How many words before a cue its ``not_after`` words are looked for.
NOT_AFTER_WINDOW = 2
#: "no allergies", "no fever or infection": a topic named after one of these
#: words, within this many words and in the same clause, is ruled out by the
#: patient, not asked about. Verbs ("don't know how much it costs") do not count.
NEGATIONS = frozenset({"no", "nor", "zero"})
NEGATION_WINDOW = 3
#: After "or"/"nor", a "no" this many words back still governs the cue.
LIST_JOINERS = frozenset({"or", "nor"})
LIST_NEGATION_WINDOW = 8
#: "not worried about the cost, where is it done?": a topic the patient waves
#: aside before the real question, within this many words and the same clause.
DISMISSALS: Tuple[Tuple[str, ...], ...] = (
    ("not", "asking"),
    ("not", "worried", "about"),
    ("not", "concerned", "about"),
    ("not", "interested", "in"),
    ("n't", "care", "about"),
    ("dont", "care", "about"),
    ("forget", "about"),
    ("forget", "the"),
    ("never", "mind", "the"),
    ("nevermind", "the"),
)
DISMISSAL_WINDOW = 5
CLAUSE_BREAKS = frozenset({",", ".", ";", ":", "!", "?", "-", "but", "and"})


@dataclass(frozen=True)
class Cue:
    """Words that, in this order, show a message is about an off-guide topic."""

    topic: str
    words: Tuple[str, ...]
    not_after: FrozenSet[str] = frozenset()
    #: Words or phrases ("of spinal fractures") that, right after the cue,
    #: show the question is one the guide answers.
    not_before: FrozenSet[Tuple[str, ...]] = frozenset()


@dataclass(frozen=True)
class OffGuideTopic:
    """One topic found in a message, with the words that showed it."""

    topic: str
    evidence: str


def _word_set(value: Any) -> FrozenSet[str]:
    if not value:
        return frozenset()
    values = [value] if isinstance(value, str) else value
    for word in values:
        if not isinstance(word, str):
            # YAML reads unquoted on/off/yes/no as booleans: quote them.
            raise ValueError(f"cue word {word!r} is not text; quote it in the YAML")
    return frozenset(word.lower() for word in values)


def _parse_cue(topic: str, entry: Any) -> Cue:
    if isinstance(entry, str):
        return Cue(topic, tuple(entry.lower().split()))
    return Cue(
        topic,
        tuple(str(entry["cue"]).lower().split()),
        _word_set(entry.get("not_after")),
        frozenset(
            tuple(phrase.split()) for phrase in _word_set(entry.get("not_before"))
        ),
    )


def load_cues(path: Path = TOPICS_FILE) -> List[Cue]:
    """Every cue of every topic in the YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        _parse_cue(topic, entry)
        for topic, entries in data["topics"].items()
        for entry in entries
    ]


@dataclass(frozen=True)
class CueIndex:
    """Cues grouped by their first word, built once.

    A long message then costs one dictionary lookup per word rather than one
    comparison per cue.
    """

    by_first_word: Dict[str, Tuple[Cue, ...]]

    @classmethod
    def of(cls, cues: Iterable[Cue]) -> "CueIndex":
        """Group the cues by their first word."""
        grouped: Dict[str, List[Cue]] = {}
        for cue in cues:
            grouped.setdefault(cue.words[0], []).append(cue)
        return cls({word: tuple(group) for word, group in grouped.items()})


def load_index(path: Path = TOPICS_FILE) -> CueIndex:
    """The cues of the YAML file, ready for :func:`find`."""
    return CueIndex.of(load_cues(path))


@lru_cache(maxsize=1)
def _default_index() -> CueIndex:
    return load_index()


def _word_matches(word: str, token: Token) -> bool:
    return word in (token.lower_, token.lemma_.lower())


def _has_word(tokens: Span, words: FrozenSet[str]) -> bool:
    return any(token.lower_ in words for token in tokens)


def _matches_at(doc: Doc, start: int, cue: Cue) -> bool:
    end = start + len(cue.words)
    if end > len(doc):
        return False
    if not all(_word_matches(w, doc[start + i]) for i, w in enumerate(cue.words)):
        return False
    before = doc[max(0, start - NOT_AFTER_WINDOW) : start]
    return (
        not _has_word(before, cue.not_after)
        and not any(_phrase_at(doc, end, phrase) for phrase in cue.not_before)
        and not _is_ruled_out(doc, start)
    )


def _phrase_at(doc: Doc, start: int, phrase: Tuple[str, ...]) -> bool:
    """Whether the words of ``phrase`` (or their lemmas) begin at ``start``."""
    if start + len(phrase) > len(doc):
        return False
    return all(_word_matches(word, doc[start + i]) for i, word in enumerate(phrase))


def _is_ruled_out(doc: Doc, start: int) -> bool:
    """Whether a negation such as "no" governs the words starting at ``start``.

    A list after "no" is negated to its end: "no problems with my kidneys or
    allergies" rules out allergies too.
    """
    if _is_dismissed(doc, start):
        return True
    window = NEGATION_WINDOW
    if start > 0 and doc[start - 1].lower_ in LIST_JOINERS:
        window = LIST_NEGATION_WINDOW
    for token in reversed(doc[max(0, start - window) : start]):
        if token.lower_ in CLAUSE_BREAKS:
            return False
        if token.lower_ in NEGATIONS:
            return True
    return False


def _is_dismissed(doc: Doc, start: int) -> bool:
    """Whether the patient waves the topic aside: "not asking about the price"."""
    first = max(0, start - DISMISSAL_WINDOW)
    for index in range(start - 1, first - 1, -1):
        if doc[index].lower_ in CLAUSE_BREAKS:
            return False
        for dismissal in DISMISSALS:
            words = [t.lower_ for t in doc[index : index + len(dismissal)]]
            if tuple(words) == dismissal:
                return True
    return False


def find(doc: Doc, index: Optional[CueIndex] = None) -> List[OffGuideTopic]:
    """Off-guide topics named in the message, each once, in order of mention."""
    by_first_word = (index or _default_index()).by_first_word
    found: Dict[str, OffGuideTopic] = {}
    for start, token in enumerate(doc):
        for word in {token.lower_, token.lemma_.lower()}:
            for cue in by_first_word.get(word, ()):
                if cue.topic not in found and _matches_at(doc, start, cue):
                    evidence = doc[start : start + len(cue.words)].text
                    found[cue.topic] = OffGuideTopic(cue.topic, evidence)
    return list(found.values())
