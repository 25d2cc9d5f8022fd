"""The NLU data: the held-out sets are never trained on."""

import re
from pathlib import Path
from typing import Dict, Set

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HELD_OUT_SETS = {
    "test": ROOT / "tests" / "nlu" / "test_set.yml",
    "dev": ROOT / "tests" / "nlu" / "dev_set.yml",
}


def normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def examples(path: Path) -> Dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = {}
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                found[normalise(line.strip()[2:])] = block["intent"]
    return found


def training() -> Dict[str, str]:
    merged: Dict[str, str] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        merged.update(examples(path))
    return merged


@pytest.mark.parametrize("name", sorted(HELD_OUT_SETS))
def test_no_held_out_example_is_in_the_training_data(name: str) -> None:
    held_out: Set[str] = set(examples(HELD_OUT_SETS[name]))
    # Punctuation-only junk ("???") normalises to nothing and carries no wording.
    overlap = (held_out & set(training())) - {""}
    assert not overlap, sorted(overlap)


def test_the_blind_test_set_shares_no_message_with_the_dev_set() -> None:
    overlap = set(examples(HELD_OUT_SETS["test"])) & set(examples(HELD_OUT_SETS["dev"]))
    assert not overlap - {""}, sorted(overlap)


@pytest.mark.parametrize("name", sorted(HELD_OUT_SETS))
def test_held_out_set_covers_every_intent_the_evaluation_reports(name: str) -> None:
    labels = set(examples(HELD_OUT_SETS[name]).values())
    # The four figures: FAQ answers, escalations of out-of-scope questions,
    # emergency recall and false alarms (a request for a person is none of them).
    assert {"out_of_scope", "report_emergency"} <= labels
    assert len({label for label in labels if label.startswith("faq/")}) == 18


def test_no_example_is_labelled_twice() -> None:
    seen: Dict[str, str] = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for block in data["nlu"]:
            for line in block["examples"].splitlines():
                if line.strip().startswith("- "):
                    text = normalise(line.strip()[2:])
                    assert seen.get(text, block["intent"]) == block["intent"], text
                    seen[text] = block["intent"]
