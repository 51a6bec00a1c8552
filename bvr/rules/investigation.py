"""The steps of an investigation before its final report: R-10.1, R-10.2 and R-10.3.

- R-10.1: "De melder, de mogelijke overtreder en andere direct betrokkenen worden geinformeerd
  over het proces van onderzoek, de personen die het onderzoek zullen uitvoeren en het
  tijdspad." A duty, with a due date (`deadlines.information_due`) that the deadlines page and
  the reminders chase.
- R-10.2: "Iedereen die direct bij het incident betrokken is zal in staat worden gesteld om hun
  visie te geven." Every directly involved person is offered a hearing; the file records
  whether it was offered, held or declined.
- R-10.3: "Het rapport wordt in concept besproken met de melder, de mogelijke overtreder en
  eventuele andere direct betrokkenen." The draft is discussed with each of them (or they
  declined to discuss it).

Who is "directly involved": the reporter, the victim, the respondent and the other involved
people (`PartyRole.OTHER`); the same people who may appeal (R-16.1, `appeals.MAY_APPEAL`). A
witness saw the incident but is not a party to it, so a witness is heard when the
investigator wants to, not as a right.

The steps are counted per party of the case file (one person in one role). A reporter who is
also the victim has two party rows; the desk lets the investigator tick both when recording a
step with that person.

A step is done when it was held (or given, for information) or declined by the person. A
hearing that was only offered is still missing: the investigator may go on without it, but then
the final report records why (`may_finalise_report`). These facts are plain ids, roles and
dates: no key is needed to know what is missing, so the unattended reminders can chase it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bvr.domain import PartyRole
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: R-10.1 to R-10.3 (with R-16.1): the parties who are informed, heard and shown the draft.
DIRECTLY_INVOLVED = frozenset({PartyRole.REPORTER, PartyRole.VICTIM, PartyRole.RESPONDENT,
                               PartyRole.OTHER})


class Step(StrEnum):
    """What is recorded for one party. Stored values: never rename one."""

    INFORMED_PROCESS = "informed_process"
    INFORMED_INVESTIGATORS = "informed_investigators"
    INFORMED_TIMELINE = "informed_timeline"
    HEARING = "hearing"
    DRAFT_DISCUSSED = "draft_discussed"


class Outcome(StrEnum):
    """How a step went. Stored values: never rename one."""

    DONE = "done"  # information given
    OFFERED = "offered"  # a hearing or a discussion offered, no answer yet
    HELD = "held"  # the hearing or the discussion took place
    DECLINED = "declined"  # the person did not want it


#: R-10.1: the three things every directly involved party is told.
INFORMATION = (Step.INFORMED_PROCESS, Step.INFORMED_INVESTIGATORS, Step.INFORMED_TIMELINE)
#: What the topics of `casework.inform_party` count as.
TOPIC_STEPS = {"process": Step.INFORMED_PROCESS, "investigators": Step.INFORMED_INVESTIGATORS,
               "timeline": Step.INFORMED_TIMELINE}


class Missing(StrEnum):
    """A duty not yet met for one party, as the desk lists it."""

    INFORMATION = "information"
    HEARING = "hearing"  # nothing recorded
    HEARING_OFFERED = "hearing_offered"  # offered, neither held nor declined
    DRAFT = "draft"  # nothing recorded
    DRAFT_OFFERED = "draft_offered"  # offered, neither held nor declined


#: The requirement each missing step comes from.
RULE_OF = {Missing.INFORMATION: "R-10.1", Missing.HEARING: "R-10.2",
           Missing.HEARING_OFFERED: "R-10.2", Missing.DRAFT: "R-10.3",
           Missing.DRAFT_OFFERED: "R-10.3"}

_SETTLED = frozenset({Outcome.DONE, Outcome.HELD, Outcome.DECLINED})


@dataclass(frozen=True)
class PartyFact:
    """One party of the case: its row id and its role (no name)."""

    party_id: int
    role: PartyRole


@dataclass(frozen=True)
class StepRecord:
    """One recorded step for one party."""

    party_id: int
    step: Step
    outcome: Outcome
    at: datetime


@dataclass(frozen=True)
class MissingStep:
    party_id: int
    role: PartyRole
    missing: Missing

    @property
    def rule(self) -> str:
        return RULE_OF[self.missing]


def directly_involved(parties: Iterable[PartyFact]) -> list[PartyFact]:
    """The parties the steps are owed to, in the order given."""
    return [p for p in parties if p.role in DIRECTLY_INVOLVED]


def step_state(records: Collection[StepRecord], party_id: int, step: Step) -> Outcome | None:
    """The step's outcome for the party: settled wins over offered, the latest settled last."""
    found = [r for r in records if r.party_id == party_id and r.step is step]
    settled = [r for r in found if r.outcome in _SETTLED]
    if settled:
        return max(settled, key=lambda r: r.at).outcome
    return Outcome.OFFERED if found else None


def missing_steps(parties: Iterable[PartyFact], records: Collection[StepRecord],
                  *, draft_exists: bool = True) -> tuple[MissingStep, ...]:
    """R-10.1 to R-10.3: what is still to be done before the final report, per party.

    Before there is a draft (`draft_exists` false) its discussion is not yet due and is left
    out, so the desk shows only what can be done now."""
    found: list[MissingStep] = []
    for party in directly_involved(parties):
        if any(step_state(records, party.party_id, s) is None for s in INFORMATION):
            found.append(MissingStep(party.party_id, party.role, Missing.INFORMATION))
        hearing = step_state(records, party.party_id, Step.HEARING)
        if hearing is None:
            found.append(MissingStep(party.party_id, party.role, Missing.HEARING))
        elif hearing is Outcome.OFFERED:
            found.append(MissingStep(party.party_id, party.role, Missing.HEARING_OFFERED))
        if draft_exists:
            draft = step_state(records, party.party_id, Step.DRAFT_DISCUSSED)
            if draft is None:
                found.append(MissingStep(party.party_id, party.role, Missing.DRAFT))
            elif draft is Outcome.OFFERED:
                found.append(MissingStep(party.party_id, party.role, Missing.DRAFT_OFFERED))
    return tuple(found)


def informed_at(parties: Iterable[PartyFact], records: Collection[StepRecord]) -> datetime | None:
    """R-10.1: when the last directly involved party had been told the process, the
    investigators and the timeline; None while someone has not. A case without directly
    involved parties on file (an anonymous report about nobody named) owes no one: None too,
    and `information_owed` says so."""
    moments: list[datetime] = []
    for party in directly_involved(parties):
        for step in INFORMATION:
            given = [r.at for r in records if r.party_id == party.party_id and r.step is step
                     and r.outcome is Outcome.DONE]
            if not given:
                return None
            moments.append(min(given))
    return max(moments) if moments else None


def information_owed(parties: Iterable[PartyFact]) -> bool:
    """R-10.1: whether anyone is owed the information (someone directly involved is known)."""
    return bool(directly_involved(parties))


def may_record_step(party: PartyFact, step: Step, outcome: Outcome) -> Verdict:
    """R-10.1 to R-10.3: whether this outcome of this step can be recorded for this party."""
    if party.role not in DIRECTLY_INVOLVED and step is not Step.HEARING:
        # A witness may be heard (R-10.2 does not forbid it), but is not owed the rest.
        return refuse("R-10.2", "rules-investigation-not-directly-involved")
    if step in INFORMATION and outcome is not Outcome.DONE:
        return refuse("R-10.1", "rules-investigation-information-outcome")
    if step not in INFORMATION and outcome is Outcome.DONE:
        return refuse(RULE_OF[Missing.HEARING if step is Step.HEARING else Missing.DRAFT],
                      "rules-investigation-step-outcome")
    return ALLOWED


def may_finalise_report(missing: Collection[MissingStep], reason: str) -> Verdict:
    """R-10.1 to R-10.3: the final report waits until every directly involved party was
    informed, offered a hearing (held or declined) and shown the draft (discussed or
    declined); without that it needs a recorded reason (someone cannot be reached, a party
    does not answer). The refusal cites the first step still missing."""
    if not missing or reason.strip():
        return ALLOWED
    first = next(iter(missing))
    return refuse(first.rule, "rules-investigation-steps-missing", num=len(missing))
