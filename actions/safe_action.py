"""Base class that keeps a failing action from leaving the patient in silence."""

import abc
import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from kyphobot.clinic import safe_fallback_text
from kyphobot.privacy import mask_identifier

logger = logging.getLogger(__name__)


class SafeAction(Action, abc.ABC):
    """An action whose errors are logged and end in a safe reply.

    Subclasses implement :meth:`act`. Actions that only record (their rule has
    already answered the patient) set ``reply_on_failure = False`` so a
    failure adds no confusing second message.
    """

    reply_on_failure = True

    @abc.abstractmethod
    async def act(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        """Do the action's work; may raise."""

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[Dict[Text, Any]]:
        """Run :meth:`act`, turning any failure into the safe reply."""
        try:
            return await self.act(dispatcher, tracker, domain)
        except Exception:
            logger.exception(
                "Action %s failed in conversation %s",
                self.name(),
                mask_identifier(tracker.sender_id),
            )
            dispatcher.messages.clear()
            if self.reply_on_failure:
                dispatcher.utter_message(text=safe_fallback_text())
            return []
