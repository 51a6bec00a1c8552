"""R-2.2: trained contact persons, and how many an event needs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bvr.config import ContactPersonFormula
from bvr.rules.contacts import (
    enough_contact_persons,
    may_assign_contact_person,
    recommended_contact_persons,
)

TODAY = date(2025, 5, 1)


def test_R_2_2_trained_person_may_be_contact_person() -> None:
    assert may_assign_contact_person(date(2024, 11, 2), TODAY)
    assert may_assign_contact_person(TODAY, TODAY)


def test_R_2_2_untrained_contact_person_is_refused() -> None:
    verdict = may_assign_contact_person(None, TODAY)
    assert (verdict.rule, verdict.reason) == ("R-2.2", "rules-contact-untrained")
    assert not may_assign_contact_person(date(2025, 6, 1), TODAY)  # training still ahead


def test_R_2_2_recommended_number_from_the_formula() -> None:
    assert recommended_contact_persons(30) == 1  # one-day meetup
    assert recommended_contact_persons(120) == 3  # one-day conference
    assert recommended_contact_persons(60, days=3, intensive=True) == 4  # hackathon
    assert recommended_contact_persons(0) == 1


def test_R_2_2_formula_is_configurable() -> None:
    formula = ContactPersonFormula(minimum=2, base=0, per_participants=20, multi_day_extra=2,
                                   intensive_extra=0)
    assert recommended_contact_persons(10, formula=formula) == 2  # the minimum
    assert recommended_contact_persons(100, days=2, intensive=True, formula=formula) == 7
    no_size = ContactPersonFormula(per_participants=0)
    assert recommended_contact_persons(10_000, formula=no_size) == 1


def test_R_2_2_too_few_contact_persons_is_flagged() -> None:
    verdict = enough_contact_persons(1, 120)
    assert (verdict.reason, verdict.params) == ("rules-contact-too-few",
                                                {"num_assigned": 1, "needed": 3})
    assert enough_contact_persons(3, 120)


def test_R_2_2_negative_inputs_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        recommended_contact_persons(-1)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 30), st.booleans(), st.integers(0, 1000),
       st.integers(0, 30))
def test_R_2_2_more_people_longer_or_more_intense_never_needs_fewer(
    people: int, days: int, intensive: bool, more_people: int, more_days: int
) -> None:
    base = recommended_contact_persons(people, days, intensive)
    assert base >= 1
    assert recommended_contact_persons(people + more_people, days + more_days, True) >= base
