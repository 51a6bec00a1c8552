"""R-14.4: the yearly figures, from metadata only."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bvr.domain import DecisionBody, PartyRole, SanctionType
from bvr.services.core import Core
from bvr.services.stats import yearly_figures
from bvr.storage.models import Appeal, Case, Sanction
from tests.conftest import FrozenClock
from tests.services.helpers import officers, report


def test_R_14_4_yearly_figures(core: Core, clock: FrozenClock) -> None:
    officers(core)
    numbers = [report(core).number for _ in range(3)]
    clock.now = datetime(2027, 2, 1, tzinfo=UTC)
    report(core)  # next year's
    with core.database.transaction() as session:
        cases = {c.number: c for c in session.query(Case).all()}
        first = cases[numbers[0]]
        first.taken_into_handling_at = datetime(2026, 4, 1, tzinfo=UTC)
        for kind in (SanctionType.WARNING, SanctionType.WARNING, SanctionType.EXCLUSION):
            session.add(Sanction(case_id=first.id, type=kind,
                                 decided_by=DecisionBody.DIRECTOR_OR_BOARD_BVR,
                                 decided_at=datetime(2026, 5, 1, tzinfo=UTC),
                                 starts_on=date(2026, 5, 1), register_ciphertext=b"x"))
        session.add(Appeal(case_id=first.id, filed_at=datetime(2026, 6, 1, tzinfo=UTC),
                           appellant_role=PartyRole.RESPONDENT,
                           against=DecisionBody.DIRECTOR_OR_BOARD_BVR, heard_by="board"))
    figures = yearly_figures(core, 2026)
    assert (figures.received, figures.taken_into_handling, figures.appeals) == (3, 1, 1)
    assert figures.sanctions[SanctionType.WARNING] == 2
    assert figures.sanctions[SanctionType.EXCLUSION] == 1
    assert figures.sanctions[SanctionType.OTHER] == 0
    assert yearly_figures(core, 2027).received == 1


def test_R_14_4_new_years_eve_counts_in_the_associations_year(core: Core,
                                                               clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January in Amsterdam
    report(core)
    assert yearly_figures(core, 2026).received == 0
    assert yearly_figures(core, 2027).received == 1
