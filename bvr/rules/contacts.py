"""Contact persons for events and platforms: R-2.2.

- A contact person must have completed basic BVR/UCoC training (R-4.3). Assigning someone
  without it is refused; the caller may instead record it as flagged, and the verdict says why.
- The recommended number of contact persons grows with the expected participants, the
  duration and the intensity of interaction. With `ContactPersonFormula` f:

      recommended = max(f.minimum,
                        f.base
                        + participants // f.per_participants     (one more per full group)
                        + (f.multi_day_extra if days > 1 else 0)
                        + (f.intensive_extra if intensive else 0))

  With WMNL's defaults (1, 1, 50, 1, 1): a one-day meetup of 30 people needs 1, a one-day
  conference of 120 needs 3, a three-day intensive hackathon of 60 needs 4. Platforms have no
  duration: pass `days=1`. `per_participants = 0` switches the participant term off.
"""

from __future__ import annotations

from datetime import date

from bvr.config import ContactPersonFormula
from bvr.rules.acknowledgements import is_trained
from bvr.rules.verdict import ALLOWED, Verdict, refuse

DEFAULT_FORMULA = ContactPersonFormula()


def may_assign_contact_person(trained_on: date | None, today: date) -> Verdict:
    """R-2.2: whether someone whose basic training was on `trained_on` may be a contact person."""
    if not is_trained(trained_on, today):
        return refuse("R-2.2", "rules-contact-untrained")
    return ALLOWED


def recommended_contact_persons(
    expected_participants: int,
    days: int = 1,
    intensive: bool = False,
    formula: ContactPersonFormula = DEFAULT_FORMULA,
) -> int:
    """R-2.2: how many contact persons an event (or platform) should have; see the module text."""
    if expected_participants < 0 or days < 0:
        raise ValueError("participants and days cannot be negative")
    count = formula.base
    if formula.per_participants > 0:
        count += expected_participants // formula.per_participants
    if days > 1:
        count += formula.multi_day_extra
    if intensive:
        count += formula.intensive_extra
    return max(formula.minimum, count)


def enough_contact_persons(
    assigned: int, expected_participants: int, days: int = 1, intensive: bool = False,
    formula: ContactPersonFormula = DEFAULT_FORMULA,
) -> Verdict:
    """R-2.2: whether `assigned` trained contact persons meet the recommendation."""
    needed = recommended_contact_persons(expected_participants, days, intensive, formula)
    if assigned < needed:
        return refuse("R-2.2", "rules-contact-too-few", num_assigned=assigned,
                      needed=needed)
    return ALLOWED
