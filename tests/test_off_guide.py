"""The off-guide gate: questions the guide does not answer go to staff."""

import re
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
import yaml
from rasa.nlu.constants import SPACY_DOCS
from spacy.language import Language

from kyphobot.components.emergency_override import EmergencyOverride
from kyphobot.components.off_guide_gate import OffGuideGate
from kyphobot.faq_catalog import FAQ_TITLES
from kyphobot.nlp import answer_words, language, off_guide
from tests.test_components import message, output

ROOT = Path(__file__).resolve().parent.parent


def nlu_examples(path: Path) -> List[Tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        (line.strip()[2:], block["intent"])
        for block in data["nlu"]
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]


def training_examples() -> List[Tuple[str, str]]:
    return [
        example
        for path in sorted((ROOT / "data" / "nlu").glob("*.yml"))
        for example in nlu_examples(path)
    ]


def topics_in(nlp: Language, text: str) -> List[str]:
    return [found.topic for found in off_guide.find(nlp(text.lower()))]


@pytest.mark.parametrize(
    "text, topic",
    [
        ("how much does kyphoplasty cost", "cost"),
        ("is it covered by my medicare", "insurance"),
        ("what are the risks of the balloon procedure", "risks"),
        ("does kyphoplasty actually work", "results"),
        ("does it work", "results"),
        ("what is the balloon made of", "device_details"),
        ("how big is the needle", "device_details"),
        ("is vertebroplasty better", "other_treatments"),
        ("can i take tylenol for the soreness", "medicines"),
        ("when can i drive after kypho", "driving_and_travel"),
        ("any tv show you would suggest for my dad while he rests", "unrelated"),
        ("can i shower the next day", "washing"),
        ("when can i go back to work", "work"),
        ("do they keep you in the hospital overnight", "overnight_stay"),
        ("how long does the procedure take", "length_of_procedure"),
        ("how many hours will i be on the table", "length_of_procedure"),
        ("what should i eat during bed rest", "food_and_drink"),
        ("can osteoporosis cause fractures in my hips too", "other_conditions"),
        ("do they use one needle or two", "device_details"),
        # A verb's negation does not rule the topic out; only "no <topic>" does.
        ("i don't know how much it costs", "cost"),
        ("no insurance questions, but is it risky", "risks"),
        ("i can't afford it", "cost"),
        ("not worried about the procedure but how much does it cost", "cost"),
        ("how many x-rays do they take", "counts"),
        ("how many pounds counts as heavy", "counts"),
        ("can osteoporosis be reversed", "osteoporosis_care"),
        ("will i get another fracture later", "future_fractures"),
        ("will kyphoplasty treat the cancer itself", "cancer_treatment"),
        ("what position should i sleep in", "sleeping_position"),
        ("does the cement get hot", "device_details"),
        ("is it cheaper at the clinic", "cost"),
        ("what is the cement made from", "device_details"),
        ("do they take the balloon out after", "device_details"),
        ("can children have kyphoplasty", "age_limits"),
        ("when can we have sex again", "intimacy"),
        # Not waved aside: the topic is the question.
        ("before i forget how much will it cost", "cost"),
        ("nevermind how much does it cost", "cost"),
        ("what is the risk of complications", "risks"),
        ("is there a risk of the cement leaking", "risks"),
        ("what could go wrong during the procedure", "risks"),
        ("is the balloon made of plastic", "device_details"),
        ("so i don't need an overnight stay?", "overnight_stay"),
        ("can i put cream on the needle spot", "wound_products"),
    ],
)
def test_a_topic_the_guide_omits_is_found(nlp: Language, text: str, topic: str) -> None:
    assert topic in topics_in(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        # Each is answered by the guide although it holds a word of a cue.
        "how does it work",
        "how does the balloon work",
        "is it safe to walk after kypho",
        "where can i read about spinal fracture risk",
        "who is at risk for compression fractures",
        "do they keep you in bed the first day",
        "what job does the balloon do",
        "my mom is scheduled for kyphoplasty, what is it",
        "my dad fell off a ladder and broke a vertebra, is kyphoplasty done for that",
        "good night",
        # Ruled out by the patient, not asked about.
        "no allergies and no fever, what anesthesia will i get",
        "no fever or infection, but she has myeloma, can she have it",
        "no trouble with her heart or diabetes, what is the cement for",
        "i wanted to know weather she can walk after",
        "i carry feed sacks on the farm, when can i lift them again",
        "how many days do i stay in bed",
        "how many more days of bed rest do i need",
        "how many wks before i can lift heavy stuff",
        "can i take out the trash after kyphoplasty or is that heavy lifting",
        "does the cement fill out the space the balloon made",
        "can i walk down the street the day after kyphoplasty",
        "should i lie on my bed for the first day or two",
        "when can i carry my children again after the procedure",
        "is kyphoplasty for a new fracture from osteoporosis",
        "can kyphoplasty treat the cancer related fracture in my spine",
        "does the balloon reverse the collapse of the vertebra",
        "what are the qualifications to be a candidate for kyphoplasty",
        "can i use ice on the bruising where the needle went in",
        "does the x-ray guide a metal needle into the bone",
        "no lifting for how many weeks",
        "how many hours before i can do everyday things",
        "after how many hours can i start doing normal things again",
        "could you point me to reading on spinal fractures and their risks",
        "where can i find more details on the risk of spine fractures",
        "in plain words, what has gone wrong with my vertebra",
        "my neighbour says kypho plastic is like a filling for the bone, what is it",
        "my grandma has brittle bones, does that raise her risk",
        # Waved aside before the real question.
        "not worried about the cost, where is it done?",
        "ok forget the insurance stuff for now, can u explain what kyphoplasty is",
        "im not asking about radiation, how do they see where the needle goes",
    ],
)
def test_guide_questions_that_look_like_a_topic_are_left_alone(
    nlp: Language, text: str
) -> None:
    assert topics_in(nlp, text) == []


def test_no_faq_training_example_names_an_off_guide_topic(nlp: Language) -> None:
    clashes = [
        (label, text, topics_in(nlp, text))
        for text, label in training_examples()
        if label.startswith("faq/") and topics_in(nlp, text)
    ]
    assert not clashes


def test_every_faq_answer_has_its_own_words() -> None:
    words = answer_words.default_words()
    assert words.keys() == set(FAQ_TITLES)


def test_every_faq_training_example_holds_a_word_of_its_answer(nlp: Language) -> None:
    words = answer_words.default_words()
    missing = [
        (label, text)
        for text, label in training_examples()
        if label.startswith("faq/")
        and not answer_words.mentions_answer(nlp(text.lower()), label[4:], words)
    ]
    assert not missing


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ("what kind of anesthisia do i get", "anesthesia", True),  # typo
        ("will they knock me out", "anesthesia", True),
        ("is there a pamflet", "more_information", True),  # prefix with a typo
        ("can you recommend a good movie", "more_information", False),
        ("cuanto tiempo en la cama", "bed_rest", False),
        ("what is the weather tomorrow", "cement", False),
    ],
)
def test_answer_words_are_lenient_but_not_empty(
    nlp: Language, text: str, key: str, expected: bool
) -> None:
    words = answer_words.default_words()
    assert answer_words.mentions_answer(nlp(text), key, words) is expected


@pytest.mark.parametrize(
    "text, key, expected",
    [
        ("is bed rest needed before the procedure too", "bed_rest", False),
        ("can i still walk my dog the day before my surgery", "walking_after", False),
        ("should i avoid lifting beforehand", "lifting_restrictions", False),
        # Questions about after the procedure keep their after-care answer.
        ("how long should i stay in bed after the procedure", "bed_rest", True),
        ("how many weeks before i can lift heavy stuff", "lifting_restrictions", True),
        ("is it one day before i can get back to normal", "return_to_activities", True),
        (
            "i had it done, can i lift things now that it's the day before my checkup",
            "lifting_restrictions",
            True,
        ),
        # Other answers may well be asked about before the procedure.
        (
            "will they give me something to relax before the procedure",
            "anesthesia",
            True,
        ),
    ],
)
def test_after_care_answers_do_not_answer_questions_about_before(
    nlp: Language, text: str, key: str, expected: bool
) -> None:
    words = answer_words.default_words()
    assert answer_words.mentions_answer(nlp(text), key, words) is expected


def gated(nlp: Language, text: str, intent: str, ranking: list) -> Dict:
    msg = message(text, intent, 0.9, ranking)
    msg.set(SPACY_DOCS["text"], nlp(text))
    EmergencyOverride({}).process([msg])
    OffGuideGate({}).process([msg])
    return output(msg)


def test_gate_escalates_an_faq_pick_on_an_off_guide_topic(nlp: Language) -> None:
    parsed = gated(
        nlp,
        "does insurance cover kyphoplasty",
        "faq",
        [("faq/what_is_kyphoplasty", 0.9)],
    )
    assert parsed["intent"] == {"name": "out_of_scope", "confidence": 1.0}
    assert parsed["off_guide_topics"] == [
        {"topic": "insurance", "evidence": "insurance"}
    ]


TRUSTING = {"trusted_faq_confidence": 0.9}


def gated_with_confidence(
    nlp: Language, text: str, confidence: float, answer: str
) -> Dict:
    """A FAQ pick of the given confidence through the gate that trusts sure picks."""
    msg = message(text, "faq", confidence, [(answer, confidence)])
    msg.set(SPACY_DOCS["text"], nlp(text))
    OffGuideGate(TRUSTING).process([msg])
    return output(msg)


@pytest.mark.parametrize(
    "confidence, expected", [(0.95, "faq"), (0.9, "faq"), (0.85, "out_of_scope")]
)
def test_a_sure_faq_pick_keeps_its_answer_when_a_topic_is_named_in_passing(
    nlp: Language, confidence: float, expected: str
) -> None:
    parsed = gated_with_confidence(
        nlp,
        "my referral says post-traumatic fracture, can kyphoplasty treat that",
        confidence,
        "faq/injury",
    )
    assert parsed["intent"]["name"] == expected
    # The topic is still reported, so staff reading the log can see it.
    assert parsed["off_guide_topics"][0]["topic"] == "scheduling"


def test_another_language_escalates_however_sure_the_pick(nlp: Language) -> None:
    parsed = gated_with_confidence(
        nlp, "¿qué es la cifoplastia con balón?", 0.99, "faq/what_is_kyphoplasty"
    )
    assert parsed["intent"]["name"] == "out_of_scope"


def test_a_sure_pick_still_needs_a_word_of_its_answer(nlp: Language) -> None:
    parsed = gated_with_confidence(
        nlp, "what does a good plumber charge", 0.99, "faq/more_information"
    )
    assert parsed["intent"]["name"] == "out_of_scope"
    assert parsed["unmatched_answer"] == ["faq/more_information"]


def test_gate_escalates_a_pick_whose_words_the_question_lacks(nlp: Language) -> None:
    parsed = gated(
        nlp, "can you recommend a good plumber", "faq", [("faq/more_information", 0.8)]
    )
    assert parsed["intent"]["name"] == "out_of_scope"
    assert parsed["unmatched_answer"] == ["faq/more_information"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # A clarifying question would offer the cement and the balloon answers.
        ("who won the game last night", "out_of_scope"),
        ("the glue or the balloon?", "nlu_fallback"),
    ],
)
def test_gate_escalates_a_clarification_only_when_no_choice_fits(
    nlp: Language, text: str, expected: str
) -> None:
    msg = message(
        text, "nlu_fallback", 0.3, [("faq/cement", 0.4), ("faq/balloon", 0.3)]
    )
    msg.set("intent_ranking", [msg.get("intent"), {"name": "faq", "confidence": 0.3}])
    msg.set(SPACY_DOCS["text"], nlp(text))
    OffGuideGate({}).process([msg])
    assert msg.get("intent")["name"] == expected


def test_gate_answers_a_guide_question(nlp: Language) -> None:
    parsed = gated(nlp, "what anesthesia will i get", "faq", [("faq/anesthesia", 0.9)])
    assert parsed["intent"]["name"] == "faq"
    assert parsed["off_guide_topics"] == []


def test_a_red_flag_beats_an_off_guide_topic(nlp: Language) -> None:
    parsed = gated(
        nlp,
        "can i drive to the er, i cant feel my legs",
        "faq",
        [("faq/walking_after", 0.9)],
    )
    assert parsed["intent"]["name"] == "report_emergency"


@pytest.mark.parametrize("intent", ["affirm", "deny", "request_human"])
def test_gate_leaves_replies_and_escalations_alone(nlp: Language, intent: str) -> None:
    parsed = gated(nlp, "yes, the cost one", intent, [])
    assert parsed["intent"]["name"] == intent


def test_gate_leaves_button_payloads_alone(nlp: Language) -> None:
    parsed = gated(nlp, "/faq/cement", "faq", [("faq/cement", 1.0)])
    assert parsed["intent"]["name"] == "faq"


def test_an_unquoted_yaml_boolean_in_a_cue_file_is_refused(tmp_path: Path) -> None:
    # YAML reads an unquoted "on" as True: "does it work on..." was escalated.
    cues = tmp_path / "topics.yml"
    cues.write_text(
        "topics:\n  results:\n    - {cue: do it work, not_before: [for, on]}\n"
    )
    with pytest.raises(ValueError, match="quote it"):
        off_guide.load_cues(cues)


def test_does_it_work_for_a_kind_of_fracture_is_no_results_question(
    nlp: Language,
) -> None:
    assert topics_in(nlp, "does it work on fractures from trauma") == []
    assert topics_in(nlp, "does it work?") == ["results"]


def test_cue_file_has_no_duplicate_or_empty_cue() -> None:
    cues = off_guide.load_cues()
    words = [cue.words for cue in cues]
    assert all(words) and len(words) == len(set(words))
    assert all(re.fullmatch(r"[a-z0-9' -]+", " ".join(w)) for w in words)


@pytest.mark.parametrize(
    "text",
    [
        "¿qué es la cifoplastia con balón?",
        "combien de temps dois-je rester au lit",
        "wie lange darf ich nichts heben",
        "tôi có thể đi bộ sau khi làm thủ thuật không",
        "我想知道手术费用",
        # Medical words spelt almost as in English do not make it English.
        "¿cuándo me van a dar la anestesia?",
        "quanto tempo depois posso caminhar",
    ],
)
def test_another_language_is_recognised(nlp: Language, text: str) -> None:
    assert language.is_other_language(nlp(text))


@pytest.mark.parametrize(
    "text",
    [
        "my mom is 82 nd her dr sed she need kypho wat is dat",
        "wat r u",
        "ok si",  # too short to judge
        "bak pain realy bad all of a sudden",
        # Misspelt words of the answers are typos, not another language.
        "whats a compresed vertabra",
        "wil i get anestesia",
        # Words the lemma table lacks because they never inflect.
        "cheers, super helpful",
        "thankful, truly useful",
    ],
)
def test_texting_english_is_not_another_language(nlp: Language, text: str) -> None:
    assert not language.is_other_language(nlp(text))


def test_only_out_of_scope_training_examples_read_as_another_language(
    nlp: Language,
) -> None:
    flagged = {
        label
        for text, label in training_examples()
        if language.is_other_language(nlp(text.lower()))
    }
    assert flagged == {"out_of_scope"}


def test_gate_escalates_a_question_in_another_language(nlp: Language) -> None:
    parsed = gated(
        nlp,
        "¿qué es la cifoplastia con balón?",
        "faq",
        [("faq/what_is_kyphoplasty", 0.9)],
    )
    assert parsed["intent"]["name"] == "out_of_scope"
    assert parsed["off_guide_topics"][0]["topic"] == "other_language"


def test_a_question_names_two_subjects_only_with_their_own_words(nlp: Language) -> None:
    words = answer_words.default_words()
    both = nlp("tell me about the balloon and the cement")
    assert answer_words.names_subject(both, "balloon", words)
    assert answer_words.names_subject(both, "cement", words)
    # Words every answer shares ("kyphoplasty") name no answer's own subject.
    assert not answer_words.names_subject(nlp("what is kyphoplasty"), "cement", words)
