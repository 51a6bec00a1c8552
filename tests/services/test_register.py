"""The register of events and platforms (R-1.1) with trained contact persons (R-2.2, R-2.3)."""

from __future__ import annotations

from datetime import date

import pytest

from bvr.domain import Role
from bvr.errors import BvrError
from bvr.rules.verdict import RuleRefused
from bvr.services import people, register
from bvr.services.core import Core


def test_R_2_2_untrained_contact_person_is_refused(core: Core) -> None:
    event = register.add_event(core, "Editathon", date(2026, 4, 1), date(2026, 4, 1))
    people.add_person(core, "Vera")
    with pytest.raises(RuleRefused) as refused:
        register.assign_contact_person(core, "Vera", event_id=event)
    assert refused.value.verdict.rule == "R-2.2"
    people.record_training(core, "Vera", date(2026, 1, 10))
    register.assign_contact_person(core, "Vera", event_id=event)
    (vera,) = people.list_people(core)
    assert Role.CONTACT_PERSON in vera.roles  # assigning gives the role


def test_R_4_3_a_training_cannot_be_recorded_ahead_of_time(core: Core) -> None:
    people.add_person(core, "Vera")
    with pytest.raises(RuleRefused):
        people.record_training(core, "Vera", date(2030, 1, 1))


def test_R_2_2_recommended_number_grows_with_the_event(core: Core) -> None:
    register.add_event(core, "Meetup", date(2026, 4, 1), date(2026, 4, 1),
                       expected_participants=30)
    register.add_event(core, "Hackathon", date(2026, 5, 1), date(2026, 5, 3),
                       expected_participants=60, intensive=True)
    meetup, hackathon = register.events(core)
    assert (meetup.recommended, hackathon.recommended) == (1, 4)
    assert hackathon.short_of_contact_persons == 4


def test_R_2_3_venue_without_authority_needs_recorded_arrangements(core: Core) -> None:
    with pytest.raises(BvrError, match=r"article 2\.3"):
        register.add_event(core, "In a library", date(2026, 4, 1), date(2026, 4, 1),
                           venue_without_authority=True)
    register.add_event(core, "In a library", date(2026, 4, 1), date(2026, 4, 1),
                       venue_without_authority=True,
                       venue_arrangements="Library staff will act on our contact person's call")
    assert register.events(core)[0].venue_arrangements


def test_R_1_1_platforms_are_registered_once(core: Core) -> None:
    platform = register.add_platform(core, "Association wiki", "wiki", "https://nl.wikimedia.org")
    people.add_person(core, "Vera")
    people.record_training(core, "Vera", date(2026, 1, 10))
    register.assign_contact_person(core, "Vera", platform_id=platform)
    with pytest.raises(BvrError, match="already a platform"):
        register.add_platform(core, "Association wiki", "wiki")
    with pytest.raises(BvrError):
        register.assign_contact_person(core, "Vera", platform_id=999)


def test_bad_event_dates_are_refused(core: Core) -> None:
    with pytest.raises(BvrError, match="end before"):
        register.add_event(core, "Backwards", date(2026, 4, 2), date(2026, 4, 1))
