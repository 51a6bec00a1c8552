"""R-10.1 to R-10.3: what an investigation owes every directly involved party before its final
report, and when the information duty of R-10.1 is due (`bvr.rules.investigation`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bvr.config import Periods
from bvr.domain import PartyRole
from bvr.rules import investigation
from bvr.rules.deadlines import DeadlineStatus, deadline_status, information_due
from bvr.rules.investigation import (
    Missing,
    Outcome,
    PartyFact,
    Step,
    StepRecord,
    informed_at,
    may_finalise_report,
    may_record_step,
    missing_steps,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
T0 = datetime(2026, 3, 14, 10, 0, tzinfo=UTC)
REPORTER, VICTIM, RESPONDENT, WITNESS = (PartyFact(1, PartyRole.REPORTER),
                                         PartyFact(2, PartyRole.VICTIM),
                                         PartyFact(3, PartyRole.RESPONDENT),
                                         PartyFact(4, PartyRole.WITNESS))
PARTIES = (REPORTER, VICTIM, RESPONDENT, WITNESS)


def _told(party: PartyFact, *steps: Step, at: datetime = T0) -> list[StepRecord]:
    return [StepRecord(party.party_id, s, Outcome.DONE, at) for s in steps]


def _all_done(party: PartyFact, at: datetime = T0) -> list[StepRecord]:
    return [*_told(party, *investigation.INFORMATION, at=at),
            StepRecord(party.party_id, Step.HEARING, Outcome.HELD, at),
            StepRecord(party.party_id, Step.DRAFT_DISCUSSED, Outcome.HELD, at)]


def _missing(records: list[StepRecord], **kw: bool) -> set[tuple[int, Missing]]:
    return {(m.party_id, m.missing) for m in missing_steps(PARTIES, records, **kw)}


def test_R_10_1_every_directly_involved_party_is_owed_the_information() -> None:
    # Nothing done: reporter, victim and respondent each miss all three steps; the witness
    # is not directly involved (as for appeals, R-16.1) and owed none of them.
    assert _missing([]) == {(p.party_id, m) for p in (REPORTER, VICTIM, RESPONDENT)
                            for m in (Missing.INFORMATION, Missing.HEARING, Missing.DRAFT)}
    # Told the process and the timeline, but not who investigates: still missing.
    partly = _told(REPORTER, Step.INFORMED_PROCESS, Step.INFORMED_TIMELINE)
    assert (1, Missing.INFORMATION) in _missing(partly)
    whole = _told(REPORTER, *investigation.INFORMATION)
    assert (1, Missing.INFORMATION) not in _missing(whole)


def test_R_10_1_informed_at_is_when_the_last_party_was_told_everything() -> None:
    records = [*_told(REPORTER, *investigation.INFORMATION, at=T0),
               *_told(VICTIM, *investigation.INFORMATION, at=T0 + timedelta(days=2)),
               *_told(RESPONDENT, Step.INFORMED_PROCESS, Step.INFORMED_TIMELINE,
                      at=T0 + timedelta(days=1))]
    assert informed_at(PARTIES, records) is None  # the respondent does not know who investigates
    records += _told(RESPONDENT, Step.INFORMED_INVESTIGATORS, at=T0 + timedelta(days=3))
    assert informed_at(PARTIES, records) == T0 + timedelta(days=3)
    # Nobody directly involved on file: nobody is owed it, and nothing is chased.
    assert not investigation.information_owed([WITNESS])


def test_R_10_1_information_is_due_a_configurable_time_after_taking_into_handling() -> None:
    taken = datetime(2026, 3, 14, 22, 30, tzinfo=UTC)  # 23:30 in Amsterdam, the 14th
    due = information_due(taken, AMSTERDAM)
    assert due.date().isoformat() == "2026-03-21" and due.tzinfo is AMSTERDAM
    assert information_due(taken, AMSTERDAM, Periods(information_weeks=2)).day == 28
    assert deadline_status(due, due + timedelta(seconds=1)) is DeadlineStatus.OVERDUE
    assert deadline_status(due, due, done_at=due - timedelta(days=1)) is DeadlineStatus.MET


def test_R_10_2_a_hearing_only_offered_is_still_missing_held_or_declined_settles_it() -> None:
    offered = [StepRecord(3, Step.HEARING, Outcome.OFFERED, T0)]
    assert (3, Missing.HEARING_OFFERED) in _missing(offered)
    for settled in (Outcome.HELD, Outcome.DECLINED):
        later = [*offered, StepRecord(3, Step.HEARING, settled, T0 + timedelta(days=1))]
        assert not {m for p, m in _missing(later) if p == 3} & {Missing.HEARING,
                                                                 Missing.HEARING_OFFERED}
    # Offered again after a refusal does not undo it: the refusal stands.
    again = [StepRecord(3, Step.HEARING, Outcome.DECLINED, T0),
             StepRecord(3, Step.HEARING, Outcome.OFFERED, T0 + timedelta(days=1))]
    assert (3, Missing.HEARING_OFFERED) not in _missing(again)


def test_R_10_2_a_witness_may_be_heard_but_is_owed_nothing_else() -> None:
    assert may_record_step(WITNESS, Step.HEARING, Outcome.HELD)
    for step in (Step.INFORMED_PROCESS, Step.DRAFT_DISCUSSED):
        verdict = may_record_step(WITNESS, step, Outcome.DONE if step in
                                  investigation.INFORMATION else Outcome.HELD)
        assert (verdict.rule, verdict.reason) == (
            "R-10.2", "rules-investigation-not-directly-involved")


@pytest.mark.parametrize(("step", "outcome", "rule", "reason"), [
    (Step.INFORMED_TIMELINE, Outcome.DECLINED, "R-10.1", "rules-investigation-information-outcome"),
    (Step.HEARING, Outcome.DONE, "R-10.2", "rules-investigation-step-outcome"),
    (Step.DRAFT_DISCUSSED, Outcome.DONE, "R-10.3", "rules-investigation-step-outcome"),
])
def test_R_10_1_to_R_10_3_outcomes_that_do_not_fit_the_step_are_refused(
        step: Step, outcome: Outcome, rule: str, reason: str) -> None:
    verdict = may_record_step(RESPONDENT, step, outcome)
    assert (verdict.allowed, verdict.rule, verdict.reason) == (False, rule, reason)


def test_R_10_3_the_draft_is_discussed_with_each_party_once_there_is_a_draft() -> None:
    records = [r for p in (REPORTER, VICTIM, RESPONDENT) for r in _all_done(p)
               if r.step is not Step.DRAFT_DISCUSSED]
    assert _missing(records, draft_exists=False) == set()  # nothing to discuss yet
    assert _missing(records) == {(p.party_id, Missing.DRAFT)
                                 for p in (REPORTER, VICTIM, RESPONDENT)}
    records += [StepRecord(1, Step.DRAFT_DISCUSSED, Outcome.HELD, T0),
                StepRecord(2, Step.DRAFT_DISCUSSED, Outcome.DECLINED, T0),
                StepRecord(3, Step.DRAFT_DISCUSSED, Outcome.OFFERED, T0)]
    assert _missing(records) == {(3, Missing.DRAFT_OFFERED)}


def test_R_10_3_a_final_report_without_the_steps_needs_a_recorded_reason() -> None:
    missing = missing_steps(PARTIES, _all_done(REPORTER) + _all_done(VICTIM))
    assert len(missing) == 3  # the respondent: information, hearing, draft
    refused = may_finalise_report(missing, "  ")
    assert (refused.allowed, refused.rule, refused.reason, refused.params) == (
        False, "R-10.1", "rules-investigation-steps-missing", {"num": 3})
    assert may_finalise_report(missing, "The respondent cannot be reached: no address.")
    everything = [r for p in (REPORTER, VICTIM, RESPONDENT) for r in _all_done(p)]
    assert may_finalise_report(missing_steps(PARTIES, everything), "")
    # The refusal names the first step still missing.
    only_hearing = [r for r in everything if not (r.party_id == 3 and r.step is Step.HEARING)]
    assert may_finalise_report(missing_steps(PARTIES, only_hearing), "").rule == "R-10.2"
