"""The investigation of a case (R-10.2, R-10.3, R-12): hearings with the adviser present or
not, consultations, and the investigation report from draft through review with the parties
to its final, redacted version. Each operation is one unit of work on an opened case file.

Hearings and discussions of the draft are also recorded per party as steps
(`investigation_steps`, R-10.1 to R-10.3); the final report waits for them, or records why
it does not (`bvr.rules.investigation.may_finalise_report`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.domain import CaseStatus, Consultee, EntryKind, PartyRole
from bvr.errors import BvrError
from bvr.rules import investigation
from bvr.rules.investigation import Outcome, Step
from bvr.rules.verdict import refuse, require
from bvr.services import investigation_steps
from bvr.services.casefiles import opened
from bvr.services.casework import (
    field_text,
    log_action,
    notify_people,
    record_entry,
    require_investigator,
)
from bvr.services.content import unseal
from bvr.services.core import Core
from bvr.storage.models import Case, CaseEntry, CaseKey, Person

#: R-10.2, R-10.3: how a hearing or a discussion of the draft went.
HEARING_OUTCOMES = (Outcome.OFFERED, Outcome.HELD, Outcome.DECLINED)


def record_hearing(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                   party_role: PartyRole, heard_on: date, adviser_present: bool,
                   adviser: str, notes: str, outcome: Outcome = Outcome.HELD,
                   parties: tuple[int, ...] = ()) -> None:
    """R-10.2: every directly involved person is offered a hearing, and may bring an adviser.

    `outcome` says whether the hearing was offered (and not yet answered), held or declined;
    `heard_on` is the day of that. The notes are needed for a hearing that was held. The step
    is recorded for the party rows in `parties`, else for every party in `party_role`."""
    if outcome not in HEARING_OUTCOMES:
        raise BvrError("web-field-choice", field="outcome")
    held = outcome is Outcome.HELD
    if held and adviser_present and not adviser.strip():
        raise BvrError("web-hearing-adviser-name")
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_investigator(session, core, person, case)
        chosen = investigation_steps.targets(session, case, party_role, parties)
        investigation_steps.record(session, core.now(), person, case, chosen, Step.HEARING,
                                   outcome)
        record_entry(session, core, person, case, data_key, EntryKind.HEARING, {
            "party_role": party_role.value, "outcome": outcome.value,
            "heard_on": heard_on.isoformat(),
            "adviser_present": held and adviser_present,
            "adviser": adviser if held and adviser_present else "",
            "notes": field_text(notes, required=held)})


def record_consultation(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                        consultee: Consultee, summary: str) -> None:
    """R-12: a consultation with WMF Trust & Safety, Legal, an ArbCom, the U4C, ..."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_investigator(session, core, person, case)
        record_entry(session, core, person, case, data_key, EntryKind.CONSULTATION, {
            "consultee": consultee.value, "summary": field_text(summary)})


def _report_stages(session: Session, case: Case, data_key: bytes) -> list[dict[str, Any]]:
    stages = []
    for entry in session.scalars(select(CaseEntry).where(
            CaseEntry.case_id == case.id,
            CaseEntry.kind == EntryKind.INVESTIGATION_REPORT).order_by(CaseEntry.id)):
        stages.append(unseal(data_key, entry.ciphertext))
    return stages


def draft_report(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                 findings: str, redacted: str) -> None:
    """R-10.3: the investigation report in its fixed format: the full findings, and the
    redacted version the parties will see (privacy protected, R-13.2)."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_investigator(session, core, person, case)
        if case.status is not CaseStatus.IN_HANDLING:
            raise BvrError("web-report-needs-handling")
        if case.investigation_report_at is not None:
            raise BvrError("web-report-final-already")
        record_entry(session, core, person, case, data_key, EntryKind.INVESTIGATION_REPORT, {
            "stage": "draft", "findings": field_text(findings), "redacted": field_text(redacted)})


def review_draft(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                 party_role: PartyRole, comments: str, outcome: Outcome = Outcome.HELD,
                 parties: tuple[int, ...] = ()) -> None:
    """R-10.3: the draft was discussed with a party (or offered, or declined by them); their
    comments are recorded. The step is recorded for the party rows in `parties`, else for
    every party in `party_role`."""
    if outcome not in HEARING_OUTCOMES:
        raise BvrError("web-field-choice", field="outcome")
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_investigator(session, core, person, case)
        stages = _report_stages(session, case, data_key)
        if not stages or stages[-1]["stage"] not in {"draft", "review"}:
            raise BvrError("web-report-no-draft")
        chosen = investigation_steps.targets(session, case, party_role, parties)
        investigation_steps.record(session, core.now(), person, case, chosen,
                                   Step.DRAFT_DISCUSSED, outcome)
        record_entry(session, core, person, case, data_key, EntryKind.INVESTIGATION_REPORT, {
            "stage": "review", "party_role": party_role.value, "outcome": outcome.value,
            "comments": field_text(comments, required=False)})


def finalise_report(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                    steps_reason: str = "") -> None:
    """R-10.3: the latest draft, discussed with the parties, becomes the final report; it goes
    to whoever may impose the sanction (they are told), and R-11.6 starts counting.

    Every directly involved party was informed (R-10.1), offered a hearing that was held or
    declined (R-10.2) and shown the draft (R-10.3) first (`investigation.missing_steps`), or
    `steps_reason` says why the report is final without it; the reason is kept in the file."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_investigator(session, core, person, case)
        if case.investigation_report_at is not None:
            raise BvrError("web-report-final-already")
        stages = _report_stages(session, case, data_key)
        drafts = [i for i, s in enumerate(stages) if s["stage"] == "draft"]
        if not drafts:
            raise BvrError("web-report-no-draft")
        reason = field_text(steps_reason, required=False).strip()
        if not reason and not any(s["stage"] == "review" for s in stages[drafts[-1]:]):
            require(refuse("R-10.3", "web-report-not-reviewed"))
        missing = investigation_steps.missing(session, case)
        require(investigation.may_finalise_report(missing, reason))
        case.investigation_report_at = core.now()
        content: dict[str, Any] = {"stage": "final", "draft_index": drafts[-1]}
        if reason:
            content |= {"steps_reason": reason, "steps_missing": len(missing)}
            log_action(session, core, person, "report-final-without-steps", case,
                       f"missing:{len(missing)}")
        record_entry(session, core, person, case, data_key, EntryKind.INVESTIGATION_REPORT,
                     content)
        deciders = [p for p in session.scalars(select(Person).join(
            CaseKey, CaseKey.person_id == Person.id).where(CaseKey.case_id == case.id))
            if p.id != person.id]
        number = case.address
    notify_people(core, deciders, number, "message")
