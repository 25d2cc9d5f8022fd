"""The guarded socket.io channel, with a real socket.io client and the real bot."""

import asyncio
from typing import Any, Dict, List, Optional

import pytest
import socketio

from kyphobot.channels.socketio import allowed_origins, issued_session_id
from kyphobot.clinic import get_clinic
from tests.conftest import SOCKETIO_TEST_ORIGIN, Bot


class Patient:
    """A browser tab talking to the assistant over socket.io."""

    def __init__(self) -> None:
        self.client = socketio.AsyncClient(reconnection=False)
        self.session: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.replies: asyncio.Queue[Dict[str, Any]] = asyncio.Queue()
        self.client.on("session_confirm", self._confirmed)
        self.client.on("bot_uttered", self.replies.put)

    async def _confirmed(self, session_id: str) -> None:
        if not self.session.done():
            self.session.set_result(session_id)

    async def connect(
        self, bot: Bot, origin: str, session_id: Optional[str] = None
    ) -> str:
        await self.client.connect(
            bot.rasa_url, headers={"Origin": origin}, transports=["polling"]
        )
        await self.client.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.session, 20)

    async def say(
        self, text: str, session_id: str, count: int = 1
    ) -> List[Dict[str, Any]]:
        await self.client.emit(
            "user_uttered", {"message": text, "session_id": session_id}
        )
        return [await asyncio.wait_for(self.replies.get(), 30) for _ in range(count)]


pytestmark = pytest.mark.server


async def test_a_browser_from_the_clinic_site_chats(bot: Bot) -> None:
    patient = Patient()
    session = await patient.connect(bot, SOCKETIO_TEST_ORIGIN)
    try:
        (reply,) = await patient.say("what kind of anesthesia will I get?", session)
        assert reply["text"].startswith("There are two ways.")
        (empty,) = await patient.say("   ", session)
        assert "didn't get a question" in empty["text"]
    finally:
        await patient.client.disconnect()


async def test_a_browser_from_another_site_is_refused(bot: Bot) -> None:
    patient = Patient()
    with pytest.raises(socketio.exceptions.ConnectionError):
        await patient.connect(bot, "https://evil.example")


async def test_the_server_issues_the_session_id_not_the_browser(bot: Bot) -> None:
    patient = Patient()
    session = await patient.connect(
        bot, SOCKETIO_TEST_ORIGIN, session_id="+15551234567"
    )
    try:
        assert session != "+15551234567" and len(session) == 32
        # Messages claiming an id the server did not issue are dropped.
        await patient.client.emit(
            "user_uttered", {"message": "hi", "session_id": "+15551234567"}
        )
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(patient.replies.get(), 3)
    finally:
        await patient.client.disconnect()


async def test_emergency_guidance_comes_first(bot: Bot) -> None:
    patient = Patient()
    session = await patient.connect(bot, SOCKETIO_TEST_ORIGIN)
    try:
        first, marker = await patient.say("I can't feel my legs", session, count=2)
        assert first["text"].startswith("This may be an emergency. Call 911 now")
        assert marker == {"emergency": True}
        assert get_clinic().phone in first["text"]
    finally:
        await patient.client.disconnect()


def test_origins_and_ids_rules() -> None:
    assert allowed_origins({}) is None
    assert allowed_origins({"KYPHOBOT_CORS_ORIGINS": "*"}) is None
    assert allowed_origins(
        {"KYPHOBOT_CORS_ORIGINS": "https://a.example, https://b.example"}
    ) == [
        "https://a.example",
        "https://b.example",
    ]
    good = "0" * 32
    assert issued_session_id(good) == good
    for bad in (None, "", "+15551234567", "web-abc", "0" * 31, "G" * 32):
        assert issued_session_id(bad) != bad
