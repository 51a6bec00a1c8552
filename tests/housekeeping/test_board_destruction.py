"""Destruction with the board's votes and the on-site measures (R-15.4 with R-2.1, R-8.4): a
file decided by the board's vote goes with its motion, its votes and their sealed reasons."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bot.housekeeping.cli import retention
from bvr.domain import Role, SanctionType
from bvr.rules.facts import SanctionTerms
from bvr.services import casework_outcome, people
from bvr.services.core import Core
from bvr.storage.models_board import BoardMotion, BoardVote, OnSiteMeasure
from tests.conftest import FrozenClock
from tests.considerations import weighed
from tests.housekeeping.cases import case_row, close, in_handling, run
from tests.services.helpers import board_imposes, officers, unlock
from tests.traces import raw_database
from tests.traces import sample as sample_of


def _rows(core: Core, case_id: int) -> dict[str, int]:
    with core.database.transaction() as session:
        return {table.__tablename__: session.scalar(select(func.count()).select_from(
            table).where(table.case_id == case_id)) or 0
            for table in (BoardMotion, BoardVote, OnSiteMeasure)}


def test_R_15_4_a_file_the_board_decided_is_destroyed_with_its_votes(
        core: Core, clock: FrozenClock, request: pytest.FixtureRequest) -> None:
    officers(core)
    people.add_person(core, "Bob", (Role.BOARD,))
    people.set_passphrase(core, "Bob", "bob passphrase 1")
    planted = f"PLANTEDREASON{secrets.token_hex(8)}"
    number = in_handling(core, respondent="Mallory")
    director = unlock(core, "Director")
    casework_outcome.refer_to_board(core, number, "Director", director)
    board_imposes(core, number, [("Bob", people.unlock(core, "Bob", "bob passphrase 1")),
                                 ("Board bvr", unlock(core, "Board bvr"))],
                  terms=SanctionTerms(SanctionType.EXCLUSION, date(2026, 3, 14),
                                      date(2026, 6, 1)),
                  respondent="Mallory", scope="", considerations=weighed(planted),
                  reason=planted)
    close(core, number)
    row = case_row(core, number)
    assert _rows(core, row.id) == {"board_motion": 1, "board_vote": 2, "on_site_measure": 0}
    with core.database.transaction() as session:
        sealed = session.scalars(select(BoardMotion.sealed)).one()
    assert sample_of(sealed) in raw_database(core, request)

    clock.now = datetime(2030, 1, 1, tzinfo=UTC)
    assert number in run(retention, core).output
    assert _rows(core, row.id) == {"board_motion": 0, "board_vote": 0, "on_site_measure": 0}
    raw = raw_database(core, request)
    assert sample_of(sealed) not in raw and planted.encode() not in raw
