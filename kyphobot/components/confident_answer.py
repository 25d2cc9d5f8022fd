"""Rasa NLU component that answers a question the classifier barely escalated.

Out-of-scope examples far outnumber any one answer's, so their everyday words
("will my father...", "again", "next day") pull a plainly worded guide question
toward escalation: "Will Mother be sedated?" came out 64 % out of scope, 35 %
FAQ, and 99 % sure of the anesthesia answer. When the classifier prefers
escalating (or falls back) only weakly, FAQ is its runner-up, and the answer
choice is nearly certain, the answer is given instead.

It runs before the FAQ answer gate and the off-guide gate, so a question that
names an off-guide topic or holds none of the answer's words still goes to
staff, and after the emergency override, whose verdict it never touches.
Thresholds: docs/evaluation.md (chosen on the dev set).
"""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from kyphobot.components.base import UntrainedComponent, answer_ranking, set_intent

OUT_OF_SCOPE_INTENT = "out_of_scope"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class ConfidentAnswerRescue(UntrainedComponent):
    """Turns a weak escalation with a near-certain answer into that answer."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """How weak the escalation, and how sure the answer, must be."""
        return {
            "retrieval_intent": "faq",
            "max_out_of_scope_confidence": 0.7,
            "min_faq_confidence": 0.3,
            "min_answer_confidence": 0.9,
        }

    def process(self, messages: List[Message]) -> List[Message]:
        """Give the answer where the escalation was only a narrow preference."""
        for message in messages:
            confidence = self._rescued_confidence(message)
            if confidence is not None:
                set_intent(
                    message, self.component_config["retrieval_intent"], confidence
                )
        return messages

    def _rescued_confidence(self, message: Message) -> Optional[float]:
        """The FAQ intent's confidence when the answer should be given, else None."""
        intent = (message.get(INTENT) or {}).get("name")
        if intent not in {OUT_OF_SCOPE_INTENT, DEFAULT_NLU_FALLBACK_INTENT_NAME}:
            return None
        retrieval_intent = self.component_config["retrieval_intent"]
        scores = {
            str(entry.get("name")): float(entry.get("confidence", 0.0))
            for entry in message.get(INTENT_RANKING_KEY) or []
            if entry.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME
        }
        faq = scores.get(retrieval_intent, 0.0)
        if faq < self.component_config["min_faq_confidence"]:
            return None
        if (
            scores.get(OUT_OF_SCOPE_INTENT, 0.0)
            > self.component_config["max_out_of_scope_confidence"]
        ):
            return None
        others = [
            score
            for name, score in scores.items()
            if name not in {retrieval_intent, OUT_OF_SCOPE_INTENT}
        ]
        if any(score >= faq for score in others):
            return None  # "thanks, bye": small talk, not an answer
        ranking = answer_ranking(message, retrieval_intent)
        if not ranking:
            return None
        if (
            float(ranking[0]["confidence"])
            < self.component_config["min_answer_confidence"]
        ):
            return None
        return faq
