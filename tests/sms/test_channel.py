"""The SMS channel in a fresh Sanic app per test, on a temporary SQLite file.

The bot behind the channel is a stand-in callback (what reaches it, and when,
is the point here); Twilio's REST client is the only other stand-in.
test_sms_server.py drives the real bot through the same code.
"""

import asyncio
import itertools
import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Awaitable, Callable, Dict, List, Optional
from urllib.parse import urlencode

import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from kyphobot.channels.sms import SmsInput, SmsRestOutput
from kyphobot.channels.sms_config import SmsSettings
from kyphobot.channels.sms_store import SmsStore
from kyphobot.clinic import get_clinic
from kyphobot.privacy import mask_phone
from tests.sms.conftest import (
    WEBHOOK_PATH,
    messages_of,
    new_number,
    sign,
    signed_headers,
    twilio_form,
    without_numbering,
)

TOKEN = "in-process-auth-token"
PUBLIC_URL = "https://clinic.example/webhooks/sms/webhook"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
_apps = itertools.count()

Bot = Callable[[UserMessage], Awaitable[None]]


class FakeTwilio:
    """Stands in for ``twilio.rest.Client``: records what would be sent."""

    def __init__(self) -> None:
        self.sent: List[Dict[str, Any]] = []
        self.messages = self

    def create(self, **kwargs: Any) -> Any:
        self.sent.append(kwargs)
        return SimpleNamespace(sid=f"SM{len(self.sent):032d}")


class Harness:
    def __init__(self, tmp_path: Path, bot: Bot, **settings: Any) -> None:
        self.received: List[UserMessage] = []
        self.store = SmsStore.from_url(f"sqlite:///{tmp_path / 'sms.db'}")
        self.twilio = FakeTwilio()
        defaults: Dict[str, Any] = {"auth_token": TOKEN, "public_url": PUBLIC_URL}
        self.channel = SmsInput(
            SmsSettings(**{**defaults, **settings}),
            store=self.store,
            twilio_client=self.twilio,
        )

        async def on_new_message(message: UserMessage) -> None:
            self.received.append(message)
            await bot(message)

        self.app = Sanic(f"sms_test_{next(_apps)}")
        self.app.blueprint(
            self.channel.blueprint(on_new_message), url_prefix="/webhooks/sms"
        )

    async def post(
        self,
        form: Dict[str, str],
        headers: Optional[Dict[str, str]] = None,
        content: Any = None,
        query: str = "",
    ) -> Any:
        url = WEBHOOK_PATH + (f"?{query}" if query else "")
        _, response = await self.app.asgi_client.post(
            url,
            content=content if content is not None else urlencode(form),
            headers=headers
            if headers is not None
            else signed_headers(PUBLIC_URL, form, TOKEN),
        )
        return response

    async def text(self, body: Optional[str], sender: str, **kwargs: Any) -> List[str]:
        response = await self.post(twilio_form(body, sender, **kwargs))
        assert response.status == 200, response.text
        return messages_of(response.text)


async def echo(message: UserMessage) -> None:
    await message.output_channel.send_text_message(
        message.sender_id, f"echo: {message.text}"
    )


async def with_buttons(message: UserMessage) -> None:
    await message.output_channel.send_text_with_buttons(
        message.sender_id,
        f"You said {message.text}.",
        [
            {"title": "Anesthesia", "payload": "/faq/anesthesia"},
            {"title": "Bed rest", "payload": "/faq/bed_rest"},
        ],
    )


async def silent(message: UserMessage) -> None:
    return None


async def crash(message: UserMessage) -> None:
    raise RuntimeError(f"the action server is down while answering {message.sender_id}")


class Gate:
    """A bot that waits until the test lets it answer."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, message: UserMessage) -> None:
        self.started.set()
        await self.release.wait()
        await echo(message)


# --- Who may post -----------------------------------------------------------


async def test_an_unconfigured_channel_refuses_even_signed_requests(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path, echo, auth_token=None, public_url=None)
    response = await harness.post(twilio_form("hello", new_number()))
    assert response.status == 403
    assert harness.received == []


@pytest.mark.parametrize(
    "headers",
    [FORM, {**FORM, "X-Twilio-Signature": ""}, {**FORM, "X-Twilio-Signature": "%%%"}],
)
async def test_missing_or_garbled_signatures_get_403(
    tmp_path: Path, headers: Dict[str, str]
) -> None:
    harness = Harness(tmp_path, echo)
    assert (
        await harness.post(twilio_form("hi", new_number()), headers=headers)
    ).status == 403
    assert harness.received == []


async def test_twilio_signs_the_query_string_too(tmp_path: Path) -> None:
    harness = Harness(tmp_path, echo)
    form = twilio_form("hi", new_number())
    signed = {
        **FORM,
        "X-Twilio-Signature": sign(f"{PUBLIC_URL}?clinic=north", form, TOKEN),
    }
    assert (
        await harness.post(form, headers=signed, query="clinic=north")
    ).status == 200
    assert (
        await harness.post(form, headers=signed, query="clinic=south")
    ).status == 403


async def test_the_development_switch_accepts_unsigned_requests_loudly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    harness = Harness(tmp_path, echo, auth_token=None, skip_signature_check=True)
    response = await harness.post(twilio_form("hi", new_number()), headers=FORM)
    assert response.status == 200
    assert "signature check is OFF" in caplog.text


# --- Malformed requests -----------------------------------------------------


async def test_non_form_and_non_utf8_bodies_get_a_clean_400(tmp_path: Path) -> None:
    harness = Harness(tmp_path, echo)
    form = twilio_form("hi", new_number())
    json_body = await harness.post(
        form, headers={"Content-Type": "application/json"}, content="{}"
    )
    latin1 = await harness.post(
        form, content=b"Body=caf\xe9&" + urlencode(form).encode()
    )
    bad_escape = await harness.post(form, content="Body=%FF%FE&" + urlencode(form))
    for response in (json_body, latin1, bad_escape):
        assert response.status == 400 and "Traceback" not in response.text
    assert harness.received == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"From": None}, "From"),
        ({"From": "whatsapp:+15551234567"}, "From"),
        ({"From": "0044 20 7946 0000"}, "From"),
        ({"MessageSid": None, "SmsMessageSid": None}, "MessageSid"),
        ({"NumMedia": "lots"}, "NumMedia"),
    ],
)
async def test_signed_but_incomplete_forms_get_a_clean_400(
    tmp_path: Path, changes: Dict[str, Optional[str]], field: str
) -> None:
    harness = Harness(tmp_path, echo)
    form = twilio_form("hi", new_number())
    for key, value in changes.items():
        if value is None:
            form.pop(key)
        else:
            form[key] = value
    response = await harness.post(form)
    assert response.status == 400 and field in response.text
    assert harness.received == []


# --- Messages the bot does not see -------------------------------------------


@pytest.mark.parametrize(
    ("body", "media", "expected"),
    [
        ("", 0, "didn't get a question"),
        ("\x00\x01", 0, "didn't get a question"),
        ("👍", 0, "I can only read words"),
        ("?!", 0, "I can only read words"),
        ("", 2, "can't open pictures"),
        ("x" * 2001, 0, "too long"),
    ],
)
async def test_messages_without_a_question_get_a_friendly_reply(
    tmp_path: Path, body: str, media: int, expected: str
) -> None:
    harness = Harness(tmp_path, echo)
    bodies = await harness.text(body, new_number(), media=media)
    assert expected in without_numbering(bodies)
    assert harness.received == []


async def test_a_picture_with_words_is_answered_and_the_picture_mentioned(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path, echo)
    bodies = await harness.text("is this swelling normal", new_number(), media=1)
    assert bodies[0].startswith("echo: is this swelling normal")
    assert "can't open pictures" in without_numbering(bodies)
    assert harness.received[0].metadata["sms"]["media_count"] == 1


# --- The bot's messages ------------------------------------------------------


async def test_the_bot_hears_the_patient_on_the_sms_channel(tmp_path: Path) -> None:
    harness = Harness(tmp_path, echo)
    number = new_number()
    form = twilio_form("  anesthesia?  ", number)
    bodies = messages_of((await harness.post(form)).text)
    assert bodies[0].startswith("echo: anesthesia?")
    (message,) = harness.received
    assert (message.sender_id, message.input_channel) == (number, "sms")
    assert message.message_id == form["MessageSid"]


@pytest.mark.parametrize("bot", [silent, crash])
async def test_silence_or_failure_inside_still_answers_safely(
    tmp_path: Path, bot: Bot
) -> None:
    harness = Harness(tmp_path, bot)
    text = without_numbering(await harness.text("cost?", new_number()))
    clinic = get_clinic()
    assert clinic.phone in text and clinic.emergency_number in text


async def test_logs_mask_the_number_even_in_tracebacks(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    harness = Harness(tmp_path, crash)
    number = new_number()
    await harness.text("cost?", number)
    assert "the action server is down" in caplog.text
    assert mask_phone(number) in caplog.text
    assert number not in caplog.text and number[1:] not in caplog.text


async def test_a_number_picks_from_the_options_last_offered(tmp_path: Path) -> None:
    harness = Harness(tmp_path, with_buttons)
    number = new_number()
    assert "Reply 2 for bed rest" in without_numbering(
        await harness.text("hello", number)
    )
    await harness.text("2", number)
    assert harness.received[-1].text == "/faq/bed_rest"
    assert harness.received[-1].metadata["sms"]["patient_typed"] == "2"
    await harness.text("3", number)  # not offered: the bot reads it as it is
    assert harness.received[-1].text == "3"


async def test_a_number_without_options_reaches_the_bot_as_typed(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path, echo)
    assert (await harness.text("1", new_number()))[0].startswith("echo: 1")


# --- Twilio's retries --------------------------------------------------------


async def test_a_retry_while_the_first_is_processing_waits_and_runs_the_bot_once(
    tmp_path: Path,
) -> None:
    gate = Gate()
    harness = Harness(tmp_path, gate)
    form = twilio_form("anesthesia?", new_number())
    first = asyncio.ensure_future(harness.post(form))
    await asyncio.wait_for(gate.started.wait(), 5)
    retry = asyncio.ensure_future(harness.post(form))
    await asyncio.sleep(0.3)
    assert not retry.done()
    gate.release.set()
    answers = await asyncio.gather(first, retry)
    assert answers[0].text == answers[1].text
    assert messages_of(answers[0].text)[0].startswith("echo: anesthesia?")
    assert len(harness.received) == 1


async def test_an_answered_message_is_replayed_after_a_restart(tmp_path: Path) -> None:
    harness = Harness(tmp_path, echo)
    form = twilio_form("anesthesia?", new_number())
    original = await harness.post(form)
    restarted = Harness(tmp_path, crash)  # same database, new process state
    replay = await restarted.post(form)
    assert replay.text == original.text
    assert restarted.received == []


async def test_a_slow_bot_gets_the_safe_reply_in_time_and_retries_get_the_answer(
    tmp_path: Path,
) -> None:
    gate = Gate()
    harness = Harness(tmp_path, gate, reply_timeout=0.3)
    form = twilio_form("anesthesia?", new_number())
    in_time = messages_of((await harness.post(form)).text)
    assert get_clinic().phone in without_numbering(in_time)
    gate.release.set()
    await asyncio.sleep(0.3)
    later = messages_of((await harness.post(form)).text)
    assert later[0].startswith("echo: anesthesia?")
    assert len(harness.received) == 1


REST = {
    "rest_replies": True,
    "account_sid": "AC" + "1" * 32,
    "from_number": "+15550100100",
    "reply_timeout": 0.3,
}


async def test_a_slow_reply_goes_out_once_through_twilios_api(tmp_path: Path) -> None:
    gate = Gate()
    harness = Harness(tmp_path, gate, **REST)
    number = new_number()
    form = twilio_form("anesthesia?", number, account_sid=REST["account_sid"])
    assert messages_of((await harness.post(form)).text) == []
    gate.release.set()
    for _ in range(50):
        if harness.twilio.sent:
            break
        await asyncio.sleep(0.05)
    assert harness.twilio.sent[0]["to"] == number
    assert harness.twilio.sent[0]["from_"] == "+15550100100"
    assert harness.twilio.sent[0]["body"].startswith("echo: anesthesia?")
    assert messages_of((await harness.post(form)).text) == []  # a retry: no double
    assert len(harness.received) == 1


async def test_a_hung_up_request_is_still_answered_and_sent_later(
    tmp_path: Path,
) -> None:
    gate = Gate()
    harness = Harness(tmp_path, gate, **{**REST, "reply_timeout": 10})
    number = new_number()
    form = twilio_form("anesthesia?", number, account_sid=REST["account_sid"])
    request = asyncio.ensure_future(harness.post(form))
    await asyncio.wait_for(gate.started.wait(), 5)
    request.cancel()  # Twilio gave up on the connection
    gate.release.set()
    for _ in range(50):
        if harness.twilio.sent:
            break
        await asyncio.sleep(0.05)
    assert [m["body"] for m in harness.twilio.sent][0].startswith("echo: anesthesia?")
    assert harness.store.reply_for(form["MessageSid"])


# --- Floods -------------------------------------------------------------------


async def test_a_flood_from_one_number_is_told_once_then_ignored(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path, echo, messages_per_minute_per_number=3)
    number, other = new_number(), new_number()
    for index in range(3):
        assert (await harness.text(f"question {index}", number))[0].startswith("echo")
    assert "faster than I can answer" in without_numbering(
        await harness.text("auto-reply", number)
    )
    assert await harness.text("auto-reply", number) == []
    assert len(harness.received) == 3
    assert "START" in without_numbering(await harness.text("STOP", number))
    assert (await harness.text("question", other))[0].startswith("echo")


# --- Opting out --------------------------------------------------------------


async def test_after_stop_the_bot_still_records_but_nothing_is_sent(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path, echo)
    number = new_number()
    assert "START" in without_numbering(await harness.text("QUIT", number))
    assert await harness.text("I can't feel my legs", number) == []
    (recorded,) = harness.received
    assert recorded.metadata["sms"]["reply_suppressed"] == "opted_out"
    help_text = without_numbering(await harness.text("info", number))
    assert "START" in help_text and get_clinic().phone in help_text


async def test_api_messages_are_never_sent_to_an_opted_out_number(
    tmp_path: Path,
) -> None:
    harness = Harness(tmp_path, echo, **REST)
    output = harness.channel.get_output_channel()
    assert isinstance(output, SmsRestOutput)
    number = new_number()
    await output.send_response(
        number,
        {
            "text": "A reminder.",
            "buttons": [{"title": "Bed rest", "payload": "/faq/bed_rest"}],
        },
    )
    assert [m["body"] for m in harness.twilio.sent] == [
        "A reminder.\nReply 1 for bed rest"
    ]
    assert harness.store.number(number).options[0].payload == "/faq/bed_rest"
    await output.send_response(number, {"custom": {"emergency": True}})
    harness.store.set_opted_out(number, True)
    await output.send_text_message(number, "Another reminder.")
    assert len(harness.twilio.sent) == 1


def test_without_rest_settings_there_is_no_api_output(tmp_path: Path) -> None:
    assert Harness(tmp_path, echo).channel.get_output_channel() is None
