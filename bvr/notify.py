"""Email to the people who handle cases: that something needs their attention, never what.

Notifications name the case number and the kind of attention needed, in the recipient's
language, and nothing else: no report text, no names, no details. Whoever reads them must
open the case file (and so unlock their key) to learn more. Used by the bot's jobs and by the
web service alike, which is why it lives in the core.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from bvr.config import ENV_SMTP_PASSWORD, Mail
from bvr.errors import BvrError
from bvr.i18n import translate


@dataclass(frozen=True)
class Notice:
    """An email to one person: a case and a reason key (`notify-reason-*`)."""

    to: str
    language: str
    number: str
    reason: str  # e.g. "emergency", "new-report", "deadline", "incident-record"
    # An emergency alert also says where to go and where to read (never what happened): the
    # event and the place the reporter named, and the case on the desk. A reporter's notice
    # carries the link to their channel.
    event: str = ""
    place: str = ""
    link: str = ""


def compose(notice: Notice, sender: str, association: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = notice.to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    lang = notice.language
    message["Subject"] = translate(SUBJECTS.get(notice.reason, "notify-subject"), lang,
                                   number=notice.number, association=association)
    if notice.reason == "reporter-message":
        body = translate("notify-body-reporter", lang, number=notice.number,
                         link=notice.link, association=association)
    else:
        body = translate("notify-body", lang, number=notice.number,
                         reason=translate(f"notify-reason-{notice.reason}", lang),
                         association=association)
    if notice.reason == "emergency":
        unknown = translate("notify-emergency-not-given", lang)
        body = translate("notify-emergency-details", lang, event=notice.event or unknown,
                         place=notice.place or unknown,
                         link=notice.link or unknown) + "\n\n" + body
    message.set_content(body)
    return message


#: Subjects other than the usual "case needs your attention".
SUBJECTS = {"emergency": "notify-subject-emergency", "reporter-message": "notify-subject-reporter"}


def desk_link(public_url: str, number: str) -> str:
    """The case on the desk (the reader logs in first): where an alert's reader goes."""
    return f"{public_url.rstrip('/')}/desk/case/{number}"


def send(mail: Mail, association: str, notices: list[Notice]) -> None:
    """Send every notice over one SMTP connection; a failure names no content."""
    deliver(mail, [compose(notice, mail.sender, association) for notice in notices])


#: Inside `rehearsal()` (a dry run) messages are kept here instead of sent.
_rehearsed: ContextVar[list[EmailMessage] | None] = ContextVar("rehearsed", default=None)


@contextmanager
def rehearsal() -> Iterator[list[EmailMessage]]:
    """Nothing leaves inside this block: what would be sent is collected in the list."""
    kept: list[EmailMessage] = []
    token = _rehearsed.set(kept)
    try:
        yield kept
    finally:
        _rehearsed.reset(token)


def deliver(mail: Mail, messages: list[EmailMessage]) -> None:
    """Send composed messages over one SMTP connection; a failure names no content."""
    if not messages:
        return
    kept = _rehearsed.get()
    if kept is not None:
        kept.extend(messages)
        return
    try:
        with smtplib.SMTP(mail.host, mail.port, timeout=30) as smtp:
            if mail.starttls:
                smtp.starttls()
            if mail.username:
                smtp.login(mail.username, os.environ.get(ENV_SMTP_PASSWORD, ""))
            for message in messages:
                smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise BvrError("notify-failed", host=mail.host, port=mail.port,
                       kind=type(error).__name__) from None
