"""A web report with its reporter's two-way channel, and an on-site incident record with its
contact person's copy: the two kinds of case file whose traces live outside the case's own
tables. Set up through the services only, with planted markers in every text."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date

from bvr.domain import CaseStatus
from bvr.services import (
    casework,
    casework_desk,
    casework_incident,
    casework_web,
    decisions,
    people,
    register,
)
from bvr.services.core import Core
from tests.housekeeping.cases import close
from tests.services.helpers import unlock

CONTACT_PERSON = "Carl Contact"
CONTACT_PASSPHRASE = "carl's vault passphrase"


def planted(label: str) -> str:
    return f"PLANTED{label.upper()}{secrets.token_hex(8)}"


@dataclass(frozen=True)
class Filed:
    web: str  # a web report whose reporter wrote back through the channel
    code: str  # its receipt code
    incident: str  # an on-site incident record, with a copy for the contact person
    markers: dict[str, str] = field(default_factory=dict)


def web_report_and_incident(core: Core) -> Filed:
    """Needs `tests.services.helpers.officers(core)` first. The reporter's message is still
    unread (its inbox copy and message keys exist) when this returns: see `read_and_close`."""
    markers = {label: planted(label) for label in
               ("report", "to reporter", "from reporter", "incident")}
    key = unlock(core, "Director")
    filed = casework_web.file_web_report(core, casework_web.WebReport(
        what_happened=f"It happened to me: {markers['report']}", language="en",
        reporter_name="Rosa Reporter", respondent_username="Some user", is_victim=True))
    decisions.move_case(core, filed.number, "Director", key, CaseStatus.IN_HANDLING)
    casework.message_reporter(core, filed.number, "Director", key,
                              text=f"When was it? {markers['to reporter']}", kind="question")
    casework_web.reporter_writes(core, filed.code, f"Yesterday. {markers['from reporter']}",
                                 "answer")

    event = register.add_event(core, "Wikimeetup Utrecht", date(2026, 3, 14),
                               date(2026, 3, 15))
    people.add_person(core, CONTACT_PERSON)
    people.set_passphrase(core, CONTACT_PERSON, CONTACT_PASSPHRASE)
    people.record_training(core, CONTACT_PERSON, date(2026, 1, 10))
    register.assign_contact_person(core, CONTACT_PERSON, event_id=event)
    incident = casework_incident.record_incident(core, "Director", casework_incident.IncidentRecord(
        event_id=event, nature=f"Followed around. {markers['incident']}",
        persons_involved="Two participants", reported_by="A volunteer at the desk",
        # Excluding from the event is a measure, a decision of the contact person.
        actions=("heard_respondent", "excluded_from_event"), respondent_username="Other user",
        language="en",
        token=secrets.token_hex(8)))
    return Filed(filed.number, filed.code, incident, markers)


def read_and_close(core: Core, filed: Filed) -> None:
    """The director reads the web report (adopting the reporter's message into the file and
    wiping its inbox copy) and closes both files: kept until 14 March 2028 (R-15.4)."""
    key = unlock(core, "Director")
    casework_desk.case_page(core, filed.web, "Director", key)
    decisions.move_case(core, filed.incident, "Director", key, CaseStatus.IN_HANDLING)
    for number in (filed.web, filed.incident):
        decisions.move_case(core, number, "Director", key, CaseStatus.DECLINED)
        close(core, number)
