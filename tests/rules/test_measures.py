"""On-site measures are decisions (R-8.4, R-11.3 note 3, R-16.4): pure rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bvr.domain import PartyRole, Role, SanctionType
from bvr.rules import measures
from bvr.rules.facts import Actor, CaseFacts

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DIRECTOR = Actor(1, frozenset({Role.DIRECTOR, Role.STAFF}))
BVR = Actor(2, frozenset({Role.BOARD, Role.BOARD_BVR}))
CONTACT = Actor(3, frozenset({Role.CONTACT_PERSON}))
MEMBER = Actor(4, frozenset({Role.BOARD}))


def test_R_8_4_measures_recorded_as_decisions_of_their_type() -> None:
    assert measures.measures_taken(("heard_respondent", "talk_sufficed")) == ()
    assert measures.measures_taken(("verbal_reprimand", "excluded_from_event",
                                    "no_contact_order", "police")) == (
        SanctionType.WARNING, SanctionType.EVENT_EXCLUSION, SanctionType.NO_CONTACT,
        SanctionType.REPORT_TO_POLICE)


def test_R_11_3_measures_confirmed_by_the_director_or_the_board_member_bvr() -> None:
    assert measures.may_confirm(DIRECTOR, CaseFacts())
    assert measures.may_confirm(BVR, CaseFacts())
    for actor in (CONTACT, MEMBER):
        verdict = measures.may_confirm(actor, CaseFacts())
        assert (verdict.rule, verdict.reason) == ("R-11.3", "rules-measure-not-confirmer")
    involved = CaseFacts.build([(DIRECTOR.person_id, PartyRole.WITNESS)])
    assert measures.may_confirm(DIRECTOR, involved).rule == "R-11.4"
    assert measures.may_confirm_now(0).reason == "rules-measure-none-to-confirm"
    assert measures.may_confirm_now(1)


@pytest.mark.parametrize(("moment", "running"), [
    (datetime(2026, 3, 13, 22, 59, tzinfo=UTC), False),  # 23:59 on the 13th in Amsterdam
    (datetime(2026, 3, 13, 23, 0, tzinfo=UTC), True),  # midnight: the event's first day
    (datetime(2026, 3, 15, 22, 59, tzinfo=UTC), True),  # 23:59 on its last day
    (datetime(2026, 3, 15, 23, 0, tzinfo=UTC), False),  # the day after, in Amsterdam
])
def test_R_16_4_event_running_from_its_dates_in_the_association_zone(
        moment: datetime, running: bool) -> None:
    assert measures.event_running(date(2026, 3, 14), date(2026, 3, 15), moment,
                                  AMSTERDAM) is running


def test_R_16_4_event_running_needs_an_aware_moment() -> None:
    with pytest.raises(ValueError):
        measures.event_running(date(2026, 3, 14), date(2026, 3, 15),
                               datetime(2026, 3, 14, 12), AMSTERDAM)
