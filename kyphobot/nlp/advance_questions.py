"""Tell a question asked ahead of time from a report of something happening.

"What should we do if dad falls after his kyphoplasty?", "asking in advance:
who do I ring if she gets a fever once home?": the words of a red flag, but
nothing is happening yet. The guide does not say what to do then, so such a
question goes to the clinic team like any other it does not cover, and that
reply, too, tells the patient to call 911 in an emergency.

A message is asked ahead when it says so ("hypothetically", "in advance"),
asks with an "if" of change ("if she gets a fever"), or asks about the
recovery to come ("...after the procedure?"), and every symptom in it is
asked about: a question word or an "if" comes before it in its sentence.

Every test errs toward a report. A word of now ("since", "today", "still"),
a temperature reading, a clause in which someone has, had or is the symptom
("my legs are numb", "she fell", "I've got it"), a reason ("...cuz my dad
doesn't recognize me") or "is that..." pointing at something here makes the
message a report whatever else it says: "just in case, my legs are numb since
this morning" and "numb legs after op what if its serious" get the emergency
guidance.
"""

from typing import FrozenSet, List, Sequence

from spacy.tokens import Doc, Span, Token

from kyphobot.nlp import lexicon, symptom_context

#: Phrases that say the question is asked ahead: "asking in advance".
LOOKING_AHEAD_PHRASES: FrozenSet[tuple] = frozenset(
    {
        ("hypothetically",),
        ("hypothetical",),
        ("in", "advance"),
        ("ahead", "of", "time"),
        ("asking", "ahead"),
        ("planning", "ahead"),
        ("plan", "ahead"),
        ("for", "the", "future"),
        ("for", "later"),
        ("for", "my", "notes"),
        ("be", "prepared"),
        ("be", "ready"),
        ("in", "case"),
        ("in", "the", "event"),
        ("lets", "say"),
        ("let", "'s", "say"),
        ("what", "if"),
        ("wat", "if"),
        ("should", "it", "happen"),
        ("if", "that", "happens"),
        ("if", "it", "happens"),
        ("if", "this", "happens"),
        ("before", "it", "happens"),
        ("protocol",),
        ("watch", "out", "for"),
        ("watch", "for"),
        ("look", "out", "for"),
        ("warning", "signs"),
        ("next", "week"),
        ("next", "wk"),
        ("next", "month"),
        ("done", "yet"),
        ("it", "yet"),
        ("what", "to", "look", "for"),
        ("considered", "an", "emergency"),
        ("when", "the", "time", "comes"),
        ("worst", "case"),
        ("curious",),
        ("in", "general"),
        ("generally", "speaking"),
        ("just", "asking"),
        ("reading", "up"),
    }
)

#: Phrases that place the symptom in the recovery still to come: "after the
#: procedure", "afterwards", "once home". They look ahead only in a question
#: that is not "is it normal...?", which often reports ("is numbness normal
#: after the procedure?").
LATER_PHRASES: FrozenSet[tuple] = frozenset(
    {
        ("afterwards",),
        ("afterward",),
        ("post", "op"),
        ("postop",),
        ("post", "kyphoplasty"),
        ("while", "recovering"),
        ("during", "recovery"),
        ("once", "home"),
        ("once", "she", "'s", "home"),
        ("once", "he", "'s", "home"),
        ("once", "i", "'m", "home"),
        ("the", "week", "after"),
        ("the", "weeks", "after"),
        ("the", "days", "after"),
        ("the", "night", "after"),
        ("the", "day", "after"),
    }
)
#: "after this kind of procedure": the procedure word within this many words.
_AFTER_GAP = 4
_AFTER_WORDS = frozenset({"after", "aftr", "post"})
#: Words that make a question one about what is normal now: it may report.
_NORMAL_WORDS = frozenset({"normal", "expected", "usual", "ok", "okay", "fine"})
#: Words that open a question: "is...", "would...", "what...".
_QUESTION_OPENERS = frozenset(
    {
        "is",
        "are",
        "am",
        "does",
        "do",
        "can",
        "could",
        "would",
        "will",
        "should",
        "what",
        "whats",
        "what's",
        "when",
        "how",
        "who",
        "where",
        "which",
        "any",
        "anything",
        "if",
        "iff",
    }
)
#: Before the symptom in its sentence, these make it asked about: "what if she
#: falls", "who do we call if she gets a fever".
_ASKING_WORDS = frozenset(
    {
        "if",
        "iff",
        "what",
        "wat",
        "who",
        "whom",
        "when",
        "how",
        "where",
        "which",
        "whether",
        "should",
        "would",
    }
)
#: "is that an emergency?", "this is normal?": about something here now.
_DEICTIC_PHRASES: FrozenSet[tuple] = frozenset(
    {
        ("is", "that"),
        ("is", "this"),
        ("that", "'s"),
        ("thats",),
        ("this", "is"),
        ("if", "its"),
        ("if", "it", "'s"),
        ("if", "it", "is"),
    }
)


#: Words that open a clause about a time that has not come: "if she gets...",
#: "once she's home", "would my legs feeling heavy be...".
HYPOTHETICAL_OPENERS = frozenset(
    {
        "if",
        "iff",
        "once",
        "until",
        "till",
        "case",
        "say",
        "suppose",
        "supposing",
        "would",
        "could",
        "should",
        "will",
        "might",
        "may",
        "can",
        "wud",
        "cud",
    }
)

#: Whose symptom it is: the writer, someone they speak of, a named relative.
OWNERS = (
    frozenset(
        {
            "i",
            "im",
            "i'm",
            "ive",
            "me",
            "my",
            "she",
            "shes",
            "he",
            "hes",
            "her",
            "his",
            "him",
            "we",
            "our",
            "us",
            "they",
            "their",
            "them",
        }
    )
    | lexicon.PEOPLE_NOUNS
) - {"patient", "friend"}

#: After an owner, these say the symptom happened, even after an "if" or a
#: modal: "what do we do, she fell", "when I woke up my legs were numb".
PAST_VERBS = frozenset(
    {
        "had",
        "got",
        "gotten",
        "felt",
        "kept",
        "was",
        "were",
        "fell",
        "went",
        "started",
        "been",
        "came",
        "couldnt",
        "couldn't",
        "woke",
        "noticed",
        "said",
        "didnt",
        "didn't",
        "stopped",
        "gave",
        "lost",
        "turned",
        "became",
        "collapsed",
    }
)

#: After an owner, these say the symptom is there now: "my legs are numb",
#: "he's got", "I keep getting"; after "if" or a modal, they may only ask.
STATE_VERBS = PAST_VERBS | frozenset(
    {
        "is",
        "are",
        "am",
        "'s",
        "’s",
        "s",
        "'m",
        "m",
        "'re",
        "re",
        "'ve",
        "ve",
        "has",
        "have",
        "get",
        "gets",
        "feel",
        "feels",
        "keep",
        "keeps",
        "having",
        "getting",
        "ca",
        "cant",
        "can't",
        "seems",
        "looks",
        "looked",
        "says",
        "saying",
    }
)
#: How far after the owner its verb may come: "my left leg is", "she's".
_OWNER_TO_VERB = 4

#: Words of now; "just" only before a word of now or a past event.
_NOW_WORDS = (lexicon.REPORT_AFTER_WORDS | lexicon.RECENCY_WORDS) - {
    "just",
    "right",
}
#: Past events and times of today: "happened this afternoon", "fell earlier".
_EVENT_WORDS = frozenset({"fell", "happened", "ago", "earlier", "tonite", "2day"})
_TODAY_PHRASES: FrozenSet[tuple] = frozenset(
    {
        ("this", "morning"),
        ("this", "afternoon"),
        ("this", "evening"),
        ("this", "am"),
        ("this", "pm"),
        ("last", "night"),
    }
)
_JUST_NOW_FOLLOWERS = frozenset({"now", "started", "fell", "happened", "noticed"})
#: "because there is", "cause it's spreading": a reason's subject need not be
#: a person.
_THERE_IS = frozenset({"there", "it", "its"})
_REASON_JOINERS = frozenset({"because", "cause", "cuz", "coz", "bc", "since"})
_NEGATED_VERBS = frozenset(
    {
        "does",
        "doesnt",
        "doesn't",
        "do",
        "dont",
        "don't",
        "wont",
        "won't",
        "isnt",
        "isn't",
    }
)
_CLAUSE_BREAKS = frozenset({".", "!", "?", ",", ";", ":", "-", "—"})


def is_advance_question(doc: Doc) -> bool:
    """True when ``doc`` asks ahead about a symptom and reports nothing now.

    "Is that an emergency?" points at something here, unless the writer has
    said outright that they ask ahead ("hypothetically, if he can't hold his
    pee after, is that an emergency?").
    """
    words = [t.lower_ for t in doc]
    said_ahead = _has_phrase(words, LOOKING_AHEAD_PHRASES)
    if not said_ahead and _has_phrase(words, _DEICTIC_PHRASES):
        return False
    if not all(_is_in_a_question(doc, ent) for ent in doc.ents if _is_symptom(ent)):
        return False  # "chest pain, just in case you need to know"
    looks_ahead = said_ahead or _looks_ahead(doc, words)
    return looks_ahead and not _reports_something(doc)


def _is_symptom(span: Span) -> bool:
    return span.label_ == "symptom"


def _is_in_a_question(doc: Doc, span: Span) -> bool:
    """The symptom is asked about: a question opens before it in its sentence.

    "what if she falls", "is chest pain after it urgent?"; not "numb legs
    after op what if its serious", where the question comes after the report.
    """
    start = symptom_context.sentence_of(doc, span).start
    before = doc[start : span.start]
    opened = any(
        t.lower_ in _QUESTION_OPENERS
        and (t.i == start or doc[t.i - 1].text in _CLAUSE_BREAKS)
        for t in before
    )  # "asking in advance: is a fall...", "just curious, can the cement..."
    return opened or any(t.lower_ in _ASKING_WORDS for t in before)


def _looks_ahead(doc: Doc, words: Sequence[str]) -> bool:
    """Asks about the recovery to come, or with an "if" of change."""
    if (
        _is_question(doc)
        and not any(w in _NORMAL_WORDS for w in words)
        and _is_in_recovery_to_come(words)
    ):
        return True
    for start in range(len(words)):
        if words[start] in {"if", "iff"} and _is_changing_if(words[start + 1 :]):
            return True
    return False


def _has_phrase(words: Sequence[str], phrases: FrozenSet[tuple]) -> bool:
    return any(
        tuple(words[start : start + len(phrase)]) == phrase
        for start in range(len(words))
        for phrase in phrases
    )


def _is_question(doc: Doc) -> bool:
    """A sentence opened by a question word, or an "if" anywhere."""
    for token in doc:
        opens = token.i == 0 or doc[token.i - 1].text in _CLAUSE_BREAKS
        if token.lower_ in {"if", "iff"} or (
            opens and token.lower_ in _QUESTION_OPENERS
        ):
            return True
    return False


def _is_in_recovery_to_come(words: Sequence[str]) -> bool:
    """After the procedure: "after this kind of procedure", "afterwards"."""
    if _has_phrase(words, LATER_PHRASES):
        return True
    for index, word in enumerate(words):
        if word not in _AFTER_WORDS:
            continue
        following = words[index + 1 : index + 1 + _AFTER_GAP]
        if not following or following[0] in _CLAUSE_BREAKS or following[0] == "it":
            return True
        if following[0] == "this" and (
            len(following) == 1 or not following[1].isalpha()
        ):
            return True  # "not able to walk after this 😟"
        for next_word in following:
            if next_word in lexicon.PROCEDURE_WORDS:
                return True
            if next_word in _CLAUSE_BREAKS:
                break
    return False


def _is_changing_if(following: Sequence[str]) -> bool:
    """An "if" of change: "if she gets a fever", "if he ever falls"."""
    for word in following[: _OWNER_TO_VERB + 1]:
        if word in lexicon.CHANGE_VERBS or word == "ever":
            return True
        if word in _CLAUSE_BREAKS:
            return False
    return False


def _reports_something(doc: Doc) -> bool:
    if any(_is_now(doc, token) for token in doc):
        return True
    if any(symptom_context.is_temperature(token) for token in doc):
        return True
    words = [t.lower_ for t in doc]
    if _has_phrase(words, _TODAY_PHRASES):
        return True
    if any(word in _EVENT_WORDS for word in words):
        return True
    return any(_clause_reports(clause) for clause in _clauses(doc)) or any(
        _gives_a_reason(doc, token) for token in doc
    )


def _is_now(doc: Doc, token: Token) -> bool:
    word = token.lower_
    if word in _NOW_WORDS:
        return True
    following = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else ""
    if word == "just":
        return following in _JUST_NOW_FOLLOWERS or following.endswith("ed")
    return word == "right" and following == "now"


def _until_opener(words: Sequence[str]) -> Sequence[str]:
    """The words before the next "if" or modal: "I call | if she gets"."""
    for index, word in enumerate(words):
        if word in HYPOTHETICAL_OPENERS:
            return words[:index]
    return words


def _gives_a_reason(doc: Doc, joiner: Token) -> bool:
    """A reason is a report: "...a side effect cuz my dad doesn't recognize me"."""
    if joiner.lower_ not in _REASON_JOINERS:
        return False
    words = [t.lower_ for t in doc[joiner.i + 1 : joiner.i + 1 + _OWNER_TO_VERB]]
    return any(
        (word in OWNERS or word in _THERE_IS)
        and any(w in STATE_VERBS or w in _NEGATED_VERBS for w in words[index + 1 :])
        for index, word in enumerate(words)
    )


def _clauses(doc: Doc) -> List[Span]:
    """``doc`` cut at punctuation and at "and", "but", "because"..."""
    clauses, start = [], 0
    for token in doc:
        if token.text in _CLAUSE_BREAKS or token.lower_ in lexicon.CLAUSE_JOINERS:
            if token.i > start:
                clauses.append(doc[start : token.i])
            start = token.i + 1
    if start < len(doc):
        clauses.append(doc[start:])
    return clauses


def _clause_reports(clause: Span) -> bool:
    """Someone had the symptom, or has it with no "if" or modal before them."""
    if not any(t.ent_type_ == "symptom" for t in clause):
        return False
    words = [t.lower_ for t in clause]
    asking = False
    for index, word in enumerate(words):
        asking = asking or word in HYPOTHETICAL_OPENERS
        if word not in OWNERS:
            continue
        verbs = _until_opener(words[index + 1 : index + 1 + _OWNER_TO_VERB])
        if any(w in PAST_VERBS for w in verbs):
            return True
        if not asking and any(w in STATE_VERBS for w in verbs):
            return True
    return False
