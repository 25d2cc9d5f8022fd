"""The project's spaCy pipeline builds and loads with no network at all."""

import socket
from pathlib import Path

import pytest
import spacy

from kyphobot.nlp import pipeline


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_pipeline_builds_and_reloads_offline(no_network: None, tmp_path: Path) -> None:
    nlp = pipeline.build()
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert reloaded.pipe_names == ["lemmatizer", "entity_ruler"]
    doc = reloaded("my legs are numb")
    assert [t.lemma_ for t in doc][1] == "leg"
    assert [t.lemma_ for t in reloaded("does it work")] == ["do", "it", "work"]
    assert {(e.label_, e.ent_id_) for e in doc.ents} == {
        ("body_part", "leg"),
        ("symptom", "numb"),
    }


def test_saved_pipeline_marks_symptoms_body_parts_and_durations(
    nlp: spacy.Language,
) -> None:
    doc = nlp("severe pain in my lower back for 2 months")
    labels = {(e.label_, e.text) for e in doc.ents}
    assert ("symptom", "severe") in labels
    assert ("body_part", "lower back") in labels
    assert ("duration", "2 months") in labels


def test_cant_variants_are_all_understood(nlp: spacy.Language) -> None:
    for text in (
        "can't feel",
        "cant feel",
        "cannot feel",
        "can not feel",
        "unable to feel",
    ):
        ents = [(e.label_, e.ent_id_) for e in nlp(text).ents]
        assert ents == [("symptom", "cant_feel")], text
