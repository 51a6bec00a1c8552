"""Checks on what an operator types into `bvr report file`, before anything is stored: the
same refusals the web form gives, so the command line is no back door around them."""

from __future__ import annotations

from datetime import date

from bvr.errors import BvrError
from bvr.rules.deadlines import local_date
from bvr.services import people
from bvr.services.core import Core


def officer(core: Core, username: str) -> str:
    """The registered username of the person entering a report (R-7.2), who must hold a role;
    what goes into the audit log is this name, never the text as typed."""
    with core.database.transaction() as session:
        person = people.get(session, username)  # refuses an unknown name clearly
        if not people.current_roles(session, person.id):
            raise BvrError("operator-entered-by-no-role", name=person.username)
        return str(person.username)  # stored normalised


def not_in_future(core: Core, incident_on: date | None) -> None:
    """An incident cannot have happened after today (in the association's time zone)."""
    today = local_date(core.now(), core.config.zone)
    if incident_on is not None and incident_on > today:
        raise BvrError("operator-incident-in-future", date=incident_on.isoformat(),
                       today=today.isoformat())
