"""`bvr remind` emails the responsible person through real SMTP: which case, never what is in
it (R-10.3, R-17.2), once per stage, and nothing on a dry run."""

from __future__ import annotations

import json
import secrets
from dataclasses import replace
from datetime import UTC, date, datetime

from bot.housekeeping.cli import remind
from bvr.config import Mail
from bvr.domain import SanctionType
from bvr.services.core import Core
from testbed.smtp import SmtpCapture
from tests.conftest import FrozenClock
from tests.housekeeping.cases import in_handling, run, sanction, set_case, set_email
from tests.services.helpers import officers, report


def _mail_to(core: Core, smtp_capture: SmtpCapture) -> str:
    core.config = replace(core.config, mail=Mail(host=smtp_capture.host, port=smtp_capture.port))
    address = f"director-{secrets.token_hex(4)}@example.org"
    set_email(core, "Director", address)
    return address


def test_R_10_3_overdue_investigation_mails_the_director_without_content(
        core: Core, clock: FrozenClock, smtp_capture: SmtpCapture) -> None:
    officers(core)
    address = _mail_to(core, smtp_capture)
    secret = f"PLANTED{secrets.token_hex(8)}"
    number = report(core, text=f"Er gebeurde iets: {secret}", respondent=secret).number
    clock.now = datetime(2026, 4, 15, 8, tzinfo=UTC)  # the month ended on 14 April

    dry = json.loads(run(remind, core, "--dry-run", "--json").stdout)
    assert dry["reminders"][0]["case"] == number and smtp_capture.sent_to(address) == []

    output = run(remind, core).output
    assert number in output and "R-10.3" in output
    mail = smtp_capture.wait_for(lambda m: address in str(m["X-Envelope-To"]))
    body = mail.get_content()
    assert number in str(mail["Subject"]) and number in body
    assert secret not in body and secret not in str(mail["Subject"])

    assert json.loads(run(remind, core, "--json").stdout)["reminders"] == []
    assert len(smtp_capture.sent_to(address)) == 1


def test_R_17_2_an_ended_sanction_mails_the_director_about_reintegration(
        core: Core, clock: FrozenClock, smtp_capture: SmtpCapture) -> None:
    officers(core)
    address = _mail_to(core, smtp_capture)
    number = in_handling(core)
    sanction(core, number, kind=SanctionType.NO_CONTACT, starts_on=date(2026, 4, 1),
             ends_on=date(2026, 10, 1))
    set_case(core, number, investigation_report_at=clock.now, decision_announced_at=clock.now)
    clock.now = datetime(2026, 10, 1, 8, tzinfo=UTC)
    run(remind, core)
    mails = [m for m in smtp_capture.sent_to(address) if number in str(m["Subject"])]
    # Two reasons by now: the appeal period ran out and the sanction ended.
    assert sorted("17.2" in m.get_content() for m in mails) == [False, True]
