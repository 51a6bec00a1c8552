"""Published figures agree and do not undo each other (issue 12, item 8; R-14.2 to R-14.4).

Before this change the half-yearly board report said 7 received where `bvr stats` and the wiki
said 9 (the report left out anonymous reports never confirmed), and the figures page showed
"warning 1, no-contact order 1" for the one decided case whose sanctions the overview hides
at k = 3."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.publish import tables
from bvr.domain import CaseStatus, Channel, DecisionBody, PartyRole, SanctionType
from bvr.i18n import translate
from bvr.rules.figures import shown
from bvr.services import decisions, overview, pending, reporting, stats
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from bvr.services.stats import yearly_figures
from bvr.storage.models import Case, Sanction
from tests.conftest import FrozenClock
from tests.services.helpers import officers, report, unlock


def _nine_reports(core: Core) -> str:
    """Seven reports with a reporter and two anonymous ones never confirmed (R-7.4); the
    first gets a warning and a no-contact order. Returns its number."""
    numbers = [report(core).number for _ in range(7)]
    for _ in range(2):
        file_report(core, ReportInput(
            channel=Channel.ORAL, what_happened="Iemand werd lastiggevallen.",
            parties=(PartyInput(PartyRole.RESPONDENT, username="Some user"),),
            entered_by="Director", anonymous=True))
    with core.database.transaction() as session:
        first = session.scalars(select(Case).where(Case.number == numbers[0])).one()
        for kind in (SanctionType.WARNING, SanctionType.NO_CONTACT):
            session.add(Sanction(case_id=first.id, type=kind,
                                 decided_by=DecisionBody.DIRECTOR_OR_BOARD_BVR,
                                 decided_at=core.now(), starts_on=date(2026, 3, 2),
                                 register_ciphertext=b"x"))
    return numbers[0]


def test_R_14_3_R_14_4_the_board_report_and_the_yearly_figures_count_alike(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    _nine_reports(core)
    year = yearly_figures(core, 2026)
    half = reporting.figures(core, reporting.HalfYear(2026, 1))
    assert year.received == half.received == 9
    assert year.taken_into_handling == half.taken_into_handling
    assert year.sanctions == half.sanctions
    assert year.appeals == half.appeals
    assert sum(half.by_status.values()) == half.received
    document = reporting.board_report(core, 2026, 1, "en")
    assert f"<th scope=\"row\">{translate('publish-figures-received', 'en')}</th><td>9</td>" \
        in document


def test_R_14_2_the_figures_page_does_not_reveal_what_the_overview_withholds(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    number = _nine_reports(core)
    k = core.config.publishing.k_anonymity
    assert k == 3
    wiki = overview.published(core)
    (decided,) = [row for row in wiki.rows if row.number == number]
    assert decided.withheld or not decided.sanctions
    page = tables.figures_page([yearly_figures(core, 2026)], "nl", k)
    fewer = translate("publish-figures-fewer-than", "nl", k=k)
    for kind in (SanctionType.WARNING, SanctionType.NO_CONTACT):
        label = translate("publish-figures-sanctions", "nl",
                          type=translate(f"publish-sanction-{kind.value}", "nl"))
        line = next(line for line in page.splitlines() if label in line)
        assert fewer in line and "| 1" not in line, line


def test_R_14_2_small_counts_read_fewer_than_k() -> None:
    assert [shown(n, 3) for n in range(5)] == [0, None, None, 3, 4]
    assert shown(1, 1) == 1  # k = 1: nothing to hide


def test_R_7_4_R_14_4_pending_reports_count_as_received_and_never_as_cases(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2026, 3, 2, 10, tzinfo=UTC)
    _nine_reports(core)
    with core.database.transaction() as session:
        stopped, confirmed = session.scalars(select(Case.reference).where(
            Case.number.is_(None)).order_by(Case.id)).all()
    assert stopped is not None and confirmed is not None
    director = unlock(core, "Director")
    pending.stop(core, stopped, "Director", director)
    decisions.move_case(core, confirmed, "Director", director, CaseStatus.RECEIVED)
    with core.database.transaction() as session:
        numbers = session.scalars(select(Case.number).order_by(Case.id)).all()
    # The confirmed report took the next number; the stopped one never had any.
    assert None not in numbers[:7] and numbers[7] is None
    assert numbers[8] is not None and numbers[8].split("-")[2] == "0008"
    year = yearly_figures(core, 2026)
    half = reporting.figures(core, reporting.HalfYear(2026, 1))
    assert year.received == half.received == 9  # the stopped report was received
    assert year.taken_into_handling == half.taken_into_handling == 0
    listed = {row.number for row in overview.cases(core, 2026)}
    assert len(listed) == 8 and "" not in listed  # the overview lists case files only


def test_R_14_3_the_board_report_reads_its_year_and_counts_as_over_the_whole_archive(
        core: Core, clock: FrozenClock) -> None:
    """Issue 13 (item 6): the report reads only the cases with a date in its trailing year;
    cases received, taken into handling, closed, sanctioned or appealed around its edges (in
    the association's zone: 1 January 00:30 in Amsterdam is 31 December in UTC) count
    exactly as over every case of the archive."""
    officers(core)
    clock.now = datetime(2026, 11, 30, 10, tzinfo=UTC)
    numbers = [report(core).number for _ in range(8)]
    edges = [datetime(2024, 12, 31, 23, 30, tzinfo=UTC), datetime(2025, 6, 30, 22, 30, tzinfo=UTC),
             datetime(2025, 12, 31, 23, 30, tzinfo=UTC), datetime(2025, 12, 31, 22, 30, tzinfo=UTC),
             datetime(2026, 6, 30, 21, 59, tzinfo=UTC), datetime(2026, 6, 30, 22, 0, tzinfo=UTC),
             datetime(2023, 3, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC)]
    with core.database.transaction() as session:
        cases = session.scalars(select(Case).where(Case.number.in_(numbers))).all()
        for case, at in zip(cases, edges, strict=True):
            case.received_at = at
            case.taken_into_handling_at = at + timedelta(days=200)
            case.closed_at = at + timedelta(days=400)
            session.add(Sanction(case_id=case.id, type=SanctionType.WARNING,
                                 decided_by=DecisionBody.DIRECTOR_OR_BOARD_BVR,
                                 decided_at=at + timedelta(days=100), starts_on=at.date(),
                                 register_ciphertext=b"x"))
    everything = stats.metadata(core)
    assert len(everything.cases) == 8
    for year, half in ((2025, 1), (2025, 2), (2026, 1), (2026, 2), (2027, 1)):
        period = reporting.HalfYear(year, half)
        assert reporting.figures(core, period) == reporting.figures_of(
            everything, period, core.config.zone), period
    assert reporting.figures(core, reporting.HalfYear(2026, 1)).received == 3
