"""The event register as the footers job needs it: event page -> language and contact persons.

Read straight from the register's tables (metadata only: event pages and officers' user names,
never case content), in one query, so a run costs one database round trip however many events.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.footers.wikitext import normalise, safe_name
from bvr.services.core import Core
from bvr.storage.models import ContactAssignment, Event, Person


@dataclass(frozen=True)
class EventPage:
    """An event's wiki page with what the box and the participants' summary show."""

    event_id: int
    name: str
    title: str
    language: str
    contacts: tuple[str, ...]  # user names, sorted; unsafe ones left out (see `rejected`)
    rejected: int = 0  # user names that cannot be wiki user names, so are not published


def event_pages(core: Core) -> dict[str, EventPage]:
    """Every registered event with a wiki page, keyed by its normalised title."""
    with core.database.transaction() as session:
        events = list(session.scalars(select(Event).where(Event.wiki_page.is_not(None))
                                      .order_by(Event.id)))
        rows = session.execute(
            select(ContactAssignment.event_id, Person.username)
            .join(Person, Person.id == ContactAssignment.person_id)
            .where(ContactAssignment.event_id.is_not(None)))
        by_event: dict[int, set[str]] = {}
        for event_id, username in rows:
            if event_id is not None:
                by_event.setdefault(event_id, set()).add(username)
        pages: dict[str, EventPage] = {}
        for event in events:
            assert event.wiki_page is not None
            every = sorted(by_event.get(event.id, set()))
            safe = tuple(name for name in every if safe_name(name))
            pages[normalise(event.wiki_page)] = EventPage(
                event.id, event.name, event.wiki_page, event.language, safe,
                len(every) - len(safe))
        return pages


def event(core: Core, event_id: int) -> EventPage | None:
    """One event's page data (for the participants' summary), also without a wiki page."""
    for page in event_pages(core).values():
        if page.event_id == event_id:
            return page
    with core.database.transaction() as session:
        found = session.get(Event, event_id)
        if found is None:
            return None
        names = sorted(session.scalars(
            select(Person.username).join(ContactAssignment,
                                         ContactAssignment.person_id == Person.id)
            .where(ContactAssignment.event_id == event_id)))
        return EventPage(found.id, found.name, "", found.language,
                         tuple(name for name in names if safe_name(name)))
