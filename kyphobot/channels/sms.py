"""Patients text the clinic: a Rasa input channel for Twilio's SMS webhook.

Rasa's own ``twilio`` channel trusts any caller, sends each reply through a
separate API call and runs the bot again for every retry. This channel:

* refuses (403) any request whose ``X-Twilio-Signature`` does not match, and
  every request while ``TWILIO_AUTH_TOKEN``/``SMS_PUBLIC_URL`` are unset;
* answers in the webhook response as TwiML, split for phones by
  :mod:`kyphobot.channels.sms_format`, emergency guidance first;
* answers each ``MessageSid`` once: a retry replays the stored reply, also
  while the first request is still being answered
  (:mod:`kyphobot.channels.sms_store`);
* honours STOP/START/HELP (:mod:`kyphobot.channels.sms_texts`);
* maps a reply "1" to the first option the patient was offered;
* keys the conversation by the patient's number, which logs only show masked.

Set-up for a clinic: ``docs/sms.md``.
"""

import asyncio
import datetime as dt
import functools
import logging
import os
import time
import traceback
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    OutputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request, RequestParameters
from sanic.response import HTTPResponse

from kyphobot.channels import guard, sms_texts
from kyphobot.channels.rate_limit import SlidingWindowLimiter, too_many_messages_reply
from kyphobot.channels.sms_config import SmsSettings
from kyphobot.channels.sms_format import (
    SmsReply,
    chosen_option,
    compose,
    compose_text,
    is_emergency_marker,
)
from kyphobot.channels.sms_store import ClaimResult, NumberState, SmsStore
from kyphobot.channels.sms_twilio import (
    SIGNATURE_HEADER,
    FormError,
    InboundSms,
    SignatureChecker,
    TwilioSender,
    parse_form,
    twiml,
)
from kyphobot.clinic import safe_fallback_text
from kyphobot.escalations import utcnow
from kyphobot.privacy import mask_identifier, redact

logger = logging.getLogger(__name__)

CHANNEL_NAME = "sms"
#: Answered messages are kept this long, for Twilio's retries.
KEEP_ANSWERED = dt.timedelta(days=7)
_FORGET_EVERY_SECONDS = 3600.0
_POLL_SECONDS = 0.25

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def _log_failure(what: str, sender: str, error: BaseException) -> None:
    """Log a failure with its traceback, phone numbers masked everywhere."""
    details = "".join(
        traceback.format_exception(type(error), error, error.__traceback__)
    )
    logger.error("%s for %s:\n%s", what, mask_identifier(sender), redact(details))


def _forbidden() -> HTTPResponse:
    return response.text("Forbidden", status=403)


def _bad_request(problem: str) -> HTTPResponse:
    return response.text(f"Bad request: {problem}", status=400)


class SmsInput(InputChannel):
    """Twilio Messaging webhook at ``/webhooks/sms/webhook``."""

    def __init__(
        self,
        settings: SmsSettings,
        store: Optional[SmsStore] = None,
        twilio_client: Any = None,
    ) -> None:
        self.settings = settings
        self._store = store
        self._twilio_client = twilio_client
        self._checker = (
            SignatureChecker(settings.auth_token, settings.public_url)
            if settings.auth_token and settings.public_url
            else None
        )
        self._inflight: Dict[str, asyncio.Task[List[str]]] = {}
        self._deferred: Set[str] = set()
        self._forgotten_at = 0.0
        self._limiter = SlidingWindowLimiter(settings.messages_per_minute_per_number)
        self._limit_told: Dict[str, float] = {}

    @classmethod
    def name(cls) -> str:
        """``sms``: the URL prefix and the ``input_channel`` staff filter on."""
        return CHANNEL_NAME

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> "SmsInput":
        """Build the channel at server start; never fails for missing settings.

        Without Twilio settings the channel stays registered and refuses every
        request, so ``make run`` works on a laptop with no Twilio account.
        """
        settings = SmsSettings.from_sources(credentials, os.environ)
        settings.log_startup(f"/webhooks/{CHANNEL_NAME}/webhook")
        return cls(settings)

    # --- Collaborators, opened on first use -------------------------------

    @property
    def store(self) -> SmsStore:
        """The SQL store, opened on the first message (not at start-up)."""
        if self._store is None:
            self._store = SmsStore.from_url()
        return self._store

    @functools.cached_property
    def sender(self) -> Optional[TwilioSender]:
        """Twilio's REST API for late replies, if configured."""
        if not self.settings.can_send_later:
            return None
        client = self._twilio_client
        if client is None:
            from twilio.rest import Client

            client = Client(self.settings.account_sid, self.settings.auth_token)
        return TwilioSender(
            client, self.settings.from_number, self.settings.messaging_service_sid
        )

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Texts through Twilio's REST API, for messages nobody asked for yet."""
        if self.sender is None:
            return None
        return SmsRestOutput(self.sender, self.store)

    async def _db(self, function: Callable[..., Any], *args: Any) -> Any:
        """Run a store call off the event loop."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(function, *args))

    # --- The webhook ------------------------------------------------------

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        """Serve ``/`` for health checks and ``/webhook`` for Twilio."""
        webhook = Blueprint("kyphobot_sms_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            return await self._receive(request, on_new_message)

        return webhook

    def _authentic(self, request: Request, form: RequestParameters) -> bool:
        """Tell whether Twilio signed this request, for our account."""
        if self.settings.skip_signature_check:
            logger.warning(
                "SMS signature check is OFF: accepting an unverified request"
            )
            return True
        if self._checker is None:
            return False
        signature = request.headers.get(SIGNATURE_HEADER)
        if not self._checker.is_valid(form, signature, request.query_string):
            return False
        account = self.settings.account_sid
        return not account or (form.get("AccountSid") or "").strip() == account

    async def _receive(
        self, request: Request, on_new_message: OnNewMessage
    ) -> HTTPResponse:
        if self._checker is None and not self.settings.skip_signature_check:
            logger.warning("SMS request refused: the channel is not configured")
            return _forbidden()
        try:
            form = parse_form(
                request.body or b"", request.headers.get("content-type", "")
            )
        except FormError as problem:
            logger.warning("SMS request refused: %s", problem)
            return _bad_request(str(problem))
        if not self._authentic(request, form):
            logger.warning("SMS request refused: missing or wrong Twilio signature")
            return _forbidden()
        try:
            inbound = InboundSms.from_form(form)
        except FormError as problem:
            logger.warning("SMS request refused: %s", problem)
            return _bad_request(str(problem))
        return await self._answer(inbound, on_new_message)

    async def _answer(
        self, inbound: InboundSms, on_new_message: OnNewMessage
    ) -> HTTPResponse:
        """Answer a signed message exactly once, however often Twilio posts it."""
        sid, sender = inbound.message_sid, inbound.sender
        try:
            claim, stored = await self._db(self.store.claim, sid, sender)
        except Exception as error:  # noqa: BLE001 - the patient still gets a reply
            _log_failure(f"SMS {sid}: the message store failed", sender, error)
            return twiml(compose_text(safe_fallback_text()))
        if claim is ClaimResult.DONE:
            logger.info("SMS %s is a retry: replaying the stored reply", sid)
            return twiml([] if sid in self._deferred else stored or [])
        if claim is ClaimResult.PROCESSING:
            logger.info("SMS %s is a retry: waiting for the first answer", sid)
            return await self._reply_when_ready(sid, sender, self._inflight.get(sid))
        logger.info("SMS %s from %s: answering", sid, mask_identifier(sender))
        task = asyncio.ensure_future(self._process(inbound, on_new_message))
        self._inflight[sid] = task
        return await self._reply_when_ready(sid, sender, task)

    async def _reply_when_ready(
        self, sid: str, sender: str, task: "Optional[asyncio.Future[List[str]]]"
    ) -> HTTPResponse:
        """Return the reply as TwiML once ready; Twilio waits 15 s at most.

        The bot runs in its own task, shielded: if Twilio hangs up, the
        patient's message is still answered and stored.
        """
        timeout = self.settings.reply_timeout
        try:
            if task is not None:
                bodies: Optional[List[str]] = await asyncio.wait_for(
                    asyncio.shield(task), timeout
                )
            else:  # answered by another server process: watch the database
                bodies = await self._poll_reply(sid, timeout)
        except asyncio.TimeoutError:
            bodies = None
        except asyncio.CancelledError:
            # Twilio hung up; send the answer later if we can.
            if self.sender is not None and task is not None and not task.done():
                self._deferred.add(sid)
            raise
        if sid in self._deferred:
            return twiml([])  # the REST API sends it (or already did)
        if bodies is not None:
            return twiml(bodies)
        if self.sender is not None and task is not None:
            self._deferred.add(sid)
            logger.warning("SMS %s: the bot is slow, its reply will be sent later", sid)
            return twiml([])
        logger.error(
            "SMS %s: no reply within %.0f s, sending the safe reply", sid, timeout
        )
        return twiml(compose_text(safe_fallback_text()))

    async def _poll_reply(self, sid: str, timeout: float) -> Optional[List[str]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            bodies: Optional[List[str]] = await self._db(self.store.reply_for, sid)
            if bodies is not None:
                return bodies
            await asyncio.sleep(_POLL_SECONDS)
        return None

    async def _process(
        self, inbound: InboundSms, on_new_message: OnNewMessage
    ) -> List[str]:
        """Work out the reply, store it for retries, send it late if need be."""
        sid, sender = inbound.message_sid, inbound.sender
        try:
            try:
                bodies = await self._respond(inbound, on_new_message)
            except Exception as error:  # noqa: BLE001 - never silence
                _log_failure(f"SMS {sid}: answering failed", sender, error)
                bodies = compose_text(safe_fallback_text())
            try:
                await self._db(self.store.finish, sid, bodies)
            except Exception as error:  # noqa: BLE001 - the reply still goes out
                _log_failure(f"SMS {sid}: storing the reply failed", sender, error)
            if sid in self._deferred and self.sender is not None:
                sent = await self.sender.send(sender, bodies)
                logger.info("SMS %s: sent %d late message(s) via Twilio", sid, sent)
            await self._forget_old_messages()
            return bodies
        finally:
            self._inflight.pop(sid, None)

    async def _forget_old_messages(self) -> None:
        now = time.monotonic()
        if now - self._forgotten_at < _FORGET_EVERY_SECONDS:
            return
        self._forgotten_at = now
        try:
            await self._db(self.store.forget_before, utcnow() - KEEP_ANSWERED)
        except Exception as error:  # noqa: BLE001 - housekeeping only
            logger.warning(
                "Could not forget old SMS message ids: %s", redact(str(error))
            )

    # --- What to say ------------------------------------------------------

    async def _respond(
        self, inbound: InboundSms, on_new_message: OnNewMessage
    ) -> List[str]:
        """Work out the bodies for one new message (empty: send nothing)."""
        sender = inbound.sender
        text = guard.clean_text(inbound.body)
        state: NumberState = await self._db(self.store.number, sender)

        keyword = sms_texts.carrier_keyword(text)
        if keyword == sms_texts.KEYWORD_STOP:
            changed = await self._db(self.store.set_opted_out, sender, True)
            logger.info(
                "SMS %s opted out (first time: %s)", mask_identifier(sender), changed
            )
            return compose_text(sms_texts.stop_confirmation()) if changed else []
        if keyword == sms_texts.KEYWORD_START:
            await self._db(self.store.set_opted_out, sender, False)
            logger.info("SMS %s opted back in", mask_identifier(sender))
            return compose_text(sms_texts.start_confirmation())
        if keyword == sms_texts.KEYWORD_HELP:
            return compose_text(sms_texts.help_reply(state.opted_out))
        if not self._limiter.allow(sender):
            return [] if state.opted_out else self._over_the_limit(sender)

        if state.opted_out:
            await self._record_silently(inbound, text, on_new_message)
            return []
        if inbound.num_media and not text:
            return compose_text(sms_texts.media_only_reply())
        instead = guard.reply_instead_of_bot(text)
        if instead is not None:
            return compose_text(instead)
        if not sms_texts.has_words(text):
            return compose_text(sms_texts.no_words_reply())

        option = chosen_option(text, state.options)
        messages = await self._ask_bot(inbound, text, option, on_new_message)
        notices = []
        if inbound.num_media:
            notices.append(sms_texts.media_ignored_note())
        if not state.welcomed:
            notices.append(sms_texts.first_contact_notice())
        reply = compose(
            guard.ensure_reply(messages, sender), sms_texts.overflow_note(), notices
        )
        await self._remember(sender, state, reply)
        return reply.bodies

    def _over_the_limit(self, sender: str) -> List[str]:
        """Say once per minute that the number is too fast, then stay silent.

        An auto-responder answering every reply would otherwise text back and
        forth with the bot forever, at the clinic's expense. STOP and HELP
        are still honoured above.
        """
        now = time.monotonic()
        window = self._limiter.window
        logger.warning("SMS from %s over the message limit", mask_identifier(sender))
        if now - self._limit_told.get(sender, -window) < window:
            return []
        if len(self._limit_told) > 10_000:
            self._limit_told = {
                k: t for k, t in self._limit_told.items() if now - t < window
            }
        self._limit_told[sender] = now
        return compose_text(too_many_messages_reply())

    async def _remember(self, sender: str, state: NumberState, reply: SmsReply) -> None:
        """Keep the options just offered, and that the number was welcomed."""
        try:
            if reply.options or state.options:
                await self._db(self.store.remember_options, sender, reply.options)
            if reply.notices_included and not state.welcomed:
                await self._db(self.store.mark_welcomed, sender)
        except Exception as error:  # noqa: BLE001 - the reply matters more
            _log_failure("Could not remember SMS options", sender, error)

    async def _ask_bot(
        self,
        inbound: InboundSms,
        text: str,
        option: Any,
        on_new_message: OnNewMessage,
        reply_suppressed: bool = False,
    ) -> List[Dict[str, Any]]:
        """Run the bot; whatever it said before failing is kept."""
        sms_metadata: Dict[str, Any] = {"message_sid": inbound.message_sid}
        if option is not None:
            sms_metadata["patient_typed"] = text
            sms_metadata["option_title"] = option.title
        if inbound.num_media:
            sms_metadata["media_count"] = inbound.num_media
        if reply_suppressed:
            sms_metadata["reply_suppressed"] = "opted_out"
        collector = CollectingOutputChannel()
        try:
            await on_new_message(
                UserMessage(
                    option.payload if option is not None else text,
                    collector,
                    inbound.sender,
                    input_channel=CHANNEL_NAME,
                    message_id=inbound.message_sid,
                    metadata={"sms": sms_metadata},
                )
            )
        except Exception as error:  # noqa: BLE001 - ensure_reply covers the patient
            _log_failure(
                f"SMS {inbound.message_sid}: the bot failed", inbound.sender, error
            )
        return collector.messages

    async def _record_silently(
        self, inbound: InboundSms, text: str, on_new_message: OnNewMessage
    ) -> None:
        """Let the bot see an opted-out number's message, and send nothing.

        Carriers forbid texting a number after STOP, yet an opted-out patient
        may still write "I can't feel my legs". The bot sees the message, so
        it lands in the conversation for staff and an emergency is escalated
        to them; its replies are marked as not sent and are not sent.
        """
        logger.info(
            "SMS %s from opted-out %s: recorded for staff, no reply sent",
            inbound.message_sid,
            mask_identifier(inbound.sender),
        )
        if text and sms_texts.has_words(text) and not guard.reply_instead_of_bot(text):
            await self._ask_bot(
                inbound, text, None, on_new_message, reply_suppressed=True
            )


class SmsRestOutput(OutputChannel):
    """Sends the bot's messages as SMS through Twilio's REST API.

    Rasa uses this for messages not triggered by an incoming SMS (for example
    ``POST /conversations/<number>/trigger_intent?output_channel=sms``). It
    never texts an opted-out number.
    """

    def __init__(self, sender: TwilioSender, store: SmsStore) -> None:
        self.sender = sender
        self.store = store

    @classmethod
    def name(cls) -> str:
        """Use the input channel's name."""
        return CHANNEL_NAME

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        """Format one bot message for a phone and send it, unless opted out."""
        if is_emergency_marker(message) and not message.get("text"):
            return
        loop = asyncio.get_running_loop()
        state = await loop.run_in_executor(None, self.store.number, recipient_id)
        if state.opted_out:
            logger.info("Not texting opted-out %s", mask_identifier(recipient_id))
            return
        reply = compose([message], sms_texts.overflow_note())
        if not reply.bodies:
            return
        await self.sender.send(recipient_id, reply.bodies)
        if reply.options:
            await loop.run_in_executor(
                None, self.store.remember_options, recipient_id, reply.options
            )

    async def send_text_message(
        self, recipient_id: str, text: str, **kwargs: Any
    ) -> None:
        """Plain text, formatted and split like every other reply."""
        await self.send_response(recipient_id, {"text": text})
