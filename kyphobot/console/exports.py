"""Conversations as CSV and JSON Lines, and messages as Rasa NLU examples.

Exports leave the console's access control, so by default they carry no
contact details: phone numbers and email addresses in conversation ids and
messages are masked unless the admin asks for them. CSV cells that a
spreadsheet would run as a formula are neutralised.
"""

import csv
import datetime as dt
import io
import json
import re
from typing import Any, Dict, Iterable, Iterator, List, Sequence

from zoneinfo import ZoneInfo

from kyphobot.console.store import ConversationRecord
from kyphobot.console.timeutil import as_utc
from kyphobot.console.transcript import BotTurn, PatientTurn
from kyphobot.privacy import redact

CSV_COLUMNS = (
    "conversation_ref",
    "conversation",
    "channel",
    "time",
    "speaker",
    "text",
    "intent",
    "intent_confidence",
    "faq_key",
    "faq_confidence",
    "answer_key",
)
#: What a spreadsheet treats as the start of a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NLU_PLACEHOLDER_INTENT = "label_me"


def neutralise_cell(value: Any) -> str:
    """Make a CSV cell that Excel, LibreOffice and Sheets show as text, never run."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _score(value: Any) -> str:
    return "" if value is None else f"{value:.3f}"


def turn_rows(
    records: Iterable[ConversationRecord], zone: ZoneInfo, contact: bool
) -> Iterator[Dict[str, str]]:
    """One dict per patient or bot turn, in the CSV's columns."""
    hide = (lambda text: text) if contact else redact
    for record in records:
        for turn in record.turns:
            if not isinstance(turn, (PatientTurn, BotTurn)):
                continue
            row = {
                "conversation_ref": str(record.ref),
                "conversation": hide(record.conversation_id),
                "channel": record.channel,
                "time": as_utc(turn.at).astimezone(zone).isoformat(timespec="seconds"),
                "speaker": "patient" if isinstance(turn, PatientTurn) else "bot",
                "text": hide(turn.text),
                "intent": "",
                "intent_confidence": "",
                "faq_key": "",
                "faq_confidence": "",
                "answer_key": "",
            }
            if isinstance(turn, PatientTurn):
                row["intent"] = turn.intent or ""
                row["intent_confidence"] = _score(turn.confidence)
                row["faq_key"] = turn.faq_key or ""
                row["faq_confidence"] = _score(turn.faq_confidence)
            else:
                row["answer_key"] = turn.answer_key or ""
            yield row


def to_csv(records: Iterable[ConversationRecord], zone: ZoneInfo, contact: bool) -> str:
    """All turns as CSV (UTF-8 with BOM so Excel reads accents right)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in turn_rows(records, zone, contact):
        writer.writerow({key: neutralise_cell(value) for key, value in row.items()})
    return "\ufeff" + buffer.getvalue()


def to_jsonl(
    records: Iterable[ConversationRecord], zone: ZoneInfo, contact: bool
) -> str:
    """One JSON object per conversation, its turns in order."""
    lines = []
    rows_by_ref: Dict[str, List[Dict[str, str]]] = {}
    channels: Dict[str, str] = {}
    conversations: Dict[str, str] = {}
    for row in turn_rows(records, zone, contact):
        ref = row["conversation_ref"]
        rows_by_ref.setdefault(ref, []).append(
            {
                key: row[key]
                for key in CSV_COLUMNS
                if key not in ("conversation_ref", "conversation", "channel")
            }
        )
        channels[ref], conversations[ref] = row["channel"], row["conversation"]
    for ref, turns in rows_by_ref.items():
        lines.append(
            json.dumps(
                {
                    "conversation_ref": int(ref),
                    "conversation": conversations[ref],
                    "channel": channels[ref],
                    "turns": turns,
                },
                ensure_ascii=False,
            )
        )
    return "".join(line + "\n" for line in lines)


def training_example(text: str) -> str:
    """One line fit for an NLU example: no contact details, no entity markup."""
    cleaned = " ".join(redact(text).split())
    # ``[text](entity)`` is Rasa's entity annotation; a patient's brackets are not.
    return re.sub(r"[\[\]{}]", "", cleaned).strip()


def nlu_yaml(texts: Sequence[str], exported_at: dt.datetime) -> str:
    """Rasa 3 NLU training data with a placeholder intent for a developer to label."""
    examples: List[str] = []
    for text in texts:
        example = training_example(text)
        if example and example not in examples:
            examples.append(example)
    lines = [
        f"# Exported from the staff console on {exported_at:%Y-%m-%d %H:%M} UTC.",
        "# Unanswered patient questions (phone numbers and emails masked).",
        "# Before training, move each example to the right intent (or a new",
        "# faq/<key> with an utter_faq/<key> answer).",
        f"# Never train the placeholder intent {NLU_PLACEHOLDER_INTENT}.",
        'version: "3.1"',
        "nlu:",
        f"  - intent: {NLU_PLACEHOLDER_INTENT}",
        "    examples: |",
    ]
    lines += [f"      - {example}" for example in examples]
    return "\n".join(lines) + "\n"
