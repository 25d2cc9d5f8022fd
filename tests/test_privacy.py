"""Phone numbers and email addresses never reach the logs in full."""

import logging

import pytest

from kyphobot.privacy import RedactingFilter, mask_phone, redact


@pytest.mark.parametrize(
    "text, hidden, shown",
    [
        ("+15551234567", "5551234", "+*********67"),
        ("call me at (555) 123-4567 please", "123-45", "*******67"),
        ("write to jane.doe@example.com", "jane.doe", "j***@example.com"),
    ],
)
def test_redact_masks_contacts(text: str, hidden: str, shown: str) -> None:
    assert hidden not in redact(text)
    assert shown in redact(text)


def test_redact_keeps_ordinary_numbers() -> None:
    assert redact("rest for 24 hours and 6 weeks") == "rest for 24 hours and 6 weeks"


def test_mask_phone_keeps_only_the_last_two_digits() -> None:
    assert mask_phone("+1 555 123 4567") == "+*********67"


def test_logging_filter_masks_arguments_too(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("kyphobot.test.privacy")
    caplog.handler.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO):
        logger.info("message from %s", "+15551234567")
    assert "+15551234567" not in caplog.text
    assert "+*********67" in caplog.text


def test_record_factory_redacts_whatever_the_handler(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from kyphobot.privacy import install_redacting_record_factory

    original = logging.getLogRecordFactory()
    try:
        install_redacting_record_factory()
        install_redacting_record_factory()  # idempotent
        with caplog.at_level(logging.INFO):
            access = logging.getLogger("sanic.access")
            access.info("from %s at %s", "+15551234567", "a@b.org")
        assert "+15551234567" not in caplog.text and "a@b.org" not in caplog.text
    finally:
        logging.setLogRecordFactory(original)
