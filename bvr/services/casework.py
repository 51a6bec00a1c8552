"""The case desk's operations on one case: each is one unit of work on an opened case file
(`casefiles.opened`: R-15.2 and the vault agreed), with its rule checked and an audit record.
This module holds triage and handling, and the small helpers the other casework modules share:

- Triage (R-8.3, R-7.4): category, the contact person's four questions, confirmation of an
  anonymous report, taking into handling (here).
- Handling (R-10.1): the handler, investigators (delegation), conflict-of-interest
  declarations (which take the declarer's key away at once), informing the parties (here).
- Investigation (`casework_investigation`): hearings with adviser (R-10.2), consultations
  (R-12), the investigation report as draft, review with the parties and final version with
  redaction (R-10.3).
- Declining (`casework_decline`): two-person decline of evidently unfounded or bad-faith
  reports, and the board's decision where an officer is involved (R-9.1).
- Outcome (`casework_outcome`): a decision without sanction, announcing (R-11.6, R-16.3),
  appeals routed and timed (R-16), closing, reopening, linking cases.
Sanctions go through `bvr.services.decisions.impose_sanction`.

Status changes inside these units of work use `move_status`, which follows `bvr.rules.status`
through `decisions.transition`; closing (which sets the retention date) is `close_case`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import notify, vault
from bvr.domain import CaseStatus, Category, Disclosure, EntryKind, PartyRole, Role
from bvr.errors import BvrError
from bvr.rules import access, disclosure, handling, investigation, status
from bvr.rules.facts import Actor, CaseFacts
from bvr.rules.verdict import refuse, require
from bvr.services import casework_web, decisions, facts, investigation_steps, keyring, people
from bvr.services.casefiles import find, opened
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Case, CaseEntry, ConflictDeclaration, Investigator, Person
from bvr.storage.models_web import DeclineApproval

log = logging.getLogger(__name__)
#: R-10.1: what the parties are told about; R-13.2, R-13.3: the outcome (its outline) and the
#: redacted final report, each only to whom `disclosure.may_disclose` allows.
INFORM_TOPICS = ("process", "investigators", "timeline", "progress", "outcome", "report")
#: R-8.3: whom the person triaging may tell at once.
TELL_NOW = {"staff": Role.STAFF, "director": Role.DIRECTOR, "board": Role.BOARD}
MAX_FIELD_CHARS = 50_000
#: The kind of channel message that carries what `inform_party` discloses.
_CHANNEL_KIND = {Disclosure.OUTLINE: "outcome", Disclosure.REDACTED_REPORT: "report"}


@dataclass(frozen=True)
class Triage:
    """R-8.3: the four questions, answered at once, and the category."""

    category: Category
    violation: bool
    immediate_action: bool
    regular_way: bool
    tell: tuple[str, ...] = ()  # keys of TELL_NOW
    note: str = ""
    confirmed: bool = False  # an anonymous report was confirmed
    take_into_handling: bool = False


def field_text(value: str, *, required: bool = True) -> str:
    if required and not value.strip():
        raise BvrError("web-field-required")
    if len(value) > MAX_FIELD_CHARS:
        raise BvrError("web-field-too-long", num_maximum=MAX_FIELD_CHARS)
    return value


def log_action(session: Session, core: Core, person: Person, action: str, case: Case,
               detail: str = "") -> None:
    audit.append(session, at=core.now(), actor=f"person:{person.id}", action=action,
                 case_id=case.id, detail=detail)


def record_entry(session: Session, core: Core, person: Person, case: Case, data_key: bytes,
                 kind: EntryKind, content: dict[str, Any]) -> None:
    session.add(CaseEntry(case_id=case.id, kind=kind, created_at=core.now(),
                          author_id=person.id, ciphertext=seal(data_key, content)))
    log_action(session, core, person, f"entry-added:{kind.value}", case)


def move_status(session: Session, core: Core, person: Person, case: Case,
                target: CaseStatus) -> None:
    """A status change inside a unit of work (closing goes through `close_case`)."""
    if target is CaseStatus.CLOSED:
        raise BvrError("web-close-through-move-case")
    decisions.transition(session, core, person, case, target)


def facts_of(session: Session, core: Core, case: Case) -> CaseFacts:
    session.flush()
    return facts.case_facts(session, core, case)


def actor_of(session: Session, person: Person) -> Actor:
    return facts.actor(session, person)


def delegates(session: Session, case: Case) -> frozenset[int]:
    return facts.delegates(session, case.id)


def require_handler(session: Session, core: Core, person: Person, case: Case) -> None:
    require(handling.may_handle(actor_of(session, person), facts_of(session, core, case),
                                facts.officers(session)))


def require_investigator(session: Session, core: Core, person: Person, case: Case) -> None:
    require(handling.may_investigate(actor_of(session, person), facts_of(session, core, case),
                                     facts.officers(session), delegates(session, case)))


def reshare(session: Session, core: Core, actor: Person, case: Case, data_key: bytes,
            key: vault.UnlockedKey | None = None) -> keyring.Outcome:
    """Bring the wrapped keys of the case's records in line with the rules now (R-15.2): the
    file's key is at hand (`data_key`), the other records' through `key` if given; what
    cannot be wrapped now is queued (`keyring`)."""
    return keyring.reconcile_case(session, core, case, keyring.Keys(
        actor=f"person:{actor.id}", person_id=actor.id, key=key,
        known={keyring.Record(keyring.Kind.CASE, case.id): data_key}))


def notify_people(core: Core, people_: Iterable[Person], number: str, reason: str) -> None:
    """Tell people a case needs their attention (never what). Called after the unit of work
    committed: a mail failure is logged (without content) and does not undo the change."""
    notices = [notify.Notice(p.email, p.language, number, reason) for p in people_ if p.email]
    try:
        notify.send(core.config.mail, core.config.association, notices)
    except BvrError as error:
        log.error("notification for %s failed: %s", number, error.message.key)


# --- triage and handling --------------------------------------------------------------------

def triage(core: Core, number: str, username: str, key: vault.UnlockedKey,
           answers: Triage) -> None:
    """R-8.3: record the immediate assessment and the category; confirm an anonymous report
    (R-7.4); take the case into handling; tell whoever must know now."""
    unknown = set(answers.tell) - set(TELL_NOW)
    if unknown:
        raise BvrError("web-field-choice", field="tell")
    told: list[Person] = []
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_handler(session, core, person, case)
        case.category = answers.category
        record_entry(session, core, person, case, data_key, EntryKind.NOTE, {
            "triage": {"violation": answers.violation,
                       "immediate_action": answers.immediate_action,
                       "regular_way": answers.regular_way, "tell": list(answers.tell),
                       "category": answers.category.value},
            "text": field_text(answers.note, required=False)})
        if case.status is CaseStatus.AWAITING_CONFIRMATION and answers.confirmed:
            move_status(session, core, person, case, CaseStatus.RECEIVED)
        if answers.take_into_handling and case.status is CaseStatus.RECEIVED:
            move_status(session, core, person, case, CaseStatus.IN_HANDLING)
        elif answers.take_into_handling and case.status is not CaseStatus.IN_HANDLING:
            # Triage again on a case in handling (a new category) is fine; an unconfirmed
            # anonymous report cannot be taken into handling: the rule says why.
            require(status.may_transition(case.status, CaseStatus.IN_HANDLING))
        if answers.tell:
            told = [p for p in people.holders(session, frozenset(TELL_NOW[t] for t in answers.tell))
                    if p.id != person.id]
        log_action(session, core, person, "triaged", case, answers.category.value)
        number = case.address
    notify_people(core, told, number, "new-report")


def assign_handler(core: Core, number: str, username: str, key: vault.UnlockedKey,
                   handler: str) -> None:
    """R-10.1: the person who handles the case must be the one the rule makes responsible."""
    with opened(core, number, username, key) as (session, person, case, _data_key):
        chosen = people.get(session, handler)
        require(handling.may_handle(actor_of(session, chosen), facts_of(session, core, case),
                                    facts.officers(session)))
        case.handler_id = chosen.id
        log_action(session, core, person, "handler-assigned", case, f"person:{chosen.id}")


def add_investigator(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                     investigator: str = "", external_name: str = "",
                     no_conflict_declared: bool = False) -> None:
    """R-10.1: delegate the investigation to a person with an account, or to an external party
    (named in the file only, encrypted), who declared no conflict of interest: a person on
    the desk (`declare_conflict`), an external party to the handler, who records it."""
    if bool(investigator) == bool(external_name.strip()):
        raise BvrError("web-investigator-one")
    with opened(core, number, username, key) as (session, person, case, data_key):
        case_facts = facts_of(session, core, case)
        if investigator:
            chosen = people.get(session, investigator)
            require(handling.may_delegate_investigation(
                actor_of(session, person), actor_of(session, chosen), case_facts,
                facts.officers(session)))
            declared = session.scalars(select(ConflictDeclaration).where(
                ConflictDeclaration.case_id == case.id,
                ConflictDeclaration.person_id == chosen.id,
                ConflictDeclaration.has_conflict.is_(False))).first()
            if declared is None:
                require(refuse("R-10.1", "web-investigator-declaration-needed"))
            session.add(Investigator(case_id=case.id, person_id=chosen.id,
                                     assigned_at=core.now(), assigned_by_id=person.id))
            log_action(session, core, person, "investigator-added", case, f"person:{chosen.id}")
            reshare(session, core, person, case, data_key, key)  # the delegate reads
            return
        require_handler(session, core, person, case)
        if not no_conflict_declared:
            # nobody closely related to a party investigates; the external party
            # declares it, the handler records the declaration.
            require(refuse("R-10.1", "web-investigator-declaration-needed"))
        session.add(Investigator(case_id=case.id, person_id=None, assigned_at=core.now(),
                                 assigned_by_id=person.id,
                                 external_ciphertext=seal(data_key, {
                                     "name": field_text(external_name),
                                     "no_conflict_declared": True})))
        log_action(session, core, person, "investigator-added", case, "external")


def declare_conflict(core: Core, number: str, username: str, has_conflict: bool) -> None:
    """R-10.1, R-11.4: a person declares (no) conflict of interest or close relationship with
    a party. Needs no key: someone who cannot open the file can still step aside, and a conflict
    takes their wrapped keys (the file, the reporter's messages, the on-site copy, the register
    entries), any decline approval and the handler role away at once.

    Only those who could be handed the file declare (`access.may_declare_conflict`); anyone
    else is refused before the case is looked up. A well-formed number of a case that does
    not exist gets the same answer as one that does (nothing is recorded), so the answer does
    not tell which case numbers exist. A malformed number is refused, which tells nothing."""
    with core.database.transaction() as session:
        _canonical, case = find(session, core, number)
        person = people.get(session, username)
        if not people.current_roles(session, person.id):
            raise BvrError("web-not-an-officer")
        actor = actor_of(session, person)
        if case is None or case.destroyed_at is not None:
            require(access.may_declare_conflict(actor, CaseFacts()))
            audit.append(session, at=core.now(), actor=f"person:{person.id}",
                         action="conflict-declared-unknown-case")
            return
        verdict = access.may_declare_conflict(actor, facts_of(session, core, case))
        if not verdict:
            person_id = person.id
        else:
            _record_declaration(session, core, person, case, has_conflict)
            return
    with core.database.transaction() as log:  # the refusal is logged, nothing else written
        audit.append(log, at=core.now(), actor=f"person:{person_id}",
                     action="conflict-refused")
    require(verdict)


def _record_declaration(session: Session, core: Core, person: Person, case: Case,
                        has_conflict: bool) -> None:
    row = session.scalars(select(ConflictDeclaration).where(
        ConflictDeclaration.case_id == case.id,
        ConflictDeclaration.person_id == person.id)).first()
    if row is None:
        row = ConflictDeclaration(case_id=case.id, person_id=person.id,
                                  has_conflict=has_conflict, declared_at=core.now())
        session.add(row)
    else:
        row.has_conflict = has_conflict
        row.declared_at = core.now()
    if has_conflict:
        for approval in session.scalars(select(DeclineApproval).where(
                DeclineApproval.case_id == case.id, DeclineApproval.person_id == person.id)):
            session.delete(approval)
        if case.handler_id == person.id:
            case.handler_id = None
    # The declarer's keys go; the case may move to another handler, whose wraps
    # are queued for the next key holder who unlocks.
    keyring.reconcile_case(session, core, case, keyring.Keys(actor=f"person:{person.id}"))
    log_action(session, core, person,
               "conflict-declared" if has_conflict else "no-conflict-declared", case)


def end_delegation(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                   investigator: str) -> None:
    """R-10.1: the delegation to `investigator` ends; they no longer read the file."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_handler(session, core, person, case)
        chosen = people.get(session, investigator)
        rows = list(session.scalars(select(Investigator).where(
            Investigator.case_id == case.id, Investigator.person_id == chosen.id,
            Investigator.ended_at.is_(None))))
        if not rows:
            raise BvrError("web-investigator-not-delegated", name=chosen.username)
        for row in rows:
            row.ended_at = core.now()
        log_action(session, core, person, "investigator-ended", case, f"person:{chosen.id}")
        reshare(session, core, person, case, data_key, key)


def inform_party(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                 party_role: PartyRole, topics: tuple[str, ...], text: str,
                 parties: tuple[int, ...] = ()) -> None:
    """R-10.1: tell a party about the process, the investigators, the timeline or progress;
    R-13: the outcome or the redacted final report, within what the party may learn. The same
    limit holds whether the party is told on the desk, by email or from the command line; a
    web reporter is told through their channel. With the topic "report" the redacted version
    of the final report is taken from the file, never typed anew.

    The information duty of R-10.1 is recorded per party (`investigation_steps`): for the
    party rows in `parties` (one person in several roles), else for every party in
    `party_role`. What may be disclosed is judged on `party_role` alone."""
    if not topics or set(topics) - set(INFORM_TOPICS):
        raise BvrError("web-field-choice", field="topics")
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_investigator(session, core, person, case)
        receipt = casework_web.receipt_of(session, case)
        relation = (casework_web.reporter_relation(receipt)
                    if party_role is PartyRole.REPORTER and receipt is not None
                    else disclosure.relations_of_party({party_role}))
        content = disclosure.content_of(topics)
        require(disclosure.may_disclose(relation, content))
        message = field_text(text)
        # told about the process, the investigators, the timeline.
        chosen = [p for p in investigation_steps.targets(session, case, party_role, parties)
                  if p.role in investigation.DIRECTLY_INVOLVED]
        for topic in topics:
            if topic in investigation.TOPIC_STEPS:
                investigation_steps.record(session, core.now(), person, case, chosen,
                                           investigation.TOPIC_STEPS[topic],
                                           investigation.Outcome.DONE)
        if "report" in topics:
            message = f"{message}\n\n{final_redacted_report(session, case, data_key)}"
        record_entry(session, core, person, case, data_key, EntryKind.CORRESPONDENCE, {
            "to": party_role.value, "topics": list(topics), "text": message})
        if party_role is PartyRole.REPORTER:
            case.reporter_informed = True
            if receipt is not None:
                casework_web.write_to_reporter(session, core, person, case, data_key, message,
                                               _CHANNEL_KIND.get(content, "info"), topics)


def final_redacted_report(session: Session, case: Case, data_key: bytes) -> str:
    """R-10.3, R-13.2: the redacted version of the case's final investigation report."""
    stages = [unseal(data_key, entry.ciphertext) for entry in session.scalars(
        select(CaseEntry).where(CaseEntry.case_id == case.id,
                                CaseEntry.kind == EntryKind.INVESTIGATION_REPORT)
        .order_by(CaseEntry.id))]
    final = [s for s in stages if s.get("stage") == "final"]
    if case.investigation_report_at is None or not final:
        raise BvrError("web-report-not-final")
    redacted: str = stages[final[-1]["draft_index"]]["redacted"]
    return redacted


def message_reporter(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                     text: str, kind: str) -> None:
    """Ask the web reporter a question, or give them the outcome they may learn (R-13)."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_investigator(session, core, person, case)
        casework_web.write_to_reporter(session, core, person, case, data_key, text, kind)
        case.reporter_informed = True  # they were told something: the case page says so
