"""The desk's side of the keyring (ADR 0007): referring a case to the board for a sanction
(d)-(f) and ending a delegation, from the case page; the pending-wraps line."""

from __future__ import annotations

from bvr.domain import Role
from bvr.services import people
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import PASSPHRASE, Desk


def test_R_11_3_the_board_opens_the_file_once_referred_to_it(desk: Desk) -> None:
    number = scenario.in_handling(desk)
    bob = desk.login("Bob")
    assert bob.get(f"/desk/case/{number}").status_code == 404  # not theirs yet
    dora = desk.login("Dora")
    assert dora.act(number, "refer_board").status_code == 200
    assert bob.get(f"/desk/case/{number}").status_code == 200


def test_R_10_1_ending_a_delegation_from_the_case_page(desk: Desk) -> None:
    number = scenario.in_handling(desk)
    vera = desk.login("Vera")
    assert vera.post("/desk/conflict", {"number": number, "has_conflict": ""}).status_code == 303
    dora = desk.login("Dora")
    dora.act(number, "investigator", investigator="Vera")
    assert vera.get(f"/desk/case/{number}").status_code == 200  # the delegate reads
    assert "Vera" in dora.act(number, "end_investigator",
                              investigator="Vera").get_data(as_text=True)
    assert vera.get(f"/desk/case/{number}").status_code == 404


def test_R_15_2_the_case_page_says_when_keys_are_pending(desk: Desk) -> None:
    number = scenario.in_handling(desk)
    dora = desk.login("Dora")  # her session's key was unlocked before the grant below
    people.add_person(desk.core, "Nina", (Role.DIRECTOR,))
    people.set_passphrase(desk.core, "Nina", PASSPHRASE)
    page = dora.get(f"/desk/case/{number}").get_data(as_text=True)
    assert 'id="pending-wraps"' in page
