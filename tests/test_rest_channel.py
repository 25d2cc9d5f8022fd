"""The guarded REST channel, in a fresh Sanic app per test.

The bot behind the channel is a stand-in callback here (what reaches it is
the point); tests/test_server.py drives the real bot through the same code.
"""

import itertools
from typing import Any, Callable, List

import pytest
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from kyphobot.channels.guard import MAX_MESSAGE_CHARS
from kyphobot.channels.rest import GuardedRestInput
from kyphobot.clinic import get_clinic

_app_numbers = itertools.count()


def make_app(reply: Callable[[UserMessage], Any]) -> "tuple[Sanic, List[UserMessage]]":
    received: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        await reply(message)

    app = Sanic(f"rest_test_{next(_app_numbers)}")
    app.blueprint(
        GuardedRestInput().blueprint(on_new_message), url_prefix="/webhooks/rest"
    )
    return app, received


async def echo(message: UserMessage) -> None:
    await message.output_channel.send_text_message(
        message.sender_id, f"echo: {message.text}"
    )


async def silent(message: UserMessage) -> None:
    return None


async def crash(message: UserMessage) -> None:
    raise RuntimeError("the action server is down")


def post(app: Sanic, **kwargs: Any) -> Any:
    _, response = app.test_client.post("/webhooks/rest/webhook", **kwargs)
    return response


def test_a_normal_message_reaches_the_bot_as_rest() -> None:
    app, received = make_app(echo)
    response = post(app, json={"sender": "web-abc", "message": "  anesthesia?  "})
    assert response.status == 200
    assert response.json == [{"recipient_id": "web-abc", "text": "echo: anesthesia?"}]
    assert received[0].input_channel == "rest"


def test_the_caller_cannot_choose_another_channel() -> None:
    app, received = make_app(echo)
    post(app, json={"sender": "web-abc", "message": "hi", "input_channel": "sms"})
    assert received[0].input_channel == "rest"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": "not json"},
        {"data": b"\xff\xfe\x00binary"},
        {"json": ["a", "list"]},
        {"json": {"message": "no sender"}},
        {"json": {"sender": "", "message": "hi"}},
        {
            "json": {
                "sender": "+1 555 123 4567",
                "message": "phone-number ids belong to SMS",
            }
        },
        {"json": {"sender": "<script>", "message": "hi"}},
        {"json": {"sender": "web-1", "message": {"nested": True}}},
    ],
)
def test_malformed_requests_get_a_clear_400_and_never_reach_the_bot(
    kwargs: dict,
) -> None:
    app, received = make_app(echo)
    response = post(app, **kwargs)
    assert response.status == 400
    assert response.json["error"] == "bad_request" and response.json["message"]
    assert received == []


@pytest.mark.parametrize("text", ["", "   ", None, "\x00\x01\x02"])
def test_empty_messages_get_a_friendly_prompt(text: Any) -> None:
    app, received = make_app(echo)
    (reply,) = post(app, json={"sender": "web-1", "message": text}).json
    assert "didn't get a question" in reply["text"]
    assert received == []


def test_huge_messages_get_a_friendly_notice_with_the_clinic_number() -> None:
    app, received = make_app(echo)
    (reply,) = post(
        app, json={"sender": "web-1", "message": "a" * (MAX_MESSAGE_CHARS + 1)}
    ).json
    assert "too long" in reply["text"] and get_clinic().phone in reply["text"]
    assert received == []


@pytest.mark.parametrize("bot", [silent, crash])
def test_silence_or_failure_inside_still_answers_safely(bot: Any) -> None:
    app, _ = make_app(bot)
    response = post(app, json={"sender": "web-1", "message": "cost?"})
    assert response.status == 200
    (reply,) = response.json
    clinic = get_clinic()
    assert clinic.phone in reply["text"] and clinic.emergency_number in reply["text"]


def test_emoji_and_other_languages_pass_through_unchanged() -> None:
    app, received = make_app(echo)
    post(app, json={"sender": "web-1", "message": "¿Cuánto cuesta? 😀"})
    assert received[0].text == "¿Cuánto cuesta? 😀"


def test_a_sender_over_the_limit_gets_a_friendly_429_not_the_bot() -> None:
    received: List[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        received.append(message)
        await echo(message)

    app = Sanic(f"rest_test_{next(_app_numbers)}")
    channel = GuardedRestInput.from_credentials({"messages_per_minute_per_sender": 3})
    app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/rest")
    for _ in range(3):
        assert post(app, json={"sender": "web-fast", "message": "hi"}).status == 200
    limited = post(app, json={"sender": "web-fast", "message": "hi"})
    assert limited.status == 429
    assert "faster than I can answer" in limited.json[0]["text"]
    assert limited.headers["retry-after"] == "60"
    assert len(received) == 3
    assert post(app, json={"sender": "web-other", "message": "hi"}).status == 200
