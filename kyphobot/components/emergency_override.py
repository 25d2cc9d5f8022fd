"""Rasa NLU component that puts the red-flag detector above the classifier.

It runs after the classifiers and the fallback classifier, so no confidence
score can hide a red flag from the dialogue. It also corrects the opposite
mistake: a classifier cannot read negation, so when it calls "no fever, no
redness, where can I read more?" an emergency, and the detector finds every
symptom negated and no red flag, the next-best intent is used instead; so
too for a symptom only asked about ahead of time ("what do we do if she gets
a fever after?", :mod:`kyphobot.nlp.advance_questions`).
When there is no evidence either way, the classifier's emergency stands.

It reads with the project's spaCy pipeline (Rasa's ``SpacyNLP`` provides it),
so a message the detector finds nothing in can be read a second time with its
texting written out ("hard 2 breeth": :mod:`kyphobot.nlp.texting`).
"""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from kyphobot.components.base import UntrainedComponent, set_intent
from kyphobot.nlp import red_flags_other_languages
from kyphobot.nlp.red_flags import (
    RedFlag,
    detect,
    detect_with_texting,
    has_negated_symptom,
    is_asked_ahead,
)

EMERGENCY_INTENT = "report_emergency"
OUT_OF_SCOPE_INTENT = "out_of_scope"
RED_FLAGS_KEY = "red_flags"
#: True when a red flag's words were only asked about ahead of time; the
#: escalation then adds what to do if it happens (actions/escalation.py).
ASKED_AHEAD_KEY = "asked_ahead"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
    is_trainable=False,
    model_from="SpacyNLP",
)
class EmergencyOverride(UntrainedComponent):
    """Forces ``report_emergency`` on red flags; demotes negated false alarms."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Below this, a demoted message goes to clarification, not a guess."""
        return {"demotion_threshold": 0.3}

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        red_flags_other_languages.preload()

    def process(
        self, messages: List[Message], model: Optional[SpacyModel] = None
    ) -> List[Message]:
        """Apply the detector's verdict to every message.

        Without a spaCy model (unit tests), there is no second reading.
        """
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT])
            if doc is None:
                continue
            flags = detect_with_texting(doc, model.model) if model else detect(doc)
            message.set(
                RED_FLAGS_KEY, [_as_output(f) for f in flags], add_to_output=True
            )
            asked_ahead = not flags and is_asked_ahead(doc)
            message.set(ASKED_AHEAD_KEY, asked_ahead, add_to_output=True)
            if flags:
                set_intent(message, EMERGENCY_INTENT, 1.0)
            elif _classified_as_emergency(message) and (
                asked_ahead or has_negated_symptom(doc)
            ):
                self._demote(message, asked_ahead)
            elif _classified_as_emergency(message):
                # Unsure (no symptom the detector knows): err toward emergency.
                set_intent(message, EMERGENCY_INTENT, _top_confidence(message))
        return messages

    def _demote(self, message: Message, asked_ahead: bool) -> None:
        """The runner-up, if confident; else clarification, or staff.

        A red flag asked about ahead that no answer holds goes to staff
        (``out_of_scope``): the guide does not say what to do then.
        """
        runner_up = _runner_up(message)
        if (
            runner_up is None
            or runner_up["confidence"] < self.component_config["demotion_threshold"]
        ):
            if asked_ahead:
                set_intent(message, OUT_OF_SCOPE_INTENT, 1.0)
            else:
                set_intent(message, DEFAULT_NLU_FALLBACK_INTENT_NAME, 0.0)
        else:
            set_intent(message, runner_up["name"], runner_up["confidence"])


def _as_output(flag: RedFlag) -> Dict[str, Any]:
    """A red flag as parse output; ``language`` only when not English."""
    output: Dict[str, Any] = {"category": flag.category, "evidence": flag.evidence}
    if flag.language:
        output["language"] = flag.language
    return output


def _ranking(message: Message) -> List[Dict[str, Any]]:
    return [
        entry
        for entry in message.get(INTENT_RANKING_KEY) or []
        if entry.get("name") != DEFAULT_NLU_FALLBACK_INTENT_NAME
    ]


def _classified_as_emergency(message: Message) -> bool:
    ranking = _ranking(message)
    return bool(ranking) and ranking[0].get("name") == EMERGENCY_INTENT


def _top_confidence(message: Message) -> float:
    ranking = _ranking(message)
    return float(ranking[0]["confidence"]) if ranking else 0.0


def _runner_up(message: Message) -> Optional[Dict[str, Any]]:
    others = [r for r in _ranking(message) if r.get("name") != EMERGENCY_INTENT]
    return others[0] if others else None
