"""Which deadlines and ended sanctions the reminder job chases (R-7.4, R-10.3, R-11.6, R-16.3,
R-17.1, R-17.2),
with frozen clocks around every boundary, across leap days and summer time, in the
association's time zone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from bvr.domain import EntryKind, PartyRole, SanctionType
from bvr.services import casefiles, housekeeping, support
from bvr.services.core import Core
from bvr.services.housekeeping import Reminder
from tests.conftest import FrozenClock
from tests.housekeeping.cases import in_handling, sanction, set_case
from tests.services.helpers import officers, report, unlock


def _due(core: Core) -> list[tuple[str, str, str, date]]:
    return [(r.number, r.rule, r.stage, r.due_on) for r in housekeeping.due_reminders(core)]


def _only(core: Core) -> Reminder:
    (reminder,) = housekeeping.due_reminders(core)
    return reminder


def test_R_10_3_investigation_report_due_one_month_after_receipt_across_a_leap_day(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2028, 1, 31, 22, 30, tzinfo=UTC)  # 31 Jan, 23:30 in Amsterdam
    number = report(core).number
    clock.now = datetime(2028, 2, 20, 10, tzinfo=UTC)
    assert _due(core) == []  # more than a week left
    clock.now = datetime(2028, 2, 23, 10, tzinfo=UTC)
    assert _due(core) == [(number, "R-10.3", "due_soon", date(2028, 2, 29))]
    housekeeping.mark_sent(core, housekeeping.due_reminders(core))
    assert _due(core) == []  # reminded once per stage
    clock.now = datetime(2028, 2, 29, 22, 59, 59, tzinfo=UTC)  # last second of 29 Feb
    assert _due(core) == []
    clock.now = datetime(2028, 2, 29, 23, 0, 1, tzinfo=UTC)
    assert _due(core) == [(number, "R-10.3", "overdue", date(2028, 2, 29))]
    set_case(core, number, investigation_report_at=clock.now)
    assert _due(core) == []  # the report is done: starts, far from due


def test_R_10_3_the_month_is_counted_in_the_association_time_zone(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 1 April, 00:30 in Amsterdam
    report(core)
    clock.now = datetime(2026, 5, 1, 6, tzinfo=UTC)  # 1 May, 08:00 in Amsterdam
    assert _only(core).stage == "due_soon"  # due at the end of 1 May
    core.config = replace(core.config, timezone="UTC")  # an affiliate on UTC: due 30 April
    assert (_only(core).stage, _only(core).due_on) == ("overdue", date(2026, 4, 30))


def test_R_11_6_sanction_communicated_within_six_weeks_of_the_report_over_summer_time(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    number = in_handling(core)
    set_case(core, number, investigation_report_at=clock.now)  # 14 March, winter time
    clock.now = datetime(2026, 4, 25, 21, 59, 59, tzinfo=UTC)  # 23:59:59 summer time
    assert _due(core) == [(number, "R-11.6", "due_soon", date(2026, 4, 25))]
    clock.now = datetime(2026, 4, 25, 22, 0, 1, tzinfo=UTC)
    assert _due(core) == [(number, "R-11.6", "overdue", date(2026, 4, 25))]
    set_case(core, number, decision_announced_at=clock.now)
    assert _due(core) == []


def test_R_16_3_the_handler_hears_when_the_appeal_period_ran_out(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    number = in_handling(core)
    sanction(core, number)  # decided
    set_case(core, number, investigation_report_at=clock.now, decision_announced_at=clock.now)
    clock.now = datetime(2026, 5, 9, 12, tzinfo=UTC)  # last day: the parties' time, not ours
    assert _due(core) == []
    clock.now = datetime(2026, 5, 9, 22, 0, 1, tzinfo=UTC)  # 10 May in Amsterdam
    assert _due(core) == [(number, "R-16.3", "overdue", date(2026, 5, 9))]


def test_R_17_2_an_ended_sanction_prompts_reintegration_once(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    number = in_handling(core)
    sanction(core, number, kind=SanctionType.NO_CONTACT, starts_on=date(2026, 4, 1),
             ends_on=date(2026, 10, 1))
    set_case(core, number, investigation_report_at=clock.now, decision_announced_at=clock.now)
    clock.now = datetime(2026, 9, 30, 21, 59, tzinfo=UTC)  # 23:59 on 30 Sept in Amsterdam
    assert [r for r in _due(core) if r[1] == "R-17.2"] == []
    clock.now = datetime(2026, 9, 30, 22, 0, 1, tzinfo=UTC)  # 1 October: no longer in force
    ended = [r for r in housekeeping.due_reminders(core) if r.rule == "R-17.2"]
    assert [(r.number, r.stage, r.due_on, r.reason) for r in ended] == [
        (number, "ended", date(2026, 10, 1), "sanction-ended")]
    housekeeping.mark_sent(core, ended)
    clock.now = datetime(2026, 12, 1, tzinfo=UTC)
    assert [r for r in _due(core) if r[1] == "R-17.2"] == []


def test_R_17_2_a_warning_never_ends_and_asks_nothing(core: Core, clock: FrozenClock) -> None:
    officers(core)
    number = in_handling(core)
    sanction(core, number)
    set_case(core, number, investigation_report_at=clock.now, decision_announced_at=clock.now)
    clock.now = datetime(2026, 4, 1, tzinfo=UTC)
    assert _due(core) == []


def test_R_10_1_reminders_go_to_the_board_member_bvr_when_staff_is_involved(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    report(core, respondent="Director")
    clock.now = datetime(2026, 4, 20, tzinfo=UTC)
    assert [p.username for p in _only(core).recipients] == ["Board bvr"]


def test_R_10_3_the_director_is_reminded_of_an_ordinary_case(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    report(core)
    clock.now = datetime(2026, 4, 20, tzinfo=UTC)
    assert [p.username for p in _only(core).recipients] == ["Director"]


def test_R_7_4_a_report_pending_longer_than_configured_reminds_the_handler_once(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    waiting = report(core, anonymous=True, parties=()).number
    assert waiting.startswith("P-")  # no case number while pending
    clock.now = datetime(2026, 3, 30, 21, 59, tzinfo=UTC)  # 23:59 on 30 March, summer time
    assert _due(core) == []  # no either: a pending report is not a case file yet
    clock.now = datetime(2026, 3, 30, 22, 0, 1, tzinfo=UTC)
    reminders = housekeeping.due_reminders(core)
    assert [(r.number, r.rule, r.stage, r.due_on, r.reason) for r in reminders] == [
        (waiting, "R-7.4", "overdue", date(2026, 3, 30), "deadline")]
    assert [r.username for r in reminders[0].recipients] == ["Director"]
    housekeeping.mark_sent(core, reminders)
    clock.now = datetime(2026, 9, 1, tzinfo=UTC)
    assert _due(core) == []  # once: a prompt, never a deadline that destroys


def test_R_17_1_no_support_recorded_two_weeks_after_handling_reminds_once(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    number = in_handling(core, supported=False)
    clock.now = datetime(2026, 3, 16, 22, 59, tzinfo=UTC)  # 23:59 on 16 March, winter time
    assert [r for r in _due(core) if r[1] == "R-17.1"] == []
    clock.now = datetime(2026, 3, 16, 23, 0, 1, tzinfo=UTC)
    reminders = [r for r in housekeeping.due_reminders(core) if r.rule == "R-17.1"]
    assert [(r.number, r.stage, r.due_on) for r in reminders] == [
        (number, "overdue", date(2026, 3, 16))]
    housekeeping.mark_sent(core, reminders)
    assert [r for r in _due(core) if r[1] == "R-17.1"] == []  # once


def test_R_17_1_support_recorded_asks_nothing(core: Core, clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    number = in_handling(core, supported=False)
    support.record_support(core, number, "Director", unlock(core, "Director"),
                           party_role=PartyRole.VICTIM, offered="Begeleiding bij de volgende "
                           "bijeenkomst", accepted=False)
    clock.now = datetime(2026, 6, 1, tzinfo=UTC)
    assert [r for r in _due(core) if r[1] == "R-17.1"] == []
    view = casefiles.open_case(core, number, "Director", unlock(core, "Director"))
    (entry,) = [e for e in view.entries if e.kind is EntryKind.SUPPORT]
    assert entry.content == {"party_role": "victim", "accepted": False,
                             "offered": "Begeleiding bij de volgende bijeenkomst"}
