"""Written acknowledgement and training: R-4.1 to R-4.3.

- R-4.1: staff, interns, volunteers, board members, contractors, holders of advanced rights on
  the association's platforms and executive volunteers at events sign a written
  acknowledgement of the policy. Every role in the system is held by one of these (the
  confidant and the appeals committee are volunteers or contractors), so every role signs, and
  so does anyone in one of the categories below without a role.
- R-4.2: an acknowledgement expires at the next re-election or re-appointment, or after three
  years (`Periods.acknowledgement_years`), whichever comes first. "Expiring soon" is within
  `Periods.expiry_warning_days` of that date.
- R-4.3: basic BVR/UCoC training is recorded with its date; a date in the future is refused.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta
from enum import StrEnum

from bvr.config import Periods
from bvr.domain import Role
from bvr.rules.deadlines import DEFAULT_PERIODS, add_years
from bvr.rules.verdict import ALLOWED, Verdict, refuse


class Category(StrEnum):
    """R-4.1: why someone without (only) a role must sign. Stored as the acknowledgement's
    capacity, next to role values."""

    STAFF = "staff"
    INTERN = "intern"
    VOLUNTEER = "volunteer"
    BOARD_MEMBER = "board_member"
    CONTRACTOR = "contractor"
    ADVANCED_RIGHTS = "advanced_rights"  # administrator etc. on an association platform
    EXECUTIVE_VOLUNTEER = "executive_volunteer"  # runs (part of) an event


class AckStatus(StrEnum):
    NOT_REQUIRED = "not_required"
    MISSING = "missing"
    VALID = "valid"
    EXPIRING_SOON = "expiring_soon"
    EXPIRED = "expired"


def signing_capacities(
    roles: Collection[Role], categories: Collection[Category] = ()
) -> frozenset[str]:
    """R-4.1: the capacities in which someone must sign (empty: no acknowledgement needed)."""
    return frozenset(r.value for r in roles) | frozenset(c.value for c in categories)


def must_sign(roles: Collection[Role], categories: Collection[Category] = ()) -> bool:
    """R-4.1: whether someone with these roles and categories must sign."""
    return bool(signing_capacities(roles, categories))


def expires_on(
    signed_on: date, reappointments: Iterable[date] = (), periods: Periods = DEFAULT_PERIODS
) -> date:
    """R-4.2: the day the acknowledgement signed on `signed_on` stops being valid.

    `reappointments` are days of re-election or re-appointment, past or planned; the first one
    after signing ends it. Signing on the day of a re-appointment counts as renewing for it.
    """
    expiry = add_years(signed_on, periods.acknowledgement_years)
    later = [d for d in reappointments if d > signed_on]
    return min([expiry, *later])


def acknowledgement_status(
    signed_on: date | None,
    today: date,
    *,
    required: bool = True,
    reappointments: Iterable[date] = (),
    periods: Periods = DEFAULT_PERIODS,
) -> AckStatus:
    """R-4.2: the status of someone's latest acknowledgement (`signed_on`: its date, or None)."""
    if not required:
        return AckStatus.NOT_REQUIRED
    if signed_on is None:
        return AckStatus.MISSING
    expiry = expires_on(signed_on, reappointments, periods)
    if today >= expiry:
        return AckStatus.EXPIRED
    if expiry - today <= timedelta(days=periods.expiry_warning_days):
        return AckStatus.EXPIRING_SOON
    return AckStatus.VALID


def latest(dates: Iterable[date]) -> date | None:
    """The most recent of someone's signatures or trainings, or None if there are none."""
    return max(dates, default=None)


def may_record_training(completed_on: date, today: date) -> Verdict:
    """R-4.3: a training is recorded with the day it was completed, which cannot be ahead."""
    if completed_on > today:
        return refuse("R-4.3", "rules-training-in-future")
    return ALLOWED


def is_trained(completed_on: date | None, today: date) -> bool:
    """R-4.3: whether basic training has been completed by `today`."""
    return completed_on is not None and completed_on <= today
