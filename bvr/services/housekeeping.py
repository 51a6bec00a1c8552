"""What the daily housekeeping jobs must chase: deadlines, ended sanctions, acknowledgements.

Everything here reads metadata only (dates, statuses, roles): no key is unlocked and no case
content is read, so an unattended job can run it. The rules decide (`bvr.rules.deadlines`,
`bvr.rules.sanctions`, `bvr.rules.acknowledgements`); this module gathers their facts from the
database and remembers which reminders went out, so a job that runs every day (or runs twice)
sends each reminder once:

- R-7.4: an anonymous report still awaits confirmation after the configured time: the handler
  confirms it or stops it (the protocol sets no limit, so this is a prompt, sent once);
- R-10.1: the directly involved parties are told the process, the investigators and the
  timeline within a week of the case being taken into handling (`investigation_steps`);
- R-10.3: the investigation report is due one month after the report was received;
- R-11.6: the sanction is communicated within six weeks of the investigation report;
- R-16.3: the appeal period (eight weeks from the announced decision) has run out, so the
  decision is final and the case can be closed; before that the period belongs to the parties
  and there is nothing for the handler to do, so only "overdue" is reminded;
- R-17.1: no support offered to the people involved is recorded some weeks
  (`periods.support_reminder_weeks`) after the case was taken into handling;
- R-17.2: a sanction ended: the person may need help to take part again;
- R-4.1 to R-4.3: who must sign the acknowledgement (roles, categories, advanced rights on the
  association wiki) and who has not signed, whose signature expires, who is not trained.

Reminders go to the person responsible for the case under R-10.1 (the handler, else the holders
of the responsible role). The email says which case and that a deadline or an ended sanction
needs attention, never anything of the case itself (`bvr.notify`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bvr import vault
from bvr.domain import INVESTIGATING_STATUSES, CaseStatus, EntryKind, Role
from bvr.errors import BvrError
from bvr.rules import acknowledgements, anonymous, deadlines, sanctions, support
from bvr.rules.acknowledgements import AckStatus, Category
from bvr.rules.deadlines import DeadlineStatus, local_date
from bvr.rules.facts import SanctionTerms
from bvr.rules.handling import responsible_role
from bvr.services import facts, investigation_steps, people
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import (
    Acknowledgement,
    Case,
    CaseEntry,
    Person,
    Sanction,
    Training,
)
from bvr.storage.models_housekeeping import Reappointment, ReminderSent, SigningCategory

#: Statuses in which a sanction decision may still be pending (R-11.6).
_DECIDING = frozenset({CaseStatus.IN_HANDLING, CaseStatus.DECIDED, CaseStatus.IN_APPEAL})
#: Deadline stages worth an email.
_REMINDED = frozenset({DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE})


@dataclass(frozen=True)
class Recipient:
    """An officer to notify; `email` is None when none is on record."""

    username: str
    email: str | None
    language: str


@dataclass(frozen=True)
class Reminder:
    """One reminder about one case: a deadline (R-10.1, R-10.3, R-11.6, R-16.3) or an ended sanction
    (R-17.2). `subject`, `rule`, `stage` and `due_on` identify it, so it is sent once."""

    number: str
    rule: str
    stage: str  # a DeadlineStatus value, or "ended"
    due_on: date  # the deadline's day, or the sanction's end, in the association's zone
    subject: str
    recipients: tuple[Recipient, ...]

    @property
    def reason(self) -> str:
        """The `bvr.notify` reason key."""
        return "sanction-ended" if self.rule == "R-17.2" else "deadline"

    def as_dict(self) -> dict[str, object]:
        return {"case": self.number, "rule": self.rule, "stage": self.stage,
                "due_on": self.due_on.isoformat(),
                "to": [r.username for r in self.recipients if r.email],
                "no_email": [r.username for r in self.recipients if not r.email]}


# Deadlines and ended sanctions -----------------------------------------------------------------


def due_reminders(core: Core) -> list[Reminder]:
    """Every deadline reminder and ended sanction that has not been reminded yet."""
    now = core.now()
    with core.database.transaction() as session:
        found = [*_deadline_reminders(session, core, now),
                 *_ended_sanctions(session, core, local_date(now, core.config.zone))]
        return [r for r in found if not _was_sent(session, r.subject, r.rule, r.stage, r.due_on)]


def mark_sent(core: Core, reminders: Iterable[Reminder]) -> None:
    """Remember that these reminders went out (and audit it, without content)."""
    with core.database.transaction() as session:
        for reminder in reminders:
            _record(session, core, reminder.subject, reminder.rule, reminder.stage,
                    reminder.due_on)
            audit.append(session, at=core.now(), actor="remind", action="reminder-sent",
                         case_id=_case_id(session, reminder.number),
                         detail=f"{reminder.rule} {reminder.stage}")


def _deadline_reminders(session: Session, core: Core, now: datetime) -> list[Reminder]:
    zone, periods = core.config.zone, core.config.periods
    found: list[Reminder] = []
    cases = session.scalars(select(Case).where(Case.destroyed_at.is_(None))
                            .order_by(Case.id))
    # which cases have support recorded: the kind of an entry is metadata.
    supported = set(session.scalars(select(CaseEntry.case_id).where(
        CaseEntry.kind == EntryKind.SUPPORT)))
    for case in cases:
        checks: list[tuple[str, datetime, frozenset[DeadlineStatus]]] = []
        if anonymous.is_pending(case.status):
            checks.append(("R-7.4", anonymous.reminder_due(case.received_at, zone, periods),
                           frozenset({DeadlineStatus.OVERDUE})))
        if (case.status in INVESTIGATING_STATUSES and case.taken_into_handling_at is not None
                and case.investigation_report_at is None):
            owed, done_at = investigation_steps.information_done_at(session, case)
            if owed and done_at is None:
                checks.append(("R-10.1", deadlines.information_due(
                    case.taken_into_handling_at, zone, periods), _REMINDED))
        if case.status in INVESTIGATING_STATUSES and case.investigation_report_at is None:
            checks.append(("R-10.3", deadlines.investigation_report_due(
                case.received_at, zone, periods), _REMINDED))
        if (case.status in _DECIDING and case.investigation_report_at is not None
                and case.decision_announced_at is None):
            checks.append(("R-11.6", deadlines.sanction_communication_due(
                case.investigation_report_at, zone, periods), _REMINDED))
        if case.taken_into_handling_at is not None and support.needs_reminder(
                case.status, case.taken_into_handling_at, case.id in supported, now, zone,
                periods):
            checks.append(("R-17.1", support.reminder_due(
                case.taken_into_handling_at, zone, periods), frozenset({DeadlineStatus.OVERDUE})))
        if case.status is CaseStatus.DECIDED and case.decision_announced_at is not None:
            checks.append(("R-16.3", deadlines.appeal_due(
                case.decision_announced_at, zone, periods),
                frozenset({DeadlineStatus.OVERDUE})))
        for rule, due, wanted in checks:
            stage = deadlines.deadline_status(due, now)
            if stage in wanted:
                found.append(Reminder(case.address, rule, stage.value, due.date(),
                                      f"case:{case.id}", responsible(session, core, case)))
    return found


def _ended_sanctions(session: Session, core: Core, today: date) -> list[Reminder]:
    """R-17.2: sanctions whose last day has passed (one-off sanctions never "end")."""
    rows = session.execute(select(Sanction, Case).join(Case, Case.id == Sanction.case_id).where(
        Sanction.ends_on.is_not(None), Sanction.ends_on <= today,
        Case.destroyed_at.is_(None)).order_by(Sanction.id)).all()
    found = []
    for sanction, case in rows:
        terms = SanctionTerms(sanction.type, sanction.starts_on, sanction.ends_on)
        end = sanctions.sanction_end(terms)
        if sanction.type in sanctions.ONE_OFF or end is None \
                or sanctions.in_force_on(terms, today):
            continue
        found.append(Reminder(case.address, "R-17.2", "ended", end, f"sanction:{sanction.id}",
                              responsible(session, core, case)))
    return found


def responsible(session: Session, core: Core, case: Case) -> tuple[Recipient, ...]:
    """R-10.1: the case's handler if it has one, else who holds the responsible role."""
    if case.handler_id is not None:
        handler = session.get(Person, case.handler_id)
        if handler is not None and people.current_roles(session, handler.id):
            return (_recipient(handler),)
    role = responsible_role(facts.case_facts(session, core, case), facts.officers(session))
    return tuple(_recipient(p) for p in people.holders(session, frozenset({role})))


def _recipient(person: Person) -> Recipient:
    return Recipient(person.username, person.email, person.language)


# Acknowledgements and training (R-4.1 to) ----------------------------------------------


@dataclass(frozen=True)
class AckLine:
    """Where one person stands with acknowledgement and training."""

    username: str
    language: str
    capacities: tuple[str, ...]
    status: AckStatus
    expires_on: date | None
    trained: bool
    in_register: bool  # False: an advanced-rights holder the register does not know yet

    @property
    def needs_reminder(self) -> bool:
        return self.status in {AckStatus.MISSING, AckStatus.EXPIRED,
                               AckStatus.EXPIRING_SOON} or not self.trained

    def as_dict(self) -> dict[str, object]:
        return {"username": self.username, "capacities": list(self.capacities),
                "status": self.status.value, "trained": self.trained,
                "expires_on": self.expires_on.isoformat() if self.expires_on else None,
                "in_register": self.in_register}


def acknowledgement_overview(core: Core, advanced_rights: Iterable[str]) -> list[AckLine]:
    """R-4.1 to R-4.3: everyone who must sign, with their status today.

    `advanced_rights` are the wiki usernames holding advanced rights on the association's
    platforms (read from the wiki by the bot). Someone listed there but unknown to the register
    must sign too, and is reported as missing.
    """
    today = local_date(core.now(), core.config.zone)
    wiki_holders = {vault.normalise_username(name) for name in advanced_rights}
    lines = []
    with core.database.transaction() as session:
        for person in session.scalars(select(Person).order_by(Person.username)):
            categories = _categories(session, person.id, today)
            if person.username in wiki_holders:
                categories.add(Category.ADVANCED_RIGHTS)
            roles = people.current_roles(session, person.id)
            if not acknowledgements.must_sign(roles, categories):
                continue
            lines.append(_line(session, core, person, roles, categories, today))
        known = {line.username for line in lines} | set(session.scalars(select(Person.username)))
    for name in sorted(wiki_holders - known):
        lines.append(AckLine(name, core.config.language, (Category.ADVANCED_RIGHTS.value,),
                             AckStatus.MISSING, None, False, in_register=False))
    return sorted(lines, key=lambda line: line.username)


def ack_reminder_key(core: Core, line: AckLine) -> tuple[str, str, str, date]:
    """(subject, kind, stage, due_on) of a reminder to `line`: an expiring signature is
    reminded once for its expiry date; what is missing, expired or untrained once a month."""
    today = local_date(core.now(), core.config.zone)
    subject = f"user:{core.blind_index(line.username)}"
    if line.status is AckStatus.EXPIRING_SOON and line.expires_on is not None:
        return subject, "R-4.2", line.status.value, line.expires_on
    kind = "R-4.3" if line.status is AckStatus.VALID else "R-4.1"
    stage = "untrained" if line.status is AckStatus.VALID else line.status.value
    return subject, kind, stage, today.replace(day=1)


def ack_reminder_pending(core: Core, line: AckLine) -> bool:
    with core.database.transaction() as session:
        return not _was_sent(session, *ack_reminder_key(core, line))


def mark_ack_reminded(core: Core, line: AckLine) -> None:
    with core.database.transaction() as session:
        _record(session, core, *ack_reminder_key(core, line))
        audit.append(session, at=core.now(), actor="acks", action="ack-reminder-sent",
                     detail=ack_reminder_key(core, line)[2])


def set_category(core: Core, username: str, category: Category, since: date,
                 until: date | None = None) -> None:
    """R-4.1: record that someone must sign as `category` (executive volunteer, intern...)."""
    if until is not None and until < since:
        raise BvrError("housekeeping-category-dates", since=since.isoformat(),
                       until=until.isoformat())
    with core.database.transaction() as session:
        person = people.get(session, username)
        session.add(SigningCategory(person_id=person.id, category=category.value,
                                    since=since, until=until))
        audit.append(session, at=core.now(), actor="cli", action="category-recorded",
                     detail=f"person:{person.id} {category.value}")


def record_reappointment(core: Core, username: str, on: date) -> None:
    """R-4.2: a re-election or re-appointment, which asks for a new acknowledgement."""
    with core.database.transaction() as session:
        person = people.get(session, username)
        session.add(Reappointment(person_id=person.id, reappointed_on=on))
        audit.append(session, at=core.now(), actor="cli", action="reappointment-recorded",
                     detail=f"person:{person.id}")


def _categories(session: Session, person_id: int, today: date) -> set[Category]:
    rows = session.scalars(select(SigningCategory.category).where(
        SigningCategory.person_id == person_id, SigningCategory.since <= today,
        (SigningCategory.until.is_(None)) | (SigningCategory.until >= today)))
    return {Category(value) for value in rows if value in set(Category)}


def _line(session: Session, core: Core, person: Person, roles: frozenset[Role],
          categories: set[Category], today: date) -> AckLine:
    periods = core.config.periods
    signed = acknowledgements.latest(session.scalars(
        select(Acknowledgement.signed_on).where(Acknowledgement.person_id == person.id)))
    trained = acknowledgements.latest(session.scalars(
        select(Training.completed_on).where(Training.person_id == person.id)))
    again: Sequence[date] = list(session.scalars(select(Reappointment.reappointed_on).where(
        Reappointment.person_id == person.id)))
    status = acknowledgements.acknowledgement_status(signed, today, reappointments=again,
                                                     periods=periods)
    expiry = None if signed is None else acknowledgements.expires_on(signed, again, periods)
    capacities = tuple(sorted(acknowledgements.signing_capacities(roles, categories)))
    return AckLine(person.username, person.language, capacities, status, expiry,
                   acknowledgements.is_trained(trained, today), in_register=True)


# Reminder bookkeeping --------------------------------------------------------------------------


def _was_sent(session: Session, subject: str, kind: str, stage: str, due_on: date) -> bool:
    return session.scalars(select(ReminderSent.id).where(
        ReminderSent.subject == subject, ReminderSent.kind == kind,
        ReminderSent.stage == stage, ReminderSent.due_on == due_on)).first() is not None


def _record(session: Session, core: Core, subject: str, kind: str, stage: str,
            due_on: date) -> None:
    if _was_sent(session, subject, kind, stage, due_on):
        return
    try:
        with session.begin_nested():
            session.add(ReminderSent(subject=subject, kind=kind, stage=stage, due_on=due_on,
                                     sent_at=core.now()))
    except IntegrityError:
        pass  # a second run recorded it at the same moment: once is what we want


def _case_id(session: Session, number: str) -> int | None:
    return session.scalars(select(Case.id).where(Case.at(number))).first()
