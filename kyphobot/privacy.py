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


def install_redacting_filter() -> None:
    """Attach the filter to every handler of the root logger."""
    redacting = RedactingFilter()
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(redacting)
