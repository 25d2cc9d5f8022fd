"""The deterministic red-flag detector: what must raise the alarm, and what must not."""

from pathlib import Path
from typing import Dict, List

import pytest
import yaml
from spacy.language import Language

from kyphobot.nlp.red_flags import CATEGORY_DESCRIPTIONS, detect, detect_with_texting


def categories(nlp: Language, text: str) -> list:
    # Rasa's SpacyNLP lowercases text (case_sensitive: false) before spaCy sees it.
    return [flag.category for flag in detect_with_texting(nlp(text.lower()), nlp)]


@pytest.mark.parametrize(
    "text, category",
    [
        ("I can't feel my legs", "leg_numbness_weakness"),
        ("cant feel my legz", "leg_numbness_weakness"),
        ("my dad cant feel his legs since this morning", "leg_numbness_weakness"),
        ("numbnes in my feet", "leg_numbness_weakness"),
        ("my legs r tinglin", "leg_numbness_weakness"),
        ("new numbness since yesterday", "leg_numbness_weakness"),
        ("her legs keep giving out", "leg_numbness_weakness"),
        ("he is unable to move his legs", "leg_numbness_weakness"),
        ("no i cant feel my legs", "leg_numbness_weakness"),
        ("I wet myself and can't control my bladder", "bladder_bowel"),
        ("lost control of my bowels", "bladder_bowel"),
        ("mom is incontinent since the procedure", "bladder_bowel"),
        ("chest hurts bad", "chest_pain"),
        ("pressure in my chest", "chest_pain"),
        ("cant breath", "breathing"),
        ("I'm short of breath", "breathing"),
        ("hard to breathe tonight", "breathing"),
        ("fevr 101", "fever_infection"),
        ("I have chills and a temperature", "fever_infection"),
        ("the needle site is red and has pus", "fever_infection"),
        ("the incision is oozing", "fever_infection"),
        ("sudden severe pain in my back", "severe_pain"),
        ("worst pain of my life right now", "severe_pain"),
        ("severe back pain since I got home", "severe_pain"),
        ("mom fell getting out of bed after her kyphoplasty", "fall"),
        ("I slipped in the shower today", "fall"),
        ("my husband passed out", "general_emergency"),
        ("not sure if i have a fever", "fever_infection"),
        ("I don't have a fever but my legs feel weak", "leg_numbness_weakness"),
        ("CAN'T FEEL MY FEET", "leg_numbness_weakness"),
        # Idiom and worry exceptions must not swallow real events.
        ("she fell for the second time today", "fall"),
        ("mom fell behind the couch", "fall"),
        ("worried, she fell this morning", "fall"),
        ("she collapsed and i think she broke a bone", "fall"),
        ("i have a fever and i don't feel ok", "fever_infection"),
        ("is a fever normal after kyphoplasty", "fever_infection"),
        ("my back was fine before surgery, now it's excruciating", "severe_pain"),
        ("dad is a little confused since the surgery", "general_emergency"),
        # Speech and behaviour changes: delirium or a stroke.
        ("grandma is acting weird and her words come out wrong", "general_emergency"),
        ("his speech is slurred since this morning", "general_emergency"),
        ("one side of her face is drooping", "general_emergency"),
        ("mom isn't herself tonight", "general_emergency"),
        # Bladder and bowel control in patients' words.
        ("he couldnt hold his bladder last night", "bladder_bowel"),
        ("i can't hold my bowels anymore", "bladder_bowel"),
        # A negated voiding word is urinary retention.
        ("she hasnt peed since this morning", "bladder_bowel"),
        ("he has not been able to urinate all day", "bladder_bowel"),
        ("three bathroom accidents today", "bladder_bowel"),
        # Signs at the needle site; a numb arm or a crooked mouth.
        ("the needle spot is puffy and weeping", "fever_infection"),
        ("temp 38.6 tonight", "fever_infection"),
        ("she is running a temperature", "fever_infection"),
        ("his arm went numb and his mouth is crooked", "general_emergency"),
        ("breathing is shallow and labored", "breathing"),
        ("both legs feel heavy like sandbags", "leg_numbness_weakness"),
        ("i think the needle site has an infection", "fever_infection"),
        ("she can't stand up on her own since lunch", "leg_numbness_weakness"),
        ("mom is confused and doesn't know what day it is", "general_emergency"),
        ("breathin is really hard right now", "breathing"),
        ("her breath is so raspy", "breathing"),
        ("can you help im numb from the waist down", "leg_numbness_weakness"),
        ("will the cement cause a fever? I have 101 now", "fever_infection"),
        ("will i be paralyzed? i cant move my legs", "leg_numbness_weakness"),
        ("my mom just fell and now she has a broken hip", "fall"),
        ("she fell from a chair today", "fall"),
        ("I collapsed in the kitchen", "fall"),
        ("my legs are numb the whole day", "leg_numbness_weakness"),
        (
            "who do I call if my legs stopped working after the kyphoplasty?",
            "leg_numbness_weakness",
        ),
        ("should I be worried about chest pain that started overnight?", "chest_pain"),
        ("the pee thing, I just can't go, is that the anesthesia", "bladder_bowel"),
        ("its 101.6 and I'm sweating and shaking", "fever_infection"),
        ("I had chest pain years ago and now it is back", "chest_pain"),
        ("I had a heart attack five years ago and my chest hurts", "chest_pain"),
        ("not sure if it matters but my legs are numb?", "leg_numbness_weakness"),
        # The fourth blind set's one missed emergency, on its second run.
        ("I have trouble to breathe, what I do", "breathing"),
        ("hard for me to breathe", "breathing"),
        ("lost bowel control after the procedure", "bladder_bowel"),
        # The fifth blind set's one missed emergency: "can't" was read as
        # negating "catch her breath".
        ("my mother is coughing and cant catch her breath", "breathing"),
        ("he can't get his wind", "breathing"),
        ("having trouble getting air", "breathing"),
        ("my dad messed his pants and didnt notice", "bladder_bowel"),
        # Reports that share words with the risk questions below.
        ("my legs are numb, is there a risk of paralysis?", "leg_numbness_weakness"),
        ("the cement made my legs numb?", "leg_numbness_weakness"),
        (
            "what is the chance that my legs are numb from nerve damage",
            "leg_numbness_weakness",
        ),
        ("i came back from the clinic and my back is oozing pus", "fever_infection"),
        ("i got back home and now i have a fever", "fever_infection"),
        (
            "sore on my back got bigger and redder overnight and feels warm",
            "fever_infection",
        ),
        # The sixth blind set's one missed emergency: "unable" before "pass
        # urine" was no negation the retention rule read.
        (
            "I underwent kyphoplasty on Monday and since this morning I have been "
            "unable to pass urine.",
            "bladder_bowel",
        ),
        ("i have trouble peeing since the procedure", "bladder_bowel"),
        ("she is struggling to pee", "bladder_bowel"),
        # Readings and scales without a symptom's name.
        ("i'm at 39 and shaking", "fever_infection"),
        ("sats were 88 on the finger thing", "breathing"),
        ("oxygen 85%", "breathing"),
        ("pain went from 3 to 10 when i rolled over", "severe_pain"),
        ("back passage feels numb and I can't control it", "bladder_bowel"),
        ("cant get up, legs not working", "leg_numbness_weakness"),
        # A reviewer's reports against this session's rules.
        (
            "why do i get pins and needles down both legs after my kyphoplasty",
            "leg_numbness_weakness",
        ),
        ("does it matter that i get breathless walking to the loo", "breathing"),
        ("can you tell me why i get numb feet when i stand", "leg_numbness_weakness"),
        ("should i worry i get numb legs when i stand", "leg_numbness_weakness"),
        ("what do i do she might be unconscious", "general_emergency"),
        ("found him unconscious during the night after his op", "general_emergency"),
        ("is she ok i think she might be paralyzed", "leg_numbness_weakness"),
        ("should i ring 999 he could be unconscious", "general_emergency"),
        ("spo2 dropped from 97 to 85", "breathing"),
        ("her oxygen level has dropped to 85", "breathing"),
        ("sat is 86 on the monitor", "breathing"),
        ("her sats are in the low 80s", "breathing"),
        ("her oxygen is really low tonight", "breathing"),
        ("102 shaking like a leaf", "fever_infection"),
        ("i'm 39 and trembling", "fever_infection"),
        ("the pain went from 3/10 to 10 in an hour", "severe_pain"),
        ("the pain went straight to a 10 when i rolled over", "severe_pain"),
        ("my back went from a 2 to a 10 in an hour", "severe_pain"),
        (
            "had kyphoplasty 2 weeks ago and tonight my back pain jumped from a 3 "
            "to a 10",
            "severe_pain",
        ),
        ("my bum is numb since the op", "leg_numbness_weakness"),
        ("her pad's been dry all day", "bladder_bowel"),
        ("he isnt answering me", "general_emergency"),
        ("cant get me breath", "breathing"),
        ("blood coming through the dressing", "fever_infection"),
        ("mom can't get up off the floor", "leg_numbness_weakness"),
        ("she cant get up since this morning", "leg_numbness_weakness"),
        ("reading 102 on the forehead thermometer and shaking", "fever_infection"),
        # The eighth blind set's missed English emergency, read after its first run.
        (
            "my legs have gone all funny and heavy, i can barely lift them",
            "leg_numbness_weakness",
        ),
        ("legs are so heavy i can barely walk", "leg_numbness_weakness"),
        # Texting the lexicon does not list: read again written out
        # (kyphobot/nlp/texting.py), as the fourteenth blind set's two missed
        # emergencies were written.
        ("its hard 4 her 2 breeth", "breathing"),
        ("dads lgs wnt wrk since lst nite", "leg_numbness_weakness"),
        ("cnt hold my bldr", "bladder_bowel"),
        # Spoken past forms of "swell" (the fifteenth blind set's missed one).
        ("where they put the needle has swole right up", "fever_infection"),
        ("cant feeel my leggs", "leg_numbness_weakness"),
        # "can't" negates the action after it, not a symptom further on.
        ("cant talk full sentences out of breath", "breathing"),
        ("she can't sleep, short of breath", "breathing"),
        # Words typed without spaces, split apart for the second reading.
        ("mylegsgonenumb", "leg_numbness_weakness"),
        ("crushingpaininmychestrightnowpleasehelp", "chest_pain"),
        # A severe word at the chest, a sudden one at the back.
        ("stabbing under my left boob", "chest_pain"),
        ("chest feels like it's on fire", "chest_pain"),
        ("he sneezed and says his back exploded", "severe_pain"),
        # Dialect and creole forms of "can't".
        ("ah cannae feel ma feet the day", "leg_numbness_weakness"),
        ("mi cyaan walk proper since mawnin", "leg_numbness_weakness"),
        ("I no fit stand up from bed at all", "leg_numbness_weakness"),
        # Incontinence the patient did not feel; falls in other words.
        ("pooped the bed nd didnt no til the smell woke me up", "bladder_bowel"),
        ("urine comin out by itself since mrng", "bladder_bowel"),
        ("my wife missed the chair and landed on the floor", "fall"),
        ("carer here pt cant stand this am", "leg_numbness_weakness"),
        # A comma after a plain word ends a negation's clause; "just" turns away.
        ("the wound doesn't look great honestly, red ring round it", "fever_infection"),
        ("i'm not in pain really, just can't catch my breath", "breathing"),
        # A fall phrase that ends where one landed ("landed on my bottom").
        ("went over on the rug yesterday and landed on my bottom", "fall"),
        ("he didnt kno til the smell", "bladder_bowel"),
        # The sixteenth blind set's English misses, read after its first run:
        # "three weeks ago" dates the procedure, it is no chronic pain.
        (
            "something went in my back, i can't move for the pain. had kyphoplasty "
            "three weeks ago",
            "severe_pain",
        ),
        (
            "sudden severe back pain 10/10, unable to reposition, kypho 1 wk ago",
            "severe_pain",
        ),
        ("me bowels just went on me with no warning this morning", "bladder_bowel"),
        ("cnt fl my lgs sinc ths mrng", "leg_numbness_weakness"),
        ("snc op cnt tel wen i need 2 pee it jst cms out", "bladder_bowel"),
        # "her back in the kitchen" is the body part, not "back in" the past.
        ("she collapsed on her back in the kitchen", "fall"),
        # The nineteenth blind set's one missed emergency, read after its first run.
        (
            "Dear Madam, this is rather embarrassing, but since my procedure I "
            "seem to have lost all control of my waterworks.",
            "bladder_bowel",
        ),
    ],
)
def test_red_flags_raise_the_alarm(nlp: Language, text: str, category: str) -> None:
    assert category in categories(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "what kind of anesthesia will I get?",
        "how much does it cost?",
        "no fever, just wondering when i can lift my grandson",
        "I don't have any numbness, can I walk after?",
        "i do not have any numbness or tingling",
        "no new numbness",
        "my mom fell and broke her back, can kyphoplasty help?",
        "will i fall asleep during it",
        "I've had severe back pain for 3 months, am I a candidate?",
        "can i lift groceries",
        "will i feel pressure during the procedure",
        "do they numb my back",
        "without any chest pain, when can I go back to golf?",
        "he never had trouble breathing, is general anesthesia ok?",
        "i'm a bit confused about the anesthesia",
        "how do i prevent falls at home",
        "my vertebra collapsed, is that a compression fracture?",
        "is weak bone disease the cause of the collapse",
        "temp is normal, when can i walk",
        "when can i hold my grandson again",
        "will kyphoplasty fix her drooping posture",
        "do i need to pee before the procedure",
        "he hasnt had any trouble peeing",
        "temperature 36.8 this morning, feeling fine",
        "should i buy a thermometer",
        "chest feels fine, when can i stop the pain pills",
        "no tingling in my legs since the car accident",
        "can i put the ice on the needle site",
        "is there a risk of infection where the needle goes in",
        "can i have kyphoplasty if i have a bleeding disorder",
        "i can't stand the thought of her being awake for it",
        "i can't get up early for a morning appointment",
        "when can i get up after the procedure",
        "my 39 year old son bought me a thermometer",
        "when can i lift heavy things",
        "is heavy lifting bad for my legs",
        "so now i'm confused. where is kyphoplasty usually done?",
        "is the vertebral body collapsing partially or completely",
        "breathing isn't hard, is the recovery hard",
        "Will the procedure leave me unable to walk?",
        "Could this procedure leave me paralyzed?",
        "Can it cause an infection in the bone?",
        "Does that mean I'll be unconscious?",
        "are patients sedated or fully unconscious during the procedure",
        "the balloon part confuses me can you explain",
        "what keeps the vertebra from falling in again after the procedure",
        "Is the cement meant to prevent another collapse?",
        "can kyphoplasty be done after a fall",
        "My wife tripped and fell and now has a spine fracture. Does this treat it?",
        "I slipped on ice and crushed a vertebra. Is this procedure for me?",
        "will they put me fully to sleep or just numb me",
        "no numbness or anything like that, how do they see where to put the needle",
        "is fever a possible side effect?",
        "if my legs went numb after, what would that mean?",
        "I'm scared of being paralyzed, how safe is this really?",
        "I had chest pain years ago from reflux, is anesthesia ok?",
        "my mom had a stroke in 2015 but recovered, can she get kyphoplasty?",
        "sorry, I'm confused, is the cement permanent?",
        "no chest pain or trouble breathing, when can i get back to my regular routine",
        "no trouble catching my breath, when can i walk",
        'CT report: "partial collapse of the L1 vertebral body". What is this?',
        # Risk questions: a chance noun, "how common", a procedure that causes.
        "can it cause paralysis?",
        "paralysis risk?",
        "Is there any chance of nerve damage or paralysis from the needle?",
        "How common is infection after kyphoplasty, will she get antibiotics?",
        "the kyphoplasty make infection sometimes?",
        "if the cement leaks do they have to go back in and operate again",
        "can the cement leak into my spine",
        "cement stop collapse?",
        "will the cement stop it collapsing",
        "no problems peeing or anything, when can i walk",
        "can the anesthesia make it hard to pee afterwards?",
        "can i take a bath after kyphoplasty or will the wound get infected",
        "could the needle site get infected",
        "Does that mean I'll be unconscious?",
        "my sats are 97 on the monitor",
        "the pain went from 10 to 3 after the procedure",
        "on a scale of 1 to 10 how bad should the pain be",
        "my 101 year old mum is sweating a lot in this heat",
        "I can't get up for the bathroom by myself yet, is that normal after 1 day",
        "I sat for 60 minutes in the waiting room",
        "I sat down for 70 minutes in the waiting room",
        "on a scale from 1 to 10 how much pain is normal after",
        "does the pain relief last from 5 to 10 days",
        "the needle site is still numb, can i go to the toilet on my own?",
        # "can't" before "feel" or "say" still negates the symptom after it.
        "i can't notice any numbness in my legs",
        "i can't say i have fever",
        # A sudden back pain asked about; a word that starts with a negation.
        "could sudden back pain afterwards mean a new fracture?",
        "afebrile, site clean, neuro intact",
        "i've been feverishly reading about kyphoplasty",
        "i cant stand this waiting",
        # "just" as "merely" places no fall after the procedure.
        "can kyphoplasty fix her fracture? she doesnt have osteoporosis, "
        "it was just a bad fall",
        # A comma inside a list of symptoms carries the negation on.
        "no fever, numbness or tingling, when can i walk",
        "lol my cat just knocked over my coffee",
        "i don't have any chest pain or trouble breathing, just a sore throat",
        # A pain that has lasted weeks is no sudden change.
        "i've had sudden severe back pain for 3 months, am i a candidate?",
        # Found by a probe set of FAQ and out-of-scope questions.
        "my mum has a heart murmur and takes tablets for her blood pressure",
        "fell off a ladder last year and crushed a vertebra, is this for injuries "
        "too or just for old folks bones",
        "my oupa has bone cancer and now his back has collapsed in one spot, is "
        "this op something they do for cancer patients",
        # A dislike of a plural thing.
        "please tell me it's not only done in a big hospital, i can't stand hospitals",
        # Confusion about what was explained, and the bone's collapse, named.
        "My husband is 81 and gets confused easily, I need to explain it simply",
        "balloon in the spine?? what does it do, my son is confused and so am I",
        "I'm trying to explain it to my wife and I've got the order all muddled",
        "she's muddled about what the cement is for",
        "my son is confused about where the procedure happens",
        "Can a bone collapse only halfway? Please explain, we are very confused",
        "Is the cement there to stop it collapsing again?",
        'The specialist keeps saying the bone has "collapsed". Squashed flat?',
        "the bloke reckons one of me vertebrays has collapsed, is that a fracture",
        # Walking asked about ahead, in the words of a worry.
        "am i gonna be stuck not able to walk after this 😟",
    ],
)
def test_ordinary_questions_and_negations_stay_calm(nlp: Language, text: str) -> None:
    assert categories(nlp, text) == []


#: Reports worded like the risk questions above, written by a reviewer to break
#: the rules that keep those questions calm ("op", cement leaking, "can't stop
#: collapsing", "...causes chest pain?", "back in", a temperature).
@pytest.mark.parametrize(
    "text",
    [
        "severe back pain after the op",
        "i have severe pain after my op",
        "she fell after her op and broke her wrist",
        "she broke her hip in a fall after her op",
        "the cement is leaking out of my back",
        "cement leaking from the incision",
        "there is cement leaking from the needle hole",
        "i think cement is leaking from the wound, its wet",
        "i cant stop collapsing",
        "he wont stop collapsing",
        "i cant stop him from collapsing",
        "stop, he collapsed",
        "my legs wont stop collapsing under me",
        "the kyphoplasty gives me chest pain?",
        "the cement causes chest pain?",
        "surgery makes me short of breath?",
        "the procedure makes it hard to breathe?",
        "the procedure makes him not able to breathe?",
        "the anesthesia makes me confused?",
        "so the treatment causes leg weakness?",
        "the needle gives me a fever?",
        "the surgery makes me pee myself?",
        "she is in agony after a bad fall",
        "my mum hit her head after a bad fall",
        "after a nasty fall she cant get up off the floor",
        "my dad is confused after a bad fall",
        "after a second fall her legs are weak",
        "what are the chances of paralysis cause i cant feel my feet",
        "which symptoms of infection do i have, the site is hot",
        "what should i do she likely is having a stroke",
        "how do i help him he likely is having a heart attack",
        "how common is it for legs to go numb like mine",
        "how common is a fever of 102",
        "mes jambes sont paralysées",
        "il a les jambes paralysées depuis ce matin",
        "il est paralysé",
        "i need to go back in, i cant feel my legs",
        # A worried guess about now is a report, a modal after its subject.
        "i think it might be infected",
        "she might be paralyzed",
        "is she going to be ok, i think she might be paralyzed",
        "my grandpa cant get his breath since lunch, he had kyphoplasty yesterday",
        # Confusion about place, time or people is a mind losing its bearings;
        # a person, not a bone, stops collapsing; "after this" names a fall.
        "Mum is confused about where she is",
        "mum is muddled about what day it is",
        "dad is confused by everything tonight",
        "she got all confused after the op",
        "he's got himself muddled and isn't making sense",
        "she's got the days all muddled since the op",
        "I tried to stop her collapsing but she went down",
        "am i gonna be stuck not able to walk after this fall",
    ],
)
def test_reports_worded_like_questions_raise_the_alarm(
    nlp: Language, text: str
) -> None:
    assert categories(nlp, text) != []


def test_every_flag_carries_its_evidence_and_description(nlp: Language) -> None:
    flags = detect(nlp("cant feel my legs and my chest hurts"))
    assert {f.category for f in flags} == {"leg_numbness_weakness", "chest_pain"}
    for flag in flags:
        assert flag.evidence
        assert flag.description == CATEGORY_DESCRIPTIONS[flag.category]


STRESS_SET = Path(__file__).parent / "nlu" / "red_flag_stress.yml"


def stress_examples() -> Dict[str, List[str]]:
    """The stress set's messages by block (see the file's header)."""
    data = yaml.safe_load(STRESS_SET.read_text(encoding="utf-8"))
    return {
        block["intent"]: [
            line.strip()[2:]
            for line in block["examples"].splitlines()
            if line.strip().startswith("- ")
        ]
        for block in data["nlu"]
    }


def test_every_emergency_in_the_stress_set_raises_the_alarm(nlp: Language) -> None:
    missed = [
        text
        for text in stress_examples()["report_emergency"]
        if not categories(nlp, text)
    ]
    assert not missed


def test_calm_messages_in_the_stress_set_stay_calm(nlp: Language) -> None:
    alarmed = {
        text: categories(nlp, text)
        for text in stress_examples()["not_emergency"]
        if categories(nlp, text)
    }
    assert not alarmed
