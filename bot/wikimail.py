"""Wiki email from the bot's account (`action=emailuser`), for every job that writes to people:
intake tells a reporter the case number, `bvr acks` reminds a signer.

Wiki email rather than our own SMTP: the wiki knows its users' addresses, so we never store
them. It needs the bot's `sendemail` grant and a confirmed address on both sides. A person
the wiki cannot reach is an answer (`False`), not an error; an account of ours that cannot
send is the operator's to fix (`BotCannotEmail`, which says how).
"""

from __future__ import annotations

from typing import Any

from bvr.errors import BvrError

# The person cannot be reached: no confirmed address, wiki email off, no such account.
UNREACHABLE = frozenset({"noemail", "nowikiemail", "usermaildisabled", "notarget"})
# The bot's own account cannot send: no confirmed address, no email right, blocked from email.
BOT_CANNOT_SEND = frozenset({"cantsend", "mailnologin", "blockedfrommail", "permissiondenied"})


class BotCannotEmail(BvrError):
    """The wiki refused to send from the bot's account; `code` is the API's error code."""

    def __init__(self, code: str) -> None:
        super().__init__("bot-cannot-email", code=code)
        self.code = code


def send(site: Any, username: str, subject: str, text: str) -> bool:
    """Email `username` through the wiki (one request); False when the wiki cannot reach them.
    Raises `BotCannotEmail` when the bot's own account cannot send."""
    from pywikibot.exceptions import APIError

    try:
        site.simple_request(action="emailuser", target=username, subject=subject, text=text,
                            token=site.tokens["csrf"]).submit()
    except APIError as error:
        if error.code in UNREACHABLE:
            return False
        if error.code in BOT_CANNOT_SEND:
            raise BotCannotEmail(str(error.code)) from None
        raise
    return True
