"""The register of platforms, channels and events (R-1.1) and their contact persons (R-2.2),
with the prior consultation of venues where the association has no authority (R-2.3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bvr.domain import Role
from bvr.errors import BvrError
from bvr.rules import contacts
from bvr.rules.deadlines import local_date
from bvr.rules.verdict import require
from bvr.services import keyring, people
from bvr.services.core import Core
from bvr.storage import audit
from bvr.storage.models import ContactAssignment, Event, Person, Platform, Training


@dataclass(frozen=True)
class EventSummary:
    id: int
    name: str
    starts_on: date
    ends_on: date
    contact_persons: tuple[str, ...]
    recommended: int
    venue_without_authority: bool
    venue_arrangements: str | None

    @property
    def short_of_contact_persons(self) -> int:
        return max(0, self.recommended - len(self.contact_persons))


def add_platform(core: Core, name: str, kind: str, url: str | None = None) -> int:
    with core.database.transaction() as session:
        if session.scalars(select(Platform).where(Platform.name == name)).first():
            raise BvrError("core-platform-exists", name=name)
        platform = Platform(name=name, kind=kind, url=url)
        session.add(platform)
        session.flush()
        audit.append(session, at=core.now(), actor="cli", action="platform-added",
                     detail=f"platform:{platform.id}")
        return platform.id


def add_event(core: Core, name: str, starts_on: date, ends_on: date, *,
              expected_participants: int = 0, intensive: bool = False,
              language: str | None = None, wiki_page: str | None = None,
              venue_without_authority: bool = False,
              venue_arrangements: str | None = None) -> int:
    if ends_on < starts_on:
        raise BvrError("core-event-ends-before-start")
    if expected_participants < 0:
        raise BvrError("core-event-negative-participants")
    if venue_without_authority and not (venue_arrangements or "").strip():
        raise BvrError("core-event-venue-arrangements-needed")
    with core.database.transaction() as session:
        event = Event(name=name, starts_on=starts_on, ends_on=ends_on,
                      expected_participants=expected_participants, intensive=intensive,
                      language=language or core.config.language, wiki_page=wiki_page,
                      venue_without_authority=venue_without_authority,
                      venue_arrangements=venue_arrangements)
        session.add(event)
        session.flush()
        audit.append(session, at=core.now(), actor="cli", action="event-added",
                     detail=f"event:{event.id}")
        return event.id


def assign_contact_person(core: Core, username: str, *, event_id: int | None = None,
                          platform_id: int | None = None) -> None:
    """R-2.2: make a trained person the contact person of an event or a platform."""
    if (event_id is None) == (platform_id is None):
        raise BvrError("core-contact-event-or-platform")
    with core.database.transaction() as session:
        person = people.get(session, username)
        trained_on = session.scalar(select(func.max(Training.completed_on))
                                    .where(Training.person_id == person.id))
        require(contacts.may_assign_contact_person(trained_on,
                                                   local_date(core.now(), core.config.zone)))
        if event_id is not None and session.get(Event, event_id) is None:
            raise BvrError("core-event-unknown", id=event_id)
        if platform_id is not None and session.get(Platform, platform_id) is None:
            raise BvrError("core-platform-unknown", id=platform_id)
        session.add(ContactAssignment(person_id=person.id, event_id=event_id,
                                      platform_id=platform_id))
        granted = Role.CONTACT_PERSON not in people.current_roles(session, person.id)
        if granted:
            people.grant(session, core, person, Role.CONTACT_PERSON)
        audit.append(session, at=core.now(), actor="cli", action="contact-assigned",
                     detail=f"person:{person.id}")
        # a new contact person reads the register entries in force and the
        # event's on-site records (wrapped by the next key holder who unlocks).
        keys = keyring.Keys(actor="cli")
        if granted:
            keyring.reconcile_all(session, core, keys)
        elif event_id is not None:
            keyring.reconcile_event(session, core, event_id, keys)


def events(core: Core) -> list[EventSummary]:
    with core.database.transaction() as session:
        return [_summary(session, core, event) for event in
                session.scalars(select(Event).order_by(Event.starts_on, Event.id))]


def _summary(session: Session, core: Core, event: Event) -> EventSummary:
    names = session.scalars(select(Person.username).join(
        ContactAssignment, ContactAssignment.person_id == Person.id).where(
        ContactAssignment.event_id == event.id).order_by(Person.username))
    days = (event.ends_on - event.starts_on).days + 1
    return EventSummary(
        event.id, event.name, event.starts_on, event.ends_on, tuple(names),
        contacts.recommended_contact_persons(event.expected_participants, days,
                                             event.intensive, core.config.contact_persons),
        event.venue_without_authority, event.venue_arrangements)
