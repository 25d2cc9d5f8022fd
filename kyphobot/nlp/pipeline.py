"""Build the project's own spaCy pipeline, since no model can be downloaded here.

The pipeline is ``spacy.blank("en")`` plus the lookup lemmatizer whose tables
ship in ``spacy-lookups-data``, plus an entity ruler made from
:mod:`kyphobot.nlp.lexicon`. Rasa's ``SpacyNLP`` loads it by path.

Run ``python -m kyphobot.nlp.pipeline [OUTPUT_DIR]`` (``make spacy`` does).
"""

import argparse
import itertools
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterator, List

import spacy
import spacy_lookups_data
import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer

from kyphobot.nlp import lexicon

logger = logging.getLogger(__name__)

DEFAULT_OUTPUT = Path("models/spacy/en_kyphoplasty")
PIPELINE_NAME = "kyphoplasty"
PIPELINE_VERSION = "1.4.0"
#: A vocabulary table saved with the pipeline: English words as written on the
#: web, for the red-flag detector's second reading of texting
#: (kyphobot/nlp/texting.py), which must not "correct" "during" or "myself".
ENGLISH_WORDS_TABLE = "kyphobot_english_words"
#: Words at least this likely (natural log) in spaCy's English word
#: frequencies: about 30,000, "dentures" included; texting such as "lgs"
#: (-15.6) or "nite" (-15.0) is rarer.
MIN_WORD_LOG_PROB = -14.0

#: Entries of spaCy's English lookup table that patients' questions trip on:
#: it reads "does" as the plural of "doe" (a deer), so "does it work" and
#: "do it work" would not share a lemma. It also reads "feed" as "fee", which
#: made "I carry feed sacks" a question about fees.
LEMMA_FIXES = {"does": "do", "feed": "feed"}

TokenPattern = List[Dict[str, Any]]


def _word_pattern(word: str) -> List[TokenPattern]:
    """Token patterns for one word of a lexicon phrase."""
    if word == "CANT":
        return [
            [{"LOWER": part} for part in variant] for variant in lexicon.CANT_VARIANTS
        ]
    if word.startswith("lemma:"):
        lemma = word[len("lemma:") :]
        return [[{"LEMMA": lemma}], [{"LOWER": lemma}]]
    return [[{"LOWER": word}]]


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    """The English tokenizer, made once: making one costs a tenth of a second."""
    return spacy.blank("en").tokenizer


def phrase_patterns(phrase: str) -> Iterator[TokenPattern]:
    """Expand one lexicon phrase into every token pattern it stands for."""
    tokenizer = _tokenizer()
    words: List[str] = []
    for raw in phrase.split(" "):
        if raw == "CANT" or raw.startswith("lemma:"):
            words.append(raw)
        else:
            words.extend(token.lower_ for token in tokenizer(raw))
    for combination in itertools.product(*(_word_pattern(word) for word in words)):
        yield [token for part in combination for token in part]


def _duration_patterns() -> Iterator[Dict[str, Any]]:
    """Durations such as "2 months", "two weeks" or "a day or two"."""
    for unit_id, units in lexicon.DURATION_UNITS.items():
        amount: Dict[str, Any] = {"LIKE_NUM": True}
        for quantity in (amount, {"LOWER": {"IN": lexicon.NUMBERS}}):
            yield {
                "label": "duration",
                "id": unit_id,
                "pattern": [quantity, {"LOWER": {"IN": units}}],
            }
        yield {
            "label": "duration",
            "id": unit_id,
            "pattern": [
                {"LOWER": {"IN": ["a", "one"]}},
                {"LOWER": {"IN": units}},
                {"LOWER": "or"},
                {"LOWER": {"IN": ["two", "2"]}},
            ],
        }
        yield {
            "label": "duration",
            "id": unit_id,
            "pattern": [{"LOWER": "for"}, {"LOWER": {"IN": units}}],
        }


def ruler_patterns() -> List[Dict[str, Any]]:
    """Every entity ruler pattern: ``symptom``, ``body_part`` or ``duration``."""
    patterns: List[Dict[str, Any]] = []
    for label, terms in (
        ("symptom", lexicon.SYMPTOMS),
        ("body_part", lexicon.BODY_PARTS),
    ):
        for term_id, alternatives in terms:
            for alternative in alternatives:
                for pattern in phrase_patterns(alternative):
                    patterns.append({"label": label, "id": term_id, "pattern": pattern})
    patterns.extend(_duration_patterns())
    return patterns


def english_words() -> Dict[str, float]:
    """Common English words and their log probabilities, from spacy-lookups-data.

    The probabilities let the texting reading split words typed without
    spaces the likeliest way ("over the", not "overt he").
    """
    # The packaged table is keyed by hashes; its file holds the words.
    frequencies = srsly.read_gzip_json(
        Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
    )
    return {
        word: round(float(log_prob), 2)
        for word, log_prob in frequencies.items()
        if log_prob >= MIN_WORD_LOG_PROB
    }


def build() -> Language:
    """Assemble the pipeline in memory; needs no network."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True})
    nlp.initialize()
    lookup = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")  # type: ignore[attr-defined]
    for word, lemma in LEMMA_FIXES.items():
        lookup[word] = lemma
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    nlp.vocab.lookups.add_table(ENGLISH_WORDS_TABLE, english_words())
    nlp.meta["name"] = PIPELINE_NAME
    nlp.meta["version"] = PIPELINE_VERSION
    nlp.meta["description"] = (
        "Blank English tokenizer, lookup lemmatizer and an entity ruler for "
        "symptoms, body parts and durations in kyphoplasty patients' messages."
    )
    return nlp


def main() -> None:
    """Build the pipeline and save it where ``config.yml`` expects it."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", nargs="?", type=Path, default=DEFAULT_OUTPUT)
    arguments = parser.parse_args()
    nlp = build()
    arguments.output.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(arguments.output)
    pattern_count = len(nlp.get_pipe("entity_ruler"))  # type: ignore[arg-type]
    print(f"spaCy pipeline with {pattern_count} patterns saved to {arguments.output}")


if __name__ == "__main__":
    main()
