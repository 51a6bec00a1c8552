"""R-11.5: every consideration is asked for, and the offender's role is known to the rule
(`bvr.rules.considerations`)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bvr.domain import Role
from bvr.rules.considerations import Considerations, Position, check_considerations, positions

FULL = Considerations("Shouted at a newcomer.", history="None known.",
                      role_of_respondent="A participant.", personal_factors="None known.")


@pytest.mark.parametrize(("left_out", "reason"), [
    ("nature_and_severity", "rules-considerations-nature"),
    ("history", "rules-considerations-history"),
    ("role_of_respondent", "rules-considerations-role"),
    ("personal_factors", "rules-considerations-personal"),
])
def test_R_11_5_a_decision_lacking_a_consideration_is_refused(left_out: str, reason: str) -> None:
    for empty in ("", "  ", "\n"):
        verdict = check_considerations(replace(FULL, **{left_out: empty}), ())
        assert (verdict.allowed, verdict.rule, verdict.reason) == (False, "R-11.5", reason)
    assert check_considerations(FULL, ())


@pytest.mark.parametrize(("roles", "expected"), [
    ({Role.BOARD}, {Position.BOARD}),
    ({Role.BOARD_BVR}, {Position.BOARD}),
    ({Role.DIRECTOR}, {Position.STAFF}),
    ({Role.STAFF}, {Position.STAFF}),
    ({Role.APPEALS_COMMITTEE}, {Position.ELECTED_OFFICER}),  # set up by the ALV
    ({Role.CONTACT_PERSON}, set()),  # appointed, not named by the text
    ({Role.CONFIDANT}, set()),
    (set(), set()),
])
def test_R_11_5_board_staff_and_elected_officers_are_known_from_their_roles(
        roles: set[Role], expected: set[Position]) -> None:
    assert positions(roles) == expected


def test_R_11_5_the_role_of_board_staff_and_elected_officers_weighs_heavier() -> None:
    for roles in ({Role.BOARD}, {Role.STAFF}, {Role.APPEALS_COMMITTEE}):
        refused = check_considerations(FULL, roles)
        assert (refused.rule, refused.reason) == ("R-11.5",
                                                  "rules-considerations-role-weighs-heavier")
        assert check_considerations(replace(FULL, role_weighed_heavier=True), roles)
    # An elected office the register does not know, declared by the decider, counts too.
    declared = replace(FULL, elected_officer=True)
    assert positions((), elected_officer=True) == {Position.ELECTED_OFFICER}
    assert not check_considerations(declared, ())
    assert check_considerations(replace(declared, role_weighed_heavier=True), ())
    # Someone without such a role: nothing to confirm.
    assert check_considerations(FULL, {Role.CONTACT_PERSON})


def test_R_11_5_an_on_site_measure_asks_only_for_nature_and_severity() -> None:
    on_site = Considerations("Kept interrupting the speaker.")
    assert check_considerations(on_site, {Role.STAFF}, on_site=True)
    assert check_considerations(Considerations(" "), (), on_site=True).reason == (
        "rules-considerations-nature")
    assert not check_considerations(on_site, ())
