"""On-site measures are decisions: R-8.4, R-11.3 (note 3), R-16.4.

- R-8.4: during an event the contact person may reprimand, exclude from the rest of the event,
  order no contact, or report to the police. When they do, that is a decision of the contact
  person (`DecisionBody.CONTACT_PERSON`), recorded as such, not only words in the incident
  record (`MEASURES` maps the record's actions to the decision's type).
- R-11.3, note 3: the measure is confirmed afterwards by the director or the board member BVR,
  whoever is not involved (R-11.4); until then the desk shows it as unconfirmed.
- R-16.4: no appeal during the event against a decision taken there; afterwards a written one.
  Whether the event still runs follows from the event's own dates, read as calendar days in the
  association's time zone (`event_running`), never from what a caller says.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bvr.domain import Role, SanctionType
from bvr.rules.facts import Actor, CaseFacts
from bvr.rules.handling import may_take_part_in_deciding
from bvr.rules.verdict import ALLOWED, Verdict, refuse

#: R-8.4: the incident record's actions that are measures, with the decision each one is.
#: Hearing the respondent, or finding that talking sufficed, decides nothing against anyone.
MEASURES: dict[str, SanctionType] = {
    "verbal_reprimand": SanctionType.WARNING,
    "excluded_from_event": SanctionType.EVENT_EXCLUSION,
    "no_contact_order": SanctionType.NO_CONTACT,
    "police": SanctionType.REPORT_TO_POLICE,
}


def measures_taken(actions: Iterable[str]) -> tuple[SanctionType, ...]:
    """R-8.4: the decisions among the actions an incident record lists, in the record's order."""
    return tuple(MEASURES[a] for a in actions if a in MEASURES)


def event_running(starts_on: date, ends_on: date, moment: datetime, zone: ZoneInfo) -> bool:
    """R-16.4: whether the event runs at `moment` (aware): its dates are whole days in the
    association's time zone, the last day included."""
    if moment.tzinfo is None:
        raise ValueError("event_running needs an aware datetime")
    return starts_on <= moment.astimezone(zone).date() <= ends_on


def may_confirm(actor: Actor, case: CaseFacts) -> Verdict:
    """R-11.3 (note 3), R-11.4: the director or the board member BVR, not involved, confirms a
    contact person's measure (or decides an appeal against it, R-16.2)."""
    if not actor.has(Role.DIRECTOR, Role.BOARD_BVR):
        return refuse("R-11.3", "rules-measure-not-confirmer")
    return may_take_part_in_deciding(actor, case)


def may_confirm_now(unconfirmed: int) -> Verdict:
    """There must be a measure that still waits for its confirmation."""
    if unconfirmed == 0:
        return refuse("R-8.4", "rules-measure-none-to-confirm")
    return ALLOWED
