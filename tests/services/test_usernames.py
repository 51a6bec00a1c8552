"""Issue 11, part 2: one normalisation of usernames for involvement, sanctions and screening,
and the stored blind indexes brought to it (`bvr vault reindex`)."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import func, select

from bot.screening.names import normalise as screening_name
from bvr import usernames, vault
from bvr.domain import CaseStatus, DecisionBody, PartyRole, Role, SanctionType
from bvr.errors import BvrError
from bvr.rules.facts import SanctionTerms
from bvr.rules.verdict import RuleRefused
from bvr.services import casefiles, decisions, people, reindex, screening
from bvr.services.content import seal, unseal
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.models import Case, CaseKey, Party, Sanction, SanctionKey
from tests.considerations import weighed
from tests.services.helpers import officers, report, unlock

WEIGHED = weighed("Herhaaldelijk schelden", "Eerder gewaarschuwd")
DAY = date(2026, 5, 1)
# (b), an exclusion: what screening flags (R-6.1(a)).
TERMS = SanctionTerms(SanctionType.EVENT_EXCLUSION, date(2026, 4, 1), date(2026, 10, 1))

#: Spellings MediaWiki reads as the user "Director" (proven in tests/test_usernames_parity.py).
DIRECTOR_VARIANTS = ("Di\u200erector", "User:Director", "Gebruiker:director",
                     "Användare:Director", "\u202eDirector\u202c", "user:_Director\u00a0",
                     "Gebruikster:Director", "Di&lrm;rector", "&nbsp;Director")


@pytest.mark.parametrize("respondent", DIRECTOR_VARIANTS)
def test_R_10_1_R_15_2_the_director_named_by_a_variant_may_not_open(
        core: Core, respondent: str) -> None:
    officers(core)
    filed = report(core, respondent=respondent)
    with pytest.raises(RuleRefused) as refused:
        casefiles.open_case(core, filed.number, "Director", unlock(core, "Director"))
    assert refused.value.verdict.rule == "R-15.2"
    with core.database.transaction() as session:  # and the vault agrees: no key for her
        director = people.get(session, "Director")
        assert session.scalar(select(func.count()).select_from(CaseKey).where(
            CaseKey.person_id == director.id)) == 0


def _sanction(core: Core, respondent: str) -> str:
    number = report(core, respondent="Some user").number
    key = unlock(core, "Director")
    decisions.move_case(core, number, "Director", key, CaseStatus.IN_HANDLING)
    decisions.impose_sanction(core, number, "Director", key,
                              body=DecisionBody.DIRECTOR_OR_BOARD_BVR, terms=TERMS,
                              respondent=respondent, scope="geen contact",
                              considerations=WEIGHED)
    return number


@pytest.mark.parametrize("recorded", ["User:Troll account", "Troll\u200f_account",
                                      "Gebruiker: troll account", "troll\u3000account"])
def test_R_6_1_R_15_3_a_sanction_recorded_under_a_variant_is_found_at_screening(
        core: Core, recorded: str) -> None:
    officers(core)
    _sanction(core, recorded)
    records = screening.Records(core, DAY)
    # Names as screening reads them from a participant list, in other spellings again.
    listed = [screening_name(raw).name for raw in ("Troll account", "Användare:Troll_account",
                                                   "[[User:Troll account]]"[2:-2])]
    assert records.sanctioned(listed) == {"Troll account"}
    assert records.sanctioned(["Troll accounts", "Other"]) == set()
    (line,) = decisions.sanctions_register(core, "Director", unlock(core, "Director"), DAY)
    assert line.username == "Troll account"  # the register names the user once


def test_an_officer_is_registered_only_under_a_name_mediawiki_accepts(core: Core) -> None:
    for name in ("User talk:Someone", "a/b", "192.0.2.1", "x#y"):
        with pytest.raises(BvrError) as refused:
            people.add_person(core, name, (Role.CONTACT_PERSON,))
        assert refused.value.message.key == "core-person-name-invalid"
    people.add_person(core, "Gebruiker:nieuw_lid", (Role.CONTACT_PERSON,))
    with core.database.transaction() as session:
        assert people.get(session, "Nieuw lid").username == "Nieuw lid"


def _as_written_before_issue_11(core: Core, number: str, respondent: str) -> None:
    """Make the case's respondent party and its sanction rows what the old code wrote for
    `respondent`: the name in the ciphertext, the version-1 index, version 1."""
    key = unlock(core, "Director")
    with core.database.transaction() as session:
        director = people.get(session, "Director")
        case = session.scalars(select(Case).where(Case.number == number)).one()
        wrapped = session.scalars(select(CaseKey.wrapped_key).where(
            CaseKey.case_id == case.id, CaseKey.person_id == director.id)).one()
        data_key = key.unwrap(wrapped)
        party = session.scalars(select(Party).where(
            Party.case_id == case.id, Party.role == PartyRole.RESPONDENT)).one()
        content = unseal(data_key, party.ciphertext)
        party.ciphertext = seal(data_key, {**content, "username": respondent})
        party.blind_index = vault.blind_index(respondent, core.index_key, version=1)
        party.blind_index_version = 1
        for sanction in session.scalars(select(Sanction).where(Sanction.case_id == case.id)):
            entry_key = key.unwrap(session.scalars(select(SanctionKey.wrapped_key).where(
                SanctionKey.sanction_id == sanction.id,
                SanctionKey.person_id == director.id)).one())
            entry = unseal(entry_key, sanction.register_ciphertext)
            old_name = usernames.legacy_v1(respondent)
            sanction.register_ciphertext = seal(entry_key, {**entry, "username": old_name})
            sanction.respondent_index = vault.blind_index(respondent, core.index_key, version=1)
            sanction.blind_index_version = 1


def test_reindex_brings_rows_written_by_the_old_normalisation_up_to_date(core: Core) -> None:
    officers(core)
    number = _sanction(core, "Someone")
    _as_written_before_issue_11(core, number, "User:Di\u200erector")
    assert reindex.stale_count(core) == 2
    # Until reindexed, the old index still finds the old spelling; the new rules cannot yet.
    assert decisions.has_sanction_in_force(core, "User:Di\u200erector", DAY)
    assert not decisions.has_sanction_in_force(core, "Director", DAY)

    # A key holder who cannot open the rows changes nothing.
    people.add_person(core, "Contact", (Role.CONTACT_PERSON,))
    people.set_passphrase(core, "Contact", "contact passphrase 1")
    nothing = reindex.reindex(core, "Contact", people.unlock(core, "Contact",
                                                              "contact passphrase 1"))
    assert (nothing.done, nothing.stale) == (0, 2)

    done = reindex.reindex(core, "Board bvr", unlock(core, "Board bvr"))
    assert (done.done, done.stale) == (2, 0)
    assert reindex.stale_count(core) == 0
    assert decisions.has_sanction_in_force(core, "Director", DAY)
    (line,) = decisions.sanctions_register(core, "Board bvr", unlock(core, "Board bvr"), DAY)
    assert line.username == "Director"
    # The respondent is now recognised as the director: the rules refuse her the file.
    with pytest.raises(RuleRefused) as refused:
        casefiles.open_case(core, number, "Director", unlock(core, "Director"))
    assert refused.value.verdict.rule == "R-15.2"
    again = reindex.reindex(core, "Board bvr", unlock(core, "Board bvr"))
    assert (again.done, again.stale) == (0, 0)


def test_migration_0701_marks_the_rows_it_finds_as_version_1(core: Core) -> None:
    officers(core)
    number = _sanction(core, "Someone")
    _as_written_before_issue_11(core, number, "Gebruiker:Di\u200erector")
    config = schema._alembic_config()
    with core.database.engine.begin() as connection:  # back to before this branch
        config.attributes["connection"] = connection
        command.downgrade(config, "usernames@-1")
    assert "0701" not in schema.current_revisions(core.database)
    schema.upgrade(core.database)
    assert reindex.stale_count(core) == 3  # both parties of the case, and the sanction
    report(core, respondent="Someone else")  # new rows: the current version
    assert reindex.stale_count(core) == 3
    assert reindex.reindex(core, "Director", unlock(core, "Director")).done == 3
    assert decisions.has_sanction_in_force(core, "director", DAY)
