"""The investigation steps on a real database (SQLite and MariaDB): informing the parties is a
duty with a due date that the deadlines page and the reminders chase (R-10.1); every directly
involved person is offered a hearing, recorded as offered, held or declined (R-10.2); the draft
is discussed with each of them (R-10.3); the final report waits for these steps or records why
it goes ahead without them."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot.housekeeping.cli import retention
from bvr.cli import main
from bvr.config import ENV_BLIND_INDEX_KEY
from bvr.domain import CaseStatus, EntryKind, PartyRole
from bvr.errors import BvrError
from bvr.rules import investigation
from bvr.rules.investigation import Outcome
from bvr.rules.verdict import RuleRefused
from bvr.services import (
    casefiles,
    casework,
    casework_desk,
    casework_investigation,
    decisions,
    housekeeping,
    intake,
)
from bvr.services.core import Core
from bvr.services.reports import PartyInput
from bvr.storage.models import AuditRecord, Case, Party
from bvr.storage.models_investigation import InvestigationStep
from tests.conftest import FrozenClock
from tests.housekeeping import cases
from tests.services.helpers import PASSPHRASES, officers, report, unlock

TOLD = ("process", "investigators", "timeline")


def _in_handling(core: Core, **extra: object) -> str:
    number = report(core, **extra).number
    decisions.move_case(core, number, "Director", unlock(core, "Director"),
                        CaseStatus.IN_HANDLING)
    return number


def _party_ids(core: Core, number: str) -> dict[PartyRole, list[int]]:
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        found: dict[PartyRole, list[int]] = {}
        for party in session.scalars(select(Party).where(Party.case_id == case.id)
                                     .order_by(Party.id)):
            found.setdefault(party.role, []).append(party.id)
        return found


def _final_at(core: Core, number: str) -> object:
    with core.database.transaction() as session:
        return session.scalars(select(Case.investigation_report_at).where(
            Case.number == number)).one()


def _deadline(core: Core, number: str, rule: str) -> list[casework_desk.Deadline]:
    return [d for d in casework_desk.deadline_list(core, "Director")
            if d.number == number and d.rule == rule]


def _reminded(core: Core, number: str, rule: str) -> list[housekeeping.Reminder]:
    return [r for r in housekeeping.due_reminders(core) if r.number == number and r.rule == rule]


def test_R_10_1_informing_the_parties_is_due_and_chased_until_done(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    number = _in_handling(core)
    key = unlock(core, "Director")
    [due] = _deadline(core, number, "R-10.1")
    assert due.due.date() == (clock.now + timedelta(days=7)).date()
    assert due.state.value == "pending" and not _reminded(core, number, "R-10.1")

    clock.advance(days=8)
    [late] = _deadline(core, number, "R-10.1")
    assert late.state.value == "overdue"
    [reminder] = _reminded(core, number, "R-10.1")
    assert [r.username for r in reminder.recipients] == ["Director"]

    # The reporter is told everything, the respondent two of the three: still chased.
    casework.inform_party(core, number, "Director", key, party_role=PartyRole.REPORTER,
                          topics=TOLD, text="How we investigate, who does and by when.")
    casework.inform_party(core, number, "Director", key, party_role=PartyRole.RESPONDENT,
                          topics=("process", "timeline"), text="How and by when.")
    assert _deadline(core, number, "R-10.1") and _reminded(core, number, "R-10.1")
    casework.inform_party(core, number, "Director", key, party_role=PartyRole.RESPONDENT,
                          topics=("investigators",), text="Who investigates.")
    # Done, after the due date: no more reminders; the list shows it was missed, as it does
    # for the other deadlines.
    assert _reminded(core, number, "R-10.1") == []
    [missed] = _deadline(core, number, "R-10.1")
    assert missed.state.value == "missed"


def test_R_10_1_a_witness_told_about_the_process_is_not_counted_as_a_step(core: Core) -> None:
    officers(core)
    number = _in_handling(core, parties=(PartyInput(PartyRole.WITNESS, name="Wendy"),))
    casework.inform_party(core, number, "Director", unlock(core, "Director"),
                          party_role=PartyRole.WITNESS, topics=("process",),
                          text="The case is being investigated.")
    with core.database.transaction() as session:
        assert session.scalars(select(InvestigationStep)).all() == []
    # No directly involved party on file: nobody is owed the information, nothing is chased.
    assert _deadline(core, number, "R-10.1") == []


def test_R_10_2_R_10_3_the_final_report_waits_for_the_steps_or_a_recorded_reason(
        core: Core) -> None:
    officers(core)
    number = _in_handling(core)
    key = unlock(core, "Director")
    for role in (PartyRole.REPORTER, PartyRole.RESPONDENT):
        casework.inform_party(core, number, "Director", key, party_role=role, topics=TOLD,
                              text="How, who and when.")
    casework_investigation.record_hearing(
        core, number, "Director", key, party_role=PartyRole.RESPONDENT,
        heard_on=core.now().date(), adviser_present=True, adviser="An adviser",
        notes="Their side.")
    casework_investigation.record_hearing(
        core, number, "Director", key, party_role=PartyRole.REPORTER,
        heard_on=core.now().date(), adviser_present=False, adviser="", notes="",
        outcome=Outcome.OFFERED)
    casework_investigation.draft_report(core, number, "Director", key,
                                        findings="Full findings.", redacted="Redacted.")
    casework_investigation.review_draft(core, number, "Director", key,
                                        party_role=PartyRole.RESPONDENT, comments="Agrees.")
    page = casework_desk.case_page(core, number, "Director", key)
    assert {(m.role, m.missing.value) for m in page.missing_steps} == {
        (PartyRole.REPORTER, "hearing_offered"), (PartyRole.REPORTER, "draft")}
    [reporter_row] = [s for s in page.party_steps if s.role is PartyRole.REPORTER]
    assert (reporter_row.hearing, reporter_row.draft) == (Outcome.OFFERED, None)

    with pytest.raises(RuleRefused) as refused:
        casework_investigation.finalise_report(core, number, "Director", key)
    assert (refused.value.verdict.rule, refused.value.verdict.reason,
            dict(refused.value.verdict.params)) == (
        "R-10.2", "rules-investigation-steps-missing", {"num": 2})
    assert _final_at(core, number) is None

    casework_investigation.finalise_report(
        core, number, "Director", key,
        steps_reason="The reporter did not answer three invitations.")
    assert _final_at(core, number) is not None
    view = casefiles.open_case(core, number, "Director", key)
    [final] = [e.content for e in view.entries if e.kind is EntryKind.INVESTIGATION_REPORT
               and e.content.get("stage") == "final"]
    assert final["steps_reason"] == "The reporter did not answer three invitations."
    assert final["steps_missing"] == 2
    with core.database.transaction() as session:
        [detail] = session.scalars(select(AuditRecord.detail).where(
            AuditRecord.action == "report-final-without-steps")).all()
    assert detail == "missing:2"  # the log says how many, never why


def test_R_10_2_R_10_3_one_person_in_two_roles_is_heard_once_for_both(core: Core) -> None:
    officers(core)
    number = _in_handling(core, parties=(
        PartyInput(PartyRole.REPORTER, name="Alice"), PartyInput(PartyRole.VICTIM, name="Alice"),
        PartyInput(PartyRole.RESPONDENT, username="Mallory")))
    ids = _party_ids(core, number)
    alice = (ids[PartyRole.REPORTER][0], ids[PartyRole.VICTIM][0])
    key = unlock(core, "Director")
    casework.inform_party(core, number, "Director", key, party_role=PartyRole.VICTIM,
                          topics=TOLD, text="How, who and when.", parties=alice)
    casework.inform_party(core, number, "Director", key, party_role=PartyRole.RESPONDENT,
                          topics=TOLD, text="How, who and when.")
    casework_investigation.record_hearing(
        core, number, "Director", key, party_role=PartyRole.VICTIM, heard_on=core.now().date(),
        adviser_present=False, adviser="", notes="Alice's account.", parties=alice)
    casework_investigation.record_hearing(
        core, number, "Director", key, party_role=PartyRole.RESPONDENT,
        heard_on=core.now().date(), adviser_present=False, adviser="", notes="",
        outcome=Outcome.DECLINED)
    casework_investigation.draft_report(core, number, "Director", key,
                                        findings="Full findings.", redacted="Redacted.")
    casework_investigation.review_draft(core, number, "Director", key,
                                        party_role=PartyRole.VICTIM, comments="", parties=alice)
    casework_investigation.review_draft(core, number, "Director", key,
                                        party_role=PartyRole.RESPONDENT, comments="",
                                        outcome=Outcome.DECLINED)
    assert casework_desk.case_page(core, number, "Director", key).missing_steps == ()
    casework_investigation.finalise_report(core, number, "Director", key)  # no reason needed
    assert _final_at(core, number) is not None


def test_R_10_2_bad_step_input_is_refused_and_changes_nothing(core: Core) -> None:
    officers(core)
    number = _in_handling(core)
    key = unlock(core, "Director")
    with pytest.raises(BvrError) as foreign:
        casework_investigation.record_hearing(
            core, number, "Director", key, party_role=PartyRole.REPORTER,
            heard_on=core.now().date(), adviser_present=False, adviser="", notes="x",
            parties=(999_999,))
    assert foreign.value.message.key == "web-field-choice"
    with pytest.raises(BvrError) as done:
        casework_investigation.record_hearing(
            core, number, "Director", key, party_role=PartyRole.REPORTER,
            heard_on=core.now().date(), adviser_present=False, adviser="", notes="x",
            outcome=Outcome.DONE)
    assert done.value.message.key == "web-field-choice"
    with pytest.raises(BvrError) as no_notes:  # a hearing that was held has notes
        casework_investigation.record_hearing(
            core, number, "Director", key, party_role=PartyRole.REPORTER,
            heard_on=core.now().date(), adviser_present=False, adviser="", notes=" ")
    assert no_notes.value.message.key == "web-field-required"
    with core.database.transaction() as session:
        assert session.scalars(select(InvestigationStep)).all() == []


def test_R_10_1_informing_from_the_command_line_counts_too(core: Core,
                                                           database_url: str) -> None:
    officers(core)
    number = _in_handling(core, respondent="Mallory")
    env = {"BVR_DATABASE_URL": database_url, "BVR_LANG": "en",
           ENV_BLIND_INDEX_KEY: os.environ[ENV_BLIND_INDEX_KEY]}
    told = CliRunner().invoke(main, [
        "case", "inform", number, "--as", "Director", "--stdin", "--to", "respondent",
        *(arg for topic in TOLD for arg in ("--topic", topic))],
        input=f"{PASSPHRASES['Director']}\nHow, who and by when.\n", env=env)
    assert told.exit_code == 0, told.output
    key = unlock(core, "Director")
    page = casework_desk.case_page(core, number, "Director", key)
    [respondent] = [s for s in page.party_steps
                    if s.role is PartyRole.RESPONDENT]
    assert set(respondent.informed) == set(investigation.INFORMATION)


def test_R_10_1_the_intake_acknowledgement_tells_the_reporter_the_process_and_timeline(
        core: Core) -> None:
    """The bot's email to a wiki reporter says what happens next and by when: two of the three
    things R-10.1 asks for. Who investigates is not known yet, so that stays to be done."""
    officers(core)
    filed = report(core, source_key="wiki:Melding/1")
    intake.record_filed(core, "wiki:Melding/1", filed.number, 1, "Melding/1", "nl")
    intake.mark_told(core, "wiki:Melding/1", "sent")
    key = unlock(core, "Director")
    page = casework_desk.case_page(core, filed.number, "Director", key)
    [reporter] = [s for s in page.party_steps if s.role is PartyRole.REPORTER]
    assert reporter.informed == (investigation.Step.INFORMED_PROCESS,
                                 investigation.Step.INFORMED_TIMELINE)
    with core.database.transaction() as session:
        assert session.scalars(select(InvestigationStep.recorded_by_id)).all() == [None, None]


def test_R_15_4_destruction_takes_the_investigation_steps(core: Core,
                                                        clock: FrozenClock) -> None:
    officers(core)
    number = _in_handling(core)
    key = unlock(core, "Director")
    casework.inform_party(core, number, "Director", key, party_role=PartyRole.RESPONDENT,
                          topics=TOLD, text="How, who and when.")
    casework_investigation.record_hearing(
        core, number, "Director", key, party_role=PartyRole.REPORTER,
        heard_on=core.now().date(), adviser_present=False, adviser="", notes="",
        outcome=Outcome.DECLINED)
    cases.sanction(core, number)
    cases.close(core, number)
    with core.database.transaction() as session:
        assert len(session.scalars(select(InvestigationStep)).all()) == 4
    clock.now = clock.now.replace(year=clock.now.year + 2, day=clock.now.day + 1)
    assert number in cases.run(retention, core).output
    with core.database.transaction() as session:
        assert session.scalars(select(InvestigationStep)).all() == []
