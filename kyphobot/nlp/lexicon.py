"""Words the assistant must recognise in patients' own spelling.

One lexicon feeds both the spaCy entity ruler (``symptom``, ``body_part`` and
``duration`` entities) and the red-flag detector, so a new misspelling added
here is learnt by both at the next ``make spacy``.

Each term is ``(entity id, alternatives)``. An alternative is a space-separated
phrase; inside it ``CANT`` stands for every way patients write "can't", and a
word in ``lemma:`` form matches any inflection through the lookup lemmatizer.
"""

import re
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
            "didn't belong to me",
            "didnt belong to me",
            "doesn't belong to me",
            "doesnt belong to me",
            "numbb",
            "numbbb",
            "numbbbb",
            "numbbbbb",
            "reduced sensation",
            "decreased sensation",
            "diminished sensation",
            "altered sensation",
            "like static",
            "lost all sensation",
            "lost sensation",
            "no sensation",
            "belong to someone else",
            "belong to somebody else",
            "don't belong to me",
            "dont belong to me",
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
            "paresthesia",
            "paraesthesia",
            "parasthesia",
            "paresthesias",
            "foot drop",
            "saddle anaesthesia",
            "saddle anesthesia",
            "lost all feeling",
            "lost all the feeling",
            "gone numb",
            "went numb",
        ],
    ),
    (
        "numb",
        [
            "numb",
            "lemma:numb",
            "nunb",
            "numm",
            "feel num",
            "feels num",
            "feeling num",
            "are num",
            "r num",
            "is num",
            "so num",
            "went num",
            "gone num",
            "go num",
            "going num",
            "lemma:feel asleep",
            "is asleep",
            "are asleep",
            "r asleep",
            "dead weight",
            "dead",
            "deadened",
            "lemma:buzz",
            "buzzy",
            "electric",
            "fizzy",
            "prickly",
            "prickling",
            "cotton wool",
            "not feel",
            "no feel",
            "n't feel",
            "nt feel",
            "CANT fill",
        ],
    ),
    (
        "weak",
        [
            "giving way",
            "flop when",
            "flops when",
            "flopping when",
            "slaps down",
            "slap down",
            "slapping down",
            "gives way",
            "legs like lead",
            "legs gone to jelly",
            "legs went to jelly",
            "CANT dorsiflex",
            "to mush",
            "like mush",
            "CANT trust them",
            "CANT trust my legs",
            "CANT trust her legs",
            "CANT trust his legs",
            "lemma:weak",
            "lemma:weakness",
            "weekness",
            "weaknes",
            "feel week",
            "feels week",
            "feeling week",
            "are week",
            "r week",
            "so week",
            "and week",
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
            "hold me up",
            "hold her up",
            "hold him up",
            "support my weight",
            "support her weight",
            "support his weight",
            "are heavy",
            "r heavy",
            "like sandbags",
            "like lead",
            "like concrete",
            "like bricks",
        ],
    ),
    (
        "cant_feel",
        [
            "CANT feal",
            "CANT feel",
            "CANT feeling",
            "no feeling",
            "lost feeling",
            "CANT really feel",
            "CANT quite feel",
            "CANT fully feel",
            "CANT hardly feel",
            "CANT barely feel",
        ],
    ),
    # "stopped working", "won't work": legs that stop obeying.
    (
        "stopped_working",
        [
            "wo n't do what i tell",
            "wont do what i tell",
            "wo n't listen to me",
            "wont listen to me",
            "wo n't cooperate",
            "wont cooperate",
            "lemma:stop working",
            "wo n't work",
            "wont work",
            "ai n't working",
            "ai n't workin",
            "not working",
            "not workin",
            "is n't working",
        ],
    ),
    (
        "cant_move",
        [
            "don't move when",
            "dont move when",
            "won't move when",
            "wont move when",
            "do n't move when",
            "CANT move",
            "CANT lift",
            "CANT wiggle",
            "CANT get up",
            "barely move",
            "barely lift",
            "barely walk",
            "barely stand",
            "CANT stand",
            "CANT walk",
            "hard to move",
            "hard to lift",
            "trouble moving",
            "trouble lifting",
        ],
    ),
    (
        "paralysis",
        [
            "lemma:paralyze",
            "paralyzed",
            "paralysed",
            "paralysis",
            "paralized",
            "paralize",
            "paralise",
            "paralyse",
        ],
    ),
    (
        "incontinence",
        [
            "pee'd myself",
            "pee'd himself",
            "pee'd herself",
            "pants were wet",
            "pants are wet",
            "pants was wet",
            "trousers were wet",
            "comes out on its own",
            "came out on its own",
            "coming out on its own",
            "pooped my pants",
            "pooped his pants",
            "pooped her pants",
            "pooped in my pants",
            "pooped in his pants",
            "pooped in her pants",
            "pooped my trousers",
            "pooped his trousers",
            "pooped her trousers",
            "pooping my pants",
            "pooping his pants",
            "pooping her pants",
            "pooping in my pants",
            "pooping in his pants",
            "pooping in her pants",
            "pooping my trousers",
            "pooping his trousers",
            "pooping her trousers",
            "poops my pants",
            "poops his pants",
            "poops her pants",
            "poops in my pants",
            "poops in his pants",
            "poops in her pants",
            "poops my trousers",
            "poops his trousers",
            "poops her trousers",
            "pooed my pants",
            "pooed his pants",
            "pooed her pants",
            "pooed in my pants",
            "pooed in his pants",
            "pooed in her pants",
            "pooed my trousers",
            "pooed his trousers",
            "pooed her trousers",
            "pooing my pants",
            "pooing his pants",
            "pooing her pants",
            "pooing in my pants",
            "pooing in his pants",
            "pooing in her pants",
            "pooing my trousers",
            "pooing his trousers",
            "pooing her trousers",
            "lemma:poop my pants",
            "lemma:poop his pants",
            "lemma:poop her pants",
            "lemma:poop my trousers",
            "lemma:poop his trousers",
            "lemma:poop her trousers",
            "lemma:poop my underwear",
            "lemma:poop his underwear",
            "lemma:poop her underwear",
            "lemma:poop in my pants",
            "lemma:poop in his pants",
            "lemma:poop in her pants",
            "lemma:pee my pants",
            "lemma:pee his pants",
            "lemma:pee her pants",
            "lemma:pee my trousers",
            "lemma:pee his trousers",
            "lemma:pee her trousers",
            "lemma:pee my underwear",
            "lemma:pee his underwear",
            "lemma:pee her underwear",
            "lemma:pee in my pants",
            "lemma:pee in his pants",
            "lemma:pee in her pants",
            "lemma:crap my pants",
            "lemma:crap his pants",
            "lemma:crap her pants",
            "lemma:crap my trousers",
            "lemma:crap his trousers",
            "lemma:crap her trousers",
            "lemma:crap my underwear",
            "lemma:crap his underwear",
            "lemma:crap her underwear",
            "lemma:crap in my pants",
            "lemma:crap in his pants",
            "lemma:crap in her pants",
            "lemma:shit my pants",
            "lemma:shit his pants",
            "lemma:shit her pants",
            "lemma:shit my trousers",
            "lemma:shit his trousers",
            "lemma:shit her trousers",
            "lemma:shit my underwear",
            "lemma:shit his underwear",
            "lemma:shit her underwear",
            "lemma:shit in my pants",
            "lemma:shit in his pants",
            "lemma:shit in her pants",
            "lemma:soil my pants",
            "lemma:soil his pants",
            "lemma:soil her pants",
            "lemma:soil my trousers",
            "lemma:soil his trousers",
            "lemma:soil her trousers",
            "lemma:soil my underwear",
            "lemma:soil his underwear",
            "lemma:soil her underwear",
            "lemma:soil in my pants",
            "lemma:soil in his pants",
            "lemma:soil in her pants",
            "lemma:wet my pants",
            "lemma:wet his pants",
            "lemma:wet her pants",
            "lemma:wet my trousers",
            "lemma:wet his trousers",
            "lemma:wet her trousers",
            "lemma:wet my underwear",
            "lemma:wet his underwear",
            "lemma:wet her underwear",
            "lemma:wet in my pants",
            "lemma:wet in his pants",
            "lemma:wet in her pants",
            "lemma:mess my pants",
            "lemma:mess his pants",
            "lemma:mess her pants",
            "lemma:mess my trousers",
            "lemma:mess his trousers",
            "lemma:mess her trousers",
            "lemma:mess my underwear",
            "lemma:mess his underwear",
            "lemma:mess her underwear",
            "lemma:mess in my pants",
            "lemma:mess in his pants",
            "lemma:mess in her pants",
            "lemma:crap myself",
            "lemma:crap himself",
            "lemma:crap herself",
            "lemma:shit myself",
            "lemma:shit himself",
            "lemma:shit herself",
            "peeing herself",
            "peeing himself",
            "pees herself",
            "pees himself",
            "pees myself",
            "CANT seem to hold my water",
            "CANT seem to hold her water",
            "CANT seem to hold his water",
            "hold my water anymore",
            "hold her water anymore",
            "hold his water anymore",
            "nothing will come out",
            "nothing 'll come out",
            "nothing would come out",
            "CANT get a drop",
            "not a drop",
            "n't made water",
            "not made water",
            "nt made water",
            "no 1s",
            "no number ones",
            "no number 1s",
            "pad 's been dry",
            "pads been dry",
            "pad been dry",
            "pad 's been bone dry",
            "pad has been dry",
            "pad has been bone dry",
            "pad is dry",
            "pad is bone dry",
            "pads are dry",
            "pads have been dry",
            "nappy has been dry",
            "nappy is dry",
            "weeing myself",
            "weeing herself",
            "weeing himself",
            "weed myself",
            "sitting in a puddle",
            "lying in a puddle",
            "poo in my knickers",
            "poo in her knickers",
            "pooed myself",
            "pooed herself",
            "pooed himself",
            "CANT hold my water",
            "CANT hold her water",
            "CANT hold his water",
            "incontinence",
            "incontinent",
            "incontinant",
            "lost bowel control",
            "lost bladder control",
            "losing bowel control",
            "losing bladder control",
            "lose bowel control",
            "lose bladder control",
            "loss of bowel control",
            "loss of bladder control",
            "no bowel control",
            "no bladder control",
            "messed his pants",
            "messed her pants",
            "messed my pants",
            "messed himself",
            "messed herself",
            "messed myself",
            "soiled himself",
            "soiled herself",
            "soiled myself",
            "pooped his pants",
            "pooped her pants",
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
            "CANT hold my bladder",
            "CANT hold his bladder",
            "CANT hold her bladder",
            "CANT hold my bowels",
            "CANT hold his bowels",
            "CANT hold her bowels",
            "CANT hold my stool",
            "CANT hold it in",
            "leaking pee",
            "leaking urine",
            "pissed myself",
            "pissed himself",
            "pissed herself",
            "pissing myself",
            "wet through",
            "wet my pants",
            "wet his pants",
            "wet her pants",
            "wet the sheets",
            "urinary retention",
            "messed herself",
            "messed himself",
            "soiled the bed",
            "soiled his bed",
            "soiled her bed",
            "soiled his pants",
            "soiled her pants",
            "pee wo n't come",
            "wee wo n't come",
            "pee wont come",
            "water works have stopped",
            "waterworks have stopped",
            "waterworks stopped",
            "not been since",
            "not passed water",
            "retention",
        ],
    ),
    # Leaking is a red flag from the bladder and from the wound.
    ("leak", ["lemma:leak", "leakin", "lemma:dribble", "discharge"]),
    (
        "lost_control",
        [
            "CANT controll",
            "CANT controle",
            "lost control",
            "lose control",
            "losing control",
            "loss of control",
            "no control",
            "CANT control",
            "CANT hold",
            "let go",
            "lets go",
            "letting go",
        ],
    ),
    # "bathroom accidents", "an accident in his pajamas": with a bladder word.
    ("accident", ["lemma:accident"]),
    (
        "pain",
        [
            "holding his chest",
            "holding her chest",
            "holding my chest",
            "holding their chest",
            "fist against",
            "lemma:wince",
            "hurtsss",
            "hurtssss",
            "hurtsssss",
            "cp",
            "in a vice",
            "in a vise",
            "like a vice",
            "like a vise",
            "brick on my chest",
            "bricks on my chest",
            "brick on her chest",
            "brick on his chest",
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
            "squeezed",
            "squeezes",
            "crushing",
            "crushed",
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
            "backache",
            "backaches",
            "backpain",
            "heavy feeling",
            "heavy sensation",
            "squeezy",
            "substernal",
            "lemma:radiate",
            "radiating",
            "seized up",
            "lemma:feel heavy",
            "gone heavy",
            "going heavy",
            "getting heavy",
            "gone all heavy",
            "all heavy",
            "and heavy",
            "so heavy",
            "really heavy",
            "are heavy",
        ],
    ),
    (
        "breathing",
        [
            "to gasp",
            "gasp for",
            "gasps for",
            "gasped for",
            "gasps",
            "chest is heaving",
            "chest heaving",
            "rattling breath",
            "rattly breathing",
            "breathing sounds wet",
            "CANT lie flat",
            "breathing like she just",
            "breathing like he just",
            "breathing like i just",
            "breathing like i've just",
            "nostrils are flaring",
            "nostrils flaring",
            "lips are purple",
            "lips are a purplish",
            "lips look purple",
            "purple lips",
            "purplish lips",
            "lips look blue",
            "bluish lips",
            "lips are bluish",
            "lips look bluish",
            "CANT catch my wind",
            "CANT catch breth",
            "catch my breth",
            "still puffing",
            "breath is a struggle",
            "every breath is a struggle",
            "breathing is a struggle",
            "CANT breeth",
            "CANT breth",
            "CANT brethe",
            "CANT breath good",
            "CANT breeth good",
            "stopping for air",
            "stop for air",
            "stops for air",
            "CANT finish a sentence",
            "CANT finish her sentence",
            "CANT finish his sentence",
            "CANT finish my sentence",
            "oxygen is low",
            "oxygen is really low",
            "oxygen is very low",
            "oxygen 's low",
            "oxygen low",
            "low oxygen",
            "sats are low",
            "sats low",
            "low sats",
            "sats dropping",
            "oxygen dropping",
            "oxygen is dropping",
            "CANT get me breath",
            "CANT brethe",
            "puffing like",
            "short of puff",
            "out of puff",
            "puffing and panting",
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
            "hard time breathing",
            "trouble catching my breath",
            "trouble catching her breath",
            "trouble catching his breath",
            "trouble getting air",
            "trouble getting enough air",
            "CANT get enough air",
            "CANT get air",
            "CANT get any air",
            "CANT catch her breath",
            "CANT catch his breath",
            "CANT catch their breath",
            "CANT catch your breath",
            "CANT get my breath",
            "CANT get her breath",
            "CANT get his breath",
            "CANT get their breath",
            "CANT get her wind",
            "CANT get his wind",
            "CANT get my wind",
            "hard time breathin",
            "hard time breathe",
            "hard time catching my breath",
            "CANT breed",
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
            "short o breath",
            "short of breathe",
            "breath so short",
            "breath is short",
            "short breath",
            "CANT get a full breath",
            "CANT get a breath",
            "CANT take a deep breath",
            "CANT take a full breath",
            "hardly breathe",
            "hardly breath",
            "barely breathe",
            "barely breath",
            "breathing funny",
            "breathing weird",
            "breathing strange",
            "breathing strangely",
            "breathing is labored",
            "breathing is laboured",
            "labored breathing",
            "laboured breathing",
            "breathing is shallow",
            "shallow breathing",
            "shallow breaths",
            "to get air",
            "for air",
            "get her wind",
            "get his wind",
            "get my wind",
            "frothy",
            "spitting up",
            "spit up blood",
            "dyspneic",
            "dyspnea",
            "dyspnoea",
            "dyspnoeic",
            "breathlessness",
            "lemma:wheeze",
            "wheezy",
            "whistly",
            "puffed out",
            "short of wind",
            "short o wind",
            "ketch him breath",
            "ketch her breath",
            "ketch mi breath",
            "ketch my breath",
            "catch him breath",
            "no room in me lungs",
            "blood when he coughs",
            "blood when she coughs",
            "blood in my hanky",
            "bringing up blood",
            "bringing up bright red blood",
            "hacking up blood",
            "hackin up blood",
            "coffin up blood",
            "spitting blood",
            "red in the tissue",
            "red in my tissue",
            "red in the hanky",
            "coughing blood",
        ],
    ),
    (
        "fever",
        [
            "teeth are chattering",
            "teeth keep chattering",
            "drenched with sweat",
            "developed a temperature",
            "has a temperature",
            "got a temperature",
            "running a temperature",
            "developed a temp",
            "has a temp",
            "got a temp",
            "running a temp",
            "hot n shaky",
            "hot & shaky",
            "hot and shakey",
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
            "hot and cold",
            "shivery",
            "lemma:shiver",
            "rigors",
            "rigor",
            "drenched in sweat",
            "night sweats",
            "feels hot",
            "feel hot",
            "feels very hot",
            "feels really hot",
            "is really hot",
            "is very hot",
            "teeth chattering",
            "sweating buckets",
            "clammy",
            "shaking with cold",
            "roasting",
            "CANT get warm",
            "feevr",
            "chillz",
            "fevour",
            "diaphoretic",
            "febrile",
        ],
    ),
    (
        "infection",
        [
            "inflamed",
            "discharging",
            "seeping",
            "lemma:seep",
            "blood coming through",
            "blood through the dressing",
            "blood soaking through",
            "oozin",
            "bleedin",
            "blood pouring",
            "blood is pouring",
            "pouring blood",
            "pouring with blood",
            "bleeding through",
            "bleeding thru",
            "bleedin thru",
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
            # Regional and spoken past forms: "has swole up big as an egg".
            "swole",
            "swoled",
            "swoll",
            "swelled",
            "hot to the touch",
            "hot to touch",
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
    ("red", ["red", "reddish", "pink", "redder", "reddened"]),
    # Signs that mean infection only at the needle site ("puffy", "weeping").
    (
        "wound_sign",
        [
            "swolen",
            "swolled",
            "smels",
            "smelly",
            "lemma:stink",
            "puffy",
            "lemma:weep",
            "weeping",
            "goo",
            "gooey",
            "gunk",
            "cloudy",
            "crusty",
            "lump",
            "throbbing",
            "swell",
            "yellow",
            "yellowish",
            "green",
            "greenish",
            "hot and tender",
            "warm and tender",
            "yellow head",
            "erythema",
            "purulent",
        ],
    ),
    (
        "sudden",
        [
            "split second",
            "in seconds",
            "in a second",
            "exploded",
            "came on fast",
            "sudden",
            "suddenly",
            "suddn",
            "sudn",
            "all of a sudden",
            "out of nowhere",
            "out of the blue",
            "just started",
            "out of no where",
            "sudenly",
            "suddently",
            "suddenely",
            "out a nowhere",
            "outta nowhere",
            "acute onset",
        ],
    ),
    (
        "severe",
        [
            "severe",
            "sever",
            "terrible",
            "intense",
            "sharp",
            "stabbing",
            "knife",
            "ripping",
            "tearing",
        ],
    ),
    (
        "extreme",
        [
            "worse than the fracture",
            "CANT move for the pain",
            "CANT move for pain",
            "CANT move with the pain",
            "CANT move because of the pain",
            "with a vengeance",
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
            "not touching it",
            "not touching the pain",
            "lightning bolt",
            "worse than it ever has",
            "worse than it 's ever been",
            "worst ever",
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
            "breaking again",
            "broke again",
            "broken again",
        ],
    ),
    (
        "fall",
        [
            "went out from under me",
            "went out from under her",
            "went out from under him",
            "went from under me",
            "went from under her",
            "went from under him",
            "knocked me over",
            "knocked her over",
            "knocked him over",
            "knocked me down",
            "nasty spill",
            "spill off",
            "took a header",
            "header off",
            "slippd",
            "slipd",
            "sliped",
            "hit the deck",
            "face-planted",
            "face planted",
            "faceplanted",
            "face plant",
            "lemma:faceplant",
            "missed the last step",
            "missed a step",
            "missed the step",
            "missed the bottom step",
            "came a cropper",
            "come a cropper",
            "sat down hard",
            "landed hard",
            "ended up on the",
            "wound up on the",
            "went over in the",
            "dropped like a",
            "went down on the",
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
            "slipping",
            "lemma:slip",
            "lemma:topple",
            "toppled",
            "lost my balance",
            "lost her balance",
            "lost his balance",
            "lemma:lose lemma:balance",
            "went down in",
            "went down on my",
            "went down on her",
            "went down on his",
            "onto the floor",
            "onto the ground",
            "rolled out of",
            "rolled off",
            "landed on",
            "landed flat",
            "arse over",
            "ass over",
            "went down like",
            "drop dung",
            "dropped down",
            "next thing i knew",
        ],
    ),
    (
        "general_emergency",
        [
            "n't with it",
            "isnt with it",
            "is n't answering",
            "isnt answering",
            "not answering",
            "not responding to me",
            "what year it is",
            "what day it is",
            "eyes rolling",
            "eyes are rolling",
            "eyes rolled",
            "not with it",
            "won't answer me",
            "wont answer me",
            "not answering me",
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
            "is n't making sense",
            "isnt making sense",
            "talking strangely",
            "talking strange",
            "talking funny",
            "talking weird",
            "talking gibberish",
            "lost in his own house",
            "lost in her own house",
            "lost in their own house",
            "does nt know what day",
            "does n't know what day",
            "lemma:do lemma:not know what day",
            "nodding off mid",
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
            # Sudden changes in behaviour or speech: delirium or a stroke.
            "acting strange",
            "acting strangely",
            "acting weird",
            "acting odd",
            "acting funny",
            "acting crazy",
            "not acting like himself",
            "not acting like herself",
            "not himself",
            "not herself",
            "n't himself",
            "n't herself",
            "isnt himself",
            "isnt herself",
            "mixing up his words",
            "mixing up her words",
            "mixing up my words",
            "mixing up words",
            "mixing his words",
            "mixing her words",
            "lemma:slur",
            "slurring",
            "slurry",
            "talking funny",
            "speech is off",
            "speech is funny",
            "words are jumbled",
            "words come out wrong",
            "CANT get his words out",
            "CANT get her words out",
            "CANT get my words out",
            "CANT find his words",
            "CANT find her words",
            "CANT find the words",
            "face is drooping",
            "face drooping",
            "drooping face",
            "droopy face",
            "acting really strange",
            "acting very strange",
            "acting so strange",
            "acting really weird",
            "acting very weird",
            "acting so weird",
            "acting really odd",
            "acting very odd",
            "acting really funny",
            "mouth is crooked",
            "crooked mouth",
            "face is crooked",
            "face droops",
            "mouth droops",
            "drooping on one side",
            "droopy on one side",
            "one side of his face",
            "one side of her face",
            "one side of my face",
            "speech feels",
            "speech is",
            "speech sounds",
            "CANT see out of",
            "double vision",
            "blind in one eye",
            "lost my vision",
            "lost her vision",
            "lost his vision",
            "muddled",
            "CANT think straight",
            "outta her head",
            "outta his head",
            "out of her head",
            "out of his head",
            "mind gone",
            "mind is gone",
            "do n't know her own",
            "do n't know his own",
            "does n't know who",
            "doesnt know who",
            "nuh know",
            "syncope",
            "syncopal",
            "lost consciousness",
            "loss of consciousness",
            "went floppy",
            "past out",
            "lopsided",
            "crooked",
            "droopin",
            "thick tongued",
            "words are coming out wrong",
            "words coming out wrong",
            "talkin funny",
            "talk funny",
            "thick-tongued",
            "go double",
            "gone double",
            "going double",
            "went double",
            "CANT grip",
            "CANT get him to wake",
            "CANT get her to wake",
            "CANT get him to come round",
            "CANT get her to come round",
            "not waking up",
            "wo n't wake up",
            "out cold",
            "cyaan wake",
            "CANT rouse",
        ],
    ),
    # Where someone is found after a fall ("found mom on the floor").
    (
        "floor",
        [
            "on the floor",
            "on the ground",
            "on the kitchen floor",
            "on the bathroom floor",
            "on the bedroom floor",
            "on the hall floor",
            "on the hallway floor",
            "on the living room floor",
            "on the lounge floor",
            "on the garage floor",
            "on the porch floor",
            "on the patio floor",
            "on the toilet floor",
            "on the shower floor",
            "on the basement floor",
            "on the floor of the",
        ],
    ),
]

BODY_PARTS: List[Term] = [
    (
        "leg",
        [
            "bum",
            "saddle",
            "vagina",
            "genitals",
            "genital area",
            "anus",
            "down below",
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
    (
        "chest",
        [
            "chest",
            "chst",
            "chess",
            "ribs",
            "heart",
            "ticker",
            "breastbone",
            "breast bone",
            "sternum",
            "lungs",
            "jaw",
        ],
    ),
    # An arm or a hand gone numb or weak is a stroke sign.
    ("arm", ["lemma:arm", "lemma:hand"]),
    ("back", ["lemma:back", "lemma:spine", "lower back", "bak"]),
    (
        "bladder_bowel",
        [
            "back passage",
            "bladder",
            "bladdder",
            "bowel",
            "bowels",
            "bowls",
            "pee",
            "urine",
            "poop",
            "poo",
            "stool",
            "stools",
            "bathroom",
            "toilet",
            "lemma:wipe",
            "pants",
            "pajamas",
            "diaper",
            "underwear",
            "knickers",
            "waterworks",
            "water works",
            "nappy",
        ],
    ),
    (
        "wound",
        [
            "injection spot",
            "injection site",
            "injection point",
            "entry point",
            "entry site",
            "where they put the needle",
            "where they put the needle in",
            "where the needle went",
            "where they went in",
            "the hole",
            "hole from the op",
            "hole in my back",
            "mark on my back",
            "mark on her back",
            "mark on his back",
            "little mark",
            "wound",
            "incision",
            "needle site",
            "puncture",
            "where the needle went in",
            "where the needle was",
            "the site",
            "cut",
            "stitches",
            "needle hole",
            "needlehole",
            "needle-hole",
            "needle spot",
            "needle place",
            "needle mark",
            "procedure spot",
            "puncture site",
            "site",
            "bandaid",
            "band aid",
            "bandage",
            "dressing",
            "plaster",
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
    {
        "break",
        "broke",
        "broken",
        "fracture",
        "crack",
        "cause",
        "injury",
        "injure",
        "crush",
        "crushed",
        "compress",
        "compressed",
    }
)

#: "after/since the procedure" or a recent time word places an event after
#: treatment; "after a fall in March" or "can kyphoplasty help" does not.
AFTER_WORDS = frozenset({"after", "since", "post"})
PROCEDURE_WORDS = frozenset(
    {"procedure", "surgery", "kyphoplasty", "kypho", "operation", "op"}
)
RECENT_TIME_WORDS = frozenset({"today", "tonight", "yesterday", "now", "just", "home"})

#: "nursing home": a place, not coming home from the procedure.
NOT_ONES_HOME = frozenset({"nursing", "care", "retirement", "funeral", "group"})

#: "tripped and now has a spine fracture": "now" tells the fracture's state,
#: not when the fall happened, so it does not date a fall that broke a bone.
FRACTURE_STATE_WORDS = frozenset({"now"})

#: "after a fall", "from a fall": the fall as a cause of the fracture the
#: question is about, not a new event, unless something dates it recent.
FALL_AS_CAUSE_WORDS = frozenset({"after", "from", "by"})

#: People who fall; a bone word before a fall word without one of these is
#: the bone collapsing ("keeps the vertebra from falling in").
FALLING_PEOPLE = frozenset(
    {"i", "he", "she", "we", "they", "you", "mom", "mum", "dad", "husband", "wife"}
)

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
        "colors",
        "colours",
        "leaves",
        "foliage",
        "season",
        "semester",
        "below",
    }
)

#: "<word> of/about falling" is a worry, not an event ("afraid of falling").
FALL_WORRY_LEMMAS = frozenset({"risk", "afraid", "scared", "worried", "worry", "fear"})

#: Bone words: "the vertebra collapsed" is the fracture, not a person collapsing.
BONE_LEMMAS = frozenset(
    {
        "vertebra",
        "vertebrae",
        "vertebral",
        "bone",
        "spine",
        "fracture",
        "height",
        "disc",
        "t12",
        "vertabra",
        "vertabrae",
        "vertibra",
        "verterbra",
        "vertebre",
        "backbone",
        "vert",
        "verts",
    }
)

#: Spine levels ("L2", "T12") name a bone too.
SPINE_LEVEL_PATTERN = r"[ctls]\d{1,2}"

#: What makes "on the floor" a fall: found there, lying there, can't get up.
FLOOR_FALL_LEMMAS = frozenset({"find", "found", "lie", "lying", "laying", "lay", "get"})

#: Words after "confused" that mean confused by information, not delirium.
CONFUSED_ABOUT_FOLLOWERS = frozenset(
    {
        "about",
        "abt",
        "by",
        "on",
        "with",
        "why",
        "what",
        "how",
        "as",
        "if",
        "which",
        "me",
        "us",
    }
)

#: Fever words that report a reading, which may be normal ("temp is normal").
TEMPERATURE_READING_WORDS = frozenset({"temp", "temperature", "thermometer"})

#: After a number, these make it an age or a count, not a reading ("39 year old").
AGE_AND_COUNT_WORDS = frozenset(
    {
        "year",
        "years",
        "yr",
        "yrs",
        "yo",
        "y",
        "days",
        "weeks",
        "minutes",
        "pounds",
        "lbs",
    }
)

#: Voiding words; negated, they report urinary retention ("hasn't peed all day").
VOIDING_LEMMAS = frozenset({"urinate", "pee", "peed", "piss", "wee", "void", "poop"})

#: A need or a wish before a negated voiding word is no symptom ("don't need to pee").
VOIDING_WISH_LEMMAS = frozenset({"need", "want", "should", "must", "supposed"})

#: "no trouble peeing": the negation covers the trouble, so voiding is fine.
VOIDING_TROUBLE_LEMMAS = frozenset(
    {"trouble", "problem", "problems", "issue", "issues", "difficulty", "pain"}
)

#: Before a voiding word, these report retention unless negated themselves:
#: "unable to pass urine", "trouble peeing" ("no trouble peeing" is fine).
VOIDING_INABILITY = frozenset(
    {
        "unable",
        "trouble",
        "difficulty",
        "problem",
        "problems",
        "struggling",
        "struggle",
        "fails",
        "failing",
        "hard",
        "difficult",
    }
)

#: Words that start a breathing word: "breath", "breathe", "breathing", "breathin".
BREATHING_PREFIX = "breath"

#: "breathing is really hard": a breathing word, then how hard it has become.
LABORED_BREATHING_WORDS = frozenset(
    {
        "worse",
        "hard",
        "harder",
        "difficult",
        "tough",
        "rough",
        "heavy",
        "tight",
        "painful",
        "strained",
        "raspy",
        "noisy",
        "rattly",
        "gurgly",
        "wrong",
        "off",
        "weird",
        "odd",
        "scary",
    }
)

#: "I have trouble to breathe": a difficulty word shortly before the breathing.
BREATHING_DIFFICULTY_WORDS = frozenset(
    {
        "trouble",
        "difficulty",
        "difficulties",
        "difficult",
        "hard",
        "harder",
        "problem",
        "problems",
        "struggle",
        "struggling",
        "struggles",
        "unable",
        "labored",
        "laboured",
    }
)

#: Words that may stand between that difficulty word and the breathing word.
BREATHING_DIFFICULTY_FILLERS = frozenset(
    {"to", "for", "me", "him", "her", "them", "in", "with", "my", "his", "of", "time"}
)

#: Words that may stand between the breathing word and how hard it is.
LABORED_BREATHING_FILLERS = frozenset(
    {
        "is",
        "'s",
        "s",
        "are",
        "was",
        "has",
        "been",
        "getting",
        "gettin",
        "becoming",
        "feels",
        "seems",
        "sounds",
        "really",
        "realy",
        "rly",
        "so",
        "soo",
        "sooo",
        "very",
        "real",
        "super",
        "pretty",
        "kinda",
        "quite",
        "extremely",
        "awfully",
        "way",
        "too",
        "more",
        "much",
        "now",
        "just",
        "suddenly",
    }
)

#: "pain pills", "pain clinic": "pain" naming something else, not a symptom.
PAIN_MODIFIED_NOUNS = frozenset(
    {
        "pill",
        "pills",
        "meds",
        "med",
        "medicine",
        "medicines",
        "medication",
        "medications",
        "killer",
        "killers",
        "reliever",
        "relievers",
        "management",
        "clinic",
        "specialist",
        "patch",
        "patches",
        "scale",
    }
)

#: Before an infection word, these make it a question about a risk.
RISK_WORDS = frozenset(
    {"risk", "risks", "chance", "chances", "odds", "prevent", "avoid", "likelihood"}
)

#: After "numb" as a verb: "numb me", "numb the area" (the anesthesia).
NUMBED_OBJECTS = frozenset({"me", "you", "him", "them", "us", "the", "it"})

#: Before "numb" as a verb: "they numb the area", "or just numb me".
NUMBING_SUBJECTS = frozenset(
    {"just", "to", "they", "you", "will", "'ll", "can", "would", "only", "doctor"}
)

#: Words of a hypothetical question: "can I be paralyzed from this?"
MODAL_WORDS = frozenset(
    {
        "can",
        "could",
        "will",
        "would",
        "might",
        "may",
        "'ll",
        "ll",
        "gonna",
        "should",
        "does",
        "do",
        "cud",
        "culd",
        "cld",
        "wud",
        "wil",
        "shud",
    }
)

#: "will my husband be unconscious": a possessive before a person is no body part.
PEOPLE_NOUNS = frozenset(
    {
        "husband",
        "wife",
        "mom",
        "mum",
        "mother",
        "dad",
        "father",
        "son",
        "daughter",
        "wife's",
        "partner",
        "grandma",
        "grandpa",
        "grandmother",
        "grandfather",
        "aunt",
        "uncle",
        "sister",
        "brother",
        "friend",
        "patient",
    }
)

#: "can it paralyze me": a symptom word used as a verb on someone.
AFFECTED_OBJECTS = frozenset(
    {"me", "you", "him", "her", "them", "us", "people", "patients", "someone"}
)

#: "how do I stop my mom from falling": these before "from" make a fall a worry.
FALL_STOPPING_LEMMAS = frozenset({"stop", "keep", "prevent"})

#: A side effect asked about: "leave me unable to walk", "cause an infection".
CAUSATIVE_LEMMAS = frozenset(
    {"leave", "cause", "make", "result", "lead", "give", "risk", "chance"}
)

#: "could sudden back pain mean a new fracture?": asking what it would mean.
MEANING_WORDS = frozenset({"mean", "means", "indicate", "signal", "sign"})

#: Before a symptom, these make it a state someone asks about: "I'll be numb".
HYPOTHETICAL_STATE_WORDS = frozenset({"be", "b", "become", "get", "end", "being"})

#: Modals that ask about the present: "why do I get pins and needles" reports.
PRESENT_MODALS = frozenset({"do", "does"})

#: Words that open a clause inside a question: "can you tell me why I get...".
EMBEDDING_WORDS = frozenset({"why", "how", "when", "what", "if", "that", "whether"})

#: Modals about the future: "does that mean I'll be unconscious?" asks.
FUTURE_MODALS = frozenset({"will", "'ll", "ll", "would", "wud", "wil", "gonna"})

#: Words that may come before the modal of a question: "so will I be numb",
#: "how could it get infected".
QUESTION_OPENERS_BEFORE_MODAL = frozenset(
    {"and", "so", "but", "or", "then", "also", "how", "why", "when", "where", "what"}
)

#: Words that name the procedure as the subject of a causing verb.
SIDE_EFFECT_SUBJECTS = frozenset(
    {
        "kyphoplasty",
        "kypho",
        "procedure",
        "surgery",
        "operation",
        "cement",
        "balloon",
        "anesthesia",
        "anaesthesia",
        "sedation",
        "needle",
        "treatment",
    }
)

#: After a symptom, "from"/"by" + these name the procedure as its cause.
SIDE_EFFECT_CAUSES = SIDE_EFFECT_SUBJECTS | {"this", "it", "the"}

#: Words that make a symptom a person's own, now: "my legs are numb".
POSSESSIVES = frozenset({"my", "her", "his", "their", "our"})

#: Words that make a symptom a present fact, even in a question:
#: "could it be that my legs are numb", "can you help im numb".
PRESENT_STATE_WORDS = frozenset(
    {
        "im",
        "i'm",
        "m",
        "'m",
        "’m",
        "am",
        "'s",
        "’s",
        "s",
        "'re",
        "re",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "been",
        "feel",
        "feels",
        "felt",
        "getting",
        "got",
        "went",
        "gone",
        "started",
        "keep",
        "keeps",
        "now",
        "still",
    }
)

#: "what's", "there's": an "s" after these is no "she's".
S_HOSTS = frozenset({"what", "that", "there", "it", "how", "who", "where", "here"})

#: Pronouns between a modal and a verb: "could I feel", "will she get".
PRONOUNS = frozenset({"i", "you", "u", "he", "she", "we", "they", "it", "someone"})

#: Words that open a question about a symptom: "what are the signs of...".
QUESTION_WORDS = frozenset(
    {"what", "whats", "how", "which", "any", "when", "why", "is", "are", "does", "do"}
)

#: Nouns that ask how likely a symptom is: "any chance of paralysis?",
#: "paralysis risk?".
CHANCE_NOUNS = frozenset(
    {
        "risk",
        "risks",
        "chance",
        "chances",
        "odds",
        "likelihood",
        "possibility",
        "probability",
        "signs",
        "symptoms",
    }
)

#: "What are the signs of infection": signs asked about only after these.
SIGNS_QUESTION_OPENERS = frozenset({"what", "whats", "which"})

#: Feverish temperatures, Fahrenheit from 99.5, Celsius from 37.5: a reading
#: ("temp 38.6") and a number after a symptom ("a fever of 102") report one.
TEMPERATURE_RANGES = ((99.5, 110.0), (37.5, 45.0))

#: "how common is infection": the "is" asks how often, it reports nothing.
FREQUENCY_ADJECTIVES = frozenset({"common", "frequent", "usual", "rare", "typical"})

#: Without a modal, a causing verb asks only with one of these: "the
#: kyphoplasty make infection sometimes?"; "the cement causes chest pain?" reports.
FREQUENCY_ADVERBS = frozenset(
    {"sometimes", "ever", "usually", "often", "always", "normally", "commonly"}
)

#: Words that hold a symptom's clause up to a chance noun without a new
#: subject: "any chance of nerve damage or paralysis".
MAX_CHANCE_GAP = 5

#: Present forms of a causing verb: "does the cement cause fever?", "the
#: kyphoplasty make infection sometimes?" ("made", "gave" may report).
PRESENT_CAUSATIVES = frozenset(
    {"cause", "causes", "make", "makes", "give", "gives", "lead", "leads"}
)


#: The cement by name: its leaking or stopping a collapse is asked about.
#: Pain words that name the chest themselves (clinical shorthand "cp 7/10").
CHEST_PAIN_WORDS = frozenset({"chest", "cp"})

CEMENT_WORDS = frozenset({"cement", "cemment", "pmma", "glue"})

#: Before "back", these make it a direction: "go back in", "come back".
BACK_AS_DIRECTION = frozenset(
    {"go", "goes", "going", "went", "come", "comes", "coming", "came", "get", "bring"}
)

#: A question about risks, not a report: "is fever a possible side effect?"
RISK_QUESTION_WORDS = frozenset(
    {
        "complication",
        "complications",
        "side",
        "possible",
        "possibility",
        "warning",
        "risk",
        "risks",
        "chance",
        "chances",
        "odds",
        "likely",
        "unlikely",
        "common",
        "rare",
        "happen",
        "happens",
        "recognize",
        "recognise",
        "counts",
        "signs",
    }
)

#: Words that open a hypothetical clause: "if my legs went numb, what then?"
CONDITIONAL_WORDS = frozenset({"if", "suppose", "supposing", "case"})

#: Before "if", these make it a report in disguise: "is it normal if my legs...".
REPORTING_BEFORE_IF = frozenset(
    {
        "normal",
        "ok",
        "okay",
        "fine",
        "bad",
        "serious",
        "worried",
        "worry",
        "matter",
        "matters",
        "concern",
        "sure",
        "know",
        "wonder",
        "wondering",
        "unsure",
        "idk",
    }
)

#: Words that join a new statement to a clause: "...if it matters but my legs...".
CLAUSE_JOINERS = frozenset({"but", "and", "because", "cause", "cuz", "so", "coz"})

#: A worry about the future, not a symptom: "I'm scared of being paralyzed".
WORRY_WORDS = frozenset(
    {
        "worry",
        "worried",
        "afraid",
        "scared",
        "fear",
        "nervous",
        "anxious",
        "terrified",
        "concerned",
        "frightened",
    }
)

#: After a symptom, these make it a report: "chest pain that started overnight".
REPORT_AFTER_WORDS = frozenset(
    {
        "started",
        "starting",
        "began",
        "begun",
        "since",
        "overnight",
        "now",
        "today",
        "tonight",
        "yesterday",
        "currently",
        "right",
        "still",
        "again",
        "anymore",
        "mine",
    }
)

#: In a sentence after a question, these may report a symptom: "I have 101".
REPORTING_VERBS = frozenset(
    {"have", "has", "having", "had", "feel", "feels", "feeling", "felt", "got", "is"}
)

#: After "back in", these make it the past: "back in the day", "back in 2015";
#: "I need to go back in" is a return to the clinic, not history.
BACK_IN_PAST_FOLLOWERS = frozenset(
    {"the", "my", "his", "her", "our", "their", "high", "college", "school", "grade"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december", "spring", "summer"}
    | {"autumn", "winter", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept"}
    | {"oct", "nov", "dec"}
)

#: Markers of a symptom long past: "years ago", "back in college", "in 2015".
HISTORY_UNITS = frozenset({"year", "years", "yrs", "decade", "decades"})
HISTORY_PHRASES = (
    ("back", "in"),
    ("as", "a", "teenager"),
    ("as", "a", "kid"),
    ("as", "a", "child"),
    ("when", "i", "was"),
    ("last", "year"),
    ("last", "time"),
    ("last", "spring"),
    ("last", "summer"),
    ("last", "winter"),
    ("last", "autumn"),
    ("years", "back"),
)
HISTORY_YEARS = (1940, 2025)

#: Words that bring a past symptom back to now: "...years ago, and now again".
RECENCY_WORDS = frozenset(
    {"now", "today", "tonight", "yesterday", "just", "again", "currently"}
)

#: After an infection word, these make it a condition's name ("bleeding disorder").
CONDITION_NOUNS = frozenset({"disorder", "disorders", "risk", "risks"})

#: "can't stand the thought/it/him": a dislike, not legs that will not hold.
CANT_STAND_OBJECTS = frozenset(
    {"the", "it", "this", "that", "him", "her", "them", "being", "waiting", "daytime"}
)

#: "can't get up early/at six/for work": a timetable, not legs that will not hold.
CANT_GET_UP_TIMES = frozenset(
    {"early", "at", "before", "for", "till", "until", "by", "that", "so"}
)

#: Units after a number that make it a temperature ("39 degrees", "101 F").
#: A decimal in this range reads as a Fahrenheit temperature ("101.6").
FAHRENHEIT_FEVER_DECIMALS = (99.5, 108.0)

#: After a voiding word, these report that it does not happen ("pee: can't").
CANNOT_WORDS = frozenset({"ca", "can't", "cant", "cannot", "wo", "won't", "wont"})

#: With one of these in a message, "can't go" is about the bladder or bowel.
VOIDING_CONTEXT_WORDS = frozenset(
    {
        "pee",
        "peeing",
        "urine",
        "urinate",
        "urinating",
        "bladder",
        "wee",
        "bowel",
        "bowels",
        "poop",
        "pooping",
        "stool",
        "potty",
    }
)

#: After "go", these make it going somewhere, not voiding ("can't go back").
GO_SOMEWHERE_WORDS = frozenset({"back", "home", "out", "under", "through"})

#: With a feverish number and no unit, these make it a temperature: "I'm at 39
#: and shaking".
FEVER_COMPANIONS = frozenset(
    {
        "shaking",
        "shaky",
        "shakes",
        "shivering",
        "shivers",
        "chills",
        "sweating",
        "sweats",
        "sweaty",
        "trembling",
        "rigors",
    }
)

#: Two mentions this many words apart or closer make one complaint.
NEAR_WINDOW = 4

#: Words that may follow a bare temperature reading ("39 and shaking").
READING_FOLLOWERS = frozenset({"and", "n", "&", "with", "now", "today", "tonight"})

#: Oxygen saturation: a number after one of these words, within this window
#: ("sat" only before SAT_READING_FOLLOWERS: not "I sat for 60 minutes").
OXYGEN_WORDS = frozenset(
    {
        "sats",
        "spo2",
        "sao2",
        "o2",
        "oxygen",
        "saturation",
        "saturations",
        "ox",
        "oximeter",
    }
)
OXYGEN_READING_WINDOW = 6
#: After "sat", these make it a reading: "sat is 86", "o2 sat of 88".
SAT_READING_FOLLOWERS = frozenset({"is", "was", "at", "of", "dropped", "are"})
#: Below 92 % is low for most patients; below 50 is not a saturation reading.
LOW_OXYGEN_RANGE = (50.0, 92.0)

#: Pain that leapt to the top of a 0-10 scale: "from 3 to 10", "shot up to a 9".
_TOP_OF_SCALE = (
    r"(?:a )?(?:9|10|nine|ten)\b"
    r"(?!\s*(?:days?|weeks?|wks?|months?|hours?|hrs?|minutes?|mins?|years?)\b)"
)
PAIN_JUMP_PATTERN = re.compile(
    r"\bfrom (?:a )?\d{1,2}(?:/10)? to "
    + _TOP_OF_SCALE
    + r"|(?:jumped|shot|went|gone|spiked|rocketed|climbed|increased|straight)"
    r" (?:up )?(?:straight )?to " + _TOP_OF_SCALE
)
#: Before "from 1 to 10": a scale asked about, not a pain that jumped.
PAIN_SCALE_QUESTION = re.compile(r"scale\s*$|scale (?:of|from)\s*$")

TEMPERATURE_UNITS = frozenset({"c", "f", "°", "°c", "°f", "degrees", "deg", "celsius"})
