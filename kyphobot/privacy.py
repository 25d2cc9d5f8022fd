"""Keep patients' phone numbers and email addresses out of application logs.

SMS conversations are keyed by the patient's phone number, which staff need
but logs must never hold in full.
"""

import logging
import re

_PHONE = re.compile(r"(?<![\w])(\+?\d[\d\s().-]{6,}\d)(?![\w])")
_EMAIL = re.compile(
    r"\b([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})\b"
)


def mask_phone(value: str) -> str:
    """Show only the last two digits of a phone number: ``+1******67``."""
    digits = [c for c in value if c.isdigit()]
    if len(digits) < 4:
        return value
    prefix = "+" if value.strip().startswith("+") else ""
    return prefix + "*" * (len(digits) - 2) + "".join(digits[-2:])


def mask_identifier(conversation_id: str) -> str:
    """A conversation id fit for logs: phone numbers masked, others kept."""
    return redact(conversation_id)


def redact(text: str) -> str:
    """Mask every phone number and email address in ``text``."""
    text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text)
    return _PHONE.sub(lambda m: mask_phone(m.group(1)), text)


class RedactingFilter(logging.Filter):
    """A logging filter that masks phone numbers and emails in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message in place; never drops a record."""
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record must still be logged
            return True
        record.msg = redact(message)
        record.args = None
        return True


def install_redacting_record_factory() -> None:
    """Redact every log record this process creates, whatever its handler.

    Rasa and Sanic configure their own handlers after start-up, so a handler
    filter would miss records; the record factory sees them all.
    """
    previous = logging.getLogRecordFactory()
    if getattr(previous, "redacts", False):
        return

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        RedactingFilter().filter(record)
        return record

    factory.redacts = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)
