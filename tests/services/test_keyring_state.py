"""R-15.2, R-15.3, R-10.1, R-11.3, R-8.5: who can decrypt is exactly who may read, after every
step of a random sequence of role grants and revocations, reports (some naming officers as
parties), conflict declarations, delegations, sanctions, referrals to the board, appeals,
reporter messages, screening runs and notes (issue 11).

After every step, for every record:
- every wrap opens with its holder's key (a usable key, not just a row);
- holders plus pending wraps are exactly the rules' readers (`keyring.readers`, built from the
  pure functions in `bvr.rules.access`); nobody holds a key and is pending at once;
- independently of those functions: nobody named as a party in a case, nobody who declared a
  conflict on it, holds a key to any of its records, and someone without a role or a
  delegation holds nothing;
- right after someone unlocks, no wrap is pending on a record they can open (pending wraps
  count as "will hold" only while no key holder has unlocked).

Runs on SQLite with a few examples in the normal suite; `BVR_HYPOTHESIS_PROFILE=nightly` runs
many more (docs/development.md). Destruction at the end of retention (R-15.4) is a step too:
after it, the destroyed file has no key, no queued wrap, and `keyring.all_records` no longer
lists any of its records.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import select

from bvr import vault
from bvr.config import Config
from bvr.domain import CaseStatus, Channel, DecisionBody, PartyRole, Role, SanctionType
from bvr.errors import BvrError
from bvr.rules.facts import SanctionTerms
from bvr.rules.verdict import RuleRefused
from bvr.services import board as board_service
from bvr.services import (
    casework,
    casework_incident,
    casework_outcome,
    casework_web,
    decisions,
    keyring,
    people,
    register,
    reports,
    retention,
    screening,
)
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from bvr.storage.models import Case, CaseKey, Person, RoleAssignment
from bvr.storage.models_board import BoardMotion
from bvr.storage.models_keyring import PendingWrap
from bvr.storage.models_web import IncidentCopy
from tests.conftest import FrozenClock
from tests.considerations import weighed

NIGHTLY = os.environ.get("BVR_HYPOTHESIS_PROFILE") == "nightly"

#: Everyone, with the roles they start with. All have a key and a basic training.
START: dict[str, tuple[Role, ...]] = {
    "Dora": (Role.DIRECTOR, Role.STAFF),
    "Dirk": (),
    "Bea": (Role.BOARD, Role.BOARD_BVR),
    "Bob": (Role.BOARD,),
    "Berta": (Role.BOARD,),
    "Conny": (Role.CONFIDANT,),
    "Cas": (Role.CONTACT_PERSON,),
    "Cor": (Role.CONTACT_PERSON,),
    "Stan": (Role.STAFF,),
    "Abe": (Role.APPEALS_COMMITTEE,),
}
NAMES = sorted(START)
PASSPHRASE = "passphrase of {} 1"
ROLES = list(Role)
EVENT = 1  # the one event, made first

names = st.sampled_from(NAMES)
cases = st.integers(min_value=0, max_value=50)
WEIGHED = weighed("Ernstig")


def _template(directory: Path, clock: FrozenClock) -> Path:
    """A database with the people and the event, made once and copied for every example:
    migrating and deriving keys every time would cost most of the test's time."""
    path = directory / "template.sqlite3"
    if path.exists():
        return path
    database = Database(f"sqlite:///{path}")
    schema.upgrade(database)
    core = Core(Config(), database, clock=clock, kdf_cost=vault.FAST_KDF_FOR_TESTS)
    event = register.add_event(core, "Editathon", date(2026, 3, 1), date(2026, 3, 30))
    assert event == EVENT
    for name, roles in START.items():
        people.add_person(core, name, tuple(r for r in roles if r is not Role.CONTACT_PERSON))
        people.set_passphrase(core, name, PASSPHRASE.format(name))
        people.record_training(core, name, date(2026, 1, 10))
        if Role.CONTACT_PERSON in roles:
            register.assign_contact_person(core, name, event_id=EVENT)
    database.dispose()
    return path


class Keyring(RuleBasedStateMachine):
    directory: Path  # set by the test

    def __init__(self) -> None:
        super().__init__()
        clock = FrozenClock(datetime(2026, 3, 14, 10, 0, tzinfo=UTC))
        template = _template(self.directory, clock)
        self.path = self.directory / f"run-{os.getpid()}-{id(self)}.sqlite3"
        shutil.copyfile(template, self.path)
        self.database = Database(f"sqlite:///{self.path}")
        self.core = Core(Config(), self.database, clock=clock,
                         kdf_cost=vault.FAST_KDF_FOR_TESTS)
        self.keys: dict[str, vault.UnlockedKey] = {}
        self.ids: dict[str, int] = {}
        with self.database.transaction() as session:
            for person in session.scalars(select(Person)):
                self.ids[person.username] = person.id
                locked = people.locked_key(person)
                assert locked is not None
                self.keys[person.username] = vault.unlock(locked, PASSPHRASE.format(
                    person.username))
        self.numbers: list[str] = []
        self.parties: dict[str, set[str]] = {}  # case number -> names of officers named
        self.conflicts: dict[str, set[str]] = {}  # case number -> who declared a conflict
        self.codes: dict[str, str] = {}  # case number -> the web reporter's receipt code
        self.runs = 0
        self.clock = clock
        self.destroyed: set[str] = set()  # case numbers destroyed at the end of retention

    def teardown(self) -> None:
        self.database.dispose()
        self.path.unlink(missing_ok=True)

    def _case(self, index: int) -> str:
        return self.numbers[index % len(self.numbers)]

    def _try(self, action: Any, *args: Any, **kwargs: Any) -> bool:
        """Run a service call; a refusal by the rules or a clear error changes nothing."""
        try:
            action(*args, **kwargs)
        except (BvrError, RuleRefused):
            event(f"{action.__name__}: refused")  # --hypothesis-show-statistics
            return False
        event(f"{action.__name__}: done")
        return True

    # --- roles -----------------------------------------------------------------------------

    @rule(name=names, role=st.sampled_from(ROLES))
    def grant(self, name: str, role: Role) -> None:
        if role is Role.CONTACT_PERSON:
            self._try(register.assign_contact_person, self.core, name, event_id=EVENT)
        else:
            self._try(people.grant_role, self.core, name, role)

    @rule(name=names, pick=st.integers(0, 9))
    def revoke(self, name: str, pick: int) -> None:
        with self.database.transaction() as session:
            held = sorted(people.current_roles(session, self.ids[name]))
        if held:
            self._try(people.revoke_role, self.core, name, held[pick % len(held)])

    @rule(name=names)
    def unlock(self, name: str) -> None:
        people.unlock(self.core, name, PASSPHRASE.format(name))
        # Nothing stays pending on a record this person can open (they just unlocked).
        with self.database.transaction() as session:
            for kind, record_id in session.execute(
                    select(PendingWrap.kind, PendingWrap.record_id).distinct()):
                record = keyring.Record(keyring.Kind(kind), record_id)
                assert self.ids[name] not in keyring.holders(session, record), record
                if record.kind is keyring.Kind.INCIDENT:
                    assert self.ids[name] not in keyring.holders(
                        session, keyring.Record(keyring.Kind.CASE, record_id)), record

    # --- reports ---------------------------------------------------------------------------

    @initialize(respondents=st.lists(st.sampled_from([*NAMES, "Outsider"]), min_size=2,
                                     max_size=2),
                on_site=st.sampled_from(["Cas", "Cor", "Outsider"]),
                by=st.sampled_from(["Cas", "Cor"]))
    def first_reports(self, respondents: list[str], on_site: str, by: str) -> None:
        """Every run starts with a report of each kind, so the steps have files to act on;
        the on-site record is often about a contact person of the event (R-8.5)."""
        for respondent, via in zip(respondents, ("oral", "web"), strict=True):
            self.report(respondent, None, via, by)
        self.report(on_site, None, "onsite", by)

    @rule(respondent=st.sampled_from([*NAMES, "Outsider"]),
          witness=st.sampled_from([*NAMES, None]),
          via=st.sampled_from(["oral", "web", "onsite"]), by=names)
    def report(self, respondent: str, witness: str | None, via: str, by: str) -> None:
        named = {respondent} | ({witness} if witness else set())
        try:
            if via == "oral":
                parties = [reports.PartyInput(PartyRole.RESPONDENT, username=respondent)]
                if witness:
                    parties.append(reports.PartyInput(PartyRole.WITNESS, username=witness))
                number = reports.file_report(self.core, reports.ReportInput(
                    Channel.ORAL, "Iemand werd uitgescholden", parties=tuple(parties))).number
            elif via == "web":
                filed = casework_web.file_web_report(self.core, casework_web.WebReport(
                    what_happened="Iemand viel me lastig", language="nl",
                    respondent_username=respondent, reporter_username=witness or ""))
                number = filed.number
                self.codes[number] = filed.code
                casework_web.reporter_writes(self.core, filed.code, "Nog iets", "info")
            else:
                named = {respondent}
                number = casework_incident.record_incident(
                    self.core, by, casework_incident.IncidentRecord(
                        event_id=EVENT, nature="Geduw bij de koffie", persons_involved="twee",
                        reported_by="een deelnemer", respondent_username=respondent))
        except (BvrError, RuleRefused):
            return
        event(f"report {via}: filed")
        self.numbers.append(number)
        self.parties[number] = named & set(NAMES)
        self.conflicts[number] = set()

    @rule(case=cases)
    def reporter_writes(self, case: int) -> None:
        if not self.codes:
            return
        number = sorted(self.codes)[case % len(self.codes)]
        # A destroyed file's code is unknown: a clear refusal, nothing written.
        self._try(casework_web.reporter_writes, self.core, self.codes[number], "Nog een vraag",
                  "answer")

    # --- handling ----------------------------------------------------------------------------

    @rule(name=names, case=cases, has_conflict=st.booleans())
    def declare(self, name: str, case: int, has_conflict: bool) -> None:
        if not self.numbers:
            return
        number = self._case(case)
        if self._try(casework.declare_conflict, self.core, number, name, has_conflict):
            (self.conflicts[number].add if has_conflict else self.conflicts[number].discard)(
                name)

    def _opener(self, number: str, pick: int, roles: frozenset[Role] = frozenset()) -> str:
        """Someone who holds the case's key now (holding `roles`, if given), or "" if none:
        the desk offers case actions only to those who can open the file."""
        with self.database.transaction() as session:
            case = session.scalars(select(Case).where(Case.number == number)).one()
            found = sorted(session.scalars(select(Person.username).join(
                CaseKey, CaseKey.person_id == Person.id).where(CaseKey.case_id == case.id)))
            if roles:
                found = [n for n in found
                         if people.current_roles(session, self.ids[n]) & roles]
        return found[pick % len(found)] if found else ""

    def _act(self, case: int, pick: int, action: Any, *args: Any,
             roles: frozenset[Role] = frozenset(), **kwargs: Any) -> bool:
        if not self.numbers:
            return False
        number = self._case(case)
        actor = self._opener(number, pick, roles)
        if not actor:
            return False
        return self._try(action, self.core, number, actor, self.keys[actor], *args, **kwargs)

    @rule(case=cases, pick=st.integers(0, 9), delegate=names)
    def delegate(self, case: int, pick: int, delegate: str) -> None:
        if not self.numbers:
            return
        number = self._case(case)
        if self._try(casework.declare_conflict, self.core, number, delegate, False):
            self.conflicts[number].discard(delegate)
            self._act(case, pick, casework.add_investigator, investigator=delegate)

    @rule(case=cases, pick=st.integers(0, 9))
    def end_delegation(self, case: int, pick: int) -> None:
        if not self.numbers:
            return
        with self.database.transaction() as session:
            case_id = session.scalars(select(Case.id).where(
                Case.number == self._case(case))).one()
            current = sorted(keyring.facts.delegates(session, case_id))
        by_id = {pid: name for name, pid in self.ids.items()}
        if current:
            self._act(case, pick, casework.end_delegation,
                      investigator=by_id[current[pick % len(current)]])

    @rule(case=cases, pick=st.integers(0, 9), board=st.booleans(), announce=st.booleans())
    def decide(self, case: int, pick: int, board: bool, announce: bool) -> None:
        """Into handling, then a sanction: by the handler (a)-(c), or referred to the board
        and imposed by one of its members (d)-(f), R-11.3."""
        self._act(case, pick, decisions.move_case, CaseStatus.IN_HANDLING)
        if board and not self._act(case, pick, casework_outcome.refer_to_board):
            return
        if board:
            # the board decides as a body: a member proposes, others vote (`vote`).
            self._act(case, pick, board_service.propose_sanction,
                      roles=frozenset({Role.BOARD, Role.BOARD_BVR}),
                      terms=SanctionTerms(SanctionType.EXCLUSION, date(2026, 3, 14),
                                          date(2026, 12, 1)),
                      respondent="Outsider", scope="alles", considerations=WEIGHED)
            return
        self._act(case, pick, decisions.impose_sanction,
                  body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
                  terms=SanctionTerms(SanctionType.EXCLUSION if board
                                      else SanctionType.NO_CONTACT,
                                      date(2026, 3, 14), date(2026, 12, 1)),
                  respondent="Outsider", scope="alles", considerations=WEIGHED)
        if announce:
            self.announce(case, pick)

    @rule(case=cases, pick=st.integers(0, 9))
    def announce(self, case: int, pick: int) -> None:
        self._act(case, pick, casework_outcome.announce_decision)

    @rule(case=cases, pick=st.integers(0, 9))
    def appeal(self, case: int, pick: int) -> None:
        self._act(case, pick, casework_outcome.file_appeal, appellant_role=PartyRole.RESPONDENT,
                  sanctioned=True)

    @rule(case=cases, pick=st.integers(0, 9))
    def decide_appeal(self, case: int, pick: int) -> None:
        self._act(case, pick, _decide_appeal, roles=frozenset({
                      Role.BOARD, Role.BOARD_BVR, Role.APPEALS_COMMITTEE}))

    @rule(case=cases, pick=st.integers(0, 9))
    def board_vote(self, case: int, pick: int) -> None:
        """R-2.1: an uninvolved board member votes for the decision before the board."""
        self._act(case, pick, _vote_for_open_motion, roles=frozenset({Role.BOARD,
                                                                       Role.BOARD_BVR}))

    # --- screening -----------------------------------------------------------------------------

    @precondition(lambda self: self.runs < 2)
    @rule()
    def screening_run(self) -> None:
        self.runs += 1
        self._try(screening.store_run, self.core, {"participants": []}, {"kind": "csv"})

    @rule(author=names, subject=st.sampled_from([*NAMES, "Outsider"]))
    def screening_note(self, author: str, subject: str) -> None:
        self._try(screening.add_note, self.core, author, subject, "Elders lastig")

    # --- the end of retention ---------------------------------------------------------------

    @rule(case=cases, pick=st.integers(0, 9))
    def destroy(self, case: int, pick: int) -> None:
        """Bring a file to a close as its handler may (a decision, announced, the appeal
        period over), then let time run past every retention date: R-15.4 destroys what is
        due, and with it every key and queued wrap of the file."""
        self._act(case, pick, decisions.move_case, CaseStatus.IN_HANDLING)
        self._act(case, pick, casework_outcome.decide_without_sanction, reasoning="Geen")
        self._act(case, pick, casework_outcome.announce_decision)
        self.clock.now += timedelta(weeks=9)  # eight weeks to appeal
        self._act(case, pick, casework_outcome.close_case)
        self.clock.now += timedelta(days=3 * 366)
        due = retention.due(self.core)
        retention.destroy(self.core, due)
        self.destroyed |= {item.number for item in due}
        if due:
            event("destroyed a file")

    # --- what must hold after every step ---------------------------------------------------------

    @invariant()
    def holders_are_exactly_the_readers(self) -> None:
        by_id = {pid: name for name, pid in self.ids.items()}
        with self.database.transaction() as session:
            for record in keyring.all_records(session):
                allowed = keyring.readers(session, self.core, record)
                held = keyring.holders(session, record)
                pending = frozenset(session.scalars(select(PendingWrap.person_id).where(
                    PendingWrap.kind == record.kind.value,
                    PendingWrap.record_id == record.id)))
                assert held <= allowed, (record, held - allowed)
                assert held | pending == allowed, (record, allowed - held - pending)
                assert not held & pending, record
                if pending:
                    event(f"pending wraps seen: {record.kind.value}")
                for row in keyring._wrap_rows(session, record):
                    opened = self.keys[by_id[row.person_id]].unwrap(row.wrapped_key)
                    if isinstance(row, IncidentCopy):
                        vault.decrypt(opened, row.sealed)

    @invariant()
    def parties_and_conflicts_hold_nothing_of_their_case(self) -> None:
        with self.database.transaction() as session:
            for number in self.numbers:
                case = session.scalars(select(Case).where(Case.number == number)).one()
                barred = {self.ids[n] for n in self.parties[number] | self.conflicts[number]}
                for record in keyring.case_records(session, case):
                    assert not keyring.holders(session, record) & barred, (number, record)

    @invariant()
    def a_destroyed_file_leaves_no_key_and_no_queued_wrap(self) -> None:
        with self.database.transaction() as session:
            listed = {(record.kind, record.id) for record in keyring.all_records(session)}
            for number in self.destroyed:
                case = session.scalars(select(Case).where(Case.number == number)).one()
                assert not session.scalars(select(CaseKey).where(
                    CaseKey.case_id == case.id)).first(), number
                for record in keyring.case_records(session, case):
                    assert (record.kind, record.id) not in listed, (number, record)
                    assert not keyring.holders(session, record), (number, record)
                    assert not session.scalars(select(PendingWrap).where(
                        PendingWrap.kind == record.kind.value,
                        PendingWrap.record_id == record.id)).first(), (number, record)

    @invariant()
    def no_role_and_no_delegation_means_no_key(self) -> None:
        with self.database.transaction() as session:
            officers = set(session.scalars(select(RoleAssignment.person_id).where(
                RoleAssignment.revoked_at.is_(None))))
            delegates = set()
            for case in session.scalars(select(Case)):
                delegates |= keyring.facts.delegates(session, case.id)
            for record in keyring.all_records(session):
                assert keyring.holders(session, record) <= officers | delegates, record
            assert set(session.scalars(select(CaseKey.person_id))) <= officers | delegates


@pytest.mark.slow
def test_R_15_2_R_15_3_R_10_1_R_11_3_R_8_5_key_holders_are_exactly_the_readers(
        tmp_path: Path) -> None:
    """The stateful property (see the module docstring)."""
    # A database in memory-backed storage where there is one: every step commits, and
    # waiting for the disk would be most of the test's time.
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else tmp_path) as directory:
        Keyring.directory = Path(directory)
        run_state_machine_as_test(Keyring, settings=settings(
            max_examples=200 if NIGHTLY else 8,
            stateful_step_count=40 if NIGHTLY else 20,
            deadline=None, suppress_health_check=list(HealthCheck)))


def _decide_appeal(core: Core, number: str, user: str, key: Any) -> None:
    """The appeal body decides; the board by its members' vote (R-2.1)."""
    if board_service.hears_appeal(core, number, user, key):
        board_service.propose_appeal_decision(core, number, user, key, upheld=False,
                                              reasoning="Ongegrond")
    else:
        casework_outcome.decide_appeal(core, number, user, key, upheld=False,
                                       reasoning="Ongegrond")


def _vote_for_open_motion(core: Core, number: str, user: str, key: Any) -> None:
    with core.database.transaction() as session:
        motion = session.scalars(select(BoardMotion.id).join(
            Case, Case.id == BoardMotion.case_id).where(
            Case.number == number, BoardMotion.decided_at.is_(None))).first()
    if motion is not None:
        board_service.vote(core, number, user, key, motion_id=motion, in_favour=True,
                           reason="Eens")
