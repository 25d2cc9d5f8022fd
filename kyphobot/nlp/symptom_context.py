"""Tell a symptom a patient reports from one they only ask or worry about.

"Could this leave me paralyzed?", "if I couldn't pee afterwards, who do I
call?", "I had chest pain years ago": the words of a red flag, but nothing is
happening. Every test here keeps the alarm when in doubt: a possessive or a
present-tense verb near the symptom ("my legs are numb"), or a report written
after the question ("...a fever? I have 101 now"), makes it a report again.
"""

from typing import FrozenSet, List, Optional, Sequence

from spacy.tokens import Doc, Span, Token

from kyphobot.nlp import lexicon

#: How far back the clause before a symptom is read, in tokens.
CLAUSE_WINDOW = 8
_SENTENCE_ENDS = frozenset({"?", ".", "!"})
#: A new question may start after these: "can I bathe or will it get infected".
_QUESTION_JOINERS = lexicon.CLAUSE_JOINERS | {"or"}


def is_asked_about(doc: Doc, span: Span) -> bool:
    """True when ``span`` is a symptom asked or worried about, or long past."""
    if _has_report_after_sentence(doc, span):
        return _is_past_history(doc, span)
    rest = doc[span.end : sentence_of(doc, span).end]
    if any(t.lower_ in lexicon.REPORT_AFTER_WORDS for t in rest):
        return _is_past_history(doc, span)  # "chest pain that started overnight"
    clause = _clause_before(doc, span)
    if any(is_temperature(t) for t in rest):
        # "how common is a fever of 102"; "if it goes above 38, who do I ring?"
        return _is_conditional(doc, span, clause) or _is_past_history(doc, span)
    return (
        _is_side_effect_question(doc, span, clause)
        or _is_chance_question(doc, span, clause)
        or _is_risk_question(doc, span, clause)
        or _is_conditional(doc, span, clause)
        or _is_worry(span, clause)
        or _is_past_history(doc, span)
    )


def is_temperature(token: Token) -> bool:
    """A number that reads as a feverish temperature: "102", "38.5", "39c"."""
    try:
        value = float(token.lower_.rstrip("fc°"))
    except ValueError:
        return False
    return any(low <= value < high for low, high in lexicon.TEMPERATURE_RANGES)


def _clause_before(doc: Doc, span: Span) -> List[Token]:
    """The tokens before ``span`` back to the nearest punctuation mark."""
    clause: List[Token] = []
    for token in reversed(doc[max(span.start - CLAUSE_WINDOW, 0) : span.start]):
        if token.is_punct:
            break
        clause.insert(0, token)
    return clause


def sentence_of(doc: Doc, span: Span) -> Span:
    """The sentence holding ``span``, cut at ``?``, ``.`` and ``!``."""
    start = span.start
    while start > 0 and doc[start - 1].text not in _SENTENCE_ENDS:
        start -= 1
    end = span.end
    while end < len(doc) and doc[end].text not in _SENTENCE_ENDS:
        end += 1
    return doc[start : min(end + 1, len(doc))]


def _has_report_after_sentence(doc: Doc, span: Span) -> bool:
    """True when a later sentence may report something: "...a fever? I have 101".

    A number, a symptom, a time word or a verb of being, having or feeling
    there makes the question a report; "Asking before I sign the form" not.
    """
    ended = False
    for token in doc[span.end :]:
        if token.text in _SENTENCE_ENDS:
            ended = True
        elif ended and (
            token.like_num
            or token.ent_type_ == "symptom"
            or token.lower_ in lexicon.REPORT_AFTER_WORDS
            or token.lower_ in lexicon.RECENCY_WORDS
            or token.lower_ in lexicon.REPORTING_VERBS
            or token.lower_ in lexicon.PRESENT_STATE_WORDS
        ):
            return True
    return False


def _is_present(words: Sequence[str], sentence_start: bool) -> bool:
    """True when the words make the symptom the writer's own, now."""
    for index, word in enumerate(words):
        before = words[:index]
        if word in lexicon.POSSESSIVES:
            following = words[index + 1] if index + 1 < len(words) else ""
            if following in lexicon.PEOPLE_NOUNS:
                continue  # "will my husband be unconscious"
            if any(w in lexicon.MODAL_WORDS - {"do", "does"} for w in before):
                continue  # "will my legs be numb"; a verb after it still counts
            return True
        if word in lexicon.PRESENT_STATE_WORDS:
            if index == 0 and sentence_start:
                continue  # "is trouble breathing a complication?"
            if before and before[-1] in lexicon.FREQUENCY_ADJECTIVES:
                continue  # "how common is infection"
            if word in {"s", "'s", "’s"} and before and before[-1] in lexicon.S_HOSTS:
                continue  # "what's the chance"
            if before and before[-1] in lexicon.MODAL_WORDS:
                continue  # "could feel"
            if (
                len(before) >= 2
                and before[-2] in lexicon.MODAL_WORDS
                and before[-1] in lexicon.PRONOUNS
            ):
                continue  # "could I feel", "will she get"
            return True
    return False


def _opens_sentence(doc: Doc, token: Token) -> bool:
    """True for the first word of a sentence, or "if" after "what"."""
    index = token.i
    if index > 0 and doc[index - 1].lower_ == "what":
        index -= 1
    return index == 0 or doc[index - 1].text in _SENTENCE_ENDS


def _starts_sentence(doc: Doc, clause: Sequence[Token]) -> bool:
    return bool(clause) and (
        clause[0].i == 0 or doc[clause[0].i - 1].text in _SENTENCE_ENDS
    )


def _is_side_effect_question(doc: Doc, span: Span, clause: Sequence[Token]) -> bool:
    """A side effect asked about: "could this leave me paralyzed?".

    A modal word before the symptom, and the symptom asked about as a side
    effect: a causing verb before it, "be" right before it, "from this" or
    "mean" after it, or the symptom used as a verb on someone ("paralyze me").
    """
    words = [t.lower_ for t in clause]
    if not any(word in lexicon.MODAL_WORDS for word in words) and not (
        _is_procedure_causing(clause) and _asks_how_often(doc, span)
    ):
        return False
    if _is_present(words, _starts_sentence(doc, clause)):
        return False
    if any(t.lower_ in lexicon.PRESENT_STATE_WORDS for t in span):
        return False
    following = [t.lower_ for t in doc[span.end : span.end + 3]]
    causative = any(t.lemma_ in lexicon.CAUSATIVE_LEMMAS for t in clause[-3:])
    used_as_verb = bool(following) and following[0] in lexicon.AFFECTED_OBJECTS
    state = _is_hypothetical_state(words)
    caused_by = (
        len(following) >= 2
        and following[0] in {"from", "by"}
        and following[1] in lexicon.SIDE_EFFECT_CAUSES
    )
    meaning = any(word in lexicon.MEANING_WORDS for word in following)
    return causative or used_as_verb or state or caused_by or meaning


def _is_hypothetical_state(words: Sequence[str]) -> bool:
    """A state asked about with a modal: "will I be numb?", "could it get infected?".

    The modal must open the question ("could the site get infected?"), or be a
    future one in a question ("does that mean I'll be unconscious?"). A modal
    after its subject is a worried guess about now, which is a report: "I think
    it might be infected", "what do I do, she might be unconscious". "Do" asks
    about the present, so "why do I get pins and needles" reports.
    """
    if not words or words[-1] not in lexicon.HYPOTHETICAL_STATE_WORDS:
        return False
    if words[-1] == "get":
        modal = _last_modal(words, lexicon.MODAL_WORDS - lexicon.PRESENT_MODALS)
        if modal is None:
            return False
        between = words[modal + 1 :]
        return (
            not any(w in lexicon.EMBEDDING_WORDS for w in between)
            and sum(w in lexicon.PRONOUNS for w in between) <= 1
            and _opens_question(words, modal)
        )  # not "can you tell me why I get numb feet", "should I worry I get..."
    modal = _last_modal(words, lexicon.MODAL_WORDS)
    if modal is None:
        return False
    return _opens_question(words, modal) or (
        words[modal] in lexicon.FUTURE_MODALS
        and (words[0] in lexicon.QUESTION_WORDS or words[0] in lexicon.MODAL_WORDS)
    )


def _last_modal(words: Sequence[str], modals: FrozenSet[str]) -> Optional[int]:
    """Where the clause's last modal of ``modals`` is, if it has one."""
    return max((i for i, word in enumerate(words) if word in modals), default=None)


def _opens_question(words: Sequence[str], modal: int) -> bool:
    """Whether the modal at ``modal`` opens its question: "so will I be numb".

    A clause joined by "or" starts afresh: "can I bathe or will it get infected".
    """
    before = words[:modal]
    joiners = [i for i, word in enumerate(before) if word in _QUESTION_JOINERS]
    start = joiners[-1] + 1 if joiners else 0
    return all(w in lexicon.QUESTION_OPENERS_BEFORE_MODAL for w in before[start:])


def _is_procedure_causing(clause: Sequence[Token]) -> bool:
    """The procedure as subject of a present causing verb: "the cement causes"."""
    for index, token in enumerate(clause):
        if token.lower_ in lexicon.PRESENT_CAUSATIVES and index >= len(clause) - 3:
            return any(t.lower_ in lexicon.SIDE_EFFECT_SUBJECTS for t in clause[:index])
    return False


def _asks_how_often(doc: Doc, span: Span) -> bool:
    """A question about frequency: "...make infection sometimes?"."""
    sentence = sentence_of(doc, span)
    return sentence[-1].text == "?" and any(
        t.lower_ in lexicon.FREQUENCY_ADVERBS for t in sentence
    )


def _is_chance_question(doc: Doc, span: Span, clause: Sequence[Token]) -> bool:
    """How likely a symptom is: "any chance of paralysis?", "paralysis risk?".

    The symptom must belong to the noun's own phrase: a new subject, a clause
    joiner or a possessive or present verb between them makes it a report
    ("what are the chances of paralysis cause i cant feel my feet").
    """
    following = doc[span.end] if span.end < len(doc) else None
    if following is not None and following.lower_ in lexicon.RISK_WORDS:
        return not _is_present([t.lower_ for t in clause], sentence_start=False)
    words = [t.lower_ for t in clause]
    for index, word in enumerate(words):
        if word not in lexicon.CHANCE_NOUNS:
            continue
        if index + 1 >= len(words) or words[index + 1] not in {"of", "for"}:
            continue
        between = words[index + 2 :]
        if len(between) > lexicon.MAX_CHANCE_GAP or any(
            w in lexicon.PRONOUNS or w in lexicon.CLAUSE_JOINERS for w in between
        ):
            return False
        if word in {"signs", "symptoms"} and not _asks_for_signs(doc, span, words):
            return False
        return not _is_present(words[index + 1 :], sentence_start=False)
    return False


def _asks_for_signs(doc: Doc, span: Span, words: Sequence[str]) -> bool:
    """Signs asked for: "what are the signs of infection to watch for?".

    Opened by "what" or "which", with no reporting verb after the symptom:
    "which symptoms of infection do i have" reports.
    """
    if not words or words[0] not in lexicon.SIGNS_QUESTION_OPENERS:
        return False
    rest = doc[span.end : sentence_of(doc, span).end]
    return not any(
        t.lower_ in lexicon.REPORTING_VERBS or t.lower_ in lexicon.PRESENT_STATE_WORDS
        for t in rest
    )


def is_hypothetical(doc: Doc, span: Span) -> bool:
    """Asked with a modal or an "if", and nothing says it is happening.

    "can the cement leak into my spine", "what if the cement leaks"; not "the
    cement is leaking out of my back".
    """
    clause = _clause_before(doc, span)
    words = [t.lower_ for t in clause]
    asks = any(
        w in lexicon.MODAL_WORDS or w in lexicon.CONDITIONAL_WORDS for w in words
    )
    return asks and not _is_present(words, _starts_sentence(doc, clause))


def _is_risk_question(doc: Doc, span: Span, clause: Sequence[Token]) -> bool:
    """A question about risks: "is fever a possible side effect?"."""
    words = [t.lower_ for t in clause]
    opens_question = any(
        word in lexicon.QUESTION_WORDS or word in lexicon.MODAL_WORDS for word in words
    )
    if not opens_question or _is_present(words, _starts_sentence(doc, clause)):
        return False
    if any(t.lower_ in lexicon.PRESENT_STATE_WORDS for t in span):
        return False
    sentence = sentence_of(doc, span)
    return any(t.lower_ in lexicon.RISK_QUESTION_WORDS for t in sentence)


def _is_conditional(doc: Doc, span: Span, clause: Sequence[Token]) -> bool:
    """A hypothetical: "if my legs went numb after, what would that mean?"."""
    words = [t.lower_ for t in clause]
    opening = next(
        (i for i, word in enumerate(words) if word in lexicon.CONDITIONAL_WORDS),
        None,
    )
    if opening is None or not _opens_sentence(doc, clause[opening]):
        return False  # "who do I call if my legs stopped working?" reports
    if any(word in lexicon.CLAUSE_JOINERS for word in words[opening + 1 :]):
        return False  # "...if it matters but my legs are numb"
    first = clause[opening]
    before_if = [t.lower_ for t in doc[max(first.i - 3, 0) : first.i]]
    if any(word in lexicon.REPORTING_BEFORE_IF for word in before_if):
        return False  # "is it normal if my legs are numb?"
    sentence = sentence_of(doc, span)
    return sentence[-1].text == "?"


def _is_worry(span: Span, clause: Sequence[Token]) -> bool:
    """A worry about later: "I'm scared of being paralyzed"."""
    words = [t.lower_ for t in clause]
    worry = next(
        (i for i, word in enumerate(words) if word in lexicon.WORRY_WORDS), None
    )
    if worry is None:
        return False
    between = words[worry + 1 :]
    if any(word in lexicon.CLAUSE_JOINERS or word == "that" for word in between):
        return False  # "worried that I can't empty my bladder" reports it
    looks_ahead = any(
        word in {"of", "about"} or word in lexicon.MODAL_WORDS for word in between
    )
    return looks_ahead and not _is_present(between, sentence_start=False)


def _is_past_history(doc: Doc, span: Span) -> bool:
    """A symptom long past ("chest pain years ago"), unless something says now.

    A marker before the symptom counts only while no new clause starts between
    them: "a heart attack years ago and my chest hurts" reports chest pain.
    """
    if any(t.lower_ in lexicon.RECENCY_WORDS for t in doc):
        return False
    sentence = sentence_of(doc, span)
    words = [t.lower_ for t in sentence]
    symptom_at = span.start - sentence.start
    for index in range(len(words)):
        if not _is_history_marker(words, index):
            continue
        between = words[index + 1 : symptom_at]
        if not any(
            w in lexicon.CLAUSE_JOINERS or w in lexicon.POSSESSIVES for w in between
        ):
            return True
    return False


def _is_history_marker(words: Sequence[str], index: int) -> bool:
    """A marker of the past at ``index``: "years ago", "in 2015", "back in"."""
    word = words[index]
    if word == "ago":
        return any(w in lexicon.HISTORY_UNITS for w in words[max(index - 3, 0) : index])
    if word.isdigit() and len(word) == 4:
        low, high = lexicon.HISTORY_YEARS
        return low <= int(word) <= high
    for phrase in lexicon.HISTORY_PHRASES:
        if tuple(words[index : index + len(phrase)]) != phrase:
            continue
        if phrase == ("back", "in"):
            return _is_back_in_the_past(words, index)
        return True
    return False


def _is_back_in_the_past(words: Sequence[str], index: int) -> bool:
    """The past: "back in 2015", "back in the day"; not "I need to go back in".

    Nor "collapsed on her back in the kitchen": after "her" it is the body part.
    """
    if index > 0 and words[index - 1] in lexicon.BACK_AS_DIRECTION:
        return False
    if index > 0 and words[index - 1] in lexicon.POSSESSIVES:
        return False
    following = words[index + 2] if index + 2 < len(words) else ""
    return following in lexicon.BACK_IN_PAST_FOLLOWERS or (
        following.isdigit() and len(following) == 4
    )
