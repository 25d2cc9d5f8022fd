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
    ["could", "n't"],
    ["could", "nt"],
    ["could", "not"],
    ["couldnt"],
    ["wo", "n't"],
    ["wo", "nt"],
    ["will", "not"],
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
    (
        "numb",
        [
            "numb",
            "lemma:numb",
            "nunb",
            "numm",
            "lemma:feel asleep",
            "is asleep",
            "are asleep",
            "r asleep",
            "dead weight",
        ],
    ),
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
            "lemma:drag",
            "slapping",
            "foot drop",
            "floppy",
            "lemma:collapse",
            "collapsed",
        ],
    ),
    ("cant_feel", ["CANT feel", "CANT feeling", "no feeling", "lost feeling"]),
    # "stopped working", "won't work": legs that stop obeying.
    ("stopped_working", ["lemma:stop working", "wo n't work", "wont work"]),
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
            "incontinant",
            "incontenent",
            "incontinance",
            "wet my self",
            "peeing my self",
            "pee my self",
            "peed my self",
            "pooped my self",
            "accident in my pants",
            "accident in her pants",
            "accident in his pants",
            "accident in her chair",
            "accident in his chair",
            "accident in my chair",
            "accident in bed",
            "nothing comes out",
            "nothing coming out",
            "CANT empty my bladder",
            "CANT empty her bladder",
            "CANT empty his bladder",
            "CANT go pee",
            "CANT tell when i need to",
            "CANT tell when i have to",
            "CANT feel when i need to",
            "CANT feel when i have to",
            "lemma:have lemma:not lemma:urinate",
            "lemma:have lemma:not lemma:pee",
            "lemma:be lemma:not lemma:pee",
            "no urine",
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
    # Leaking is a red flag from the bladder and from the wound.
    ("leak", ["lemma:leak", "leakin", "lemma:dribble", "discharge"]),
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
            "presure",
            "preasure",
            "pressur",
            "heaviness",
            "elephant",
            "sitting on my chest",
            "weight on my chest",
            "lemma:clutch",
            "clutchin",
            "lemma:grab",
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
            "sob",
            "winded",
            "CANT get enough air",
            "enough air",
            "gasping for air",
            "catch my breath",
            "catch her breath",
            "catch his breath",
            "catch their breath",
            "breathing fast",
            "breathing really fast",
            "breathing very fast",
            "breathing hard",
            "breathing shallow",
            "fast and shallow",
            "through a straw",
            "lemma:drown",
            "blue lips",
            "lips turning blue",
            "lips are blue",
            "lips r blue",
            "lemma:turn blue",
            "coughed up",
            "coughing up",
            "cough up",
            "blood when i cough",
            "blood in the tissue",
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
            "burning up",
            "thermometer",
        ],
    ),
    (
        "infection",
        [
            "pus",
            "puss",
            "oozing",
            "ooze",
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
            "drainage",
            "soaked",
            "opened up",
            "split open",
            "came open",
            "coming apart",
            "yellow stuff",
            "red streaks",
            "red streak",
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
            "out of no where",
        ],
    ),
    (
        "severe",
        ["severe", "sever", "terrible", "intense", "sharp", "stabbing", "knife"],
    ),
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
            "11/10",
            "11 out of 10",
            "9/10",
            "9 out of 10",
            "off the charts",
            "screaming",
            "so bad",
            "way worse",
            "much worse",
            "lot worse",
            "worse than ever",
            "worse than before",
            "killing me",
            "killing her",
            "killing him",
            "never felt pain like this",
        ],
    ),
    # A sudden snap or crack in the spine is a new fracture until shown otherwise.
    (
        "snap",
        [
            "something snapped",
            "felt a snap",
            "heard a snap",
            "felt a pop",
            "heard a pop",
            "heard a crack",
            "felt a crack",
            "something popped",
            "something cracked",
        ],
    ),
    (
        "fall",
        [
            "lemma:fall",
            "fell",
            "fallen",
            "falled",
            "fel",
            "slipped",
            "tripped",
            "lemma:tumble",
            "took a spill",
            "had a spill",
            "knocked over",
            "knocked down",
            "lost my footing",
            "lost her footing",
            "lost his footing",
            "went down hard",
            "hit the ground",
            "hit the floor",
            "slid off",
            "keeled over",
        ],
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
            "blacked out",
            "black out",
            "went black",
            "passing out",
            "lemma:faint",
            "went limp",
            "eyes rolled",
            "lemma:confuse",
            "confusion",
            "disoriented",
            "talking nonsense",
            "not making sense",
            "is nt making sense",
            "out of it",
            "CANT keep her awake",
            "CANT keep him awake",
            "CANT keep me awake",
            "CANT wake her",
            "CANT wake him",
            "wo n't wake",
            "wont wake",
            "wo n't stay awake",
            "wont stay awake",
            "CANT rouse",
            "wo n't respond",
            "wont respond",
            "not responding",
            "lemma:do lemma:not recognize",
            "does nt recognize",
            "does n't recognize",
            "does not recognize",
            "does nt know where",
            "does n't know where",
            "lemma:do lemma:not know where",
        ],
    ),
    # Where someone is found after a fall ("found mom on the floor").
    ("floor", ["on the floor", "on the ground"]),
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
            "bottom",
            "buttocks",
            "butt",
            "groin",
            "private area",
            "private parts",
            "privates",
            "saddle area",
            "inner thighs",
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
            "toilet",
            "lemma:wipe",
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
    {
        "no",
        "not",
        "never",
        "without",
        "deny",
        "none",
        "nor",
        "neither",
        "nt",
        "n't",
        "nothing",
        "zero",
    }
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

#: Words after a fall word that make it no fall ("fall asleep", "falling behind").
NOT_A_FALL_FOLLOWERS = frozenset(
    {
        "asleep",
        "sleep",
        "apart",
        "short",
        "through",
        "my",
        "up",
        "running",
    }
)

#: "<word> of/about falling" is a worry, not an event ("afraid of falling").
FALL_WORRY_LEMMAS = frozenset({"risk", "afraid", "scared", "worried", "worry", "fear"})

#: Bone words: "the vertebra collapsed" is the fracture, not a person collapsing.
BONE_LEMMAS = frozenset(
    {"vertebra", "vertebrae", "bone", "spine", "fracture", "height", "disc", "t12"}
)

#: What makes "on the floor" a fall: found there, lying there, can't get up.
FLOOR_FALL_LEMMAS = frozenset({"find", "found", "lie", "lying", "laying", "lay", "get"})

#: Words after "confused" that mean confused by information, not delirium.
CONFUSED_ABOUT_FOLLOWERS = frozenset(
    {"about", "abt", "by", "on", "with", "why", "what", "how", "as", "if", "which"}
)

#: Fever words that report a reading, which may be normal ("temp is normal").
TEMPERATURE_READING_WORDS = frozenset({"temp", "temperature", "thermometer"})
