"""The FAQ answers: complete, grounded in the patient guide, and easy to read."""

import re
from typing import Dict, List, Set

import pytest
import textstat
import yaml

from kyphobot.faq_catalog import FAQ_TITLES
from kyphobot.launcher import ROOT

GUIDE = ROOT.parent / "shared" / "source" / "kyphoplasty_patient_guide.txt"
REQUIRED_KEYS = {
    "what_is_kyphoplasty",
    "compression_fracture",
    "osteoporosis",
    "where_performed",
    "anesthesia",
    "procedure_steps",
    "imaging",
    "balloon",
    "cement",
    "who_is_candidate",
    "cancer",
    "injury",
    "walking_after",
    "bed_rest",
    "return_to_activities",
    "lifting_restrictions",
    "wound_care",
    "more_information",
}
NUMBER_WORDS = (
    r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty-four"
)
UNITS = r"hours?|days?|weeks?|months?|years?|minutes?"
QUANTITY = re.compile(rf"\b(?:{NUMBER_WORDS})\s+(?:{UNITS})\b|\bday or two\b", re.I)
URL = re.compile(r"https?://\S+")


def guide_text() -> str:
    return GUIDE.read_text(encoding="utf-8")


def faq_answers() -> Dict[str, dict]:
    domain = yaml.safe_load((ROOT / "domain" / "faq.yml").read_text(encoding="utf-8"))
    return {
        name.split("/", 1)[1]: variants[0]
        for name, variants in domain["responses"].items()
        if name.startswith("utter_faq/")
    }


def all_response_texts() -> List[str]:
    texts = []
    for path in (ROOT / "domain").glob("*.yml"):
        domain = yaml.safe_load(path.read_text(encoding="utf-8"))
        for variants in (domain.get("responses") or {}).values():
            texts.extend(v["text"] for v in variants if "text" in v)
    return texts


def normalise_quantity(text: str) -> str:
    words = {"one": "1", "two": "2", "six": "6", "twenty-four": "24"}
    text = text.lower()
    for word, digit in words.items():
        text = re.sub(rf"\b{word}\b", digit, text)
    return re.sub(r"s\b", "", text)  # "weeks" and "week" count as one


def quantities(text: str) -> Set[str]:
    return {
        normalise_quantity(m.group(0)) for m in QUANTITY.finditer(URL.sub("", text))
    }


def nlu_keys() -> Dict[str, int]:
    data = yaml.safe_load(
        (ROOT / "data" / "nlu" / "faq.yml").read_text(encoding="utf-8")
    )
    return {
        block["intent"].split("/", 1)[1]: len(
            [
                line
                for line in block["examples"].splitlines()
                if line.strip().startswith("- ")
            ]
        )
        for block in data["nlu"]
    }


def test_every_required_key_has_an_answer_a_title_and_training_data() -> None:
    assert set(faq_answers()) == REQUIRED_KEYS
    assert set(FAQ_TITLES) == REQUIRED_KEYS
    counts = nlu_keys()
    assert set(counts) == REQUIRED_KEYS
    assert min(counts.values()) >= 25, counts


def test_every_medical_quantity_in_any_response_is_stated_in_the_guide() -> None:
    allowed = quantities(guide_text())
    assert {"2 month", "24 hour", "6 week"} <= allowed  # the guide's own figures
    for text in all_response_texts():
        assert quantities(text) <= allowed, text


def test_no_bare_numbers_besides_quantities_and_phone_numbers() -> None:
    for key, answer in faq_answers().items():
        text = QUANTITY.sub("", URL.sub("", answer["text"]))
        assert not re.search(r"\d", text), f"{key}: unexplained number in {text!r}"


def test_quantity_check_catches_an_invented_figure() -> None:
    allowed = quantities(guide_text())
    assert not quantities("Avoid driving for 3 weeks.") <= allowed
    assert not quantities("Recovery takes three months.") <= allowed


@pytest.mark.parametrize("key", sorted(REQUIRED_KEYS))
def test_answer_reads_at_or_below_eighth_grade(key: str) -> None:
    text = URL.sub("", faq_answers()[key]["text"])
    assert textstat.flesch_kincaid_grade(text) <= 8.0, text


@pytest.mark.parametrize("key", sorted(REQUIRED_KEYS))
def test_answer_fits_a_phone_and_offers_a_next_step(key: str) -> None:
    answer = faq_answers()[key]
    assert len(URL.sub("", answer["text"])) <= 420
    assert 1 <= len(answer.get("buttons", [])) <= 3
    for button in answer["buttons"]:
        assert button["payload"].split("/")[-1] in REQUIRED_KEYS


def word_ngrams(text: str, n: int) -> Set[tuple]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


@pytest.mark.parametrize("key", sorted(REQUIRED_KEYS))
def test_answer_is_in_its_own_words_not_copied_from_the_guide(key: str) -> None:
    shared = word_ngrams(URL.sub("", faq_answers()[key]["text"]), 8) & word_ngrams(
        URL.sub("", guide_text()), 8
    )
    assert not shared, shared


def test_more_information_points_to_the_guides_own_resource() -> None:
    guide_urls = set(URL.findall(guide_text()))
    assert set(URL.findall(faq_answers()["more_information"]["text"])) == guide_urls


def test_responses_that_hand_over_always_give_the_emergency_number() -> None:
    for name in ("escalation", "emergency"):
        domain = yaml.safe_load(
            (ROOT / "domain" / f"{name}.yml").read_text(encoding="utf-8")
        )
        for variants in domain["responses"].values():
            assert "{emergency_number}" in variants[0]["text"]
