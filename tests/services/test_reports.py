"""Filing reports: case files, numbers, encryption to the right people, idempotency."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bvr.casenumber import parse
from bvr.domain import CaseStatus, Channel, PartyRole, Role
from bvr.errors import BvrError
from bvr.rules.verdict import RuleRefused
from bvr.services import casefiles, people
from bvr.services.core import Core
from bvr.services.reports import MAX_TEXT_BYTES, PartyInput, ReportInput, file_report
from bvr.storage import audit
from bvr.storage.models import AuditRecord, Case, CaseEntry, CaseKey, Party
from tests.conftest import FrozenClock
from tests.services.helpers import PASSPHRASES, officers, report, unlock


def _count(core: Core, model: type) -> int:
    with core.database.transaction() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_R_15_1_every_report_gets_its_own_case_file_and_number(core: Core,
                                                               clock: FrozenClock) -> None:
    officers(core)
    first, second = report(core), report(core)
    assert first.new and second.new
    assert parse(first.number, "BVR").sequence == 1
    assert parse(second.number, "BVR").sequence == 2
    clock.now = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
    assert parse(report(core).number, "BVR").year == 2027
    assert parse(report(core).number, "BVR").sequence == 2


def test_R_15_1_year_of_the_number_is_the_associations_year(core: Core) -> None:
    officers(core)
    # 23:30 UTC on New Year's Eve is already 1 January in Amsterdam.
    filed = file_report(core, ReportInput(Channel.WRITTEN, "tekst"),
                        received_at=datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert parse(filed.number, "BVR").year == 2027


def test_R_7_5_incident_date_and_report_date_are_both_kept(core: Core,
                                                           clock: FrozenClock) -> None:
    officers(core)
    filed = report(core, incident_on=date(2019, 5, 4))
    with core.database.transaction() as session:
        case = session.scalars(select(Case).where(Case.number == filed.number)).one()
        assert case.incident_on == date(2019, 5, 4)
        assert case.received_at == clock.now


def test_R_7_4_anonymous_report_awaits_confirmation(core: Core) -> None:
    officers(core)
    filed = file_report(core, ReportInput(Channel.WEB_FORM, "anoniem", anonymous=True))
    assert filed.status is CaseStatus.AWAITING_CONFIRMATION
    with pytest.raises(BvrError):
        file_report(core, ReportInput(Channel.WEB_FORM, "anoniem", anonymous=True,
                                      parties=(PartyInput(PartyRole.REPORTER, "Me"),)))


def test_R_15_2_director_and_board_bvr_open_the_file_others_cannot(core: Core) -> None:
    officers(core)
    filed = report(core, text="De inhoud van de melding")
    for name in ("Director", "Board bvr"):
        view = casefiles.open_case(core, filed.number, name, unlock(core, name))
        assert view.entries[0].content["what_happened"] == "De inhoud van de melding"
        assert {p.role for p in view.parties} == {PartyRole.REPORTER, PartyRole.RESPONDENT}
    with pytest.raises(RuleRefused) as refused:
        casefiles.open_case(core, filed.number, "Confidant", unlock(core, "Confidant"))
    assert refused.value.verdict.rule == "R-15.2"


def test_R_10_1_an_officer_named_as_respondent_gets_no_key(core: Core) -> None:
    officers(core)
    filed = report(core, respondent="director")  # spelled differently from "Director"
    assert filed.readers == 1
    with pytest.raises(RuleRefused) as refused:
        casefiles.open_case(core, filed.number, "Director", unlock(core, "Director"))
    assert refused.value.verdict.rule == "R-15.2"
    with core.database.transaction() as session:  # and the vault agrees: no key to unwrap
        assert session.scalar(select(func.count()).select_from(CaseKey)) == 1
    view = casefiles.open_case(core, filed.number, "Board bvr", unlock(core, "Board bvr"))
    assert view.number == filed.number


def test_filing_the_same_source_twice_is_a_no_op(core: Core) -> None:
    officers(core)
    first = report(core, source_key="wiki:nl:101")
    again = report(core, source_key="wiki:nl:101")
    assert (again.number, again.new) == (first.number, False)
    assert _count(core, Case) == 1


def test_nobody_to_read_it_means_nothing_is_written(core: Core) -> None:
    people.add_person(core, "Director")  # no role with access, no key
    with pytest.raises(BvrError, match="nobody could read it"):
        report(core)
    assert _count(core, Case) == _count(core, CaseEntry) == _count(core, Party) == 0


@pytest.mark.parametrize("change", [
    {"what_happened": "   "},
    {"what_happened": "x" * (MAX_TEXT_BYTES + 1)},
    {"language": "fr"},
])
def test_bad_input_is_refused_and_leaves_nothing(core: Core, change: dict[str, str]) -> None:
    officers(core)
    before = (_count(core, Case), _count(core, CaseKey), _count(core, AuditRecord))
    with pytest.raises(BvrError):
        report(core, **change)
    assert (_count(core, Case), _count(core, CaseKey), _count(core, AuditRecord)) == before


def test_hostile_text_is_stored_and_returned_unchanged(core: Core) -> None:
    officers(core)
    hostile = "}}|<nowiki>{{subst:x}}</nowiki><!-- --><script>alert(1)</script> مرحبا \u202e"
    filed = report(core, text=hostile)
    view = casefiles.open_case(core, filed.number, "Director", unlock(core, "Director"))
    assert view.entries[0].content["what_happened"] == hostile


def test_R_15_2_a_new_director_gets_access_when_a_key_holder_unlocks(core: Core) -> None:
    officers(core)
    filed = report(core)
    people.add_person(core, "New director", (Role.DIRECTOR,))
    people.set_passphrase(core, "New director", "new director passphrase")
    new_key = people.unlock(core, "New director", "new director passphrase")
    with pytest.raises(BvrError):  # queued: no key holder was unlocked yet
        casefiles.open_case(core, filed.number, "New director", new_key)
    board_key = people.unlock(core, "Board bvr", PASSPHRASES["Board bvr"])  # completes it
    assert casefiles.open_case(core, filed.number, "New director", new_key).number == filed.number
    assert casefiles.share_case_files(core, "Board bvr", board_key) == 0  # nothing left


def test_every_read_and_write_is_in_an_unbroken_audit_chain(core: Core) -> None:
    officers(core)
    filed = report(core)
    casefiles.open_case(core, filed.number, "Director", unlock(core, "Director"))
    with core.database.transaction() as session:
        actions = list(session.scalars(select(AuditRecord.action)))
        assert "report-filed" in actions and "case-read" in actions
        assert audit.verify(session) is None
        record = session.scalars(select(AuditRecord).where(
            AuditRecord.action == "case-read")).one()
        record.actor = "person:999"
    with core.database.transaction() as session:
        broken = audit.verify(session)
        assert broken is not None and broken.problem == "this record was altered"
