"""Record every hand-over to clinic staff in the escalation store."""

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import (
    asked_ahead,
    channel_of,
    latest_intent,
    latest_text,
    off_guide_topics,
    previous_bot_action,
)
from actions.safe_action import SafeAction
from actions.store import record_escalation
from kyphobot.clinic import get_clinic
from kyphobot.escalations import PRIORITY_NORMAL, NewEscalation

REASON_ASKED_FOR_PERSON = "asked_for_person"
REASON_OUT_OF_SCOPE = "out_of_scope"
REASON_LOW_CONFIDENCE = "low_confidence"
REASON_CLARIFICATION_FAILED = "clarification_failed"
REASON_UNEXPECTED = "unexpected_turn"

#: Added for "what do we do if she gets a fever after?": the guide does not
#: say, but the red flags are the assistant's own emergency list, and a
#: patient who asks ahead should not have to guess that they are urgent.
IF_IT_HAPPENS = (
    "If it does happen, do not wait for the clinic. Call {emergency_number} or "
    "go to the nearest emergency room right away for any of these. New "
    "numbness, tingling or weakness in the legs. Losing control of the bladder "
    "or bowels. Chest pain. Trouble breathing. A fever, or redness or pus where "
    "the needle went in. Sudden, severe back pain. A fall."
)


def escalation_reason(tracker: Tracker) -> Text:
    """Why the conversation reached a person, as staff filter it."""
    intent = latest_intent(tracker)
    if intent == "request_human":
        return REASON_ASKED_FOR_PERSON
    if previous_bot_action(tracker) == "action_clarify":
        return REASON_CLARIFICATION_FAILED
    if intent == "out_of_scope":
        return REASON_OUT_OF_SCOPE
    if intent == "nlu_fallback":
        return REASON_LOW_CONFIDENCE
    return REASON_UNEXPECTED


def question_for_staff(tracker: Tracker) -> Text:
    """The patient's own words: after a button click, the question before it."""
    texts = [
        str(e.get("text") or "")
        for e in tracker.events
        if e.get("event") == "user" and not str(e.get("text") or "").startswith("/")
    ]
    return texts[-1] if texts else latest_text(tracker)


async def record_handover(tracker: Tracker, reason: Text) -> None:
    """Store a normal-priority escalation for the conversation.

    When the question named a topic the guide is silent on, staff see which.
    """
    topics = off_guide_topics(tracker)
    await record_escalation(
        NewEscalation(
            conversation_id=tracker.sender_id,
            channel=channel_of(tracker),
            reason=reason,
            patient_message=question_for_staff(tracker),
            priority=PRIORITY_NORMAL,
            details={"off_guide_topics": topics} if topics else {},
        )
    )


class ActionEscalate(SafeAction):
    """Record a hand-over; the rule that runs it has already answered."""

    reply_on_failure = False

    def name(self) -> Text:
        """Action name used in rules and the domain."""
        return "action_escalate"

    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        """Record the escalation with the reason read from the conversation.

        A red flag asked about ahead of time also gets what to do if it
        happens, before the store is touched, so a broken store cannot cost it.
        """
        if asked_ahead(tracker):
            dispatcher.utter_message(
                text=IF_IT_HAPPENS.format(
                    emergency_number=get_clinic().emergency_number
                )
            )
        await record_handover(tracker, escalation_reason(tracker))
        return []
