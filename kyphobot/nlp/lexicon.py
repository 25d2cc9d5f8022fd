"""Words the assistant must recognise in patients' own spelling.

One lexicon feeds both the spaCy entity ruler (``symptom``, ``body_part`` and
``duration`` entities) and the red-flag detector, so a new misspelling added
here is learnt by both at the next ``make spacy``.

Each term is ``(entity id, alternatives)``. An alternative is a space-separated
phrase; inside it ``CANT`` stands for every way patients write "can't", and a
word in ``lemma:`` form matches any inflection through the lookup lemmatizer.
"""

from typing import Dict, List, Tuple

Term = Tuple[str, List[str]]

#: The ways "can't" reaches us once spaCy has tokenised it ("ca n't", "cant").
CANT_VARIANTS: List[List[str]] = [
    ["ca", "n't"],
    ["ca", "nt"],
    ["can", "not"],
    ["cannot"],
    ["cnt"],
    ["can", "n't"],
    ["cant"],
    ["unable", "to"],
    ["not", "able", "to"],
]

SYMPTOMS: List[Term] = [
    (
        "numbness",
        [
            "lemma:numbness",
            "numbnes",
            "numness",
            "numbess",
            "numbnesss",
            "lemma:tingle",
            "tingly",
            "tinglin",
            "tingeling",
            "tinglng",
            "pins and needles",
        ],
    ),
    ("numb", ["numb", "lemma:numb", "nunb", "numm"]),
    (
        "weak",
        [
            "lemma:weak",
            "lemma:weakness",
            "weekness",
            "weaknes",
            "gave out",
            "give out",
            "giving out",
            "give way",
            "gave way",
            "buckle",
            "buckled",
            "buckling",
            "jelly",
            "wobbly",
            "lemma:collapse",
            "collapsed",
        ],
    ),
    ("cant_feel", ["CANT feel", "CANT feeling", "no feeling", "lost feeling"]),
    (
        "cant_move",
        ["CANT move", "CANT lift", "CANT wiggle", "CANT stand", "CANT walk"],
    ),
    (
        "paralysis",
        ["lemma:paralyze", "paralyzed", "paralysed", "paralysis", "paralized"],
    ),
    (
        "incontinence",
        [
            "incontinence",
            "incontinent",
            "wet myself",
            "wet himself",
            "wet herself",
            "wet the bed",
            "wetting the bed",
            "wetting myself",
            "wetting himself",
            "wetting herself",
            "peed the bed",
            "pees the bed",
            "peeing the bed",
            "peeing myself",
            "pee myself",
            "peed myself",
            "peed himself",
            "peed herself",
            "pooped myself",
            "pooped himself",
            "pooped herself",
            "soiled myself",
            "soiled himself",
            "soiled herself",
            "messed myself",
            "CANT pee",
            "CANT urinate",
            "CANT poop",
            "CANT hold it",
            "CANT hold my pee",
            "CANT hold my urine",
            "CANT hold his pee",
            "CANT hold her pee",
            "leaking pee",
            "leaking urine",
        ],
    ),
    (
        "lost_control",
        [
            "lost control",
            "lose control",
            "losing control",
            "loss of control",
            "no control",
            "CANT control",
        ],
    ),
    (
        "pain",
        [
            "lemma:pain",
            "painful",
            "lemma:hurt",
            "lemma:ache",
            "achy",
            "pian",
            "pane",
            "lemma:pressure",
            "tight",
            "tightness",
            "squeezing",
            "crushing",
        ],
    ),
    (
        "breathing",
        [
            "CANT breathe",
            "CANT breath",
            "CANT breth",
            "CANT catch my breath",
            "CANT get air",
            "trouble breathing",
            "trouble breathin",
            "difficulty breathing",
            "problem breathing",
            "problems breathing",
            "hard to breathe",
            "hard to breath",
            "struggling to breathe",
            "struggling to breath",
            "short of breath",
            "shortness of breath",
            "out of breath",
            "breathless",
            "gasping",
            "wheezing",
            "lemma:suffocate",
            "choking",
        ],
    ),
    (
        "fever",
        [
            "lemma:fever",
            "feverish",
            "fevr",
            "fver",
            "fevers",
            "feaver",
            "fevah",
            "lemma:chill",
            "temperature",
            "temp",
            "hot and shaky",
            "shivering",
            "sweats",
        ],
    ),
    (
        "infection",
        [
            "pus",
            "puss",
            "oozing",
            "ooze",
            "discharge",
            "lemma:infect",
            "infected",
            "infection",
            "infecshun",
            "redness",
            "red and swollen",
            "swollen",
            "swelling",
            "hot to the touch",
            "warm to the touch",
            "draining",
            "bleeding",
            "smells bad",
        ],
    ),
    ("red", ["red", "reddish", "pink"]),
    (
        "sudden",
        [
            "sudden",
            "suddenly",
            "all of a sudden",
            "out of nowhere",
            "out of the blue",
            "just started",
        ],
    ),
    ("severe", ["severe", "sever", "terrible", "intense", "sharp", "stabbing"]),
    (
        "extreme",
        [
            "excruciating",
            "unbearable",
            "worst",
            "agonizing",
            "agony",
            "10/10",
            "ten out of ten",
            "10 out of 10",
            "screaming",
        ],
    ),
    (
        "fall",
        ["lemma:fall", "fell", "fallen", "falled", "slipped", "tripped"],
    ),
    (
        "general_emergency",
        [
            "emergency",
            "911",
            "ambulance",
            "passed out",
            "pass out",
            "fainted",
            "faint",
            "unconscious",
            "unresponsive",
            "stroke",
            "seizure",
            "heart attack",
            "CANT wake",
            "coughing blood",
            "coughing up blood",
        ],
    ),
]

BODY_PARTS: List[Term] = [
    (
        "leg",
        [
            "lemma:leg",
            "legz",
            "lags",
            "lemma:foot",
            "foots",
            "lemma:toe",
            "lemma:thigh",
            "lemma:knee",
            "lemma:calf",
            "lower body",
            "waist down",
            "from the waist",
            "lower half",
            "lemma:ankle",
        ],
    ),
    ("chest", ["chest", "chst", "ribs", "heart"]),
    ("back", ["lemma:back", "lemma:spine", "lower back", "bak"]),
    (
        "bladder_bowel",
        [
            "bladder",
            "bladdder",
            "bowel",
            "bowels",
            "bowls",
            "pee",
            "urine",
            "poop",
            "stool",
            "stools",
            "bathroom",
        ],
    ),
    (
        "wound",
        [
            "wound",
            "incision",
            "needle site",
            "puncture",
            "where the needle went in",
            "where the needle was",
            "the site",
            "cut",
            "stitches",
        ],
    ),
]

NUMBERS = [
    "a",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "several",
    "few",
    "couple",
    "many",
]

DURATION_UNITS: Dict[str, List[str]] = {
    "hours": ["hour", "hours", "hr", "hrs"],
    "days": ["day", "days"],
    "weeks": ["week", "weeks", "wk", "wks"],
    "months": ["month", "months", "mo", "mos", "mnths"],
    "years": ["year", "years", "yr", "yrs"],
}

#: Durations long enough to mean chronic pain, not a sudden red flag.
CHRONIC_UNITS = frozenset({"weeks", "months", "years"})

#: Words that open a negation ("no fever", "I don't have numbness").
NEGATION_LEMMAS = frozenset(
    {"no", "not", "never", "without", "deny", "none", "nor", "neither", "nt", "n't"}
)

#: Words after a negation that mean it is no negation ("not sure", "no longer").
PSEUDO_NEGATION_FOLLOWERS = frozenset(
    {
        "sure",
        "certain",
        "longer",
        "know",
        "tell",
        "better",
        "improve",
        "improving",
        "stop",  # "can't stop peeing myself" affirms the symptom
    }
)

#: Words that end a negation's reach ("no fever but my legs are numb").
NEGATION_SCOPE_BREAKERS = frozenset(
    {"but", "however", "although", "though", "yet", "except", "and", ".", "?", "!", ";"}
)

#: Words that show a fall is the fracture's cause, not a new fall after treatment.
FRACTURE_CAUSE_LEMMAS = frozenset(
    {"break", "broke", "broken", "fracture", "crack", "cause", "injury", "injure"}
)

#: "after/since the procedure" or a recent time word places an event after
#: treatment; "after a fall in March" or "can kyphoplasty help" does not.
AFTER_WORDS = frozenset({"after", "since", "post"})
PROCEDURE_WORDS = frozenset(
    {"procedure", "surgery", "kyphoplasty", "kypho", "operation", "op"}
)
RECENT_TIME_WORDS = frozenset({"today", "tonight", "yesterday", "now", "just", "home"})
