"""Words as texting writes them: without their vowels ("hsptl", "lftng").

Shared by the red-flag detector's texting reading and by the checks that a
question is in English and names its answer's subject, so "wlk aftr kypho?"
is read as the English question it is.
"""

from functools import lru_cache
from itertools import groupby

VOWELS = frozenset("aeiou")
#: Shorter skeletons match too many words ("wl": well, wall, will).
MIN_SKELETON_LENGTH = 3
#: A word cut short to at least this many letters, and half its length, is
#: an abbreviation of it ("hosp", "anesth").
MIN_ABBREVIATION_LENGTH = 4


@lru_cache(maxsize=8192)
def skeleton(word: str) -> str:
    """The word as texted without vowels: first letter, then consonants once each."""
    consonants = [word[0], *(c for c in word[1:] if c not in VOWELS)]
    return "".join(letter for letter, _ in groupby(consonants))


def is_subsequence(short: str, long: str) -> bool:
    """Whether ``long`` holds the letters of ``short`` in order."""
    letters = iter(long)
    return all(letter in letters for letter in short)


def is_texted_form(typed: str, word: str, is_prefix: bool = False) -> bool:
    """Whether ``typed`` is ``word`` with vowels dropped ("hsptl": hospital), or cut.

    Texting drops letters; it does not change them, so every typed letter is
    in the word, in order. A prefix ("lift" for lifting) matches a typed word
    that starts with its skeleton ("lftng").
    """
    if not typed.isalpha() or typed[0] != word[0] or typed == word:
        return False
    if len(typed) >= MIN_ABBREVIATION_LENGTH and word.startswith(typed):
        return 2 * len(typed) >= len(word)  # "hosp": hospital
    bare = skeleton(word)
    if len(bare) < MIN_SKELETON_LENGTH:
        return False
    if is_prefix:
        # The typed letters that spell the prefix must all be the prefix's.
        head = next(
            (
                typed[:end]
                for end in range(1, len(typed) + 1)
                if skeleton(typed[:end]) == bare
            ),
            None,
        )
        return head is not None and is_subsequence(head, word)
    return skeleton(typed) == bare and is_subsequence(typed, word)
