"""The case page of issue 13: the state, the handler, what is due and the next steps at the top,
computed from the rules that refuse; the file below as a timeline in the association's time;
and the misleading facts the walk-through found, each fixed.

Each test renders the real page through the desk (Flask's test client, real database) and
compares texts with the message files, never with hard-coded words.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date, timedelta

from bvr.domain import Category, DecisionBody, PartyRole, SanctionType
from bvr.i18n import translate
from bvr.rules.facts import SanctionTerms
from bvr.services import casework, casework_outcome, casework_web, decisions
from bvr.services.reports import ReportInput, file_report
from tests.considerations import weighed
from tests.services.helpers import board_decides_appeal
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import Desk, DeskClient, flashes, respondent

#: Every step the desk knows; the page shows a step as its panel `id="act-<key>"`.
ALL_STEPS = ("triage", "appeal_decide", "handler", "investigator", "end_investigator",
             "inform", "message", "hearing", "consultation", "draft", "review", "finalise",
             "refer_board", "sanction", "decide", "announce", "decline", "appeal", "close",
             "reopen")


def _page(client: DeskClient, number: str) -> str:
    answer = client.get(f"/desk/case/{number}")
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def _steps(page: str) -> set[str]:
    return {key for key in ALL_STEPS if f'id="act-{key}"' in page}


def _block(page: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:section|ul|dd|select|p)>', page, re.S)
    assert found, element_id
    return html.unescape(found.group(1))


def _visible(page: str) -> str:
    """The page's text as a reader sees it: no tags, no attributes (a link's address)."""
    body = page.split("<main>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_issue_13_next_steps_follow_the_state(desk: Desk) -> None:
    number = scenario.in_handling(desk)
    dora = desk.login("Dora", lang="nl")
    steps = _steps(_page(dora, number))
    # what the handler does now on a case in handling.
    assert {"triage", "handler", "hearing", "draft", "sanction", "decide", "inform"} <= steps
    # Not before a decision: appeal, announce, close; not on an open case: reopen.
    assert not steps & {"appeal", "announce", "close", "reopen", "appeal_decide", "review",
                        "finalise", "end_investigator"}
    # The next steps come before the file, at the top of the page.
    page = _page(dora, number)
    assert page.index('id="next-steps"') < page.index('id="entries"')
    assert translate("web-case-next-steps", "nl") in page


def test_R_16_2_R_15_2_only_the_appeal_decision_for_the_board(desk: Desk) -> None:
    number = scenario.appealed(desk)
    bob = desk.login("Bob", lang="sv")
    # the board hears the appeal; it decides it and does nothing else with the file.
    assert _steps(_page(bob, number)) == {"appeal_decide"}
    dora = desk.login("Dora")
    # The director, whose decision is under appeal, records no new sanction and
    # does not decide the appeal.
    assert not _steps(_page(dora, number)) & {"appeal_decide", "sanction", "appeal", "close"}


def test_R_16_3_close_only_after_the_appeal_period_then_reopen(desk: Desk) -> None:
    number = scenario.decided(desk, "Dora", DecisionBody.DIRECTOR_OR_BOARD_BVR,
                              SanctionType.NO_CONTACT)
    dora = desk.login("Dora")
    steps = _steps(_page(dora, number))
    assert "appeal" in steps and "close" not in steps and "announce" not in steps
    desk.clock.advance(weeks=9)
    dora = desk.login("Dora")  # a new session: the last one ended weeks ago
    assert "close" in _steps(_page(dora, number))
    page = dora.act(number, "close").get_data(as_text=True)
    # Closed: reopen it, or still tell a party the outcome; nothing else.
    assert _steps(page) == {"reopen", "inform"}


def test_R_10_1_the_handler_list_offers_only_eligible_people(desk: Desk) -> None:
    number = scenario.in_handling(desk)
    page = _page(desk.login("Dora"), number)
    offered = re.findall(r"<option[^>]*>([^<]+)</option>", _block(page, "handler"))
    # only the director handles this case; the appeals committee, a contact person
    # and the confidant were offered before and then refused.
    assert offered == ["Dora"]
    against = scenario.against_director(desk)
    page = _page(desk.login("Bea"), against)
    assert re.findall(r"<option[^>]*>([^<]+)</option>", _block(page, "handler")) == ["Bea"]


def test_R_16_2_a_warning_replaced_on_appeal_is_listed_as_replaced_and_counted_once(
        desk: Desk) -> None:
    number = scenario.in_handling(desk)
    dora_key = scenario.key(desk.core, "Dora")
    decisions.impose_sanction(
        desk.core, number, "Dora", dora_key, body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
        terms=SanctionTerms(SanctionType.WARNING, date(2026, 3, 14)), respondent="Mallory",
        scope="", considerations=weighed("Shouting at a meetup."))
    casework_outcome.announce_decision(desk.core, number, "Dora", dora_key)
    casework_outcome.file_appeal(desk.core, number, "Dora", scenario.key(desk.core, "Dora"),
                                 appellant_role=PartyRole.RESPONDENT, sanctioned=True)
    today = desk.clock.now.astimezone(desk.core.config.zone).date()
    # the board hears the appeal as a body: Bob proposes, Bea agrees.
    board_decides_appeal(
        desk.core, number, [(name, scenario.key(desk.core, name)) for name in ("Bob", "Bea")],
        upheld=True,
        reasoning="A no-contact order fits better.",
        replacement=casework_outcome.AppealSanction(
            terms=SanctionTerms(SanctionType.NO_CONTACT, today, today + timedelta(days=90)),
            respondent="Mallory", scope="all WMNL events",
            considerations=weighed("Repeated shouting.")))
    page = _page(desk.login("Dora", lang="nl"), number)
    listed = _block(page, "sanctions")
    assert listed.count("<li") == 2
    replaced = translate("web-case-sanction-replaced", "nl", date=today.isoformat())
    assert re.search(r'<li class="superseded">' + re.escape(translate(
        "web-desk-sanction-warning", "nl")) + r".*?" + re.escape(replaced), listed)
    assert translate("web-case-sanctions-in-effect", "nl", num=1) in html.unescape(page)


def test_issue_13_reporter_counts_as_informed_once_messaged(desk: Desk) -> None:
    filed = casework_web.file_web_report(desk.core, casework_web.WebReport(
        what_happened="Someone kept messaging me after I said stop.", language="nl"))
    dora = desk.login("Dora", lang="nl")
    assert _block(_page(dora, filed.number), "reporter-informed") == translate("web-no", "nl")
    page = dora.act(filed.number, "message", kind="info", text="We are looking into it.")
    assert _block(page.get_data(as_text=True), "reporter-informed") == translate("web-yes",
                                                                                 "nl")


def test_R_16_2_a_pending_appeal_shows_its_deadline(desk: Desk) -> None:
    number = scenario.appealed(desk)
    page = html.unescape(_page(desk.login("Bob", lang="nl"), number))
    assert translate("web-deadline-appeal-decision", "nl") in _block(page, "case-due")
    deadlines = html.unescape(desk.login("Bea", lang="nl").get("/desk/deadlines")
                              .get_data(as_text=True))
    assert translate("web-deadline-appeal-decision", "nl") in deadlines


def _emergency(desk: Desk) -> str:
    return file_report(desk.core, ReportInput(
        channel=casework_web.Channel.WEB_FORM, what_happened="He is outside my door now.",
        language="nl", emergency=True, parties=(respondent("Mallory"),))).number


def test_emergency_marked_everywhere_with_its_own_48_hour_deadline(desk: Desk) -> None:
    number = _emergency(desk)
    zone = desk.core.config.zone
    due = (desk.clock.now + timedelta(hours=48)).astimezone(zone).date().isoformat()
    dora = desk.login("Dora", lang="nl")
    page = html.unescape(_page(dora, number))
    mark = translate("web-case-emergency", "nl")
    assert mark in _block(page, "case-status")
    assert _block(page, "case-due").count(translate("web-deadline-emergency", "nl")) == 1
    assert due in _block(page, "case-due")
    listing = html.unescape(dora.get("/desk/cases").get_data(as_text=True))
    assert 'class="emergency"' in listing and mark in listing
    deadlines = html.unescape(dora.get("/desk/deadlines").get_data(as_text=True))
    assert translate("web-deadline-emergency", "nl") in deadlines
    assert re.search(r'<tr class="[a-z_]+ emergency">', deadlines)
    # Taken into handling in time: the deadline is met and nothing is due from it any more.
    casework.triage(desk.core, number, "Dora", scenario.key(desk.core, "Dora"), casework.Triage(
        Category.HARASSMENT, violation=True, immediate_action=True, regular_way=False,
        take_into_handling=True))
    page = html.unescape(_page(dora, number))
    assert translate("web-deadline-emergency", "nl") not in _block(page, "case-due")


def test_emergency_deadline_is_configurable(desk: Desk) -> None:
    desk.core.config = replace(desk.core.config, periods=replace(desk.core.config.periods,
                                                                 emergency_hours=6))
    number = _emergency(desk)
    desk.clock.advance(hours=7)
    page = html.unescape(_page(desk.login("Dora", lang="en"), number))
    assert (f"{translate('web-deadline-emergency', 'en')}: " in _block(page, "case-due")
            and translate("web-desk-deadline-overdue", "en") in _block(page, "case-due"))


def test_R_8_5_the_incident_record_names_its_event(desk: Desk) -> None:
    number = scenario.on_site(desk)
    page = html.unescape(_page(desk.login("Dora", lang="nl"), number))
    assert _block(page, "case-event") == "Wikimeetup Utrecht"
    assert f"{translate('web-entry-field-event', 'nl')}</dt><dd>Wikimeetup Utrecht" in page


def test_issue_13_no_raw_values_utc_or_requirement_ids_in_labels(desk: Desk) -> None:
    number = scenario.in_handling(desk)
    dora = desk.login("Dora", lang="nl")
    for action, form in (("draft", {"findings": "He shouted.", "redacted": "Someone shouted."}),
                         ("review", {"party_role": "respondent", "comments": "Fine."}),
                         # nobody was informed or heard here, so the reason is given
                         ("finalise", {"steps_reason": "The parties could not be reached."})):
        assert flashes(dora.act(number, action, **form)) == [translate("web-done", "nl")]
    text = _visible(_page(dora, number))
    assert "UTC" not in text
    assert translate("web-entry-field-draft-index", "nl") not in text  # "... van concept: 0"
    assert f"{translate('web-entry-field-entered-by', 'nl')} intake" not in text
    assert "appeals_committee" not in text and "in_handling" not in text
    # Requirement IDs appear only as "why?" links, never inside a label.
    assert not re.search(r"\bR-\d", text), re.findall(r".{30}\bR-\d.{10}", text)
    assert 'class="why" href="/desk/why/R-10.3"' in _page(dora, number)


def test_issue_13_why_link_shows_the_requirement(desk: Desk) -> None:
    dora = desk.login("Dora", lang="sv")
    page = html.unescape(dora.get("/desk/why/R-10.3").get_data(as_text=True))
    assert translate("web-why-title", "sv", rule="R-10.3") in page
    assert "within one month of receiving the report" in page
    article = html.unescape(dora.get("/desk/why/R-16").get_data(as_text=True))
    assert all(f'id="R-16.{n}"' in article for n in (1, 2, 3, 4))
    assert translate("web-why-unknown", "sv") in html.unescape(
        dora.get("/desk/why/R-99.9").get_data(as_text=True))


def test_issue_13_times_are_in_the_associations_zone(desk: Desk) -> None:
    number = scenario.in_handling(desk)
    page = _page(desk.login("Dora", lang="nl"), number)
    local = desk.clock.now.astimezone(desk.core.config.zone).strftime("%Y-%m-%d %H:%M")
    assert local in page
    assert translate("web-case-time-zone", "nl", zone="Europe/Amsterdam") in page


def test_R_9_1_R_11_3_the_board_member_bvr_is_offered_what_she_decides_not_handling(
        desk: Desk) -> None:
    # She sees every file but handles none of the director's: she decides
    # with the director on a sanction (a)-(c) and agrees to decline, once.
    number = scenario.in_handling(desk)
    bea = desk.login("Bea", lang="nl")
    assert _steps(_page(bea, number)) == {"decline", "sanction"}
    bea.act(number, "decline", reason="Nothing in it.")
    assert _steps(_page(bea, number)) == {"sanction"}
    # On a closed case nothing is left for her to do, and the page says so.
    closed = scenario.decided(desk, "Dora", DecisionBody.DIRECTOR_OR_BOARD_BVR,
                              SanctionType.NO_CONTACT)
    desk.clock.advance(weeks=9)
    desk.login("Dora").act(closed, "close")
    page = html.unescape(_page(desk.login("Bea", lang="nl"), closed))
    assert _steps(page) == set()
    assert translate("web-case-no-steps", "nl") in page


def test_issue_13_a_report_from_the_intake_says_who_entered_it_in_words(desk: Desk) -> None:
    number = file_report(desk.core, ReportInput(
        channel=casework_web.Channel.WIKI_FORM, what_happened="Saved on the wiki, moved in.",
        language="nl", entered_by="intake")).number
    text = _visible(_page(desk.login("Dora", lang="nl"), number))
    entered = translate("web-entry-field-entered-by", "nl")
    assert f"{entered}  {translate('web-entry-entered-by-intake', 'nl')}" in text
    assert f"{entered}  intake" not in text
