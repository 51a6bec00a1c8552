"""Who holds a key is who may read (issue 11): regressions for each finding, and the
offline-copy test (a copy of the database plus a former reader's passphrase opens nothing).

The offline-copy tests run on SQLite only: they copy the database file, as someone taking a
copy of the embedded database would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bvr import vault
from bvr.casenumber import CaseNumber
from bvr.config import Config
from bvr.domain import CaseStatus, DecisionBody, Role, SanctionType
from bvr.errors import BvrError
from bvr.rules.facts import SanctionTerms
from bvr.rules.verdict import RuleRefused
from bvr.services import (
    casefiles,
    casework,
    casework_desk,
    casework_incident,
    casework_outcome,
    casework_web,
    decisions,
    people,
    register,
    screening,
)
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from bvr.storage.models import CaseKey, Person, SanctionKey
from bvr.storage.models_keyring import PendingWrap
from bvr.storage.models_screening import ScreeningNoteKey, ScreeningRunKey
from bvr.storage.models_web import IncidentCopy, ReporterMessageKey
from tests.conftest import FrozenClock
from tests.considerations import weighed
from tests.services.helpers import PASSPHRASES, board_imposes, officers, report, unlock

WEIGHED = weighed("Ernstig", "Eerder gewaarschuwd")
CONTACTS = {"Carla": "carla passphrase 1", "Cees": "cees passphrase 1"}
WRAP_TABLES: tuple[type[Any], ...] = (CaseKey, SanctionKey, ReporterMessageKey, IncidentCopy,
                                      ScreeningRunKey, ScreeningNoteKey)
RUN = {"participants": [{"raw": "Mallory", "name": "Mallory", "found_as": "Mallory",
                         "status": "clean", "exists_on": ["nlwiki"], "findings": []}]}


def _contact(core: Core, name: str, event: int) -> None:
    if name not in {p.username for p in people.list_people(core)}:
        people.add_person(core, name)
        people.set_passphrase(core, name, CONTACTS[name])
        people.record_training(core, name, date(2026, 1, 10))
    register.assign_contact_person(core, name, event_id=event)


def _event(core: Core) -> int:
    return register.add_event(core, "Editathon", date(2026, 3, 14), date(2026, 3, 15))


def _incident(core: Core, by: str, event: int, respondent: str = "") -> str:
    return casework_incident.record_incident(core, by, casework_incident.IncidentRecord(
        event_id=event, nature="Iemand werd uitgescholden (planted-1f0a)",
        persons_involved="twee deelnemers", reported_by="een deelnemer",
        respondent_username=respondent))


def _in_handling(core: Core, respondent: str = "Some user") -> str:
    number = report(core, respondent=respondent).number
    decisions.move_case(core, number, "Director", unlock(core, "Director"),
                        CaseStatus.IN_HANDLING)
    return number


def _sanction(core: Core, number: str, by: str = "Director",
              body: DecisionBody = DecisionBody.DIRECTOR_OR_BOARD_BVR,
              kind: SanctionType = SanctionType.NO_CONTACT) -> None:
    decisions.impose_sanction(
        core, number, by, people.unlock(core, by, _passphrase(by)), body=body,
        terms=SanctionTerms(kind, date(2026, 3, 1), date(2026, 12, 1)),
        respondent="Some user", scope="geen contact", considerations=WEIGHED)


def _passphrase(name: str) -> str:
    return {**PASSPHRASES, **CONTACTS, **BOARD}.get(name, "")


BOARD = {"Bob": "bob passphrase 1", "Berta": "berta passphrase 1"}


def _board(core: Core) -> None:
    for name, passphrase in BOARD.items():
        people.add_person(core, name, (Role.BOARD,))
        people.set_passphrase(core, name, passphrase)


# --- findings of issue 11 ---------------------------------------------------------------------

def test_R_8_5_R_15_2_an_accused_contact_person_gets_no_copy_of_the_record_about_them(
        core: Core) -> None:
    officers(core)
    event = _event(core)
    _contact(core, "Carla", event)
    _contact(core, "Cees", event)
    _incident(core, "Carla", event, respondent="Cees")  # Cees is the respondent
    assert casework_incident.my_records(
        core, "Cees", people.unlock(core, "Cees", CONTACTS["Cees"])) == []
    (copy,) = casework_incident.my_records(
        core, "Carla", people.unlock(core, "Carla", CONTACTS["Carla"]))
    assert "planted-1f0a" in str(copy.record["nature"])


def test_R_8_5_a_contact_person_appointed_later_gets_the_record_when_a_reader_unlocks(
        core: Core) -> None:
    officers(core)
    event = _event(core)
    people.add_person(core, "Cees")
    people.set_passphrase(core, "Cees", CONTACTS["Cees"])
    _contact(core, "Carla", event)
    _incident(core, "Carla", event)
    people.record_training(core, "Cees", date(2026, 1, 10))
    register.assign_contact_person(core, "Cees", event_id=event)  # queued: nobody unlocked
    cees = people.unlock(core, "Cees", CONTACTS["Cees"])
    assert casework_incident.my_records(core, "Cees", cees) == []
    unlock(core, "Director")  # holds the case file, which keeps the record: completes it
    (copy,) = casework_incident.my_records(core, "Cees", cees)
    assert "planted-1f0a" in str(copy.record["nature"])


def test_R_15_2_revoking_a_role_removes_every_key_it_gave(core: Core) -> None:
    officers(core)
    number = _in_handling(core)
    _sanction(core, number)
    screening.store_run(core, RUN, {"kind": "csv", "path": "participants.csv"})
    director = _person_id(core, "Director")
    assert _wraps_of(core, director)  # case, register entry, screening run
    people.revoke_role(core, "Director", Role.DIRECTOR)
    # Still staff: the register stays theirs, nothing else.
    assert {type(w) for w in _wraps_of(core, director)} == {SanctionKey}
    people.revoke_role(core, "Director", Role.STAFF)
    assert _wraps_of(core, director) == []


def test_R_10_1_a_conflict_removes_the_reporter_message_keys(core: Core) -> None:
    officers(core)
    filed = casework_web.file_web_report(core, casework_web.WebReport(
        what_happened="Iemand viel me lastig (planted-77aa)", language="nl"))
    casework_web.reporter_writes(core, filed.code, "Nog iets (planted-77ab)", "info")
    director = _person_id(core, "Director")
    assert any(isinstance(w, ReporterMessageKey) for w in _wraps_of(core, director))
    casework.declare_conflict(core, filed.number, "Director", True)
    assert _wraps_of(core, director) == []
    # The board member BVR now handles it and still reads the message.
    page = casework_desk.case_page(core, filed.number, "Board bvr", unlock(core, "Board bvr"))
    assert any("planted-77ab" in str(e.content) for e in page.entries)


def test_R_15_3_a_contact_person_appointed_after_a_sanction_sees_it_in_the_register(
        core: Core) -> None:
    officers(core)
    number = _in_handling(core)
    _sanction(core, number)
    event = _event(core)
    _contact(core, "Carla", event)  # queued: nobody who holds the entry was unlocked
    carla = people.unlock(core, "Carla", CONTACTS["Carla"])
    assert decisions.sanctions_register(core, "Carla", carla, date(2026, 5, 1)) == []
    unlock(core, "Board bvr")
    (line,) = decisions.sanctions_register(core, "Carla", carla, date(2026, 5, 1))
    assert line.username == "Some user"


def test_R_10_1_the_delegated_confidant_opens_the_file_while_the_delegation_lasts(
        core: Core) -> None:
    officers(core)
    number = _in_handling(core)
    confidant = unlock(core, "Confidant")
    with pytest.raises(RuleRefused):
        casefiles.open_case(core, number, "Confidant", confidant)
    casework.declare_conflict(core, number, "Confidant", False)
    director = unlock(core, "Director")
    casework.add_investigator(core, number, "Director", director, investigator="Confidant")
    assert casefiles.open_case(core, number, "Confidant", confidant).number == number
    assert [c.number for c in casework_desk.my_cases(core, "Confidant")] == [number]
    casework.end_delegation(core, number, "Director", director, investigator="Confidant")
    with pytest.raises(RuleRefused):
        casefiles.open_case(core, number, "Confidant", confidant)
    assert _wraps_of(core, _person_id(core, "Confidant")) == []


def test_R_11_3_board_members_deciding_d_to_f_get_the_file_until_it_is_announced(
        core: Core) -> None:
    officers(core)
    _board(core)
    number = _in_handling(core)
    bob = people.unlock(core, "Bob", BOARD["Bob"])
    with pytest.raises(RuleRefused):
        casefiles.open_case(core, number, "Bob", bob)
    casework_outcome.refer_to_board(core, number, "Director", unlock(core, "Director"))
    assert casefiles.open_case(core, number, "Bob", bob).number == number
    # The board decides as a body: Bob proposes, Berta agrees.
    board_imposes(core, number, [("Bob", bob), ("Berta", people.unlock(core, "Berta",
                                                                        BOARD["Berta"]))],
                  terms=SanctionTerms(SanctionType.EXCLUSION, date(2026, 3, 1),
                                      date(2026, 12, 1)),
                  respondent="Some user", scope="alles", considerations=WEIGHED)
    casework_outcome.announce_decision(core, number, "Bob", bob)
    with pytest.raises(RuleRefused):
        casefiles.open_case(core, number, "Bob", bob)
    assert _wraps_of(core, _person_id(core, "Bob")) == []  # nor the register's


def test_R_10_1_a_conflict_declared_by_an_unrelated_officer_is_refused_and_not_shown(
        core: Core) -> None:
    officers(core)
    event = _event(core)
    _contact(core, "Carla", event)
    number = _in_handling(core)
    with pytest.raises(RuleRefused) as refused:
        casework.declare_conflict(core, number, "Carla", True)
    assert refused.value.verdict.rule == "R-10.1"
    with pytest.raises(RuleRefused):  # the same answer for a number that does not exist
        casework.declare_conflict(core, str(CaseNumber("BVR", 2026, 99)), "Carla", True)
    page = casework_desk.case_page(core, number, "Director", unlock(core, "Director"))
    assert page.conflicts == ()


def test_R_15_2_pending_wraps_show_on_the_case_page(core: Core) -> None:
    officers(core)
    number = _in_handling(core)
    people.add_person(core, "New director", (Role.DIRECTOR,))
    people.set_passphrase(core, "New director", "new director passphrase")
    with core.database.transaction() as session:
        assert session.scalars(select(PendingWrap)).all()
    pending = {p.username: p.pending_keys for p in people.list_people(core)}
    assert pending["New director"] == 1 and pending["Director"] == 0  # `bvr people list`
    # Opening the page is unlocking first: the director's unlock completes the wrap.
    director = people.unlock(core, "Director", PASSPHRASES["Director"])
    assert casework_desk.case_page(core, number, "Director", director).pending_wraps == 0
    assert {p.username: p.pending_keys for p in people.list_people(core)}["New director"] == 0


# --- the offline copy ----------------------------------------------------------------------------

@pytest.fixture
def sqlite_core(tmp_path: Path, clock: FrozenClock) -> Iterator[Core]:
    database = Database(f"sqlite:///{tmp_path / 'bvr.sqlite3'}")
    schema.upgrade(database)
    yield Core(Config(), database, clock=clock, kdf_cost=vault.FAST_KDF_FOR_TESTS)
    database.dispose()


def _everything_for_the_director(core: Core) -> str:
    """A case (in handling, with a sanction), a web report with a message from the reporter,
    an on-site record of an event the director is a contact person of, a screening run and a
    note: the director holds a key to each."""
    officers(core)
    event = _event(core)
    people.record_training(core, "Director", date(2026, 1, 10))
    register.assign_contact_person(core, "Director", event_id=event)
    number = _in_handling(core)
    _sanction(core, number)
    filed = casework_web.file_web_report(core, casework_web.WebReport(
        what_happened="Iemand viel me lastig (planted-a1)", language="nl"))
    casework_web.reporter_writes(core, filed.code, "Nog iets (planted-a2)", "info")
    people.add_person(core, "Carla")
    people.record_training(core, "Carla", date(2026, 1, 10))
    register.assign_contact_person(core, "Carla", event_id=event)
    people.set_passphrase(core, "Carla", CONTACTS["Carla"])
    _incident(core, "Carla", event)
    screening.store_run(core, RUN, {"kind": "csv", "path": "participants.csv"})
    screening.add_note(core, "Carla", "Mallory", "Elders lastig gevallen (planted-a3)")
    kinds = {type(w) for w in _wraps_of(core, _person_id(core, "Director"))}
    assert kinds == set(WRAP_TABLES)  # he holds a key of every kind before
    return filed.number


def _opens_from_a_copy(core: Core, tmp_path: Path, name: str) -> list[str]:
    """Copy the database file; with only the copy and `name`'s passphrase, try every wrapped
    key of every kind. Returns what opened (table names)."""
    source = Path(core.database.engine.url.database or "")
    copy = tmp_path / "copy.sqlite3"
    core.database.dispose()
    shutil.copyfile(source, copy)
    stolen = Database(f"sqlite:///{copy}")
    opened: list[str] = []
    try:
        with stolen.transaction() as session:
            person = session.scalars(select(Person).where(Person.username == name)).one()
            locked = people.locked_key(person)
            assert locked is not None
            key = vault.unlock(locked, _passphrase(name))
            for table in WRAP_TABLES:
                for row in session.scalars(select(table)):
                    try:
                        key.unwrap(row.wrapped_key)
                    except vault.VaultError:
                        continue
                    opened.append(table.__tablename__)
    finally:
        stolen.dispose()
    return opened


def test_R_15_2_R_15_3_a_revoked_director_opens_nothing_from_a_copy_of_the_database(
        sqlite_core: Core, tmp_path: Path) -> None:
    _everything_for_the_director(sqlite_core)
    for role in (Role.DIRECTOR, Role.STAFF, Role.CONTACT_PERSON):
        people.revoke_role(sqlite_core, "Director", role)
    assert _opens_from_a_copy(sqlite_core, tmp_path, "Director") == []


def test_R_10_1_R_15_2_after_a_conflict_the_copy_opens_nothing_of_that_case(
        sqlite_core: Core, tmp_path: Path) -> None:
    number = _everything_for_the_director(sqlite_core)
    casework.declare_conflict(sqlite_core, number, "Director", True)
    opened = _opens_from_a_copy(sqlite_core, tmp_path, "Director")
    # Only the records of other matters stay his: the other case file, its register entry,
    # the on-site record's copy and the screening run and note. None of the web report's.
    assert "reporter_message_key" not in opened
    assert sorted(opened) == sorted(["case_key", "case_key", "sanction_key", "incident_copy",
                                     "screening_run_key", "screening_note_key"])


def _person_id(core: Core, name: str) -> int:
    with core.database.transaction() as session:
        return people.get(session, name).id


def _wraps_of(core: Core, person_id: int) -> list[Any]:
    with core.database.transaction() as session:
        found: list[Any] = []
        for table in WRAP_TABLES:
            found += session.scalars(select(table).where(table.person_id == person_id)).all()
        session.expunge_all()
        return found


def test_R_15_2_a_person_without_a_key_is_refused_clearly(core: Core) -> None:
    officers(core)
    people.add_person(core, "Keyless", (Role.DIRECTOR,))
    with pytest.raises(BvrError):
        people.unlock(core, "Keyless", "whatever passphrase")
