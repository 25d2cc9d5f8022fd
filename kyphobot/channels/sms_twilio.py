"""Twilio's side: webhook form, signature, TwiML and the REST API.

The REST API is only for replies that come late.
The webhook is public, so nothing here trusts a request before its
``X-Twilio-Signature`` matches. Twilio signs the URL it was configured with
(not the one our server sees behind a proxy) plus every form field, blank
ones included, so the form is parsed here with blank values kept: Sanic's
``request.form`` drops them and chokes on non-UTF-8 bodies.
"""

import asyncio
import functools
import logging
import re
from dataclasses import dataclass
from typing import Any, Optional, Sequence
from urllib.parse import parse_qsl

from sanic import response
from sanic.request import RequestParameters
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from kyphobot.privacy import mask_identifier, redact

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
#: Twilio's webhook forms are a few kilobytes; a 1,600-character body fits.
MAX_FORM_BYTES = 64 * 1024

_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_MESSAGE_SID = re.compile(r"^[A-Za-z0-9]{10,64}$")


class FormError(ValueError):
    """A request that is not a Twilio Messaging webhook form (answer 400)."""


@dataclass(frozen=True)
class InboundSms:
    """The fields of Twilio's Messaging webhook that the channel uses."""

    message_sid: str
    sender: str
    to: str
    body: str
    num_media: int
    account_sid: str

    @classmethod
    def from_form(cls, form: RequestParameters) -> "InboundSms":
        """Read and check the fields; :class:`FormError` says what is wrong."""
        sender = (form.get("From") or "").strip()
        if not sender:
            raise FormError("'From' is missing")
        if not _E164.match(sender):
            raise FormError(
                "'From' must be a phone number in E.164 form (+15551234567)"
            )
        message_sid = (
            form.get("MessageSid") or form.get("SmsMessageSid") or ""
        ).strip()
        if not _MESSAGE_SID.match(message_sid):
            raise FormError("'MessageSid' is missing or malformed")
        try:
            num_media = max(0, int(form.get("NumMedia") or 0))
        except ValueError:
            raise FormError("'NumMedia' must be a number") from None
        return cls(
            message_sid=message_sid,
            sender=sender,
            to=(form.get("To") or "").strip(),
            body=form.get("Body") or "",
            num_media=num_media,
            account_sid=(form.get("AccountSid") or "").strip(),
        )


def parse_form(body: bytes, content_type: str) -> RequestParameters:
    """Twilio's URL-encoded form, blank values kept, strictly UTF-8.

    Raises:
        FormError: For another content type, an oversized body or bytes that
            are not UTF-8 (Twilio always sends UTF-8).

    """
    if content_type.split(";", 1)[0].strip().lower() != FORM_CONTENT_TYPE:
        raise FormError(f"send {FORM_CONTENT_TYPE} as Twilio does")
    if len(body) > MAX_FORM_BYTES:
        raise FormError("the form is too large")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise FormError("the form must be UTF-8") from None
    form = RequestParameters()
    for key, value in pairs:
        form.setdefault(key, []).append(value)
    return form


class SignatureChecker:
    """Checks ``X-Twilio-Signature`` against the URL configured in Twilio."""

    def __init__(self, auth_token: str, public_url: str) -> None:
        self._validator = RequestValidator(auth_token)
        self.public_url = public_url

    def url_for(self, query_string: str) -> str:
        """Return the URL Twilio signed: the public URL plus any query string."""
        if query_string and "?" not in self.public_url:
            return f"{self.public_url}?{query_string}"
        return self.public_url

    def is_valid(
        self, form: RequestParameters, signature: Optional[str], query_string: str
    ) -> bool:
        """Tell whether the request was signed with our auth token."""
        if not signature:
            return False
        try:
            return bool(
                self._validator.validate(self.url_for(query_string), form, signature)
            )
        except Exception:  # noqa: BLE001 - a malformed signature is simply invalid
            return False


def twiml(bodies: Sequence[str]) -> HTTPResponse:
    """Answer with TwiML that sends each body as one SMS (none: nothing)."""
    reply = MessagingResponse()
    for body in bodies:
        if body.strip():
            reply.message(body)
    return response.text(str(reply), content_type="text/xml; charset=utf-8")


class TwilioSender:
    """Sends SMS through Twilio's REST API, for replies that come late.

    Only this class talks to Twilio's servers, so tests replace its client.
    """

    def __init__(
        self,
        client: Any,
        from_number: Optional[str] = None,
        messaging_service_sid: Optional[str] = None,
    ) -> None:
        self.client = client
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid

    def _create(self, to: str, body: str) -> Any:
        sender = (
            {"messaging_service_sid": self.messaging_service_sid}
            if self.messaging_service_sid
            else {"from_": self.from_number}
        )
        return self.client.messages.create(to=to, body=body, **sender)

    async def send(self, to: str, bodies: Sequence[str]) -> int:
        """Send the bodies in order; stop at the first failure.

        Returns:
            How many were accepted by Twilio.

        """
        loop = asyncio.get_running_loop()
        sent = 0
        for body in bodies:
            if not body.strip():
                continue
            try:
                await loop.run_in_executor(
                    None, functools.partial(self._create, to, body)
                )
            except Exception as error:  # noqa: BLE001 - log, never crash the bot
                logger.error(
                    "SMS to %s could not be sent through Twilio (%d of %d sent): %s",
                    mask_identifier(to),
                    sent,
                    len(bodies),
                    redact(f"{error.__class__.__name__}: {error}"),
                )
                return sent
            sent += 1
        return sent
