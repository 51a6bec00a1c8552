"""Issue 11 on the desk: public reports naming the director by a variant of her username are
not hers to read (R-10.1, R-15.2), and rows written before the upgrade are brought to the new
normalisation when a key holder unlocks (ADR 0008)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bvr import vault
from bvr.domain import PartyRole
from bvr.services import people, reindex
from bvr.services.content import seal, unseal
from bvr.storage.models import Case, CaseKey, Party
from tests.webhook.desk.conftest import PASSPHRASE, Desk, respondent


@pytest.mark.parametrize("variant", ["Do\u200era", "User:Dora", "Gebruiker:dora",
                                     "\u202bDora\u202c", "Dora\u00a0"])
def test_R_10_1_R_15_2_a_public_report_naming_the_director_by_a_variant_is_not_hers(
        desk: Desk, variant: str) -> None:
    number = desk.file("The director was rude.", parties=(respondent(variant),))
    dora = desk.login("Dora")
    assert dora.get(f"/desk/case/{number}").status_code == 404
    overview = dora.get("/desk/cases")
    assert overview.status_code == 200
    assert number not in overview.get_data(as_text=True)
    bea = desk.login("Bea")
    assert bea.get(f"/desk/case/{number}").status_code == 200
    assert number in bea.get("/desk/cases").get_data(as_text=True)  # the list does name cases


def _stale(desk: Desk, number: str, username: str) -> None:
    """The respondent row as the code before issue 11 wrote it (with every key as then)."""
    key = people.unlock(desk.core, "Bea", PASSPHRASE)
    with desk.core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        bea = people.get(session, "Bea")
        data_key = key.unwrap(session.scalars(select(CaseKey.wrapped_key).where(
            CaseKey.case_id == case.id, CaseKey.person_id == bea.id)).one())
        party = session.scalars(select(Party).where(
            Party.case_id == case.id, Party.role == PartyRole.RESPONDENT)).one()
        party.ciphertext = seal(data_key, {**unseal(data_key, party.ciphertext),
                                           "username": username})
        party.blind_index = vault.blind_index(username, desk.core.index_key, version=1)
        party.blind_index_version = 1


def test_unlocking_on_the_desk_brings_stale_rows_up_to_date(desk: Desk) -> None:
    number = desk.file("Someone was rude.", parties=(respondent("Someone"),))
    _stale(desk, number, "User:Do\u200era")  # then, Dora was not recognised: she got a key
    assert reindex.stale_count(desk.core) == 1
    assert desk.login("Carl").get("/desk/").status_code == 200  # can open nothing: no change
    assert reindex.stale_count(desk.core) == 1
    dora = desk.login("Dora")  # her own unlock reindexes what she can open...
    assert reindex.stale_count(desk.core) == 0
    assert dora.get(f"/desk/case/{number}").status_code == 404  # ...and the rules see her
