"""Write a fast, misspelt text message out in full, for a second red-flag reading.

A patient in distress texts fast: "hard 2 breeth", "lgs wont wrk sinse last
nite". The lexicon lists many misspellings, but a patient's own can never all
be listed. When the red-flag detector finds nothing in a message, it reads the
message again with every word that is no English word written out:

- a texting form from ``texting_forms.yml`` ("2" is "to", "nite" is "night");
- a lexicon word with its vowels dropped ("lgs" is "legs", "wrk" is "work");
- a lexicon word with one letter wrong, missing or swapped, or typed twice
  ("breeth", "feverr");
- a dropped g put back ("hurtin"), a held letter let go ("numbbbb");
- words typed without spaces split apart ("mylegsgonenumb" is "my legs gone
  numb").

Only words that are no English word change (spaCy's lookup tables and, saved
with the project's pipeline, the 30,000 commonest words of English on the web),
so a message spelt properly reads the same; and a second reading can only add
an alarm, never remove one: when unsure, the detector errs toward the emergency
answer.
"""

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, FrozenSet, List, Match, Optional, Tuple

import yaml
from spacy.vocab import Vocab

from kyphobot.nlp import lexicon
from kyphobot.nlp.language import is_dictionary_word, one_edit_away
from kyphobot.nlp.pipeline import ENGLISH_WORDS_TABLE
from kyphobot.nlp.skeletons import is_subsequence, skeleton

FORMS_FILE = Path(__file__).with_name("texting_forms.yml")
#: Shorter skeletons and words are too easily something else. Lexicon words
#: are few, so a two-letter skeleton is enough here ("mv": move); matching
#: the answers' larger vocabulary needs three (skeletons.MIN_SKELETON_LENGTH).
MIN_LEXICON_SKELETON_LENGTH = 2
MIN_WORD_LENGTH = 3
#: Shorter words are too easily one letter off several others.
MIN_TYPO_LENGTH = 5
#: A letter typed this many times in a row is being held ("pleeease").
HELD_LETTER_RUN = 3
#: Shorter runs of letters are too easily one unknown word, not several glued.
MIN_GLUED_LENGTH = 8
#: Longer runs are no typed message but pasted or random letters; splitting
#: them would cost time for nothing. No word in a run is longer than this.
MAX_GLUED_LENGTH = 120
MAX_PIECE_LENGTH = 20
#: The only words of one or two letters a glued run may hold ("icantmove");
#: others are more often a word's end ("feverishly" is no "feverish ly").
SHORT_WORDS_TEXT = """
    i a am an as at be by do go he if in is it me my no of oh ok on or so to up
    us we ca wo nt"""
SHORT_WORDS = frozenset(SHORT_WORDS_TEXT.split())
#: A glued run opening with these is one word that negates the rest.
NEGATING_PREFIXES = frozenset({"a", "an", "non", "dis", "anti"})
#: The log probability of a word the frequency table lacks (texting, lexicon
#: misspellings): rarer than any word it holds.
UNKNOWN_LOG_PROB = -16.0
_WORD = re.compile(r"[a-z0-9']+")
#: Words a number before them counts: "2 days", "4 times", "2 of them".
COUNTED_WORDS_TEXT = """
    sec secs second seconds min mins minute minutes hr hrs hour hours day days
    night nights wk wks week weeks month months yr yrs year years time times x of
    pill pills tablet tablets am pm people kids steps flights stairs"""
COUNTED_WORDS = frozenset(COUNTED_WORDS_TEXT.split())


@lru_cache(maxsize=1)
def texting_forms() -> Dict[str, str]:
    """Texting forms and the words they stand for, from the YAML file."""
    data = yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8"))
    return {str(form).lower(): str(word) for form, word in data["forms"].items()}


@lru_cache(maxsize=1)
def _lexicon_word_counts() -> Counter:
    """How often each plain word appears in the symptom and body-part lexicon."""
    counts: Counter = Counter()
    for _, alternatives in [*lexicon.SYMPTOMS, *lexicon.BODY_PARTS]:
        for phrase in alternatives:
            for word in phrase.split():
                word = word.removeprefix("lemma:")
                if word.isalpha() and word.islower():
                    counts[word] += 1
    return counts


@lru_cache(maxsize=1)
def lexicon_words() -> FrozenSet[str]:
    """Every plain word of the symptom and body-part lexicon."""
    return frozenset(_lexicon_word_counts())


class Respeller:
    """Writes out texting, knowing which words are English and how common."""

    def __init__(
        self,
        is_english: Callable[[str], bool],
        log_prob: Callable[[str], float] = lambda word: UNKNOWN_LOG_PROB,
    ) -> None:
        self.is_english = is_english
        self.log_prob = log_prob
        self._skeletons = self._lexicon_skeletons()

    def _preference(self, word: str) -> Tuple[bool, int, str]:
        """English words first (the lexicon lists misspellings too), common first."""
        return (not self.is_english(word), -_lexicon_word_counts()[word], word)

    def _lexicon_skeletons(self) -> Dict[str, List[str]]:
        """The lexicon's English words (not its misspellings) by skeleton.

        Where words share a skeleton ("lgs": legs, lags), the words the lexicon
        uses most come first. A word in -ing is also found without its g
        ("brthin" is "breathing"). A skeleton may itself be an English word
        ("mv"): only a typed word that is no English word is looked up, so
        "mve" is "move" while "mv" stays as it is.
        """
        found: Dict[str, List[str]] = {}
        english = [word for word in lexicon_words() if self.is_english(word)]
        for word in sorted(english, key=self._preference):
            forms = [word, word[:-1]] if word.endswith("ing") else [word]
            for form in forms:
                bare = skeleton(form)
                if len(bare) >= MIN_LEXICON_SKELETON_LENGTH:
                    found.setdefault(bare, []).append(word)
        return found

    def _held_letters_let_go(self, word: str) -> Optional[str]:
        """Held letters typed once or twice: "numbbbb" is "numb", "feeeel" "feel"."""
        if not re.search(rf"([a-z])\1{{{HELD_LETTER_RUN - 1},}}", word):
            return None
        for keep in (2, 1):
            shorter = re.sub(rf"([a-z])\1{{{keep},}}", r"\1" * keep, word)
            if self.is_english(shorter):
                return shorter
        return None

    def _dropped_g(self, word: str) -> Optional[str]:
        """Texting's dropped final g: "hurtin" and "hurtin'" are "hurting"."""
        with_g = word.removesuffix("'") + "g"
        return with_g if with_g.endswith("ing") and self.is_english(with_g) else None

    def _one_letter_off(self, word: str) -> Optional[str]:
        """The lexicon word a longer misspelling is one letter away from.

        Texting drops letters more often than it adds them, so a word with one
        letter more ("needls": needles) is preferred to one as long ("needle").
        """
        if not MIN_TYPO_LENGTH <= len(word) <= MAX_PIECE_LENGTH:
            return None  # a longer run of letters is no lexicon word misspelt
        words = lexicon_words()
        near = {
            candidate
            for candidate in one_edit_away(word)
            if candidate in words
            and (len(candidate) >= len(word) or _drops_a_double(word, candidate))
        }
        if not near:
            return None
        return min(
            near,
            key=lambda w: (
                len(w) <= len(word),
                len(w) < len(word),
                *self._preference(w),
            ),
        )

    def written_out(self, word: str) -> Optional[str]:
        """The word a texted or misspelt word stands for, or None to leave it."""
        if word in texting_forms():
            return texting_forms()[word]
        if word.isdigit() or self.is_english(word):
            return None
        return (
            self._dropped_g(word)
            or self._held_letters_let_go(word)
            or self._without_vowels(word)
            or self._one_letter_off(word)
            or self._glued_words_apart(word)
        )

    def _is_piece(self, piece: str) -> bool:
        """A word a glued run may be made of."""
        if len(piece) <= 2:
            return piece in SHORT_WORDS
        return (
            self.is_english(piece)
            or piece in lexicon_words()
            or piece in texting_forms()
        )

    def _glued_words_apart(self, word: str) -> Optional[str]:
        """Words typed without spaces, split apart: "cantbreathe" is "cant breathe".

        Of the ways to split the run into known words, the likeliest wins, each
        word as likely as it is in English on the web: "over the", not "overt
        he"; "at all", not "a tall".
        """
        if not MIN_GLUED_LENGTH <= len(word) <= MAX_GLUED_LENGTH or not word.isalpha():
            return None
        # best[end]: (cost, words) of the likeliest split of word[:end].
        best: List[Optional[Tuple[float, List[str]]]] = [None] * (len(word) + 1)
        best[0] = (0.0, [])
        for end in range(1, len(word) + 1):
            for start in range(max(end - MAX_PIECE_LENGTH, 0), end):
                before = best[start]
                piece = word[start:end]
                if before is None or not self._is_piece(piece):
                    continue
                cost = before[0] - self.log_prob(piece)
                current = best[end]
                if current is None or cost < current[0]:
                    best[end] = (cost, [*before[1], piece])
        found = best[len(word)]
        if found is None or len(found[1]) < 2:
            return None
        words = _join_negations(found[1])
        if words[0] in NEGATING_PREFIXES:
            return None  # "afebrile" says no fever: it is no "a febrile"
        if sum(len(w) <= 2 for w in words) * 2 > len(words):
            return None  # "ver te bro pl as ty": no words, only letters
        return " ".join(words)

    def _without_vowels(self, word: str) -> Optional[str]:
        """The lexicon word texted without (some of) its vowels ("lgs", "mve").

        Texting drops letters; it does not change them: "spain" is no
        "seeping", "swelin" no "swollen".
        """
        if len(word) < MIN_WORD_LENGTH:
            return None
        candidates = self._skeletons.get(skeleton(word), [])
        return next((c for c in candidates if is_subsequence(word, c)), None)

    def respell(self, text: str) -> Optional[str]:
        """The lower-cased text with its texting written out, or None if unchanged.

        A digit stands for a word ("hard 2 breathe") only between two words, so
        "fell 2 days ago" and "pain 2/10" keep their numbers.
        """
        lowered = text.lower()
        words = list(_WORD.finditer(lowered))
        pieces, end = [], 0
        for index, match in enumerate(words):
            word = match.group(0)
            if word.isdigit() and not _between_words(words, index):
                continue
            replacement = self.written_out(word)
            if replacement is not None:
                pieces += [lowered[end : match.start()], replacement]
                end = match.end()
        if not pieces:
            return None
        return "".join(pieces) + lowered[end:]


def _join_negations(words: List[str]) -> List[str]:
    """Join "ca nt" into "cant": spaCy's frequency table holds its halves."""
    joined: List[str] = []
    for word in words:
        if word == "nt" and joined:
            joined[-1] += word
        else:
            joined.append(word)
    return joined


def _drops_a_double(word: str, shorter: str) -> bool:
    """One of two letters typed twice was dropped ("feverr": fever), nothing else.

    Other letters are not removed: "afebrile" says no fever, not "febrile".
    """
    return any(
        word[index] == word[index + 1] and word[:index] + word[index + 1 :] == shorter
        for index in range(len(word) - 1)
    )


def _between_words(words: List[Match[str]], index: int) -> bool:
    """Between two words, and not counting something ("fell 2 days ago")."""
    return (
        0 < index < len(words) - 1
        and words[index - 1].group(0).isalpha()
        and words[index + 1].group(0).isalpha()
        and words[index + 1].group(0) not in COUNTED_WORDS
    )


@lru_cache(maxsize=4)
def for_vocab(vocab: Vocab) -> Respeller:
    """The respeller for a pipeline's vocabulary (its common-words table, if any)."""
    if vocab.lookups.has_table(ENGLISH_WORDS_TABLE):
        table = vocab.lookups.get_table(ENGLISH_WORDS_TABLE)
        return Respeller(
            lambda word: word in table or is_dictionary_word(word),
            lambda word: float(table.get(word, UNKNOWN_LOG_PROB)),
        )
    return Respeller(is_dictionary_word)


def respell(text: str, vocab: Vocab) -> Optional[str]:
    """The text with its texting written out (None if unchanged), for a pipeline."""
    return for_vocab(vocab).respell(text)
