"""The project's Rasa NLU components, on real Rasa Message objects."""

from typing import Any, Dict, List

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix
from spacy.language import Language

from kyphobot.components.confident_answer import ConfidentAnswerRescue
from kyphobot.components.emergency_override import EmergencyOverride
from kyphobot.components.faq_ambiguity import FaqAmbiguityGate
from kyphobot.components.faq_buttons import FaqButtonResolver
from kyphobot.components.flat_classifier import FlatIntentClassifier


def message(text: str, intent: str, confidence: float, ranking: List[Any]) -> Message:
    msg = Message(data={"text": text})
    msg.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    msg.set(
        "intent_ranking",
        [{"name": intent, "confidence": confidence}],
        add_to_output=True,
    )
    msg.set(
        "response_selector",
        {
            "faq": {
                "response": {"intent_response_key": ranking[0][0] if ranking else None},
                "ranking": [
                    {"intent_response_key": k, "confidence": c} for k, c in ranking
                ],
            }
        },
        add_to_output=True,
    )
    return msg


def output(msg: Message) -> Dict[str, Any]:
    return msg.as_dict(only_output_properties=True)


@pytest.mark.parametrize(
    "ranking, expected",
    [
        ([("faq/cement", 0.9), ("faq/balloon", 0.05)], "faq"),
        ([("faq/cement", 0.45), ("faq/balloon", 0.40)], "nlu_fallback"),
        ([("faq/cement", 0.60), ("faq/balloon", 0.50)], "nlu_fallback"),
        ([("faq/cement", 0.30)], "nlu_fallback"),
    ],
)
def test_gate_sends_weak_or_close_faq_picks_to_clarification(
    ranking: list, expected: str
) -> None:
    msg = message("glue?", "faq", 0.95, ranking)
    FaqAmbiguityGate({}).process([msg])
    assert msg.get("intent")["name"] == expected
    assert msg.get("response_selector")["faq"]["ranking"]  # kept for the buttons


@pytest.mark.parametrize("runner_up, expected", [(0.37, "nlu_fallback"), (0.30, "faq")])
def test_gate_asks_when_a_runner_up_answer_holds_its_own(
    runner_up: float, expected: str
) -> None:
    msg = message(
        "balloon and cement",
        "faq",
        0.95,
        [("faq/cement", 0.59), ("faq/balloon", runner_up)],
    )
    FaqAmbiguityGate({"runner_up_threshold": 0.35}).process([msg])
    assert msg.get("intent")["name"] == expected


def test_gate_leaves_other_intents_alone() -> None:
    msg = message("hi", "greet", 0.4, [("faq/cement", 0.2)])
    FaqAmbiguityGate({}).process([msg])
    assert msg.get("intent")["name"] == "greet"


def test_button_payload_selects_that_answer_with_certainty() -> None:
    msg = message(
        "/faq/balloon", "nlu_fallback", 0.3, [("faq/cement", 0.5), ("faq/balloon", 0.3)]
    )
    FaqButtonResolver({}).process([msg])
    FaqAmbiguityGate({}).process([msg])
    assert msg.get("intent") == {"name": "faq", "confidence": 1.0}
    selected = output(msg)["response_selector"]["faq"]["response"]
    assert selected["utter_action"] == "utter_faq/balloon"
    assert selected["intent_response_key"] == "faq/balloon"


@pytest.mark.parametrize(
    "text", ["/faq/not_a_key", "faq/balloon", "/faq/balloon please"]
)
def test_unknown_or_malformed_payloads_are_not_resolved(text: str) -> None:
    msg = message(text, "nlu_fallback", 0.3, [("faq/balloon", 0.3)])
    FaqButtonResolver({}).process([msg])
    assert msg.get("intent")["name"] == "nlu_fallback"


def test_red_flag_overrides_any_classifier_verdict(nlp: Language) -> None:
    msg = message("cant feel my legs", "faq", 0.99, [("faq/walking_after", 0.99)])
    msg.set(SPACY_DOCS["text"], nlp("cant feel my legs"))
    EmergencyOverride({}).process([msg])
    parsed = output(msg)
    assert parsed["intent"] == {"name": "report_emergency", "confidence": 1.0}
    assert parsed["intent_ranking"][0]["name"] == "report_emergency"
    assert parsed["red_flags"][0]["category"] == "leg_numbness_weakness"


@pytest.mark.parametrize("with_model, expected", [(True, True), (False, False)])
def test_texting_is_read_a_second_time_with_the_spacy_model(
    nlp: Language, with_model: bool, expected: bool
) -> None:
    text = "its hard 4 her 2 breeth"
    msg = message(text, "out_of_scope", 0.9, [])
    msg.set(SPACY_DOCS["text"], nlp(text))
    model = SpacyModel(model=nlp, model_name="en_kyphoplasty") if with_model else None
    EmergencyOverride({}).process([msg], model)
    assert (output(msg)["intent"]["name"] == "report_emergency") is expected


def test_calm_message_keeps_its_intent_and_reports_no_flags(nlp: Language) -> None:
    msg = message(
        "no fever, can i walk after", "faq", 0.9, [("faq/walking_after", 0.9)]
    )
    msg.set(SPACY_DOCS["text"], nlp("no fever, can i walk after"))
    EmergencyOverride({}).process([msg])
    assert output(msg)["intent"]["name"] == "faq"
    assert output(msg)["red_flags"] == []


def classified(text: str, nlp: Language, ranking: List[Any]) -> Message:
    msg = Message(data={"text": text})
    msg.set(
        "intent",
        {"name": ranking[0][0], "confidence": ranking[0][1]},
        add_to_output=True,
    )
    msg.set(
        "intent_ranking",
        [{"name": n, "confidence": c} for n, c in ranking],
        add_to_output=True,
    )
    msg.set(SPACY_DOCS["text"], nlp(text))
    return msg


def test_classifier_emergency_with_every_symptom_negated_is_demoted(
    nlp: Language,
) -> None:
    msg = classified(
        "no fever, no redness, where can i read more",
        nlp,
        [("report_emergency", 0.7), ("faq", 0.6), ("greet", 0.01)],
    )
    EmergencyOverride({}).process([msg])
    assert msg.get("intent") == {"name": "faq", "confidence": 0.6}


def test_classifier_emergency_on_a_question_asked_ahead_is_demoted(
    nlp: Language,
) -> None:
    msg = classified(
        "what do we do if dad falls after his kyphoplasty?",
        nlp,
        [("report_emergency", 0.8), ("out_of_scope", 0.5), ("faq", 0.1)],
    )
    EmergencyOverride({}).process([msg])
    assert msg.get("intent") == {"name": "out_of_scope", "confidence": 0.5}


def test_question_asked_ahead_without_a_confident_runner_up_goes_to_staff(
    nlp: Language,
) -> None:
    msg = classified(
        "what should i do if my legs go numb after?",
        nlp,
        [("report_emergency", 0.9), ("faq", 0.05)],
    )
    EmergencyOverride({}).process([msg])
    assert msg.get("intent")["name"] == "out_of_scope"
    assert msg.get("asked_ahead") is True


def test_demotion_without_a_confident_runner_up_asks_to_clarify(nlp: Language) -> None:
    msg = classified("no fever at all", nlp, [("report_emergency", 0.9), ("faq", 0.05)])
    EmergencyOverride({}).process([msg])
    assert msg.get("intent")["name"] == "nlu_fallback"


def test_classifier_emergency_without_any_known_symptom_stands(nlp: Language) -> None:
    msg = classified(
        "something is really wrong with mom",
        nlp,
        [("nlu_fallback", 0.4), ("report_emergency", 0.4), ("faq", 0.3)],
    )
    EmergencyOverride({}).process([msg])
    assert msg.get("intent")["name"] == "report_emergency"


def featurised(text: str, vector: List[float], intent: str = "") -> Message:
    """A message with the sentence-level sparse features a featurizer would add."""
    data: Dict[str, Any] = {"text": text}
    if intent:
        data["intent"], _, key = intent.partition("/")
        if key:
            data["intent_response_key"] = intent
    msg = Message(data=data)
    msg.add_features(
        Features(csr_matrix([vector]), FEATURE_TYPE_SENTENCE, "text", "test")
    )
    return msg


@pytest.mark.parametrize("weight, expected", [(1.0, "faq"), (3.0, "out_of_scope")])
def test_out_of_scope_weight_sends_a_borderline_question_to_staff(
    tmp_path: Any, weight: float, expected: str
) -> None:
    classifier = FlatIntentClassifier(
        {"class_weight": {"out_of_scope": weight}},
        LocalModelStorage(tmp_path),
        Resource("flat"),
    )
    examples = [
        *(featurised(f"a{i}", [1, 0, 0], "faq/cement") for i in range(4)),
        *(featurised(f"b{i}", [0, 0, 1], "faq/balloon") for i in range(4)),
        *(featurised(f"o{i}", [0, 1, 0], "out_of_scope") for i in range(4)),
    ]
    classifier.train(TrainingData(examples))
    # Half answer-like, half off-topic: the FAQ side wins unless weighted.
    [parsed] = classifier.process([featurised("borderline", [1, 1, 0])])
    assert parsed.get("intent")["name"] == expected


def test_feature_groups_are_weighted_apart_and_survive_a_reload(tmp_path: Any) -> None:
    """Each featurizer alias gets its own TF-IDF; the saved model predicts alike."""
    config = {"feature_groups": ["words", "chars"]}
    storage, resource = LocalModelStorage(tmp_path), Resource("flat")
    classifier = FlatIntentClassifier(config, storage, resource)

    def message(
        text: str, words: List[float], chars: List[float], intent: str = ""
    ) -> Message:
        msg = featurised(text, words, intent)
        msg.features[0].origin = "words"
        msg.add_features(
            Features(csr_matrix([chars]), FEATURE_TYPE_SENTENCE, "text", "chars")
        )
        return msg

    examples = [
        *(message(f"a{i}", [1, 0], [1, 1, 0, 0], "faq/cement") for i in range(4)),
        *(message(f"o{i}", [0, 1], [0, 0, 1, 1], "out_of_scope") for i in range(4)),
    ]
    classifier.train(TrainingData(examples))
    assert [t.idf_.shape[0] for t in classifier.tfidf] == [2, 4]

    loaded = FlatIntentClassifier.load(config, storage, resource, None)  # type: ignore[arg-type]
    for fitted in (classifier, loaded):
        [parsed] = fitted.process([message("q", [1, 0], [1, 1, 0, 0])])
        assert parsed.get("intent")["name"] == "faq"
        assert (
            parsed.get("response_selector")["faq"]["response"]["intent_response_key"]
            == "faq/cement"
        )


def test_a_model_without_its_files_loads_untrained_instead_of_crashing(
    tmp_path: Any,
) -> None:
    """A model saved by an older version (other file names) must not stop Rasa."""
    storage, resource = LocalModelStorage(tmp_path), Resource("flat")
    with storage.write_to(resource) as model_dir:
        (model_dir / "tfidf.skops").write_bytes(b"old layout")
    loaded = FlatIntentClassifier.load(
        {"feature_groups": ["words"]},
        storage,
        resource,
        None,  # type: ignore[arg-type]
    )
    [message] = loaded.process([featurised("q", [1, 0])])
    assert message.get("intent") is None


def rescue_candidate(
    intent: str, scores: Dict[str, float], answer_confidence: float
) -> Message:
    msg = message(
        "Will Mother be sedated?",
        intent,
        scores.get(intent, 0.45),
        [("faq/anesthesia", answer_confidence), ("faq/walking_after", 0.01)],
    )
    ranking = [{"name": name, "confidence": c} for name, c in scores.items()]
    if intent == "nlu_fallback":
        ranking.insert(0, {"name": "nlu_fallback", "confidence": 0.45})
    msg.set("intent_ranking", ranking, add_to_output=True)
    return msg


@pytest.mark.parametrize(
    "intent, scores, answer_confidence, expected",
    [
        # A narrow escalation with a near-certain answer gets the answer.
        ("out_of_scope", {"out_of_scope": 0.64, "faq": 0.35}, 0.99, "faq"),
        ("nlu_fallback", {"faq": 0.5, "out_of_scope": 0.5}, 0.97, "faq"),
        # A clear escalation, a weak FAQ runner-up or an unsure answer stay.
        ("out_of_scope", {"out_of_scope": 0.8, "faq": 0.2}, 0.99, "out_of_scope"),
        ("out_of_scope", {"out_of_scope": 0.7, "faq": 0.25}, 0.99, "out_of_scope"),
        ("out_of_scope", {"out_of_scope": 0.6, "faq": 0.4}, 0.85, "out_of_scope"),
        # Small talk ahead of FAQ: "that's all, take care" is no question.
        (
            "out_of_scope",
            {"out_of_scope": 0.45, "goodbye": 0.37, "faq": 0.32},
            0.99,
            "out_of_scope",
        ),
        # Emergencies and other intents are never touched.
        (
            "report_emergency",
            {"report_emergency": 0.5, "faq": 0.45},
            0.99,
            "report_emergency",
        ),
    ],
)
def test_rescue_answers_only_a_narrow_escalation_with_a_sure_answer(
    intent: str, scores: Dict[str, float], answer_confidence: float, expected: str
) -> None:
    msg = rescue_candidate(intent, scores, answer_confidence)
    ConfidentAnswerRescue({}).process([msg])
    assert msg.get("intent")["name"] == expected
    if expected == "faq":
        assert msg.get("intent")["confidence"] == scores["faq"]
        assert msg.get("intent_ranking")[0]["name"] == "faq"
