"""Moving a case through the protocol and imposing sanctions, with every rule checked.

- Status changes follow `bvr.rules.status`; taking into handling is dated (R-14.4), closing
  sets the retention date (R-15.4), reopening clears it.
- Confirming an anonymous report keeps its case file (R-7.4).
- A sanction is checked for authority (R-11.3, R-11.4, R-10.1) and content (R-11.1, R-11.2);
  the considerations of R-11.5 are recorded in the file. The person it concerns goes into the
  register of sanctions in force (R-15.3) under the register's own key, readable by its
  audience only, and as a blind index so screening can match without decrypting (R-6.1a). An
  older file on the same person that is still kept is linked to this one (R-15.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bvr import vault
from bvr.domain import CaseStatus, DecisionBody, EntryKind, SanctionType
from bvr.errors import BvrError
from bvr.rules import access, anonymous, appeals, retention, sanctions, status
from bvr.rules.deadlines import local_date
from bvr.rules.facts import SanctionTerms
from bvr.rules.verdict import require
from bvr.services import facts, keyring, paging, people
from bvr.services.casefiles import opened
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Case, CaseEntry, Person, Sanction, SanctionKey
from bvr.storage.models_retention import RetentionLink


@dataclass(frozen=True)
class Considerations:
    """R-11.5: what was weighed in deciding a sanction."""

    nature_and_severity: str
    history: str = ""  # also on other Wikimedia projects
    role_of_respondent: str = ""  # board, staff and elected officials weigh heavier
    personal_factors: str = ""


@dataclass(frozen=True)
class RegisterLine:
    """One line of the register of sanctions in force (R-15.3)."""

    username: str
    type: SanctionType
    scope: str
    starts_on: date
    ends_on: date | None


def move_case(core: Core, number: str, username: str, key: vault.UnlockedKey,
              target: CaseStatus) -> None:
    with opened(core, number, username, key) as (session, person, case, _data_key):
        transition(session, core, person, case, target)


def transition(session: Session, core: Core, person: Person, case: Case,
               target: CaseStatus) -> None:
    """Move `case` to `target` inside a unit of work, as `bvr.rules.status` allows: the dates
    that go with it (taken into handling; closed, with the retention date; reopened) and an
    audit record."""
    require(status.may_transition(case.status, target))
    if case.status is CaseStatus.AWAITING_CONFIRMATION:
        require(anonymous.may_confirm(case.status))
    now = core.now()
    if target is CaseStatus.IN_HANDLING and case.taken_into_handling_at is None:
        case.taken_into_handling_at = now
    if target is CaseStatus.CLOSED:
        case.closed_at = now
        ends = [sanctions.sanction_end(_terms(s)) for s in _case_sanctions(session, case)]
        case.retention_until = retention.retention_date(
            local_date(now, core.config.zone), ends, core.config.periods)
    elif case.status is CaseStatus.CLOSED:  # reopened: kept again until closed again
        case.closed_at = None
        case.retention_until = None
    if target in {CaseStatus.DECIDED, CaseStatus.DECLINED}:
        case.decision_announced_at = None  # a new decision: announced anew
    audit.append(session, at=now, actor=f"person:{person.id}",
                 action=f"status:{case.status.value}->{target.value}", case_id=case.id)
    case.status = target


def impose_sanction(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                    body: DecisionBody, terms: SanctionTerms, respondent: str, scope: str,
                    considerations: Considerations, event_running: bool = False) -> None:
    """Record a decided sanction against the wiki user `respondent` in case `number`.

    Not while an appeal is pending (R-16.2): the appeal body decides first, and a change of
    sanction on appeal goes through its appeal decision (`casework_outcome.decide_appeal`)."""
    if not considerations.nature_and_severity.strip():
        raise BvrError("core-sanction-considerations-needed")
    with opened(core, number, username, key) as (session, person, case, data_key):
        require(appeals.may_sanction_now(case.status))
        officers = facts.officers(session)
        require(sanctions.may_impose(
            facts.actor(session, person), body, terms.type,
            facts.case_facts(session, core, case), officers,
            director_sanctions=core.config.director_sanctions, event_running=event_running))
        require(sanctions.check_terms(terms))
        if case.status not in {CaseStatus.IN_HANDLING, CaseStatus.DECIDED}:
            raise BvrError("core-sanction-case-not-in-handling", number=case.number,
                           status=case.status.value)
        record_sanction(session, core, person, case, data_key, body=body, terms=terms,
                        respondent=respondent, scope=scope, considerations=considerations)
        if case.status is not CaseStatus.DECIDED:
            require(status.may_transition(case.status, CaseStatus.DECIDED))
            case.status = CaseStatus.DECIDED


def record_sanction(session: Session, core: Core, person: Person, case: Case, data_key: bytes,
                    *, body: DecisionBody, terms: SanctionTerms, respondent: str, scope: str,
                    considerations: Considerations, on_appeal: bool = False) -> None:
    """Write a sanction whose authority was checked by the caller: the register entry under
    its own key (R-15.3), the blind index (R-6.1a), the decision in the file with the
    considerations (R-11.5), the link to older files (R-15.5) and the audit record."""
    now = core.now()
    index = core.blind_index(respondent)
    register_key = vault.new_data_key()
    sanction = Sanction(
        case_id=case.id, type=terms.type, decided_by=body, decided_at=now,
        starts_on=terms.starts_on, ends_on=terms.ends_on, respondent_index=index,
        register_ciphertext=seal(register_key, {
            "username": vault.normalise_username(respondent), "scope": scope}))
    session.add(sanction)
    session.flush()
    # the entry's key goes to its audience now, the involved left out (`keyring`).
    keyring.reconcile(session, core, keyring.Record(keyring.Kind.SANCTION, sanction.id),
                      keyring.Keys(actor=f"person:{person.id}", known={
                          keyring.Record(keyring.Kind.SANCTION, sanction.id): register_key}))
    content: dict[str, object] = {"sanction": terms.type.value, "body": body.value, "scope": scope,
               "justification": terms.justification,
               "considerations": considerations.__dict__}
    if on_appeal:
        content["on_appeal"] = True
    session.add(CaseEntry(case_id=case.id, kind=EntryKind.DECISION, created_at=now,
                          author_id=person.id, ciphertext=seal(data_key, content)))
    _link_older_files(session, case, core.blind_indexes(respondent), terms.starts_on, now)
    audit.append(session, at=now, actor=f"person:{person.id}",
                 action=f"sanction:{terms.type.value}", case_id=case.id,
                 detail="on-appeal" if on_appeal else "")


def lift_sanctions(session: Session, core: Core, person: Person, case: Case) -> int:
    """R-16.2: an appeal decision lifts the case's sanctions: each one still running or yet to
    start ends today (the register and screening stop showing it, R-15.3, R-6.1a); one-off
    sanctions (a warning, a report) have already taken effect and stay on record. Returns how
    many were lifted; each is in the audit log."""
    today = local_date(core.now(), core.config.zone)
    lifted = 0
    for sanction in _case_sanctions(session, case):
        if sanction.type in sanctions.ONE_OFF:
            continue
        if sanction.ends_on is not None and sanction.ends_on <= today:
            continue  # over already
        sanction.ends_on = max(today, sanction.starts_on)
        lifted += 1
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action=f"sanction-lifted:{sanction.type.value}", case_id=case.id,
                     detail=f"sanction:{sanction.id}")
    return lifted


def sanctions_register(core: Core, username: str, key: vault.UnlockedKey,
                       day: date) -> list[RegisterLine]:
    """R-15.3: the sanctions in force on `day`, for contact persons, staff and the board
    member BVR. Entries not (yet) shared with this person's key are left out."""
    with core.database.transaction() as session:
        person = people.get(session, username)
        require(access.may_see_sanctions_register(facts.actor(session, person)))
        rows = session.execute(select(Sanction, SanctionKey.wrapped_key).join(
            SanctionKey, SanctionKey.sanction_id == Sanction.id).where(
            SanctionKey.person_id == person.id)).all()
        lines = []
        for sanction, wrapped in rows:
            if not sanctions.in_force_on(_terms(sanction), day):
                continue
            content = unseal(key.unwrap(wrapped), sanction.register_ciphertext)
            lines.append(RegisterLine(content["username"], sanction.type, content["scope"],
                                      sanction.starts_on, sanction.ends_on))
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action="register-read")
        return sorted(lines, key=lambda line: (line.username, line.starts_on))


def sanctions_register_page(core: Core, username: str, key: vault.UnlockedKey, day: date,
                            page: int = 1, size: int = paging.PAGE_SIZE,
                            ) -> paging.Page[RegisterLine]:
    """R-15.3: one page of the register, newest first. Only the page's entries are
    decrypted: the database narrows to what can be in force on `day` (a type that is not
    one-off, begun, not ended), and `sanctions.in_force_on` still judges each shown entry, so
    the rule stays the one that decides (issue 13: the register grows with every indefinite
    sanction, and decrypting all of it on every reading cost seconds)."""
    size = size if size in paging.PAGE_SIZES else paging.PAGE_SIZE
    with core.database.transaction() as session:
        person = people.get(session, username)
        require(access.may_see_sanctions_register(facts.actor(session, person)))
        where = (SanctionKey.person_id == person.id, Sanction.type.not_in(sanctions.ONE_OFF),
                 Sanction.starts_on <= day,
                 or_(Sanction.ends_on.is_(None), Sanction.ends_on > day))
        total = session.scalar(select(func.count(Sanction.id)).join(
            SanctionKey, SanctionKey.sanction_id == Sanction.id).where(*where)) or 0
        number = min(max(1, page), max(1, -(-total // size)))
        rows = session.execute(select(Sanction, SanctionKey.wrapped_key).join(
            SanctionKey, SanctionKey.sanction_id == Sanction.id).where(*where)
            .order_by(Sanction.starts_on.desc(), Sanction.id.desc())
            .offset((number - 1) * size).limit(size)).all()
        lines = []
        for sanction, wrapped in rows:
            if sanctions.in_force_on(_terms(sanction), day):
                content = unseal(key.unwrap(wrapped), sanction.register_ciphertext)
                lines.append(RegisterLine(content["username"], sanction.type,
                                          content["scope"], sanction.starts_on,
                                          sanction.ends_on))
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action="register-read")
        return paging.Page(tuple(lines), number, size, total)


def has_sanction_in_force(core: Core, username: str, day: date) -> bool:
    """R-6.1(a): whether the wiki user has a sanction in force, by blind index only."""
    with core.database.transaction() as session:
        found = session.scalars(select(Sanction).where(
            Sanction.respondent_index.in_(core.blind_indexes(username))))
        return any(sanctions.in_force_on(_terms(s), day) for s in found)


def _link_older_files(session: Session, case: Case, indexes: tuple[str, ...],
                      starts_on: date, now: datetime) -> None:
    # older files on the same person that are still kept follow this one.
    older = session.scalars(select(Case).join(Sanction, Sanction.case_id == Case.id).where(
        Sanction.respondent_index.in_(indexes), Case.id != case.id,
        Case.destroyed_at.is_(None))).unique()
    # A file may be linked to several newer ones: each link is a row of its own, never one
    # that replaces an earlier link (the latest date wins, see bvr.rules.retention).
    linked = set(session.scalars(select(RetentionLink.case_id).where(
        RetentionLink.linked_to_id == case.id)))
    for old in older:
        if old.id not in linked and retention.should_link(old.retention_until, starts_on):
            session.add(RetentionLink(case_id=old.id, linked_to_id=case.id,
                                      linked_at=now))
            linked.add(old.id)


def _case_sanctions(session: Session, case: Case) -> list[Sanction]:
    return list(session.scalars(select(Sanction).where(Sanction.case_id == case.id)))


def _terms(sanction: Sanction) -> SanctionTerms:
    return SanctionTerms(sanction.type, sanction.starts_on, sanction.ends_on)
