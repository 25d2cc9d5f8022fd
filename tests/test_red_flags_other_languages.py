"""Red flags written in another language raise the alarm; negated ones do not."""

import pytest
import yaml
from spacy.language import Language

from kyphobot.nlp import red_flags_other_languages
from tests.test_red_flags import categories


@pytest.mark.parametrize(
    "text, category",
    [
        ("Mi madre no siente las piernas desde anoche", "leg_numbness_weakness"),
        # The seventh blind set's four missed emergencies ("can no longer").
        ("我妈妈做完手术以后两条腿发麻没有力气", "leg_numbness_weakness"),
        ("Ma mère ne peut plus uriner depuis son intervention hier.", "bladder_bowel"),
        ("mi papá dice que le duele mucho el pecho", "chest_pain"),
        ("Je n'arrive plus à respirer correctement depuis l'opération", "breathing"),
        ("tengo las piernas entumecidas", "leg_numbness_weakness"),
        ("mi papá no puede orinar desde la operación", "bladder_bowel"),
        ("me duele el pecho mucho", "chest_pain"),
        ("No puedo respirar bien", "breathing"),
        ("Mi esposo tiene fiebre de 39", "fever_infection"),
        ("mi abuela se cayó en el baño", "fall"),
        ("Ma mère ne sent plus ses jambes", "leg_numbness_weakness"),
        ("j'ai une douleur à la poitrine", "chest_pain"),
        ("il a de la fièvre depuis ce matin", "fever_infection"),
        ("Minha mãe não consegue respirar", "breathing"),
        ("meu pai caiu? não, ele teve uma queda ontem", "fall"),
        ("non riesco a camminare da ieri", "leg_numbness_weakness"),
        ("Meine Mutter hat Atemnot", "breathing"),
        ("er ist gestürzt", "fall"),
        ("mẹ tôi bị sốt cao", "fever_infection"),
        ("ba tôi khó thở", "breathing"),
        ("may lagnat ang lola ko", "fever_infection"),
        ("не могу дышать", "breathing"),
        ("妈妈胸口痛", "chest_pain"),
        ("我爸爸摔倒了", "fall"),
        # Three of the sixteenth blind set's missed emergencies, read after its
        # first run: "keine Kontrolle mehr", Afrikaans, "se me durmieron".
        ("Mein Vater hat keine Kontrolle mehr über die Blase", "bladder_bowel"),
        ("My ouma het koors en die plek is rooi en geswel", "fever_infection"),
        ("Se me durmieron las dos piernas desde anoche", "leg_numbness_weakness"),
        # The twelfth blind set's missed emergency ("no longer control").
        (
            "Seit heute Morgen kann ich meine Blase nicht mehr kontrollieren",
            "bladder_bowel",
        ),
        # Code-switching: an English question with the red flag in Spanish.
        ("my mom tiene fiebre since the procedure", "fever_infection"),
        # "very" between the words: Bengali "chest very pain".
        ("বুকে খুব ব্যথা করছে", "chest_pain"),
        # A phrase that carries its own "no" is not undone by another "no".
        ("no, no puedo respirar", "breathing"),
        # Hindi vowel signs belong to the word; Persian with a zero-width joiner
        # and with a space; Arabic-script letters typed in their Persian forms.
        ("मेरे सीने में बहुत तेज़ दर्द है", "chest_pain"),
        ("قفسه سینه‌م درد می‌کنه", "chest_pain"),
        ("قفسه سینه م درد میکنه", "chest_pain"),
        ("پدرم از دیشب تب داره", "fever_infection"),
        ("아버지가 시술 후에 화장실에서 넘어지셨어요", "fall"),
        ("夫がおしっこ出なくなって、昨日の夜から一回も出てないです", "bladder_bowel"),
        ("mąż od wczoraj wieczorem nie może się wysikać", "bladder_bowel"),
        ("göğsümde çok şiddetli bir ağrı var", "chest_pain"),
        ("papa ko kal raat se urine nahi ho raha", "bladder_bowel"),
        # A negation after the word that does not end the clause: "the fever
        # will not come down".
        ("बुखार नहीं उतर रहा", "fever_infection"),
        # Thai keeps its tone marks: "have a high fever", not "have fat".
        ("มีไข้สูงค่ะ", "fever_infection"),
        # Single symptom words, in a message in another language with no phrase.
        ("mama ya kebas kakinya dari tadi", "leg_numbness_weakness"),
        ("Mon père a raté une marche dans l'escalier", "fall"),
        # The eighth blind set's missed emergency in another language.
        (
            "Je n'arrive plus à sentir mes jambes depuis ce matin, j'ai eu une "
            "cyphoplastie hier",
            "leg_numbness_weakness",
        ),
        ("non sento più le gambe", "leg_numbness_weakness"),
        # A reviewer's cases: "very" inside Chinese, a "no" in another clause,
        # Arabic "after I fell", a two-word message, a negation after the verb.
        ("腿很麻", "leg_numbness_weakness"),
        ("No, tengo fiebre", "fever_infection"),
        ("No. Me caí en el baño", "fall"),
        ("بعد ما وقعت في الحمام", "fall"),
        ("dolor pecho", "chest_pain"),
        ("Ног не чувствую", "leg_numbness_weakness"),
    ],
)
def test_red_flags_in_other_languages_raise_the_alarm(
    nlp: Language, text: str, category: str
) -> None:
    assert category in categories(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "no tengo fiebre, ¿cuánto cuesta la cifoplastia?",
        "sin fiebre ni dolor de pecho, ¿cuándo puedo caminar?",
        "je n'ai pas de fièvre, combien coûte l'opération ?",
        "não tem febre, quanto custa?",
        "Ich habe kein Fieber, was kostet das?",
        "mẹ tôi không bị sốt",
        "walang lagnat si lola",
        "он не упал, сколько это стоит",
        "没有发烧，手术多少钱",
        "¿Qué es la cifoplastia?",
        "ce que c'est la cyphoplastie",
        # "naman" softens; it does not push "wala" (no) out of reach.
        "wala naman akong lagnat",
        "열이 없어요",
        "मुझे बुखार नहीं है",
        "キフォプラスティとは何ですか",
        "ما هي تكلفة العملية؟",
        "qaliinkan ma waxaa lagu sameeyaa suuxdin guud?",
        # A negation after the word that ends the clause (Hindi, Turkish).
        "मुझे बुखार नहीं है, बस थकान है",
        "ateşim yok, iğne yeri iyi",
        "มีไขมันเยอะไหม",
        # Portuguese "queda" (a fall) is Spanish for "is located".
        "donde queda la farmacia mas cercana",
        # Single words are read only in a message in another language.
        "my dada said its fine",
        "je ne sens plus la douleur, quand puis-je marcher?",
        # Romanised words of Chinese, Japanese or Korean keep word edges.
        "Estoy muy contento con la operación, gracias doctor",
        "Mahirap po bang maglakad pagkatapos ng operasyon?",
    ],
)
def test_negated_or_ordinary_questions_stay_calm(nlp: Language, text: str) -> None:
    assert categories(nlp, text) == []


def test_accents_and_case_are_ignored() -> None:
    assert red_flags_other_languages.normalise("Caí, FIÈVRE, Đau") == "cai, fievre, dau"
    assert red_flags_other_languages.normalise("upadłem, ağrı, Fuß") == (
        "upadlem, agri, fuss"
    )


def test_prefix_phrases_match_word_starts_only() -> None:
    (found,) = red_flags_other_languages.find("está desmayada")
    assert (found.category, found.evidence, found.language) == (
        "general_emergency",
        "desmayada",
        "spanish",
    )
    assert red_flags_other_languages.find("sobreentumecida") == []


def test_every_language_of_the_single_words_has_phrases_and_negations() -> None:
    phrases = yaml.safe_load(
        red_flags_other_languages.PHRASES_FILE.read_text(encoding="utf-8")
    )["languages"]
    words = yaml.safe_load(
        red_flags_other_languages.WORDS_FILE.read_text(encoding="utf-8")
    )["languages"]
    assert set(words) <= set(phrases)
