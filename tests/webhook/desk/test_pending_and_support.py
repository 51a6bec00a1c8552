"""The desk's actions of issue 12 item 4 and 7: "no confirmation found: stop" on a pending
anonymous report (R-7.4) and the support offered to the people involved (R-17.1), through the
real forms and partials (webhook/templates/desk/actions/)."""

from __future__ import annotations

from sqlalchemy import select

from bvr.domain import CaseStatus, PartyRole
from bvr.i18n import translate
from bvr.storage.models import Case, CaseEntry
from tests.webhook.desk.conftest import Desk, flashes, respondent


def test_R_7_4_the_handler_stops_a_pending_report_and_nothing_of_it_is_left(
        desk: Desk) -> None:
    reference = desk.file("Nobody saw this but me (planted-9c1d).", anonymous=True,
                          parties=(respondent("Mallory"),))
    assert reference.startswith("P-")  # a pending reference, no case number
    dora = desk.login("Dora")
    page = dora.get(f"/desk/case/{reference}").get_data(as_text=True)
    assert translate("web-pending-heading", "en", reference=reference) in page
    assert 'id="act-stop"' in page and 'id="act-support"' not in page  # not a case file yet

    refused = dora.act(reference, "stop")  # the box "found none" not ticked
    assert translate("web-stop-unconfirmed", "en") in flashes(refused)
    assert dora.get(f"/desk/case/{reference}").status_code == 200

    stopped = dora.act(reference, "stop", no_confirmation="1")
    assert flashes(stopped) == [translate("web-stop-done", "en")]
    assert dora.get(f"/desk/case/{reference}").status_code == 404
    with desk.core.database.transaction() as session:
        (case,) = session.scalars(select(Case)).all()
        assert case.destroyed_at is not None and case.number is None and case.reference is None
        assert case.status is CaseStatus.AWAITING_CONFIRMATION  # received, never handled
        assert session.scalars(select(CaseEntry)).first() is None
    raw = desk.raw_database()
    assert raw is None or (b"planted-9c1d" not in raw and reference.encode() not in raw)


def test_R_7_4_a_case_file_cannot_be_stopped(desk: Desk) -> None:
    number = desk.file("Someone was shouted at.", parties=(respondent("Mallory"),))
    dora = desk.login("Dora")
    assert 'id="act-stop"' not in dora.get(f"/desk/case/{number}").get_data(as_text=True)
    refused = dora.act(number, "stop", no_confirmation="1")
    assert translate("rules-anonymous-stop-not-pending", "en") in " ".join(flashes(refused))
    with desk.core.database.transaction() as session:
        assert session.scalars(select(Case)).one().destroyed_at is None


def test_R_17_1_the_support_offered_is_recorded_in_the_file(desk: Desk) -> None:
    number = desk.file("Someone was shouted at.", parties=(respondent("Mallory"),))
    dora = desk.login("Dora", lang="nl")
    dora.act(number, "triage", category="harassment", take_into_handling="1")
    page = dora.act(number, "support", party_role=PartyRole.VICTIM.value,
                    offered="Een gesprek met de vertrouwenspersoon", accepted="1")
    assert flashes(page) == [translate("web-done", "nl")]
    text = page.get_data(as_text=True)
    assert translate("web-desk-entry-support", "nl") in text
    assert "Een gesprek met de vertrouwenspersoon" in text
    empty = dora.act(number, "support", party_role=PartyRole.VICTIM.value, offered=" ")
    assert translate("web-field-required", "nl") in flashes(empty)
