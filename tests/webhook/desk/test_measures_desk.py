"""On-site measures on the desk (R-8.4, R-11.3 note 3): the contact person's measure shows as
unconfirmed until the director confirms it, in the reader's language."""

from __future__ import annotations

from datetime import UTC, datetime

from bvr.i18n import translate
from bvr.services import casework_incident
from tests.webhook.desk.conftest import Desk, flashes, refusals


def test_R_8_4_R_11_3_the_desk_shows_a_measure_unconfirmed_until_the_director_confirms(
        desk: Desk) -> None:
    number = casework_incident.record_incident(desk.core, "Carl",
                                               casework_incident.IncidentRecord(
        event_id=desk.events["meetup"], nature="Followed someone around.",
        persons_involved="Two participants", reported_by="A volunteer",
        actions=("heard_respondent", "no_contact_order"), language="en"))
    dora = desk.login("Dora", lang="nl")
    page = dora.get(f"/desk/case/{number}").get_data(as_text=True)
    assert 'id="measures"' in page
    assert translate("web-measure-unconfirmed", "nl") in page
    assert translate("web-desk-sanction-no-contact", "nl") in page
    assert 'id="do-confirm-measures"' in page
    # Bob, a board member, neither opens the file nor confirms.
    assert desk.login("Bob").act(number, "confirm_measures").status_code == 404
    confirmed = dora.act(number, "confirm_measures")
    assert translate("web-done", "nl") in flashes(confirmed)
    page = confirmed.get_data(as_text=True)
    assert translate("web-measure-confirmed", "nl") in page
    assert translate("web-measure-unconfirmed", "nl") not in page
    assert 'id="do-confirm-measures"' not in page


def test_R_16_4_the_desk_refuses_an_appeal_during_the_event_and_takes_it_after(
        desk: Desk) -> None:
    number = casework_incident.record_incident(desk.core, "Carl",
                                               casework_incident.IncidentRecord(
        event_id=desk.events["meetup"], nature="Shouted at a volunteer.",
        persons_involved="Two participants", reported_by="A volunteer",
        actions=("excluded_from_event",), language="en"))
    dora = desk.login("Dora", lang="sv")
    # The meetup runs on 14 and 15 March: the desk passes no "event running" of its own.
    page = dora.act(number, "appeal", appellant_role="reporter")
    assert (translate("rules-appeal-during-event", "sv"), "R-16.4") in refusals(page)
    desk.clock.now = datetime(2026, 3, 16, 9, tzinfo=UTC)
    dora = desk.login("Dora", lang="sv")  # a new session on a new day
    page = dora.act(number, "appeal", appellant_role="reporter")
    assert translate("web-done", "sv") in flashes(page)
    assert 'id="act-appeal_decide"' in page.get_data(as_text=True)
    # The director decides it on the case page: dismissed, the measure stands, confirmed.
    page = dora.act(number, "appeal_decide", reasoning="The exclusion was needed.")
    assert translate("web-done", "sv") in flashes(page)
    assert translate("web-measure-confirmed", "sv") in page.get_data(as_text=True)
