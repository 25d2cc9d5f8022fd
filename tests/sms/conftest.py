"""Helpers that post to the SMS webhook exactly as Twilio does: a URL-encoded
form with Twilio's fields, signed with ``RequestValidator`` over the public
URL configured in Twilio."""

import json
import random
import re
import sqlite3
import uuid
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator

WEBHOOK_PATH = "/webhooks/sms/webhook"
CLINIC_NUMBER = "+15550100100"
SUFFIX = r" \(\d/\d\)$"


def new_number() -> str:
    """A fresh E.164 number, so every test starts as a first contact."""
    return f"+1555{random.randint(0, 9_999_999):07d}"


def new_sid() -> str:
    return "SM" + uuid.uuid4().hex


def twilio_form(
    body: Optional[str],
    sender: Optional[str],
    sid: Optional[str] = None,
    account_sid: str = "AC" + "0" * 32,
    media: int = 0,
) -> Dict[str, str]:
    """The fields Twilio's Messaging webhook posts (blank ones included)."""
    sid = sid or new_sid()
    form = {
        "ToCountry": "US",
        "ToState": "CA",
        "SmsMessageSid": sid,
        "NumMedia": str(media),
        "ToCity": "",
        "FromZip": "",
        "SmsSid": sid,
        "FromState": "CA",
        "SmsStatus": "received",
        "FromCity": "",
        "Body": body if body is not None else "",
        "FromCountry": "US",
        "To": CLINIC_NUMBER,
        "ToZip": "",
        "NumSegments": "1",
        "MessageSid": sid,
        "AccountSid": account_sid,
        "ApiVersion": "2010-04-01",
    }
    if sender is not None:
        form["From"] = sender
    for index in range(media):
        form[f"MediaUrl{index}"] = f"https://api.twilio.com/media/ME{index}"
        form[f"MediaContentType{index}"] = "image/jpeg"
    return form


def sign(url: str, form: Dict[str, str], token: str) -> str:
    return RequestValidator(token).compute_signature(url, form)


def signed_headers(url: str, form: Dict[str, str], token: str) -> Dict[str, str]:
    return {
        "X-Twilio-Signature": sign(url, form, token),
        "Content-Type": "application/x-www-form-urlencoded",
        "I-Twilio-Idempotency-Token": uuid.uuid4().hex,
    }


def messages_of(twiml: str) -> List[str]:
    """The SMS bodies of a TwiML answer; fails unless it is valid TwiML."""
    root = ElementTree.fromstring(twiml)
    assert root.tag == "Response"
    assert all(child.tag == "Message" for child in root)
    return [child.text or "" for child in root]


def without_numbering(bodies: List[str]) -> str:
    """The bodies joined as one text, without their "(1/3)" suffixes."""
    return " ".join(re.sub(SUFFIX, "", body) for body in bodies)


class SmsPoster:
    """Posts signed Twilio webhooks to a running Rasa server."""

    def __init__(self, base_url: str, public_url: str, token: str, account_sid: str):
        self.base_url = base_url
        self.public_url = public_url
        self.token = token
        self.account_sid = account_sid

    def form(
        self, body: Optional[str], sender: Optional[str], **kwargs: Any
    ) -> Dict[str, str]:
        kwargs.setdefault("account_sid", self.account_sid)
        return twilio_form(body, sender, **kwargs)

    def post_form(
        self,
        form: Dict[str, str],
        headers: Optional[Dict[str, str]] = None,
        data: Any = None,
        timeout: float = 30,
    ) -> requests.Response:
        return requests.post(
            self.base_url + WEBHOOK_PATH,
            data=data if data is not None else urlencode(form),
            headers=headers
            if headers is not None
            else signed_headers(self.public_url, form, self.token),
            timeout=timeout,
        )

    def text(self, body: Optional[str], sender: str, **kwargs: Any) -> List[str]:
        """Send one SMS and return the SMS bodies the patient would receive."""
        response = self.post_form(self.form(body, sender, **kwargs))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/xml")
        return messages_of(response.text)


def stored_events(db_path: Path, sender: str) -> List[Dict[str, Any]]:
    with sqlite3.connect(db_path) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [json.loads(row[0]) for row in rows]


def user_events(db_path: Path, sender: str) -> List[Dict[str, Any]]:
    return [e for e in stored_events(db_path, sender) if e["event"] == "user"]
