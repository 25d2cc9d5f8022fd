"""Deterministic red-flag detection on a spaCy ``Doc``.

A trained classifier can miss "cant feel my legz". This detector reads the
``symptom`` and ``body_part`` entities that the project's entity ruler marks,
drops the ones a simple negation covers ("no fever", "I don't have numbness"),
and applies readable rules. When unsure it errs toward raising the alarm.
"""

import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterable, List, Optional, Set

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kyphobot.nlp import (
    advance_questions,
    language,
    lexicon,
    red_flags_other_languages,
    symptom_context,
    texting,
)

#: What each red flag means, in words staff read in the console.
CATEGORY_DESCRIPTIONS: Dict[str, str] = {
    "leg_numbness_weakness": "new numbness, tingling or weakness in the legs",
    "bladder_bowel": "loss of bladder or bowel control",
    "chest_pain": "chest pain",
    "breathing": "trouble breathing",
    "fever_infection": "fever or signs of infection at the needle site",
    "severe_pain": "sudden severe pain",
    "fall": "a fall",
    "general_emergency": "an emergency in the patient's own words",
}

_LEG_SYMPTOMS = frozenset(
    {"numb", "weak", "cant_feel", "cant_move", "lost_control", "stopped_working"}
)
_PAIN = "pain"

#: Words allowed between "no" and the symptom it negates ("no new numbness").
_NO_GAP_WORDS = frozenset(
    {"more", "new", "real", "signs", "sign", "of", "any", "major", "obvious", "bad"}
)
_ANYTHING = frozenset({"anything", "something", "nothing", "stuff"})
_LIST_WORDS = frozenset({"or", "nor", ",", "/"})
_NEGATION_WINDOW = 4
#: "prevent falls", "avoid falling": a fall word right after these is no event.
_FALL_PREVENTION_LEMMAS = frozenset({"prevent", "avoid"})
#: "the collapse": a determiner makes "collapse" the bone's, as a noun.
_DETERMINERS = frozenset({"the", "a", "this"})
#: "his back has collapsed": a verb's helper between the back and "collapsed".
_AUXILIARIES = frozenset({"has", "had", "is", "was", "'s", "just"})
#: "can't stand stairs": where one stands, not a dislike.
_STANDING_PLACES = frozenset({"stairs", "steps", "heels", "hours", "minutes"})
#: What "to stop ... collapsing" may hold when a bone, not a person, collapses.
_COLLAPSING_THINGS = frozenset({"it", "them", "the", "this", "that", "bone", "from"})
#: Quotation marks before a word: the word is named, not used.
_QUOTES = frozenset({'"', "\u201c", "'", "\u2018"})
#: "partial collapse", "the word collapse": the bone's collapse, named.
_BONE_COLLAPSE_WORDS = frozenset({"partial", "complete", "word", "vertebral", "of"})
#: "I'm a bit confused": hedged, first-person confusion is about information.
_HEDGES = frozenset({"bit", "little", "abit", "more", "all", "both", "kinda", "now"})
_FIRST_PERSON = frozenset({"i", "im", "am", "we"})
#: "I'm confused", "I got confused": a writer is confused by what they read.
_SELF_CONFUSED = frozenset({"im", "i'm", "'m", "m", "got"})
#: Leg symptoms that, in an arm or a hand, are a stroke sign.
_ARM_SYMPTOMS = frozenset(
    {"numb", "numbness", "cant_feel", "paralysis", "weak", "stopped_working"}
)
#: Words that report a temperature as high ("temp is up", "running a temp").
_HIGH_TEMPERATURE_WORDS = frozenset(
    {
        "high",
        "up",
        "climbing",
        "rising",
        "spike",
        "spiking",
        "spiked",
        "elevated",
        "raised",
        "running",
        "hot",
    }
)
#: "running a temp", "has a temperature": the idiom for a fever.
_HAVE_A_TEMPERATURE_LEMMAS = frozenset({"have", "run", "get", "got", "had", "has"})


@dataclass(frozen=True)
class RedFlag:
    """One red flag found in a message, with the words that raised it."""

    category: str
    evidence: str
    #: Set when the words were another language's ("no puedo respirar").
    language: Optional[str] = None

    @property
    def description(self) -> str:
        """Plain-language name of the red flag."""
        return CATEGORY_DESCRIPTIONS[self.category]


@dataclass(frozen=True)
class _Mention:
    label: str
    term: str
    span: Span


def _is_negation_cue(token: Token) -> bool:
    return (
        token.lower_ in lexicon.NEGATION_LEMMAS
        or token.lemma_ in lexicon.NEGATION_LEMMAS
    )


def _is_pseudo_negation(doc: Doc, cue: Token) -> bool:
    """Cues that negate nothing: "not sure", "never felt pain like this"."""
    following = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    if following is not None and following.lower_ in lexicon.PSEUDO_NEGATION_FOLLOWERS:
        return True
    window = [t.lower_ for t in doc[cue.i : cue.i + 8]]
    # "never felt pain like this" compares; "no numbness or anything like that"
    # only widens the negation.
    return any(
        first == "like" and second in {"this", "that"} and before not in _ANYTHING
        for before, first, second in zip(window, window[1:], window[2:])
    )


def _is_negated(
    doc: Doc, span: Span, entity_tokens: FrozenSet[int], stops_at_actions: bool = False
) -> bool:
    """True when a negation cue shortly before ``span`` covers it.

    With ``stops_at_actions``, "can't" negates only the action after it
    ("can't talk in full sentences, out of breath"). Retention keeps it whole:
    "can't manage to pee" says the patient cannot pee.
    """
    counted = 0
    gap: List[Token] = []
    for index in range(span.start - 1, -1, -1):
        token = doc[index]
        if token.lower_ in lexicon.NEGATION_SCOPE_BREAKERS:
            return False
        if index in entity_tokens:
            continue  # "cant" inside "cant move" negates nothing else
        if _is_negation_cue(token):
            if _is_pseudo_negation(doc, token):
                return False
            if stops_at_actions and _is_negated_action(doc, token, span):
                return False
            if token.lower_ == "no":
                # "no fever" negates; "no i cant feel my legs" is an interjection.
                return all(word.lower_ in _NO_GAP_WORDS for word in gap)
            return True
        if token.lower_ in _LIST_WORDS:
            if token.lower_ == "," and not _lists_symptoms(doc, index, entity_tokens):
                return False  # "doesn't look great honestly, red ring round it"
            continue
        gap.insert(0, token)
        counted += 1
        if counted >= _NEGATION_WINDOW:
            return False
    return False


def _lists_symptoms(doc: Doc, comma: int, entity_tokens: FrozenSet[int]) -> bool:
    """A comma in a list of symptoms ("no fever, numbness") carries a negation on.

    After any other word it ends the clause the negation was in.
    """
    before = comma - 1
    return before < 0 or before in entity_tokens or doc[before].lower_ in _LIST_WORDS


def _is_negated_action(doc: Doc, cue: Token, span: Span) -> bool:
    """After "can't", a word such as "talk" is the action the cue negates.

    In "can't talk in full sentences, out of breath", the patient cannot talk;
    a word other than "feel", "have", "say"... is something the patient cannot
    do, and the negation does not reach past it.
    """
    if cue.i == 0 or doc[cue.i - 1].lower_ not in lexicon.CAN_MODALS:
        return False
    action = cue.i + 1
    return (
        action < span.start - 1
        and doc[action].lower_ not in lexicon.NEGATION_CARRYING_WORDS
        and doc[action].lemma_ not in lexicon.NEGATION_CARRYING_WORDS
    )


def _entity_tokens(doc: Doc) -> FrozenSet[int]:
    """Indexes of the tokens inside any entity the ruler marked."""
    return frozenset(i for ent in doc.ents for i in range(ent.start, ent.end))


def _mentions(doc: Doc, negated: bool = False) -> List[_Mention]:
    """Entity ruler matches; with ``negated``, only the negated symptoms."""
    entity_tokens = _entity_tokens(doc)
    mentions = []
    for ent in doc.ents:
        is_symptom = ent.label_ == "symptom"
        if (
            is_symptom
            and _is_negated(doc, ent, entity_tokens, stops_at_actions=True) != negated
        ):
            continue
        if negated and not is_symptom:
            continue
        mentions.append(_Mention(ent.label_, ent.ent_id_, ent))
    return mentions


def has_negated_symptom(doc: Doc) -> bool:
    """True when the message explicitly negates a symptom ("no fever, no redness").

    A classifier cannot read negation; when this is true and :func:`detect`
    finds no red flag, the message is calm whatever the classifier thinks.
    """
    return bool(_mentions(doc, negated=True))


def is_asked_ahead(doc: Doc) -> bool:
    """True when the message names a symptom only in a question asked ahead.

    A classifier cannot tell "what do we do if she gets a fever after?" from
    "she has a fever"; when this is true and :func:`detect` finds no red flag,
    the message is calm whatever the classifier thinks.
    """
    return any(
        m.label == "symptom" for m in _mentions(doc)
    ) and advance_questions.is_advance_question(doc)


def _has_any_lemma(tokens: Iterable[Token], lemmas: FrozenSet[str]) -> bool:
    return any(t.lemma_ in lemmas or t.lower_ in lemmas for t in tokens)


def _is_after_procedure(doc: Doc, ignore: FrozenSet[str] = frozenset()) -> bool:
    """True for "after my procedure", "since the surgery" or "today", "just"..."""
    for token in doc:
        if token.lower_ in lexicon.RECENT_TIME_WORDS and token.lower_ not in ignore:
            place = token.i > 0 and doc[token.i - 1].lower_ in lexicon.NOT_ONES_HOME
            if token.lower_ == "home" and place:
                continue  # "a fall at her nursing home"
            next_word = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
            if token.lower_ == "just" and next_word in lexicon.JUST_AS_MERELY_FOLLOWERS:
                continue  # "it was just a bad fall": merely, not a moment ago
            return True
        if token.lower_ in lexicon.AFTER_WORDS:
            following = doc[token.i + 1 : token.i + 4]
            if any(t.lower_ in lexicon.PROCEDURE_WORDS for t in following):
                return True
    return False


def _is_chronic(doc: Doc, near: Iterable[Optional[_Mention]] = ()) -> bool:
    """A duration of weeks or more means long-standing pain, not a sudden change.

    "Three weeks ago" or "at 2 weeks" dates the procedure; it says nothing of
    how long the pain has lasted. With ``near``, only a duration in the same
    sentence as one of those mentions counts: "you said no lifting for 6 wks?
    also i got sudden awful back pain just now" is sudden.
    """
    sentences = [
        symptom_context.sentence_of(doc, m.span) for m in near if m is not None
    ]
    return any(
        ent.label_ == "duration"
        and ent.ent_id_ in lexicon.CHRONIC_UNITS
        and not _is_point_in_time(doc, ent)
        and (
            not sentences
            or any(s.start <= ent.start and ent.end <= s.end for s in sentences)
        )
        for ent in doc.ents
    )


def _is_point_in_time(doc: Doc, duration: Span) -> bool:
    """A duration that dates something ("three weeks ago", "at 6 weeks")."""
    following = doc[duration.end].lower_ if duration.end < len(doc) else ""
    before = doc[duration.start - 1].lower_ if duration.start > 0 else ""
    return (
        following in lexicon.POINT_IN_TIME_FOLLOWERS
        or before in lexicon.POINT_IN_TIME_OPENERS
    )


def _is_new_fall(doc: Doc, fall: Span) -> bool:
    """A fall after treatment is a red flag; "fall asleep" and old injuries are not."""
    following: Optional[Token] = doc[fall.end] if fall.end < len(doc) else None
    # "slipped my mind", "knocked over my coffee"; but "landed on my bottom".
    lands_on = fall[-1].lower_ in lexicon.FALL_PLACE_PREPOSITIONS
    if (
        following is not None
        and following.lower_ in lexicon.NOT_A_FALL_FOLLOWERS
        and not (lands_on and following.lower_ == "my")
    ):
        return False
    if _is_fall_worry(doc, fall) or _is_not_a_fall_event(doc, fall):
        return False
    if _is_bone_falling(doc, fall):
        return False
    if _has_any_lemma(doc, lexicon.FRACTURE_CAUSE_LEMMAS) or _is_fall_as_cause(
        doc, fall
    ):
        return _is_after_procedure(doc, ignore=lexicon.FRACTURE_STATE_WORDS)
    return True


def _is_fall_as_cause(doc: Doc, fall: Span) -> bool:
    """A fall as the fracture's cause: "can it be done after a fall?"."""
    before = [t.lower_ for t in doc[max(fall.start - 2, 0) : fall.start]]
    return (
        len(before) == 2
        and before[0] in lexicon.FALL_AS_CAUSE_WORDS
        and before[1] in {"a", "the"}
    )


def _is_bone_falling(doc: Doc, fall: Span) -> bool:
    """A bone falls, not a person: "keeps the vertebra from falling in"."""
    before = list(doc[max(fall.start - 3, 0) : fall.start])
    for index, token in enumerate(before):
        if _is_bone_word(token):
            between = before[index + 1 :]
            return not any(t.lower_ in lexicon.FALLING_PEOPLE for t in between)
    return False


def _is_not_a_fall_event(doc: Doc, fall: Span) -> bool:
    """Tell "fell in love", "in the fall" (autumn) and surprise from a fall.

    "You could have knocked me over with a feather" says how surprised one was.
    """
    after = [t.lower_ for t in doc[fall.end : fall.end + 4]]
    before = [t.lower_ for t in doc[max(fall.start - 2, 0) : fall.start]]
    return after[:2] == ["in", "love"] or before == ["in", "the"] or "feather" in after


def _is_hay_fever(doc: Doc, fever: Span) -> bool:
    return fever.start > 0 and doc[fever.start - 1].lower_ == "hay"


def _is_fall_worry(doc: Doc, fall: Span) -> bool:
    """A worry, not an event: "prevent falls", "afraid of falling"."""
    before = list(doc[max(fall.start - 2, 0) : fall.start])
    if before and before[-1].lemma_ in _FALL_PREVENTION_LEMMAS:
        return True
    if before and before[-1].lower_ == "from":
        stopping = doc[max(fall.start - 6, 0) : fall.start]
        if _has_any_lemma(stopping, lexicon.FALL_STOPPING_LEMMAS):
            return True  # "stop my mom from falling"
    return (
        len(before) == 2
        and before[1].lower_ in {"of", "about"}
        and before[0].lemma_ in lexicon.FALL_WORRY_LEMMAS
    )


def _is_bone_word(token: Token) -> bool:
    """A word naming a bone of the spine: "vertebra", "spine", "L2"."""
    return (
        token.lemma_ in lexicon.BONE_LEMMAS
        or token.lower_ in lexicon.BONE_LEMMAS
        or re.fullmatch(lexicon.SPINE_LEVEL_PATTERN, token.lower_) is not None
    )


def _is_cement_stopping(doc: Doc, collapse: Span) -> bool:
    """The cement's job: "will the cement stop it collapsing"; not "can't stop"."""
    before = doc[max(collapse.start - 3, 0) : collapse.start]
    stop = next((t for t in before if t.lemma_ == "stop"), None)
    if stop is None:
        return False
    subject = doc[max(stop.i - 3, 0) : stop.i]
    return any(t.lower_ in lexicon.CEMENT_WORDS for t in subject) and not any(
        t.lower_ in lexicon.CANNOT_WORDS or t.lower_ in {"not", "n't"} for t in subject
    )


def _is_purpose_stopping(doc: Doc, collapse: Span) -> bool:
    """What something is for: "to stop it collapsing", "to keep it from collapsing"."""
    before = doc[max(collapse.start - 4, 0) : collapse.start]
    return any(
        t.lemma_ in {"stop", "keep"}
        and t.i > 0
        and doc[t.i - 1].lower_ == "to"
        and all(w.lower_ in _COLLAPSING_THINGS for w in doc[t.i + 1 : collapse.start])
        for t in before
    )


def _is_person_collapsing(doc: Doc, collapse: Span) -> bool:
    """A person collapsing is an emergency; "the vertebra collapsed" is not."""
    if collapse.start > 0 and doc[collapse.start - 1].lower_ in _DETERMINERS:
        return False
    before = doc[max(collapse.start - 3, 0) : collapse.start]
    if _has_any_lemma(before, _FALL_PREVENTION_LEMMAS):
        return False  # "prevent another collapse"
    if _is_cement_stopping(doc, collapse) or _is_purpose_stopping(doc, collapse):
        return False  # "cement stop collapse?", "is it to stop it collapsing?"
    if collapse.start > 0 and doc[collapse.start - 1].text in _QUOTES:
        return False  # 'the bone has "collapsed"': the doctor's word, quoted
    if collapse.start > 0 and doc[collapse.start - 1].lower_ in _BONE_COLLAPSE_WORDS:
        return False  # "partial collapse", "the word collapse"
    if _is_back_collapsing(doc, collapse):
        return False  # "his back has collapsed in one spot"
    near = doc[max(collapse.start - 5, 0) : collapse.end + 4]
    return not any(_is_bone_word(token) for token in near)


def _is_back_collapsing(doc: Doc, collapse: Span) -> bool:
    """The back as the subject of "collapsed": the spine's bone gave way.

    "She collapsed on her back" keeps the person as the one collapsing.
    """
    before = [t.lower_ for t in doc[max(collapse.start - 2, 0) : collapse.start]]
    return before[-1:] == ["back"] or (
        len(before) == 2 and before[0] == "back" and before[1] in _AUXILIARIES
    )


def _is_anesthesia_state(doc: Doc, state: Span) -> bool:
    """Tell a question about the anesthesia from a patient found unconscious.

    "Are patients sedated or fully unconscious during the procedure?" asks how
    the anesthesia works; "found him unconscious during the night" reports.
    """
    if "unconscious" not in state.text.lower():
        return False
    after = [t.lower_ for t in doc[state.end : state.end + 4]]
    return "during" in after[:2] and any(w in lexicon.PROCEDURE_WORDS for w in after)


def _is_delirium(doc: Doc, confused: Span) -> bool:
    """Confusion as a symptom, not "I'm a bit confused about the options"."""
    following = doc[confused.end] if confused.end < len(doc) else None
    before = [t.lower_ for t in doc[max(confused.start - 2, 0) : confused.start]]
    self_confused = before == ["i", "am"] or (
        bool(before) and before[-1] in _SELF_CONFUSED
    )
    if (
        following is not None
        and following.lower_ in lexicon.CONFUSED_ABOUT_FOLLOWERS
        and (self_confused or not _is_disoriented(doc, confused))
    ):
        return False  # "confused about the options"; not "about where she is"
    if confused.start > 0 and doc[confused.start - 1].lower_ == "easily":
        return False  # "easily confused": a trait, not a change
    if following is not None and following.lower_ == "easily":
        return False  # "gets confused easily"
    after = tuple(t.lower_ for t in doc[confused.end : confused.end + 4])
    if any(after[i : i + 3] == ("so", "am", "i") for i in range(len(after))):
        return False  # "my son is confused and so am I": by what they read
    if _is_shared_confusion(doc, confused):
        return False  # "please explain, we are very confused"
    if _has_muddled_object(doc, confused):
        return False  # "I've got the order all muddled"
    if confused.text.lower() == "confusing":
        return False  # "the instructions are confusing"
    if (
        self_confused
        and following is not None
        and (following.is_punct or following.lower_ == "reading")
    ):
        return False  # "I'm confused, is the cement permanent?": by reading
    hedged = _has_any_lemma(doc[max(confused.start - 4, 0) : confused.start], _HEDGES)
    speaker = any(
        t.lower_ in _FIRST_PERSON
        for t in doc[max(confused.start - 5, 0) : confused.start]
    )
    return not (hedged and speaker)


def _is_shared_confusion(doc: Doc, confused: Span) -> bool:
    """Two people at once ("we are confused") are puzzled, not delirious."""
    before = [t.lower_ for t in doc[max(confused.start - 3, 0) : confused.start]]
    return "we" in before and bool({"are", "'re", "re"} & set(before))


def _is_disoriented(doc: Doc, confused: Span) -> bool:
    """Confused about place, time or people: "confused about where she is"."""
    after = doc[confused.end : confused.end + 5]
    words = {t.lower_ for t in after}
    if words & (lexicon.PROCEDURE_WORDS | lexicon.CEMENT_WORDS):
        return False  # "confused about where the procedure happens"
    return bool(words & lexicon.DISORIENTATION_WORDS)


def _is_confusion_word(span: Span) -> bool:
    """Words _is_delirium reads: "confused", "confusing", "muddled"."""
    return span.lemma_.startswith("confuse") or span.text.lower() == "muddled"


def _has_muddled_object(doc: Doc, confused: Span) -> bool:
    """Something, not someone, got muddled: "got the steps confused".

    Not the days or the time: "she's got the days all muddled" is a mind
    losing its bearings.
    """
    before = doc[max(confused.start - 4, 0) : confused.start]
    for token in before:
        if token.lemma_ == "get" or token.lower_ in {"got", "gets", "getting"}:
            objects = {t.lower_ for t in doc[token.i + 1 : confused.start]}
            return bool(objects & lexicon.MUDDLED_OBJECTS) and not (
                objects & lexicon.DISORIENTATION_WORDS
            )
    return False


def _is_reassured(doc: Doc, span: Span) -> bool:
    """A temperature word that reports no fever: "temp 98.6", "buy a thermometer".

    Only a reading word counts ("fever" itself always raises the alarm); it
    raises the alarm with a feverish number or a word that calls it high
    ("temp 101", "running a temperature", "temp is up").
    """
    if span.text.lower() not in lexicon.TEMPERATURE_READING_WORDS:
        return False
    after = doc[span.end : span.end + 5]
    if any(t.lower_ == "normal" for t in after):
        return True
    before = doc[max(span.start - 2, 0) : span.start]
    if (
        len(before) == 2
        and before[1].lower_ == "a"
        and before[0].lemma_ in _HAVE_A_TEMPERATURE_LEMMAS
    ):
        return False
    near = doc[max(span.start - 2, 0) : span.end + 4]
    if any(t.lower_ in _HIGH_TEMPERATURE_WORDS for t in near):
        return False
    before_reading = doc[max(span.start - 5, 0) : span.start]
    return not any(
        symptom_context.is_temperature(t) and _is_reading_number(doc, t)
        for t in (*before_reading, *after)
    )


def _is_reading_number(doc: Doc, token: Token) -> bool:
    """A number read off ("102 on the thermometer"), not an age ("39 year old")."""
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return following is None or following.lower_ not in lexicon.AGE_AND_COUNT_WORDS


def _temperature_reading(doc: Doc) -> Optional[Span]:
    """A feverish number with its unit, without a temperature word: "38.9C"."""
    for token in doc:
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        has_unit = token.lower_[-1:] in {"c", "f", "°"} or (
            following is not None and following.lower_ in lexicon.TEMPERATURE_UNITS
        )
        if has_unit and symptom_context.is_temperature(token):
            return doc[token.i : token.i + 1]
        if _is_fahrenheit_fever_decimal(token.lower_):
            return doc[token.i : token.i + 1]  # "its 101.6 and I'm shaking"
        if (
            _is_bare_reading(following)
            and symptom_context.is_temperature(token)
            and any(t.lower_ in lexicon.FEVER_COMPANIONS for t in doc)
        ):
            return doc[token.i : token.i + 1]  # "I'm at 39 and shaking"
    return None


def _are_near(first: Span, second: Span) -> bool:
    """Two mentions close enough to be one complaint: "back passage feels numb"."""
    gap = max(first.start, second.start) - min(first.end, second.end)
    return gap <= lexicon.NEAR_WINDOW


def _is_bare_reading(following: Optional[Token]) -> bool:
    """Whether a number stands alone, as a reading does: "39 and shaking".

    A word after it makes it an age or a count: "39 weeks", "101 year old".
    """
    return (
        following is None
        or following.is_punct
        or following.lower_ in lexicon.READING_FOLLOWERS
        or following.lower_ in lexicon.FEVER_COMPANIONS
    )


def _low_oxygen_reading(doc: Doc) -> Optional[Span]:
    """An oxygen saturation below normal: "sats were 88", "spo2 from 97 to 85".

    The last number after the oxygen word counts (the reading it fell to).
    """
    for token in doc:
        if not _is_oxygen_word(doc, token):
            continue
        window = doc[token.i + 1 : token.i + 1 + lexicon.OXYGEN_READING_WINDOW]
        readings = [(t, v) for t in window if (v := _reading_value(t)) is not None]
        if readings:
            last, value = readings[-1]
            low, high = lexicon.LOW_OXYGEN_RANGE
            if low <= value < high:
                return doc[token.i : last.i + 1]
    return None


def _is_oxygen_word(doc: Doc, token: Token) -> bool:
    """Whether a word names the oxygen reading: "sats", "spo2", "oxygen".

    "sat" counts only before a reading ("sat is 86"), not in "I sat for 60
    minutes".
    """
    if token.lower_ in lexicon.OXYGEN_WORDS:
        return True
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return (
        token.lower_ == "sat"
        and following is not None
        and (following.like_num or following.lower_ in lexicon.SAT_READING_FOLLOWERS)
    )


def _reading_value(token: Token) -> Optional[float]:
    """The number a token reads as: "85", "85%", "80s"."""
    try:
        return float(token.lower_.rstrip("%s"))
    except ValueError:
        return None


def _pain_jump(doc: Doc) -> bool:
    """Pain that leapt to the top of the scale: "went from 3 to 10".

    Not a scale asked about ("on a scale from 1 to 10") or a span of days.
    """
    text = doc.text.lower()
    return any(
        not lexicon.PAIN_SCALE_QUESTION.search(text[: match.start()][-12:])
        for match in lexicon.PAIN_JUMP_PATTERN.finditer(text)
    )


def _is_fahrenheit_fever_decimal(text: str) -> bool:
    """A decimal in the Fahrenheit fever range ("101.6") reads as a temperature."""
    if "." not in text:
        return False
    try:
        value = float(text)
    except ValueError:
        return False
    low, high = lexicon.FAHRENHEIT_FEVER_DECIMALS
    return low <= value < high


def _cannot_void(doc: Doc, symptom_tokens: FrozenSet[int]) -> Optional[Span]:
    """A negated voiding word: "haven't been able to urinate", "hasn't peed".

    Here the negation is the symptom (urinary retention), so it raises the
    alarm, unless it is a need or a wish ("I don't need to pee before?").
    """
    for token in doc:
        voiding = token.lemma_ in lexicon.VOIDING_LEMMAS or (
            token.lemma_ == "pass"
            and any(
                t.lower_ in {"water", "urine"} for t in doc[token.i + 1 : token.i + 4]
            )
        )
        if not voiding or token.i in symptom_tokens:
            continue
        before = doc[max(token.i - 4, 0) : token.i]
        if any(
            t.lemma_ in lexicon.VOIDING_WISH_LEMMAS
            or t.lemma_ in lexicon.VOIDING_TROUBLE_LEMMAS - lexicon.VOIDING_INABILITY
            or (
                t.lemma_ == "have"
                and t.i + 1 < len(doc)
                and doc[t.i + 1].lower_ == "to"
            )
            for t in before
        ):
            continue
        span = doc[token.i : token.i + 1]
        inability = next(
            (t for t in before if t.lower_ in lexicon.VOIDING_INABILITY), None
        )
        if inability is not None:
            # "unable to pass urine", "trouble peeing"; not "no trouble peeing".
            if _is_negated(doc, doc[inability.i : inability.i + 1], frozenset()):
                continue
            return doc[inability.i : token.i + 1]  # read as one phrase from here
        if _is_negated(doc, span, frozenset()):
            return span
        following = doc[token.i + 1 : token.i + 4]
        if any(t.lower_ in lexicon.CANNOT_WORDS for t in following):
            return span  # "peeing: can't"
    return _cannot_go(doc)


def _cannot_go(doc: Doc) -> Optional[Span]:
    """Retention or incontinence in plain verbs: "the pee thing, I just can't go".

    "Go" and "control" are voiding words only beside a bladder or bowel
    word; negated, they report retention or incontinence.
    """
    if not any(t.lower_ in lexicon.VOIDING_CONTEXT_WORDS for t in doc):
        return None
    for token in doc:
        if token.lower_ not in {"go", "control"}:
            continue
        following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
        if token.lower_ == "go" and following in lexicon.GO_SOMEWHERE_WORDS:
            continue  # "can't go back to work"
        span = doc[token.i : token.i + 1]
        if _is_negated(doc, span, frozenset()):
            return span
    return None


def _breathing_difficulty_before(doc: Doc, breathing: Token) -> Optional[Span]:
    """A difficulty word just before the breathing word: "trouble to breathe"."""
    for before in reversed(doc[max(breathing.i - 4, 0) : breathing.i]):
        if before.lower_ in lexicon.BREATHING_DIFFICULTY_WORDS:
            span = doc[before.i : breathing.i + 1]
            if _is_negated(doc, span, frozenset()):
                return None
            return span
        if before.lower_ not in lexicon.BREATHING_DIFFICULTY_FILLERS:
            return None
    return None


def _labored_breathing(doc: Doc, entity_tokens: FrozenSet[int]) -> Optional[Span]:
    """A breathing word, then how hard it has become: "breathin is really hard".

    The lexicon's phrases need exact word order; this reads the order patients
    use when the breathing comes first, allowing a few linking words between.
    """
    for token in doc:
        if not token.lower_.startswith(lexicon.BREATHING_PREFIX):
            continue
        if token.i in entity_tokens:
            continue  # a phrase of the lexicon, read (and negated) there
        difficulty = _breathing_difficulty_before(doc, token)
        if difficulty is not None:
            return difficulty
        for following in doc[token.i + 1 : token.i + 6]:
            if following.lower_ in lexicon.LABORED_BREATHING_WORDS:
                span = doc[token.i : following.i + 1]
                if not _is_negated(doc, span, frozenset()) and not any(
                    _is_negation_cue(t) for t in doc[token.i + 1 : following.i]
                ):
                    return span
                break
            if following.lower_ not in lexicon.LABORED_BREATHING_FILLERS:
                break
    return None


def _is_new_pain(doc: Doc, pain: Span) -> bool:
    """Pain called new ("new stabbing pain") counts as a sudden change."""
    return any(t.lower_ == "new" for t in doc[max(pain.start - 3, 0) : pain.start])


def _is_cant_stand_idiom(doc: Doc, span: Span) -> bool:
    """Tell "I can't stand the thought" or "can't get up early" from legs that fail."""
    following = doc[span.end] if span.end < len(doc) else None
    if following is None:
        return False
    if span[-1].lower_ == "up":
        return following.lower_ in lexicon.CANT_GET_UP_TIMES
    after = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if (
        following.lower_ == "this"
        and after is not None
        and after.lower_ in lexicon.CANT_STAND_THIS_TIMES
    ):
        return False  # "can't stand this morning"
    if span[-1].lower_ != "stand":
        return False
    return following.lower_ in lexicon.CANT_STAND_OBJECTS or (
        _is_plural_thing(following) and following.ent_type_ == ""
    )  # "I can't stand hospitals"


def _is_plural_thing(token: Token) -> bool:
    """A plural noun ("hospitals", "needles"): something one cannot stand."""
    return (
        token.is_alpha
        and len(token) > 3
        and token.lower_.endswith("s")
        and token.lemma_ != token.lower_
        and token.lower_ not in _STANDING_PLACES
    )


def _is_risk_talk(doc: Doc, span: Span) -> bool:
    """A question about a risk, not a sign: "risk of infection", "bleeding disorder"."""
    before = doc[max(span.start - 4, 0) : span.start]
    following = doc[span.end] if span.end < len(doc) else None
    return any(t.lower_ in lexicon.RISK_WORDS for t in before) or (
        following is not None and following.lower_ in lexicon.CONDITION_NOUNS
    )


def _is_pain_modifier(doc: Doc, mention: _Mention) -> bool:
    """Tell "pain pills" (a medicine) or "blood pressure" from a pain."""
    following = doc[mention.span.end] if mention.span.end < len(doc) else None
    before = doc[mention.span.start - 1] if mention.span.start > 0 else None
    if (
        before is not None
        and before.lower_ == "blood"
        and mention.span[0].lemma_ == "pressure"
    ):
        return True  # "tablets for her blood pressure"
    return (
        mention.term == _PAIN
        and following is not None
        and following.lower_ in lexicon.PAIN_MODIFIED_NOUNS
    )


def _is_bone_collapsing(doc: Doc, mention: _Mention) -> bool:
    """A bone collapsing is the fracture itself, no weakness or fall."""
    return mention.span.lemma_.startswith("collapse") and not _is_person_collapsing(
        doc, mention.span
    )


def _is_numbing_verb(doc: Doc, mention: _Mention) -> bool:
    """Numbing as the anesthesia ("or just numb me"), not a symptom."""
    span = mention.span
    following = doc[span.end] if span.end < len(doc) else None
    preceding = doc[span.start - 1] if span.start > 0 else None
    return (
        span.text.lower() in {"numb", "numbs"}
        and following is not None
        and following.lower_ in lexicon.NUMBED_OBJECTS
        and preceding is not None
        and preceding.lower_ in lexicon.NUMBING_SUBJECTS
    )


def _is_cement_leak_question(doc: Doc, mention: _Mention) -> bool:
    """A risk asked about, not a wound: "can the cement leak into my spine?"."""
    before = doc[max(mention.span.start - 3, 0) : mention.span.start]
    return any(
        t.lower_ in lexicon.CEMENT_WORDS for t in before
    ) and symptom_context.is_hypothetical(doc, mention.span)


def _is_direction_back(doc: Doc, mention: _Mention) -> bool:
    """A direction, not the patient's back: "go back in", "came back".

    So is "back to" or "back into" with no owner before it: "ease back into
    things", "getting back to normal"; not "pain from my back to my legs".
    """
    span = mention.span
    if span.text.lower() != "back":
        return False
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in lexicon.BACK_AS_DIRECTION or (
        after in {"to", "into"} and before not in lexicon.BACK_OWNERS
    )


def _first(mentions: List[_Mention], terms: Set[str]) -> Optional[_Mention]:
    return next((m for m in mentions if m.term in terms), None)


def _evidence(*mentions: Optional[_Mention]) -> str:
    return " + ".join(m.span.text for m in mentions if m is not None)


def detect(doc: Doc) -> List[RedFlag]:
    """All red flags in ``doc``, one per category, in a stable order."""
    mentions = _mentions(doc)
    symptoms = [
        m
        for m in mentions
        if m.label == "symptom"
        and not _is_pain_modifier(doc, m)
        and not _is_numbing_verb(doc, m)
        and not symptom_context.is_asked_about(doc, m.span)
        and not _is_bone_collapsing(doc, m)
    ]
    parts = {
        m.term: m
        for m in mentions
        if m.label == "body_part" and not _is_direction_back(doc, m)
    }
    found: Dict[str, str] = {}

    def flag(category: str, *evidence: Optional[_Mention]) -> None:
        found.setdefault(category, _evidence(*evidence))

    for symptom in symptoms:
        term = symptom.term
        if (
            term in {"numbness", "paralysis", "cant_feel"}
            or term == "cant_move"
            and any(t.lower_ in {"walk", "stand", "up"} for t in symptom.span)
            and not _is_cant_stand_idiom(doc, symptom.span)
        ):
            flag("leg_numbness_weakness", symptom)
        if term in _LEG_SYMPTOMS and "leg" in parts:
            flag("leg_numbness_weakness", symptom, parts["leg"])
        if (
            term in {"numb", "numbness"}
            and "bladder_bowel" in parts
            and _are_near(symptom.span, parts["bladder_bowel"].span)
        ):
            flag("bladder_bowel", symptom, parts["bladder_bowel"])  # saddle area
        if term == "incontinence":
            flag("bladder_bowel", symptom)
        if term == _PAIN and "chest" in parts:
            flag("chest_pain", symptom, parts["chest"])
        if term == _PAIN and any(
            t.lower_ in lexicon.CHEST_PAIN_WORDS for t in symptom.span
        ):
            flag("chest_pain", symptom)  # "sitting on my chest", "cp 7/10"
        if (
            term in {"severe", "extreme"}
            and "chest" in parts
            and _are_near(symptom.span, parts["chest"].span)
        ):
            flag("chest_pain", symptom, parts["chest"])  # "stabbing in my ribcage"
        if term == "breathing":
            flag("breathing", symptom)
        if (
            term == "fever"
            and not _is_reassured(doc, symptom.span)
            and not _is_hay_fever(doc, symptom.span)
        ):
            flag("fever_infection", symptom)
        if term == "infection" and not _is_risk_talk(doc, symptom.span):
            flag("fever_infection", symptom)
        if term in {"lost_control", "stopped_working", "accident"} and (
            "bladder_bowel" in parts
        ):
            flag("bladder_bowel", symptom, parts["bladder_bowel"])
        if term == _PAIN and "heavy" in symptom.span.text and "leg" in parts:
            flag("leg_numbness_weakness", symptom, parts["leg"])  # heavy legs
        if term == _PAIN and "heavy" in symptom.span.text and "arm" in parts:
            flag("general_emergency", symptom, parts["arm"])  # a heavy arm
        if term == "wound_sign" and _first(symptoms, {"red"}) is not None:
            flag("fever_infection", symptom)  # "red and hot and swelling up"
        if term == "cant_move" and "move" in symptom.span.text and "arm" in parts:
            flag("general_emergency", symptom, parts["arm"])  # a stroke sign
        if term in _ARM_SYMPTOMS and "arm" in parts:
            flag("general_emergency", symptom, parts["arm"])  # a stroke sign
        if term == "wound_sign" and "wound" in parts:
            flag("fever_infection", symptom, parts["wound"])
        if term == "leak" and _is_cement_leak_question(doc, symptom):
            continue  # "can the cement leak into my spine": a risk, not pus
        if term == "leak" and "bladder_bowel" in parts:
            flag("bladder_bowel", symptom, parts["bladder_bowel"])
        if term == "leak" and ("wound" in parts or "back" in parts):
            flag("fever_infection", symptom, parts.get("wound") or parts.get("back"))
        if (
            term == "weak"
            and symptom.span.lemma_.startswith("collapse")
            and _is_person_collapsing(doc, symptom.span)
        ):
            flag("fall", symptom)
        if term == "floor" and _has_any_lemma(doc, lexicon.FLOOR_FALL_LEMMAS):
            flag("fall", symptom)
        if term == "snap" and not _is_chronic(doc, near=(symptom,)):
            flag("severe_pain", symptom)
        if term == "red" and ("wound" in parts or "back" in parts):
            flag("fever_infection", symptom, parts.get("wound") or parts.get("back"))
        if term == "fall" and _is_new_fall(doc, symptom.span):
            flag("fall", symptom)
        if (
            term == "general_emergency"
            and (
                not _is_confusion_word(symptom.span) or _is_delirium(doc, symptom.span)
            )
            and not _is_anesthesia_state(doc, symptom.span)
        ):
            flag("general_emergency", symptom)

    symptom_tokens = frozenset(
        i for m in symptoms for i in range(m.span.start, m.span.end)
    )
    retention = _cannot_void(doc, symptom_tokens)
    if retention is not None and not symptom_context.is_asked_about(doc, retention):
        found.setdefault("bladder_bowel", retention.text)
    entity_tokens = _entity_tokens(doc)
    labored = _labored_breathing(doc, entity_tokens)
    if labored is not None and not symptom_context.is_asked_about(doc, labored):
        found.setdefault("breathing", labored.text)

    pain = _first(symptoms, {_PAIN})
    # The back stands for the pain only where no pain was named and asked
    # about ("could sudden back pain afterwards mean a new fracture?").
    back = parts.get("back") if _first(mentions, {_PAIN}) is None else None
    extreme = _first(symptoms, {"extreme"})
    sudden = _first(symptoms, {"sudden"})
    severe = _first(symptoms, {"severe"})
    back_mention = parts.get("back")
    if not _is_chronic(doc, near=(pain, sudden, severe, extreme, back_mention)):
        if pain is not None and sudden is not None:
            flag("severe_pain", sudden, pain)
        elif sudden is not None and back is not None:
            flag("severe_pain", sudden, back)  # "my back exploded"
        elif extreme is not None and (
            pain is not None or "back" in parts or "pain" in extreme.span.text
        ):
            # "agony in my back", "hurts so bad": extreme words carry the pain.
            flag("severe_pain", extreme, pain)
        elif pain is not None and _is_new_pain(doc, pain.span):
            flag("severe_pain", pain)
        elif (
            (pain is not None or back is not None)
            and severe is not None
            and _is_after_procedure(doc)
        ):
            flag("severe_pain", severe, pain or back)

    # A jump to the top of the scale is sudden however long the story before it.
    if (pain is not None or "back" in parts) and _pain_jump(doc):
        flag("severe_pain", pain or parts["back"])  # "my back went from 2 to 10"

    reading = _temperature_reading(doc)
    if reading is not None:
        found.setdefault("fever_infection", reading.text)
    oxygen = _low_oxygen_reading(doc)
    if oxygen is not None and not symptom_context.is_asked_about(doc, oxygen):
        found.setdefault("breathing", oxygen.text)

    if found and advance_questions.is_advance_question(doc):
        # "What should we do if dad falls after his kyphoplasty?": asked
        # ahead, nothing is happening; the clinic team answers it.
        found = {}

    # Another language's red flags: the English rules above cannot read them.
    # The language is kept even when an English rule found the same category
    # ("fiebre de 39" is also a temperature), so the reply can use it.
    languages: Dict[str, str] = {}
    for foreign in red_flags_other_languages.find(doc.text):
        found.setdefault(foreign.category, foreign.evidence)
        languages.setdefault(foreign.category, foreign.language)
    if not found and language.may_be_other_language(doc):
        # No phrase, but a message the assistant cannot read that names a
        # symptom: err toward the emergency guidance.
        for foreign in red_flags_other_languages.find_words(doc.text):
            found.setdefault(foreign.category, foreign.evidence)
            languages.setdefault(foreign.category, foreign.language)

    return [
        RedFlag(category, evidence, languages.get(category))
        for category, evidence in sorted(
            found.items(), key=lambda item: list(CATEGORY_DESCRIPTIONS).index(item[0])
        )
    ]


def detect_with_texting(doc: Doc, nlp: Language) -> List[RedFlag]:
    """:func:`detect`, then, if it found nothing, on the texting written out.

    "hard 2 breeth" and "lgs wont wrk" are read again as "hard to breath" and
    "legs wont work" (:mod:`kyphobot.nlp.texting`). The second reading only
    changes words that are no English word, and can only add an alarm. A
    message that is still in another language once written out is left to the
    first reading, which knows that language's negations ("não tenho febre"),
    and so is one naming a symptom in another language ("kein Fieber").
    """
    flags = detect(doc)
    if flags:
        return flags
    respelt = texting.respell(doc.text, nlp.vocab)
    if not respelt or red_flags_other_languages.find_words(doc.text):
        return []
    second = nlp(respelt)
    return [] if language.is_other_language(second) else detect(second)
