"""The deadlines view (R-10.3, R-11.6, R-16.3, and R-7.4's confirmation window): what is due
or overdue in the case files the person may open, soonest first, moving with the clock."""

from __future__ import annotations

import re
from datetime import datetime

from bvr.domain import DecisionBody, PartyRole, SanctionType
from bvr.i18n import translate
from bvr.rules import anonymous, deadlines
from bvr.services import casework_investigation
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import Desk, DeskClient

ROW = re.compile(r'<tr class="(\w+)"><td><a href="[^"]+">([^<]+)</a></td><td>([^<]+)</td>'
                 r"<td>([\d-]+)</td>")


def _rows(client: DeskClient) -> set[tuple[str, str, str, str]]:
    """(case number, deadline, due date, state) as the view shows them."""
    page = client.get("/desk/deadlines")
    assert page.status_code == 200
    return {(number, what, due, state)
            for state, number, what, due in ROW.findall(page.get_data(as_text=True))}


def test_R_10_1_R_10_3_R_11_6_R_16_3_the_deadlines_view(desk: Desk) -> None:
    core, zone, periods = desk.core, desk.core.config.zone, desk.core.config.periods
    received = desk.clock.now
    waiting = desk.file("Anonymous, not yet confirmed.", anonymous=True)
    fresh = scenario.in_handling(desk)
    reported = scenario.in_handling(desk, offender="Mallet")
    dora_key = scenario.key(core, "Dora")
    desk.clock.advance(days=20)
    casework_investigation.draft_report(core, reported, "Dora", dora_key, findings="All.",
                                        redacted="Some.")
    casework_investigation.review_draft(core, reported, "Dora", dora_key,
                                        party_role=PartyRole.RESPONDENT, comments="")
    casework_investigation.finalise_report(core, reported, "Dora", dora_key,
                                           steps_reason="Only the deadlines matter here.")
    report_done = desk.clock.now
    announced = scenario.decided(desk, "Dora", DecisionBody.DIRECTOR_OR_BOARD_BVR,
                                 SanctionType.NO_CONTACT, offender="Mallory")
    announced_at = desk.clock.now

    def label(rule: str) -> str:
        return translate(f"web-deadline-{rule}", "en")

    def state(name: deadlines.DeadlineStatus) -> str:
        return name.value

    def day(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d")

    investigation = deadlines.investigation_report_due(received, zone, periods)
    expected = {
        (waiting, label("R-7.4"), day(anonymous.reminder_due(received, zone, periods)),
         state(deadlines.deadline_status(anonymous.reminder_due(received, zone, periods),
                                         desk.clock.now))),
        (fresh, label("R-10.3"), day(investigation),
         state(deadlines.deadline_status(investigation, desk.clock.now))),
        # R-10.1: nobody told `fresh`'s respondent how, by whom and by when: overdue.
        (fresh, label("R-10.1"), day(deadlines.information_due(received, zone, periods)),
         "overdue"),
        (reported, label("R-11.6"), day(deadlines.sanction_communication_due(
            report_done, zone, periods)), "pending"),
        (announced, label("R-16.3"), day(deadlines.appeal_due(announced_at, zone, periods)),
         "pending"),
    }
    dora = desk.login("Dora")
    assert _rows(dora) == expected  # the met of `reported` is left out
    assert desk.login("Bea").get("/desk/deadlines").status_code == 200

    # A month and more later, the investigation report of `fresh` is overdue.
    desk.clock.advance(days=15)
    dora = desk.login("Dora")  # the old session timed out meanwhile, on the same clock
    rows = _rows(dora)
    assert (fresh, label("R-10.3"), day(investigation), "overdue") in rows
    page = dora.get("/desk/deadlines").get_data(as_text=True)
    assert translate("web-desk-deadline-overdue", "en") in page
    # Soonest first.
    dues = [m[3] for m in ROW.findall(page)]
    assert dues == sorted(dues)

    # The board sees no deadlines of files it may not open.
    bob_page = desk.login("Bob").get("/desk/deadlines").get_data(as_text=True)
    assert translate("web-deadlines-none", "en") in bob_page
