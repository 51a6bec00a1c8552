"""Moving a case through the protocol and imposing sanctions, with every rule checked.

- Status changes follow `bvr.rules.status`; taking into handling is dated (R-14.4), closing
  sets the retention date (R-15.4), reopening clears it. Closing a case with a decision waits
  for its appeal period (R-16.3, `appeals.may_close`): checked here, where every status change
  passes, so no path closes around it.
- Confirming an anonymous report keeps its case file (R-7.4).
- A sanction is checked for authority (R-11.3, R-11.4, R-10.1) and content (R-11.1, R-11.2);
  the considerations of R-11.5 are all asked for (`rules.considerations`, which knows the
  offender's role from the register) and recorded in the file. The person it concerns goes into the
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
from bvr.domain import CaseStatus, DecisionBody, EntryKind, Role, SanctionType
from bvr.errors import BvrError
from bvr.rules import access, anonymous, appeals, board, decline, retention, sanctions, status
from bvr.rules.considerations import (  # R-11.5's record lives with its rule; re-exported
    Considerations as Considerations,  # noqa: PLC0414
)
from bvr.rules.considerations import check_considerations
from bvr.rules.deadlines import local_date
from bvr.rules.facts import SanctionTerms
from bvr.rules.verdict import require
from bvr.services import facts, keyring, measures, paging, people, reports
from bvr.services.casefiles import opened
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import Appeal, Case, CaseEntry, Person, Sanction, SanctionKey
from bvr.storage.models_retention import RetentionLink
from bvr.storage.models_web import DeclineApproval


@dataclass(frozen=True)
class RegisterLine:
    """One line of the register of sanctions in force (R-15.3)."""

    username: str
    type: SanctionType
    scope: str
    starts_on: date
    ends_on: date | None
    alv: str = ""  # R-11.1(d): "excepted", "included" (with `alv_reason`), or "" (not (d))
    alv_reason: str = ""


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
    if target is CaseStatus.CLOSED and case.status in appeals.APPEALABLE:
        require(appeals.may_close(decision_under_appeal(session, core, case), core.now(),
                                  core.config.zone, core.config.periods))
    now = core.now()
    if case.status is CaseStatus.AWAITING_CONFIRMATION:
        require(anonymous.may_confirm(case.status))
        reports.give_number(session, core, case, now)  # a case file from now on
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


def decision_under_appeal(session: Session, core: Core, case: Case) -> appeals.Decision:
    """The decision an appeal would be against: the latest sanction's body, else the
    director's side; for a decline, the body that declined (R-9.1, R-9.2); an appeal already
    decided makes it a decision on appeal (R-16.2)."""
    body = session.scalars(select(Sanction.decided_by).where(Sanction.case_id == case.id)
                           .order_by(Sanction.decided_at.desc())).first()
    decided = session.scalars(select(Appeal).where(
        Appeal.case_id == case.id, Appeal.decided_at.is_not(None),
        # An appeal against a contact person's measure is not a decision on the case.
        or_(Appeal.against != DecisionBody.CONTACT_PERSON, Appeal.against_decline))
        .order_by(Appeal.decided_at.desc())).first()
    if decided is not None and decided.heard_by in set(DecisionBody):
        return appeals.Decision(DecisionBody(decided.heard_by), case.decision_announced_at,
                                on_appeal=True)
    if case.status is CaseStatus.DECLINED:
        at_event = session.scalars(select(DeclineApproval.id).where(
            DeclineApproval.case_id == case.id, DeclineApproval.at_event.is_(True))).first()
        body = decline.decline_body(facts.case_facts(session, core, case),
                                    facts.officers(session), at_event=at_event is not None)
        return appeals.Decision(body, case.decision_announced_at, at_event=at_event is not None)
    return appeals.Decision(body or DecisionBody.DIRECTOR_OR_BOARD_BVR,
                            case.decision_announced_at, at_event=case.during_event)


def impose_sanction(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                    body: DecisionBody, terms: SanctionTerms, respondent: str, scope: str,
                    considerations: Considerations) -> None:
    """Record a decided sanction against the wiki user `respondent` in case `number`.

    Not while an appeal is pending (R-16.2): the appeal body decides first, and a change of
    sanction on appeal goes through its appeal decision (`casework_outcome.decide_appeal`)."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        require(appeals.may_sanction_now(case.status))
        require(board.may_decide_alone(body))  # the board's sanctions: `bvr.services.board`
        officers = facts.officers(session)
        require(sanctions.may_impose(
            facts.actor(session, person), body, terms.type,
            facts.case_facts(session, core, case), officers,
            director_sanctions=core.config.director_sanctions,
            event_running=measures.running(session, core, case, core.now())))
        require(check_considerations(considerations, offender_roles(session, respondent),
                                     on_site=body is DecisionBody.CONTACT_PERSON))
        require(sanctions.check_terms(terms))
        if case.status not in {CaseStatus.IN_HANDLING, CaseStatus.DECIDED}:
            raise BvrError("core-sanction-case-not-in-handling", number=case.address,
                           status=case.status.value)
        record_sanction(session, core, person, case, data_key, body=body, terms=terms,
                        respondent=respondent, scope=scope, considerations=considerations)
        if case.status is not CaseStatus.DECIDED:
            require(status.may_transition(case.status, CaseStatus.DECIDED))
            case.status = CaseStatus.DECIDED


def offender_roles(session: Session, username: str) -> frozenset[Role]:
    """R-11.5: the roles the register gives the wiki user a sanction concerns, so the rule
    knows whether a board, staff or elected position weighs heavier (none for someone
    without an account here)."""
    found = session.scalars(select(Person.id).where(
        Person.username == vault.normalise_username(username))).first()
    return frozenset() if found is None else people.current_roles(session, found)


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
            "username": vault.normalise_username(respondent), "scope": scope,
            **_alv(terms)}))
    session.add(sanction)
    session.flush()
    # the entry's key goes to its audience now, the involved left out (`keyring`).
    keyring.reconcile(session, core, keyring.Record(keyring.Kind.SANCTION, sanction.id),
                      keyring.Keys(actor=f"person:{person.id}", known={
                          keyring.Record(keyring.Kind.SANCTION, sanction.id): register_key}))
    content: dict[str, object] = {"sanction": terms.type.value, "body": body.value, "scope": scope,
               "justification": terms.justification, **_alv(terms),
               "considerations": considerations.__dict__}
    if on_appeal:
        content["on_appeal"] = True
    session.add(CaseEntry(case_id=case.id, kind=EntryKind.DECISION, created_at=now,
                          author_id=person.id, ciphertext=seal(data_key, content)))
    _link_older_files(session, case, core.blind_indexes(respondent), terms.starts_on, now)
    audit.append(session, at=now, actor=f"person:{person.id}",
                 action=f"sanction:{terms.type.value}", case_id=case.id,
                 detail="on-appeal" if on_appeal else "")


def _alv(terms: SanctionTerms) -> dict[str, str]:
    """R-11.1(d): the ALV term of an exclusion, as the register and the decision record it."""
    term = sanctions.alv_term(terms)
    if not term:
        return {}
    return {"alv": term, **({"alv_reason": terms.alv_reason.strip()} if term == "included"
                            else {})}


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
            lines.append(_register_line(sanction, key.unwrap(wrapped)))
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
                lines.append(_register_line(sanction, key.unwrap(wrapped)))
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action="register-read")
        return paging.Page(tuple(lines), number, size, total)


def _register_line(sanction: Sanction, sanction_key: bytes) -> RegisterLine:
    content = unseal(sanction_key, sanction.register_ciphertext)
    # An exclusion recorded before the ALV term was written left the ALV out too: including it
    # was refused then.
    alv = content.get("alv", sanctions.alv_term(_terms(sanction)))
    return RegisterLine(content["username"], sanction.type, content["scope"],
                        sanction.starts_on, sanction.ends_on, alv, content.get("alv_reason", ""))


def has_sanction_in_force(core: Core, username: str, day: date) -> bool:
    """R-15.3: whether the wiki user has a sanction in force, by blind index only."""
    return bool(sanctions_in_force(core, username, day))


def sanctions_in_force(core: Core, username: str, day: date) -> frozenset[SanctionType]:
    """The types of the wiki user's sanctions in force on `day`, by blind index only
    (screening tells exclusions, R-6.1(a), from the others with `sanctions.EXCLUSIONS`)."""
    with core.database.transaction() as session:
        found = session.scalars(select(Sanction).where(
            Sanction.respondent_index.in_(core.blind_indexes(username))))
        return frozenset(s.type for s in found if sanctions.in_force_on(_terms(s), day))


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
