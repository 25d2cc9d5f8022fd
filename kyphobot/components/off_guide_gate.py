"""Rasa NLU component that sends questions the guide does not answer to staff.

The classifier learns which answer a question's words resemble; it cannot
know that "is kyphoplasty covered by Medicare?" asks something no answer
holds. Every medical statement must come from the guide, so a message
becomes ``out_of_scope`` and is escalated when

- it names a topic the guide is silent on (``kyphobot/nlp/off_guide_topics.yml``:
  cost, risks, driving...), or is written in another language (the guide and
  the answers are English; ``kyphobot/nlp/language.py``), or
- its FAQ answer was picked although the question holds none of that answer's
  words (``kyphobot/nlp/answer_words.yml``): "recommend a good movie" is not a
  question about where to read more; nor is "should I rest in bed before the
  procedure?" one about bed rest after it.

A topic named only in passing ("my referral says post-traumatic fracture,
can kyphoplasty treat that?") need not cost a patient the answer: with
``trusted_faq_confidence`` set, an FAQ pick the classifier is that sure of
keeps its answer (the topics are still reported for the log); a message in
another language escalates however sure the pick, and the answer-word check
still applies.

It runs after the emergency override and leaves emergencies, escalations and
yes/no replies alone: a red flag still gets emergency guidance first.
"""

from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from kyphobot.components.base import UntrainedComponent, answer_ranking, set_intent
from kyphobot.nlp import answer_words, language, off_guide

OUT_OF_SCOPE_INTENT = "out_of_scope"
OFF_GUIDE_TOPICS_KEY = "off_guide_topics"
OTHER_LANGUAGE_TOPIC = "other_language"
UNMATCHED_ANSWER_KEY = "unmatched_answer"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class OffGuideGate(UntrainedComponent):
    """Turns a message about an off-guide topic into ``out_of_scope``."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Which intents are left alone, and how clarification offers answers.

        Emergencies, escalations and yes/no replies are never overridden: they
        already reach a person or answer a question the bot asked.
        """
        return {
            "retrieval_intent": "faq",
            # As actions/clarify.py offers them: up to 3 answers above 0.1.
            "clarify_minimum_confidence": 0.1,
            "clarify_choices": 3,
            # A question the classifier is at least this sure is a guide
            # question keeps its answer when it names an off-guide topic only
            # in passing ("my referral says post-traumatic fracture, can
            # kyphoplasty treat that?"); None: every topic escalates.
            "trusted_faq_confidence": None,
            # Topics that escalate however sure the classifier is.
            "always_escalate_topics": [OTHER_LANGUAGE_TOPIC],
            "keep_intents": [
                "report_emergency",
                "out_of_scope",
                "request_human",
                "affirm",
                "deny",
            ],
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        self._cues = off_guide.load_index()
        self._answer_words = answer_words.load()
        language.preload()

    def process(self, messages: List[Message]) -> List[Message]:
        """Escalate messages the guide's answers cannot serve."""
        keep = set(self.component_config["keep_intents"])
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None or _is_button_payload(message):
                continue
            found = off_guide.find(doc, self._cues)
            if language.is_other_language(doc):
                found.insert(0, off_guide.OffGuideTopic(OTHER_LANGUAGE_TOPIC, ""))
            message.set(
                OFF_GUIDE_TOPICS_KEY,
                [{"topic": f.topic, "evidence": f.evidence} for f in found],
                add_to_output=True,
            )
            intent = (message.get(INTENT) or {}).get("name")
            if intent in keep:
                continue
            if found and not self._trusts_answer(message, found):
                set_intent(message, OUT_OF_SCOPE_INTENT, 1.0)
            elif intent == self.component_config["retrieval_intent"]:
                self._check_answer_words(message, doc, self._picked_answers(message))
            elif intent == DEFAULT_NLU_FALLBACK_INTENT_NAME:
                self._check_answer_words(message, doc, self._clarify_choices(message))
        return messages

    def _trusts_answer(
        self, message: Message, found: List[off_guide.OffGuideTopic]
    ) -> bool:
        """Whether a sure FAQ pick outweighs topics named in the message."""
        threshold = self.component_config["trusted_faq_confidence"]
        if threshold is None:
            return False
        always = set(self.component_config["always_escalate_topics"])
        if any(topic.topic in always for topic in found):
            return False
        intent = message.get(INTENT) or {}
        return bool(
            intent.get("name") == self.component_config["retrieval_intent"]
            and float(intent.get("confidence") or 0.0) >= float(threshold)
        )

    def _selector_ranking(self, message: Message) -> List[Dict[Text, Any]]:
        return answer_ranking(message, self.component_config["retrieval_intent"])

    def _picked_answers(self, message: Message) -> List[Text]:
        ranking = self._selector_ranking(message)
        return [str(ranking[0]["intent_response_key"])] if ranking else []

    def _clarify_choices(self, message: Message) -> List[Text]:
        """The answers a clarifying question would offer (see actions/clarify.py)."""
        ranking = [r.get("name") for r in message.get(INTENT_RANKING_KEY) or []]
        classified = [
            name for name in ranking if name != DEFAULT_NLU_FALLBACK_INTENT_NAME
        ]
        if not classified or classified[0] != self.component_config["retrieval_intent"]:
            return []
        minimum = self.component_config["clarify_minimum_confidence"]
        choices = [
            str(r["intent_response_key"])
            for r in self._selector_ranking(message)
            if float(r.get("confidence", 0.0)) >= minimum
        ]
        return choices[: self.component_config["clarify_choices"]]

    def _check_answer_words(
        self, message: Message, doc: Any, answers: List[Text]
    ) -> None:
        """Escalate when the question holds no word of any answer it would get.

        A clarifying question offering only answers the patient's words never
        touch would just delay the hand-over, so it escalates too.
        """
        if not answers:
            return
        if any(
            answer_words.mentions_answer(
                doc, answer.split("/", 1)[-1], self._answer_words
            )
            for answer in answers
        ):
            return
        message.set(UNMATCHED_ANSWER_KEY, answers, add_to_output=True)
        set_intent(message, OUT_OF_SCOPE_INTENT, 1.0)


def _is_button_payload(message: Message) -> bool:
    """A ``/faq/<key>`` or ``/intent`` payload is a choice the patient clicked."""
    return str(message.get(TEXT) or "").lstrip().startswith("/")
