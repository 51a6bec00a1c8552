"""People, roles (R-2.1), passphrases, training (R-4.3) and acknowledgements (R-4.1)."""

from __future__ import annotations

from datetime import date

import pytest

from bvr import vault
from bvr.domain import Role
from bvr.errors import BvrError
from bvr.services import people
from bvr.services.core import Core


def test_R_2_1_a_person_may_hold_several_roles(core: Core) -> None:
    people.add_person(core, "anna_de_Vries", (Role.BOARD, Role.BOARD_BVR), "nl")
    people.grant_role(core, "Anna de Vries", Role.CONTACT_PERSON)
    people.grant_role(core, "Anna de Vries", Role.CONTACT_PERSON)  # twice changes nothing
    people.revoke_role(core, "Anna de Vries", Role.BOARD)
    (anna,) = people.list_people(core)
    assert anna.username == "Anna de Vries"
    assert set(anna.roles) == {Role.BOARD_BVR, Role.CONTACT_PERSON}


def test_unknown_and_duplicate_people_are_refused_clearly(core: Core) -> None:
    people.add_person(core, "Anna")
    with pytest.raises(BvrError, match="already registered"):
        people.add_person(core, "anna")
    with pytest.raises(BvrError, match="Nobody called Bert"):
        people.grant_role(core, "Bert", Role.STAFF)
    with pytest.raises(BvrError, match="does not hold"):
        people.revoke_role(core, "Anna", Role.STAFF)


def test_passphrase_change_needs_the_old_one(core: Core) -> None:
    people.add_person(core, "Anna", (Role.DIRECTOR,))
    people.set_passphrase(core, "Anna", "first passphrase!")
    with pytest.raises(BvrError, match="old one"):
        people.set_passphrase(core, "Anna", "second passphrase")
    with pytest.raises(vault.WrongPassphrase):
        people.set_passphrase(core, "Anna", "second passphrase", old="wrong passphrase!")
    people.set_passphrase(core, "Anna", "second passphrase", old="first passphrase!")
    assert people.unlock(core, "Anna", "second passphrase").public_key


def test_R_4_3_training_and_R_4_1_acknowledgement_are_recorded_with_dates(core: Core) -> None:
    people.add_person(core, "Anna", (Role.CONTACT_PERSON,))
    people.record_training(core, "Anna", date(2026, 2, 1))
    people.record_acknowledgement(core, "Anna", date(2026, 2, 3), "contact_person")
    (anna,) = people.list_people(core)
    assert (anna.trained_on, anna.acknowledged_on) == (date(2026, 2, 1), date(2026, 2, 3))
