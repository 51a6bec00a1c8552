"""What goes into a case file: every report, hearings, consultations (R-7.1, R-10.2, R-12)."""

from __future__ import annotations

from bvr.domain import Channel, Consultee, EntryKind, PartyRole
from bvr.services import casefiles
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from tests.services.helpers import officers, report, unlock


def test_R_7_1_a_witness_may_report(core: Core) -> None:
    officers(core)
    filed = file_report(core, ReportInput(
        Channel.WRITTEN, "Ik zag hoe iemand werd lastiggevallen",
        parties=(PartyInput(PartyRole.WITNESS, name="Getuige"),
                 PartyInput(PartyRole.VICTIM, name="Slachtoffer"))))
    view = casefiles.open_case(core, filed.number, "Director", unlock(core, "Director"))
    assert {p.role for p in view.parties} == {PartyRole.WITNESS, PartyRole.VICTIM}


def test_R_10_2_hearing_notes_record_whether_an_adviser_was_present(core: Core) -> None:
    officers(core)
    number = report(core).number
    key = unlock(core, "Director")
    casefiles.add_entry(core, number, "Director", key, EntryKind.HEARING,
                        {"heard": "respondent", "adviser_present": True, "notes": "..."})
    hearing = casefiles.open_case(core, number, "Director", key).entries[-1]
    assert hearing.kind is EntryKind.HEARING
    assert hearing.content["adviser_present"] is True


def test_R_12_consultations_are_recorded_in_the_case_file(core: Core) -> None:
    officers(core)
    number = report(core).number
    key = unlock(core, "Board bvr")
    casefiles.add_entry(core, number, "Board bvr", key, EntryKind.CONSULTATION,
                        {"consulted": Consultee.WMF_TRUST_AND_SAFETY.value,
                         "summary": "Advice on a global ban"})
    entry = casefiles.open_case(core, number, "Director", unlock(core, "Director")).entries[-1]
    assert entry.kind is EntryKind.CONSULTATION
    assert entry.content["consulted"] == "wmf_trust_and_safety"
