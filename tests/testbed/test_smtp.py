"""The SMTP capture receives, parses, waits for and forgets messages."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import pytest

from testbed.smtp import SmtpCapture


def _send(capture: SmtpCapture, to: str, subject: str) -> None:
    message = EmailMessage()
    message["From"] = "sender@example.org"
    message["To"] = to
    message["Subject"] = subject
    message.set_content("Hallo, dit is een test.")
    with smtplib.SMTP(capture.host, capture.port, timeout=10) as client:
        client.send_message(message)


def test_messages_arrive_parsed() -> None:
    with SmtpCapture() as capture:
        _send(capture, "someone@example.org", "Melding ontvangen")
        message = capture.wait_for(lambda m: m["Subject"] == "Melding ontvangen", timeout=5)
        assert message.get_content().strip() == "Hallo, dit is een test."
        assert capture.sent_to("SOMEONE@example.org") == [message]


def test_wait_for_times_out_naming_what_came() -> None:
    with SmtpCapture() as capture:
        _send(capture, "a@example.org", "Iets anders")
        with pytest.raises(TimeoutError, match="Iets anders"):
            capture.wait_for(lambda m: m["Subject"] == "Nooit", timeout=0.2)


def test_clear_forgets() -> None:
    with SmtpCapture() as capture:
        _send(capture, "a@example.org", "Een")
        capture.wait_for(timeout=5)
        capture.clear()
        assert capture.messages == []
