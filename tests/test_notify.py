"""Notifications reach people through a real SMTP server and carry no case content."""

from __future__ import annotations

from typing import Any

import pytest

from bvr.config import Mail
from bvr.errors import BvrError
from bvr.notify import Notice, send
from testbed.ports import free_port


def test_notification_names_the_case_and_nothing_else(smtp_capture: Any) -> None:
    smtp_capture.clear()  # the capture is the session's: earlier tests mailed these people too
    mail = Mail(host=smtp_capture.host, port=smtp_capture.port, sender="bvr@example.org")
    send(mail, "Wikimedia Nederland",
         [Notice("director@example.org", "nl", "BVR-2026-0001-7", "emergency"),
          Notice("bvr@example.org", "sv", "BVR-2026-0001-7", "new-report")])
    dutch = smtp_capture.wait_for(lambda m: m["To"] == "director@example.org")
    assert "SPOED" in dutch["Subject"] and "BVR-2026-0001-7" in dutch["Subject"]
    assert "noodmelding" in dutch.get_content()
    swedish = smtp_capture.wait_for(lambda m: m["To"] == "bvr@example.org")
    assert "Ärende BVR-2026-0001-7" in swedish["Subject"]


def test_unreachable_mail_server_is_a_clear_error() -> None:
    with pytest.raises(BvrError, match="could not be sent"):
        send(Mail(host="127.0.0.1", port=free_port()), "WMNL",
             [Notice("x@example.org", "en", "BVR-2026-0001-7", "deadline")])
