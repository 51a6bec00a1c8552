"""Alerts of a scheduled re-check: *that* participants' outcomes changed, never who or how.

Sent to the director and the board member BVR (who alone can read the stored run), over the
configured SMTP server, in each recipient's language. Like `bvr.notify`, the message carries
no name and no finding: the reader opens the run on the case desk or with `bvr screening show`.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from bvr import notify
from bvr.config import Config
from bvr.i18n import translate


def compose(config: Config, to: str, lang: str, changed: int, run_id: int) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.mail.sender
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=config.mail.sender.rpartition("@")[2] or None)
    message["Subject"] = translate("screening-alert-subject", lang,
                                   association=config.association)
    message.set_content(translate("screening-alert-body", lang, num=changed, run=run_id,
                                  association=config.association))
    return message


def send(config: Config, recipients: list[tuple[str, str]], changed: int, run_id: int) -> None:
    notify.deliver(config.mail, [compose(config, to, lang, changed, run_id)
                                 for to, lang in recipients])
