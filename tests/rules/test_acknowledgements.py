"""R-4.1 to R-4.3: written acknowledgement and training."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from bvr.config import Periods
from bvr.domain import Role
from bvr.rules.acknowledgements import (
    AckStatus,
    Category,
    acknowledgement_status,
    expires_on,
    is_trained,
    latest,
    may_record_training,
    must_sign,
    signing_capacities,
)

SIGNED = date(2023, 6, 1)


def test_R_4_1_roles_and_categories_must_sign() -> None:
    assert must_sign({Role.BOARD})
    assert must_sign({Role.CONTACT_PERSON})
    assert must_sign(set(), {Category.ADVANCED_RIGHTS})
    assert must_sign(set(), {Category.EXECUTIVE_VOLUNTEER})
    assert not must_sign(set(), set())
    assert signing_capacities({Role.STAFF}, {Category.INTERN}) == {"staff", "intern"}


def test_R_4_2_expires_after_three_years() -> None:
    assert expires_on(SIGNED) == date(2026, 6, 1)
    assert expires_on(date(2024, 2, 29)) == date(2027, 2, 28)
    assert expires_on(SIGNED, periods=Periods(acknowledgement_years=1)) == date(2024, 6, 1)


def test_R_4_2_expires_at_reelection_if_earlier() -> None:
    assert expires_on(SIGNED, [date(2025, 4, 12)]) == date(2025, 4, 12)
    assert expires_on(SIGNED, [date(2027, 4, 12)]) == date(2026, 6, 1)
    # Re-appointments on or before the signing day were renewed by this very signature.
    assert expires_on(SIGNED, [date(2022, 4, 12), SIGNED]) == date(2026, 6, 1)


def test_R_4_2_status_missing_valid_expiring_expired() -> None:
    assert acknowledgement_status(None, date(2025, 1, 1)) is AckStatus.MISSING
    assert acknowledgement_status(SIGNED, date(2025, 1, 1)) is AckStatus.VALID
    assert acknowledgement_status(SIGNED, date(2026, 4, 2)) is AckStatus.EXPIRING_SOON
    assert acknowledgement_status(SIGNED, date(2026, 4, 1)) is AckStatus.VALID
    assert acknowledgement_status(SIGNED, date(2026, 6, 1)) is AckStatus.EXPIRED
    assert acknowledgement_status(None, date(2025, 1, 1), required=False) is (
        AckStatus.NOT_REQUIRED)


def test_R_4_2_planned_reelection_makes_it_expiring_soon() -> None:
    status = acknowledgement_status(SIGNED, date(2025, 3, 1), reappointments=[date(2025, 4, 12)])
    assert status is AckStatus.EXPIRING_SOON


def test_R_4_2_the_latest_signature_counts() -> None:
    assert latest([date(2020, 1, 1), SIGNED, date(2021, 1, 1)]) == SIGNED
    assert latest([]) is None


def test_R_4_3_training_recorded_with_a_date_not_in_the_future() -> None:
    assert may_record_training(date(2025, 1, 1), date(2025, 1, 1))
    verdict = may_record_training(date(2025, 1, 2), date(2025, 1, 1))
    assert (verdict.rule, verdict.reason) == ("R-4.3", "rules-training-in-future")
    assert is_trained(date(2024, 1, 1), date(2025, 1, 1))
    assert not is_trained(None, date(2025, 1, 1))


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))


@settings(max_examples=150, deadline=None)
@given(days, st.lists(days, max_size=4), days)
def test_R_4_2_expiry_is_after_signing_and_never_later_than_the_period(
    signed: date, reappointments: list[date], today: date
) -> None:
    expiry = expires_on(signed, reappointments)
    assert signed < expiry <= expires_on(signed)
    status = acknowledgement_status(signed, today, reappointments=reappointments)
    assert (status is AckStatus.EXPIRED) == (today >= expiry)
