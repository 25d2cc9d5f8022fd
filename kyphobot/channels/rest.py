"""Rasa's REST channel with input checks and no silent failures.

Rasa's own REST channel answers ``200 []`` when anything fails inside, trusts
whatever ``sender`` and ``input_channel`` a caller sends, and passes empty or
huge messages to the bot. This one keeps the same URL and JSON
(``POST /webhooks/rest/webhook`` with ``{"sender", "message"}``) but answers
malformed requests with a clear 400, bad messages with a friendly reply, and
any failure with the safe reply that gives the clinic's phone number.
"""

import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from kyphobot.channels import guard
from kyphobot.channels.rate_limit import (
    ChannelLimits,
    client_ip,
    too_many_messages_reply,
)
from kyphobot.privacy import mask_identifier

logger = logging.getLogger(__name__)


def _bad_request(problem: str) -> HTTPResponse:
    return response.json({"error": "bad_request", "message": problem}, status=400)


class GuardedRestInput(RestInput):
    """REST channel that validates requests and never answers with silence."""

    def __init__(self, per_sender: int = 20, per_ip: int = 120) -> None:
        self.limits = ChannelLimits(per_sender=per_sender, per_ip=per_ip)

    @classmethod
    def name(cls) -> Text:
        """Same name, so the same URL, as Rasa's REST channel."""
        return "rest"

    @classmethod
    def from_credentials(
        cls, credentials: Optional[Dict[Text, Any]]
    ) -> "GuardedRestInput":
        """Rate limits from credentials.yml (messages per minute; 0 = no limit)."""
        credentials = credentials or {}
        return cls(
            per_sender=int(credentials.get("messages_per_minute_per_sender", 20)),
            per_ip=int(credentials.get("messages_per_minute_per_ip", 120)),
        )

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        """The ``/`` health route and the ``/webhook`` message route."""
        webhook = Blueprint("guarded_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            payload = _json_object(request)
            if payload is None:
                return _bad_request("send a JSON object with 'sender' and 'message'")
            sender = payload.get("sender")
            problem = guard.sender_problem(sender)
            if problem:
                return _bad_request(problem)
            text = payload.get("message")
            if text is not None and not isinstance(text, str):
                return _bad_request("'message' must be a string")
            ip = client_ip(request.remote_addr, request.ip)
            if not self.limits.check(str(sender), ip):
                reply = [{"recipient_id": sender, "text": too_many_messages_reply()}]
                return response.json(reply, status=429, headers={"Retry-After": "60"})
            text = guard.clean_text(text or "")
            instead = guard.reply_instead_of_bot(text)
            if instead is not None:
                return response.json([{"recipient_id": sender, "text": instead}])
            metadata = payload.get("metadata")
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender,
                        input_channel=self.name(),
                        metadata=metadata if isinstance(metadata, dict) else None,
                    )
                )
            except Exception:
                logger.exception(
                    "Message from conversation %s failed", mask_identifier(str(sender))
                )
            return response.json(guard.ensure_reply(collector.messages, str(sender)))

        return webhook


def _json_object(request: Request) -> Optional[Dict[str, Any]]:
    try:
        payload = request.json
    except (InvalidUsage, ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None
