"""Rasa's socket.io channel, with origin checks, safe ids and input guards.

Rasa 3.6's socket.io channel accepts connections from any origin, uses
whatever ``session_id`` the browser sends as the conversation id (so a caller
could write into someone else's conversation, or an SMS patient's, whose id is
a phone number), and passes every message to the bot unchecked. This channel
keeps Rasa's events and URL but:

* joins the browser to its conversation's room (Rasa forgets to await
  ``enter_room`` with python-socketio 5.18, so no reply ever arrives);
* accepts browsers only from ``KYPHOBOT_CORS_ORIGINS`` (same-origin if unset);
* issues session ids itself (32 random hex digits) and refuses any other;
* applies :mod:`kyphobot.channels.guard` and the per-sender rate limit, and
  answers with the safe reply if the bot said nothing.
"""

import inspect
import logging
import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint

from kyphobot.channels import guard
from kyphobot.channels.rate_limit import ChannelLimits, too_many_messages_reply
from kyphobot.clinic import safe_fallback_text

logger = logging.getLogger(__name__)

ORIGINS_ENV = "KYPHOBOT_CORS_ORIGINS"
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")


def allowed_origins(
    environ: Optional[Mapping[str, str]] = None,
) -> Optional[List[str]]:
    """Browser origins allowed to connect; None means same-origin only."""
    settings = os.environ if environ is None else environ
    origins = [o.strip() for o in settings.get(ORIGINS_ENV, "").split(",") if o.strip()]
    return [o for o in origins if o != "*"] or None


def issued_session_id(requested: Any) -> str:
    """The client's id if it is one we issue, otherwise a new one."""
    if isinstance(requested, str) and SESSION_ID.match(requested):
        return requested
    return uuid.uuid4().hex


class GuardedSocketIOInput(SocketIOInput):
    """socket.io channel with origin checks, safe ids and input guards."""

    @classmethod
    def name(cls) -> Text:
        """Same name, so the same events and path, as Rasa's channel."""
        return "socketio"

    @classmethod
    def from_credentials(
        cls, credentials: Optional[Dict[Text, Any]]
    ) -> "SocketIOInput":
        """Rasa's settings, plus ``messages_per_minute_per_sender``."""
        channel = super().from_credentials(credentials)
        assert isinstance(channel, GuardedSocketIOInput)  # noqa: S101 - cls is ours
        per_sender = int((credentials or {}).get("messages_per_minute_per_sender", 20))
        channel.limits = ChannelLimits(per_sender=per_sender, per_ip=0)
        return channel

    limits = ChannelLimits(per_sender=20, per_ip=0)

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        """Rasa's blueprint, with the guards wrapped around the bot."""

        async def guarded(message: UserMessage) -> None:
            await self._handle(message, on_new_message)

        blueprint = super().blueprint(guarded)
        sio = self.sio
        assert sio is not None  # noqa: S101 - set by super().blueprint
        sio.eio.cors_allowed_origins = allowed_origins()

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            session_id = issued_session_id((data or {}).get("session_id"))
            if self.session_persistence:
                # A coroutine in the python-socketio Rasa 3.6 installs (5.18);
                # Rasa's own handler never awaits it, so replies never arrive.
                joined = sio.enter_room(sid, session_id)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", session_id, room=sid)

        return blueprint

    async def _handle(
        self,
        message: UserMessage,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> None:
        sender = str(message.sender_id)
        output = message.output_channel
        if self.session_persistence and not SESSION_ID.match(sender):
            logger.warning("socket.io message with a session id we did not issue")
            return
        if not self.limits.check(sender, None):
            await output.send_text_message(sender, too_many_messages_reply())
            return
        text = guard.clean_text(message.text or "")
        instead = guard.reply_instead_of_bot(text)
        if instead is not None:
            await output.send_text_message(sender, instead)
            return
        message.text = text
        output = GuardedSocketIOOutput(self.sio, self.bot_message_evt)
        message.output_channel = output
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("socket.io message failed")
        if not output.sent_anything:
            await output.send_text_message(sender, safe_fallback_text())


class GuardedSocketIOOutput(SocketIOOutput):
    """Rasa's socket.io output that can send custom JSON and knows if it spoke.

    Rasa 3.6 passes a custom payload to ``emit`` as keyword arguments, so
    ``{"emergency": true}`` raises a TypeError mid-turn; here it is the data.
    """

    def __init__(self, sio: Any, bot_message_evt: Text) -> None:
        super().__init__(sio, bot_message_evt)
        self.sent_anything = False

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        self.sent_anything = True
        await super()._send_message(socket_id, response)

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        """Send the custom payload as the event's data, to the conversation."""
        await self._send_message(recipient_id, json_message)
