"""`bvr retention`: files whose time is up leave no trace in the database files (R-15.4, R-15.5),
nor does a pending anonymous report its handler stopped (R-7.4), and the yearly figures
(R-14.4) stay the same.

Case content is encrypted, so planted strings are never readable in the first place (see
tests/test_planted_secrets.py). What destruction must remove is the encrypted bytes themselves,
the wrapped keys and the blind indexes: the test takes samples of each from the database
before, finds them in the raw SQLite file (with its write-ahead log) or in a `mariadb-dump`,
and proves they are gone afterwards, while those of a file that is still kept remain.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from bot.housekeeping.cli import retention
from bvr.domain import CaseStatus, EntryKind, PartyRole, SanctionType
from bvr.services import casefiles, pending
from bvr.services.core import Core
from bvr.services.reports import PartyInput
from bvr.services.stats import yearly_figures
from bvr.storage import audit
from bvr.storage.models import (
    AuditRecord,
    Case,
    CaseEntry,
    CaseKey,
    Party,
    Sanction,
    SanctionKey,
)
from tests.conftest import FrozenClock
from tests.housekeeping.cases import case_row, close, in_handling, linked_to, run, sanction
from tests.services.helpers import officers, report, unlock
from tests.traces import raw_database
from tests.traces import sample as sample_of


def _traces(core: Core, number: str) -> dict[str, bytes]:
    """Samples of everything destruction must remove from one case file."""
    found: dict[str, bytes] = {}
    with core.database.transaction() as session:
        case_id = session.scalars(select(Case.id).where(Case.at(number))).one()
        for row in session.scalars(select(CaseEntry).where(CaseEntry.case_id == case_id)):
            found[f"entry {row.id}"] = sample_of(row.ciphertext)
        for party in session.scalars(select(Party).where(Party.case_id == case_id)):
            found[f"party {party.id}"] = sample_of(party.ciphertext)
            if party.blind_index:
                found[f"party index {party.id}"] = party.blind_index.encode()
        for key in session.scalars(select(CaseKey).where(CaseKey.case_id == case_id)):
            found[f"case key {key.id}"] = sample_of(key.wrapped_key)
        for item in session.scalars(select(Sanction).where(Sanction.case_id == case_id)):
            found[f"register {item.id}"] = sample_of(item.register_ciphertext)
            if item.respondent_index:
                found[f"sanction index {item.id}"] = item.respondent_index.encode()
            for key in session.scalars(select(SanctionKey).where(
                    SanctionKey.sanction_id == item.id)):
                found[f"register key {key.id}"] = sample_of(key.wrapped_key)
    return found


def _planted(label: str) -> str:
    return f"PLANTED{label.upper()}{secrets.token_hex(8)}"


def test_R_15_4_destroyed_files_leave_no_trace_and_R_14_4_figures_stay(
        core: Core, clock: FrozenClock, request: pytest.FixtureRequest) -> None:
    officers(core)
    planted = {label: _planted(label) for label in ("text", "respondent", "scope", "note")}
    old = in_handling(core, text=planted["text"], respondent=planted["respondent"])
    sanction(core, old, respondent=planted["respondent"], kind=SanctionType.NO_CONTACT,
             ends_on=date(2026, 6, 1), scope=planted["scope"])
    casefiles.add_entry(core, old, "Director", unlock(core, "Director"), EntryKind.HEARING,
                        {"notes": planted["note"]})
    close(core, old)
    kept = in_handling(core, text=_planted("kept"), respondent="Still open")
    old_traces, kept_traces = _traces(core, old), _traces(core, kept)
    assert any(name.startswith("register key") for name in old_traces)
    figures = yearly_figures(core, 2026)

    raw = raw_database(core, request)
    for name, sample in {**old_traces, **kept_traces}.items():
        assert sample in raw, f"{name} is not in the raw database: the test would prove nothing"

    # Kept until 2 years after the sanction ended (1 June 2028, Amsterdam summer time).
    clock.now = datetime(2028, 5, 31, 21, 59, tzinfo=UTC)  # 23:59 in Amsterdam
    assert '"due": []' in run(retention, core, "--json").output
    clock.now = datetime(2028, 5, 31, 22, 0, 1, tzinfo=UTC)  # 1 June in Amsterdam: destroyed
    assert run(retention, core, "--dry-run", "--json").output.count(old) == 1
    assert case_row(core, old).destroyed_at is None  # a dry run changes nothing
    output = run(retention, core).output
    assert old in output and kept not in output

    raw = raw_database(core, request)
    for name, sample in old_traces.items():
        assert sample not in raw, f"{name} of the destroyed file is still in the database"
    for name, sample in kept_traces.items():
        assert sample in raw, f"{name} of the file still kept was destroyed"
    for value in planted.values():
        assert value.encode() not in raw
    assert old.encode() in raw  # the case row stays, with metadata only

    assert yearly_figures(core, 2026) == figures
    row = case_row(core, old)
    assert row.destroyed_at == clock.now and row.status is CaseStatus.CLOSED
    assert row.source_key is None and row.incident_on is None
    with core.database.transaction() as session:
        (record,) = session.scalars(select(AuditRecord).where(
            AuditRecord.action == "case-destroyed"))
        assert (record.case_id, record.actor, record.detail) == (row.id, "retention", "R-15.4")
        assert audit.verify(session) is None
    assert '"due": []' in run(retention, core, "--json").output  # nothing twice


def test_R_7_4_a_pending_report_is_never_destroyed_by_the_clock(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    waiting = report(core, anonymous=True, parties=()).number
    clock.now = datetime(2036, 1, 1, tzinfo=UTC)  # the protocol sets no limit
    assert '"due": []' in run(retention, core, "--json").output
    assert case_row(core, waiting).destroyed_at is None


def test_R_7_4_no_confirmation_found_stop_destroys_the_report_at_once_and_leaves_no_trace(
        core: Core, clock: FrozenClock, request: pytest.FixtureRequest) -> None:
    officers(core)
    planted = _planted("anonymous")
    waiting = report(core, text=planted, anonymous=True,
                     parties=(PartyInput(PartyRole.RESPONDENT, username="Only here"),)).number
    kept = report(core, text=_planted("kept")).number
    row_id = case_row(core, waiting).id
    waiting_traces, kept_traces = _traces(core, waiting), _traces(core, kept)
    assert any(name.startswith("party index") for name in waiting_traces)
    figures = yearly_figures(core, 2026)
    raw = raw_database(core, request)
    for name, sample in {**waiting_traces, **kept_traces}.items():
        assert sample in raw, f"{name} is not in the raw database: the test would prove nothing"

    pending.stop(core, waiting, "Director", unlock(core, "Director"))

    raw = raw_database(core, request)
    for name, sample in waiting_traces.items():
        assert sample not in raw, f"{name} of the stopped report is still in the database"
    for name, sample in kept_traces.items():
        assert sample in raw, f"{name} of another file was destroyed"
    assert planted.encode() not in raw and waiting.encode() not in raw
    with core.database.transaction() as session:
        row = session.get_one(Case, row_id)
        assert row.destroyed_at == clock.now and row.number is None and row.reference is None
        assert row.taken_into_handling_at is None
        assert [(r.action, r.detail) for r in session.scalars(select(AuditRecord).where(
            AuditRecord.case_id == row_id, AuditRecord.action.in_(
                ("report-stopped", "case-destroyed"))).order_by(AuditRecord.id))] == [
            ("report-stopped", "R-7.4"), ("case-destroyed", "R-7.4")]
        assert audit.verify(session) is None
    # Counted as received, never as taken into handling, by the same figures.
    assert yearly_figures(core, 2026) == figures
    assert (figures.received, figures.taken_into_handling) == (2, 0)


def test_R_15_5_a_linked_file_is_kept_as_long_as_the_newer_one(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    first = in_handling(core, respondent="Repeat")
    sanction(core, first, respondent="Repeat")
    close(core, first)  # kept until 14 March 2028 on its own
    clock.now = datetime(2027, 6, 1, 9, tzinfo=UTC)
    second = in_handling(core, respondent="Repeat")
    sanction(core, second, respondent="Repeat", starts_on=date(2027, 6, 1))
    assert linked_to(core, first) == {case_row(core, second).id}

    clock.now = datetime(2028, 3, 20, 9, tzinfo=UTC)  # second still open: first is kept
    assert '"due": []' in run(retention, core, "--json").output
    close(core, second)  # closed 20 March 2028: both kept until 20 March 2030
    clock.now = datetime(2030, 3, 19, 9, tzinfo=UTC)
    assert '"due": []' in run(retention, core, "--json").output
    clock.now = datetime(2030, 3, 20, 9, tzinfo=UTC)  # the retention date: destroyed
    output = run(retention, core, "--json").output
    assert first in output and second in output


def test_R_15_4_retention_from_a_leap_day_counts_in_the_association_time_zone(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    clock.now = datetime(2028, 2, 29, 10, tzinfo=UTC)
    number = in_handling(core)
    sanction(core, number, starts_on=date(2028, 2, 29))  # a warning: over when given
    close(core, number)  # closed on 29 Feb 2028: kept until 28 Feb 2030
    clock.now = datetime(2030, 2, 27, 22, 59, 59, tzinfo=UTC)  # 23:59:59 in Amsterdam
    assert '"due": []' in run(retention, core, "--json").output
    clock.now = datetime(2030, 2, 27, 23, 0, 1, tzinfo=UTC)  # 28 February in Amsterdam
    assert number in run(retention, core, "--json").output


def test_R_15_4_an_indefinite_sanction_keeps_the_file(core: Core, clock: FrozenClock) -> None:
    officers(core)
    number = in_handling(core)
    sanction(core, number, kind=SanctionType.NO_CONTACT, ends_on=None)
    close(core, number)
    clock.now = datetime(2040, 1, 1, tzinfo=UTC)
    assert '"due": []' in run(retention, core, "--json").output


def test_R_15_5_a_file_linked_twice_keeps_the_latest_date_of_all_its_links(
        core: Core, clock: FrozenClock) -> None:
    """File A is linked to B (kept until 2035), then to a later file C (kept until 2029): the
    second link must not replace the first, or A is destroyed in 2030 while B is kept."""
    officers(core)
    first = in_handling(core, respondent="Repeat")
    sanction(core, first, respondent="Repeat")
    close(core, first)  # 14 March 2026: kept until 14 March 2028 on its own
    clock.now = datetime(2026, 6, 1, 9, tzinfo=UTC)
    long = in_handling(core, respondent="Repeat")
    sanction(core, long, respondent="Repeat", kind=SanctionType.NO_CONTACT,
             starts_on=date(2026, 6, 1), ends_on=date(2033, 6, 1))
    close(core, long)  # kept until 1 June 2035
    clock.now = datetime(2027, 1, 10, 9, tzinfo=UTC)
    later = in_handling(core, respondent="Repeat")
    sanction(core, later, respondent="Repeat", starts_on=date(2027, 1, 10))
    close(core, later)  # kept until 10 January 2029
    assert linked_to(core, first) == {case_row(core, long).id, case_row(core, later).id}

    clock.now = datetime(2030, 3, 1, 9, tzinfo=UTC)
    output = run(retention, core, "--json").output
    assert later in output and first not in output and long not in output
    clock.now = datetime(2035, 5, 31, 21, tzinfo=UTC)  # 31 May 2035, 23:00 in Amsterdam
    assert '"due": []' in run(retention, core, "--json").output
    clock.now = datetime(2035, 6, 1, 9, tzinfo=UTC)  # destroyed on the date itself
    output = run(retention, core, "--json").output
    assert first in output and long in output


def test_R_15_5_a_chain_of_links_is_followed_and_a_destroyed_link_holds_nothing(
        core: Core, clock: FrozenClock) -> None:
    """A is linked to B (another person sanctioned in both), B to C: A follows C. Links go with
    the file that is destroyed, so none points at a file that no longer exists."""
    officers(core)
    first = in_handling(core, respondent="Anna")
    sanction(core, first, respondent="Anna")
    close(core, first)  # kept until 14 March 2028
    clock.now = datetime(2027, 1, 10, 9, tzinfo=UTC)
    middle = in_handling(core, respondent="Anna")
    sanction(core, middle, respondent="Anna", starts_on=date(2027, 1, 10))
    sanction(core, middle, respondent="Bert", starts_on=date(2027, 1, 10))
    close(core, middle)  # kept until 10 January 2029
    clock.now = datetime(2028, 6, 1, 9, tzinfo=UTC)
    last = in_handling(core, respondent="Bert")
    sanction(core, last, respondent="Bert", starts_on=date(2028, 6, 1))
    close(core, last)  # kept until 1 June 2030
    assert linked_to(core, first) == {case_row(core, middle).id}
    assert linked_to(core, middle) == {case_row(core, last).id}

    clock.now = datetime(2030, 5, 31, 9, tzinfo=UTC)
    assert '"due": []' in run(retention, core, "--json").output
    clock.now = datetime(2030, 6, 1, 9, tzinfo=UTC)  # destroyed on the date itself
    output = run(retention, core).output
    assert first in output and middle in output and last in output
    assert all(not linked_to(core, number) for number in (first, middle, last))
