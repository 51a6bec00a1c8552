"""On-site incident records by contact persons during an event (R-8.4, R-8.5, R-8.6, R-9.2).

The record is always written, also when nothing was done (R-8.5). It is filed as a report on
the `on_site` channel, so it becomes a case file at once (R-15.1), and the case's key holders
(the director, or whoever R-10.1 makes responsible, and the board member BVR) are notified
at once (R-8.6), without content. The contact persons of the event cannot open case files
(R-15.2), so each of them gets a copy sealed to their own public key: they can read back
their event's records and nothing else. A contact person who is a party in the record (the
respondent) or declared a conflict gets no copy, and loses it if that becomes known later;
a contact person appointed later gets one (`keyring`, `access.incident_readers`). The
measures taken on the spot (R-8.4) are recorded as the contact person's decisions, to be
confirmed by the director or the board member BVR (`bvr.services.measures`). A decline
on the spot (R-9.2) is recorded as the contact person's approval, counted by
`bvr.rules.decline`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bvr import notify, vault
from bvr.domain import CaseStatus, Channel, PartyRole, Role
from bvr.errors import BvrError
from bvr.rules import access, status
from bvr.rules.verdict import refuse, require
from bvr.services import casework_decline, facts, keyring, measures, people
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from bvr.storage import audit
from bvr.storage.models import Case, CaseKey, ContactAssignment, Event, Person
from bvr.storage.models_web import DeclineApproval, IncidentCopy

log = logging.getLogger(__name__)

#: R-8.4: the immediate steps a contact person may have taken.
ACTIONS = ("heard_respondent", "talk_sufficed", "verbal_reprimand", "excluded_from_event",
           "no_contact_order", "police")
#: R-8.1: who takes reports during an event (contact persons of that event, or staff/board).
EVENT_WIDE_ROLES = frozenset({Role.STAFF, Role.DIRECTOR, Role.BOARD, Role.BOARD_BVR})


@dataclass(frozen=True)
class IncidentRecord:
    """R-8.5: nature of the incident, persons involved, who reported, actions taken."""

    event_id: int
    nature: str
    persons_involved: str
    reported_by: str
    actions: tuple[str, ...] = ()
    action_notes: str = ""
    incident_on: date | None = None
    respondent_username: str = ""
    declined_as_unfounded: bool = False
    second_person: str = ""  # preferably decided with a second person
    language: str = "nl"
    token: str = ""  # the form's one-time token: a second submission is the same record


@dataclass(frozen=True)
class IncidentCopyView:
    number: str
    event: str
    created_at: datetime
    record: dict[str, object]


def events_for(core: Core, username: str) -> list[tuple[int, str]]:
    """The events this person may record incidents for (R-8.1)."""
    with core.database.transaction() as session:
        return _events(session, people.get(session, username))


def record_incident(core: Core, username: str, record: IncidentRecord) -> str:
    """File the record as a case, give the event's contact persons their sealed copy, notify
    the key holders at once (R-8.6). Returns the case number."""
    if set(record.actions) - set(ACTIONS):
        raise BvrError("web-field-choice", field="actions")
    if not record.nature.strip():
        raise BvrError("web-field-required")
    with core.database.transaction() as session:
        person = people.get(session, username)
        require(access.may_enter_report(facts.actor(session, person)))
        if record.event_id not in {eid for eid, _ in _events(session, person)}:
            require(refuse("R-8.1", "web-incident-not-your-event"))
        person_id = person.id
    filed = file_report(core, ReportInput(
        channel=Channel.ON_SITE, what_happened=record.nature, incident_on=record.incident_on,
        parties=(PartyInput(PartyRole.RESPONDENT, username=record.respondent_username),)
        if record.respondent_username else (),
        language=record.language, during_event=True, event_id=record.event_id,
        source_key=f"onsite:{record.token}" if record.token else None,
        raw=json.dumps(asdict(record), default=str, ensure_ascii=False),
        entered_by=f"person:{person_id}"))
    if not filed.new:
        return filed.number
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.at(filed.number))).one()
        # a copy for each contact person of the event who may read it: a
        # contact person who is a party (the respondent) or declared a conflict gets none.
        copies = keyring.Record(keyring.Kind.INCIDENT, case.id)
        keyring.reconcile(session, core, copies, keyring.Keys(
            actor=f"person:{person_id}",
            known={copies: keyring.incident_text(asdict(record))}))
        # a measure on the spot is the contact person's decision, not only words.
        measures.record(session, core, case, person_id, record.actions)
        if record.declined_as_unfounded:
            _decline_on_site(session, core, case, person_id)
        holders = list(session.scalars(select(Person).join(
            CaseKey, CaseKey.person_id == Person.id).where(CaseKey.case_id == case.id)))
    notices = [notify.Notice(p.email, p.language, filed.number, "incident-record")
               for p in holders if p.email]
    try:
        notify.send(core.config.mail, core.config.association, notices)
    except BvrError as error:
        log.error("notification for %s failed: %s", filed.number, error)
    return filed.number


def _events(session: Session, person: Person) -> list[tuple[int, str]]:
    roles = people.current_roles(session, person.id)
    query = select(Event.id, Event.name).order_by(Event.starts_on.desc(), Event.id)
    if not roles & EVENT_WIDE_ROLES:
        query = query.join(ContactAssignment, ContactAssignment.event_id == Event.id).where(
            ContactAssignment.person_id == person.id)
    return [(row[0], row[1]) for row in session.execute(query)]


def _decline_on_site(session: Session, core: Core, case: Case, person_id: int) -> None:
    """R-9.2: the contact person declined on the spot; the decline stands when the rule says
    so (a contact person decided), and the director sees it when the record reaches them."""
    session.add(DeclineApproval(case_id=case.id, person_id=person_id, approved_at=core.now(),
                                at_event=True))
    session.flush()
    result = casework_decline.decline_state(session, core, case, at_event=True)
    if result.verdict and status.may_transition(case.status, CaseStatus.DECLINED):
        audit.append(session, at=core.now(), actor=f"person:{person_id}",
                     action=f"status:{case.status.value}->declined", case_id=case.id,
                     detail="R-9.2" + (" alone" if result.notice else ""))
        case.status = CaseStatus.DECLINED


def my_records(core: Core, username: str, key: vault.UnlockedKey) -> list[IncidentCopyView]:
    """The on-site records of this contact person's events, from their sealed copies."""
    with core.database.transaction() as session:
        person = people.get(session, username)
        if Role.CONTACT_PERSON not in people.current_roles(session, person.id):
            require(refuse("R-15.2", "web-incident-contact-only"))
        rows = session.execute(select(IncidentCopy, Case.number, Event.name)
                               .join(Case, Case.id == IncidentCopy.case_id)
                               .join(Event, Event.id == IncidentCopy.event_id)
                               .where(IncidentCopy.person_id == person.id,
                                      Case.destroyed_at.is_(None))
                               .order_by(IncidentCopy.id.desc())).all()
        views = [IncidentCopyView(number or "", event, copy.created_at, json.loads(
                     vault.decrypt(key.unwrap(copy.wrapped_key), copy.sealed)))
                 for copy, number, event in rows]
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action="incident-copies-read")
        return views

