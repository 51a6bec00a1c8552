"""A real SMTP server on loopback that keeps every message it receives.

The local wikis send mail (`action=emailuser`, notifications) through `$wgSMTP`, and the
project's own notifier may send mail too: tests point both here and then look at what
arrived, instead of mocking a mailer. Messages are parsed with the modern `email` policy so
tests get `email.message.EmailMessage` objects (`msg["To"]`, `msg.get_content()`).

Run as a program (`python -m testbed.smtp --port 8025 --maildir DIR`) it keeps messages in a
Maildir instead, which is what `bvr devwiki up` starts next to the development wiki.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import mailbox
import signal
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from types import FrameType
from typing import Any

from aiosmtpd.controller import Controller

from testbed.ports import LOOPBACK, free_port

Predicate = Callable[[EmailMessage], bool]


def parse_message(raw: bytes) -> EmailMessage:
    """Parse raw RFC 5322 bytes into an `EmailMessage`."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


class _Collector:
    """aiosmtpd handler: hands each message's bytes and envelope recipients to a callback."""

    def __init__(self, deliver: Callable[[bytes, list[str]], None]) -> None:
        self._deliver = deliver

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        raw = content if isinstance(content, bytes) else str(content).encode()
        self._deliver(raw, list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


class SmtpCapture:
    """An SMTP server on `127.0.0.1:port` that keeps the messages it receives in memory.

    `messages` lists them in arrival order; each has an extra `X-Envelope-To` header with the
    envelope recipients (Bcc'd addresses are only there).
    """

    def __init__(self, port: int | None = None, host: str = LOOPBACK) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.messages: list[EmailMessage] = []
        self._arrived = threading.Condition()
        self._controller: Controller | None = None

    def start(self) -> SmtpCapture:
        """Start listening; returns self so it can be chained."""
        controller = Controller(_Collector(self._store), hostname=self.host, port=self.port)
        controller.start()
        self._controller = controller
        return self

    def stop(self) -> None:
        """Stop listening (idempotent)."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpCapture:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _store(self, raw: bytes, recipients: list[str]) -> None:
        message = parse_message(raw)
        message["X-Envelope-To"] = ", ".join(recipients)
        with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()

    def clear(self) -> None:
        """Forget every message received so far."""
        with self._arrived:
            self.messages.clear()

    def wait_for(self, predicate: Predicate | None = None, timeout: float = 10.0) -> EmailMessage:
        """Return the first message (received before or during the wait) matching `predicate`.

        Raises `TimeoutError` naming what did arrive when nothing matches within `timeout`.
        """
        accept: Predicate = predicate or (lambda _message: True)
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for message in self.messages:
                    if accept(message):
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    subjects = [str(message["Subject"]) for message in self.messages]
                    raise TimeoutError(f"no matching mail within {timeout} s; got {subjects}")
                self._arrived.wait(remaining)

    def sent_to(self, address: str) -> list[EmailMessage]:
        """Messages whose envelope recipients include `address` (case-insensitive)."""
        wanted = address.lower()
        return [m for m in self.messages if wanted in str(m["X-Envelope-To"]).lower()]


class _MaildirCollector:
    """Delivers to a Maildir, for the long-running development wiki."""

    def __init__(self, directory: Path) -> None:
        self._maildir = mailbox.Maildir(directory, create=True)

    def __call__(self, raw: bytes, recipients: list[str]) -> None:
        message = parse_message(raw)
        message["X-Envelope-To"] = ", ".join(recipients)
        self._maildir.add(message)


def serve_maildir(port: int, directory: Path, host: str = LOOPBACK) -> None:
    """Serve SMTP on `host:port` into the Maildir at `directory` until SIGTERM or SIGINT."""
    stopped = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stopped.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    controller = Controller(_Collector(_MaildirCollector(directory)), hostname=host, port=port)
    controller.start()
    try:
        stopped.wait()
    finally:
        controller.stop()


def main(argv: list[str] | None = None) -> None:
    """Command line: `python -m testbed.smtp --port PORT --maildir DIR`."""
    parser = argparse.ArgumentParser(description="Loopback SMTP server writing to a Maildir.")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", type=Path, required=True)
    arguments = parser.parse_args(argv)
    serve_maildir(arguments.port, arguments.maildir)


if __name__ == "__main__":
    main()
