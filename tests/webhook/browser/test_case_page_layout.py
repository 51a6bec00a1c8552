"""Issue 13: the case page in real headless Chromium, in Dutch and Swedish, on a desktop
(1280 px) and a phone (390 x 844 px), for cases in several states.

On the phone the next steps must be on the first screen (their heading and the first step
above 844 px) and nothing may be wider than the screen. The page heights and the position of
the next steps are printed, and every page is kept as a full-page screenshot (`shots`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from bvr.domain import Category, Channel, DecisionBody, PartyRole, SanctionType
from bvr.i18n import translate
from bvr.rules.facts import SanctionTerms
from bvr.services import casework, casework_accounts, casework_outcome, decisions, people
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from tests.considerations import weighed

from .harness import BOARD_BVR, DIRECTOR, LiveSite, Screenshots, Visit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
BOARD_PASSWORD = "bram's desk password"


def _report(core: Core, text: str, *, emergency: bool = False) -> str:
    return file_report(core, ReportInput(
        channel=Channel.WEB_FORM, what_happened=text, language="nl", emergency=emergency,
        where="Utrecht", parties=(PartyInput(PartyRole.REPORTER, name="Rosa", contact=""),
                                  PartyInput(PartyRole.RESPONDENT, name="",
                                             username="Exempel")))).number


def _cases(core: Core) -> dict[str, str]:
    """Cases in the states a volunteer meets: new (an emergency), in handling with a draft
    discussed, decided and announced, and under appeal before the board."""
    key = people.unlock(core, DIRECTOR.username, DIRECTOR.passphrase)
    new = _report(core, "Iemand bedreigt mij nu bij de ingang.", emergency=True)
    handling = _report(core, "Hij bleef me berichten sturen nadat ik stop zei.")
    casework.triage(core, handling, DIRECTOR.username, key, casework.Triage(
        Category.HARASSMENT, violation=True, immediate_action=False, regular_way=True,
        take_into_handling=True, note="Eerste gesprek gepland."))
    from bvr.services import casework_investigation as inv

    inv.record_hearing(core, handling, DIRECTOR.username, key, party_role=PartyRole.REPORTER,
                       heard_on=date.today(), adviser_present=False, adviser="",
                       notes="Gehoord; berichten bewaard.")
    inv.draft_report(core, handling, DIRECTOR.username, key, findings="Berichten na stop.",
                     redacted="Berichten na een verzoek te stoppen.")
    inv.review_draft(core, handling, DIRECTOR.username, key, party_role=PartyRole.RESPONDENT,
                     comments="Geen opmerkingen.")
    decided = _report(core, "Geschreeuw tijdens de lunch.")
    appealed = _report(core, "Uitsluiting na herhaald gedrag.")
    for number in (decided, appealed):
        casework.triage(core, number, DIRECTOR.username, key, casework.Triage(
            Category.HARASSMENT, violation=True, immediate_action=False, regular_way=True,
            take_into_handling=True))
        decisions.impose_sanction(
            core, number, DIRECTOR.username, key, body=DecisionBody.DIRECTOR_OR_BOARD_BVR,
            terms=SanctionTerms(SanctionType.NO_CONTACT, date.today(),
                                date.today() + timedelta(days=180)),
            respondent="Exempel", scope="alle evenementen",
            considerations=weighed("Herhaald, ondanks waarschuwing."))
        casework_outcome.announce_decision(core, number, DIRECTOR.username, key)
    casework_outcome.file_appeal(core, appealed, DIRECTOR.username, key,
                                 appellant_role=PartyRole.RESPONDENT, sanctioned=True)
    return {"new-emergency": new, "in-handling": handling, "decided": decided,
            "in-appeal": appealed}


def _log_in(visit: Visit, site: LiveSite, username: str, password: str,
            passphrase: str) -> None:
    page = visit.page
    page.goto(site.url + "/desk/")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#unlock-form")
    page.fill("#passphrase", passphrase)
    page.click("#unlock-form button[type=submit]")
    page.wait_for_url(site.url + "/desk/")


def _measure(visit: Visit) -> dict[str, Any]:
    return visit.page.evaluate("""() => {
        const top = e => e ? e.getBoundingClientRect().top + window.scrollY : -1;
        const bottom = e => e ? e.getBoundingClientRect().bottom + window.scrollY : -1;
        const steps = document.querySelector('#next-steps');
        const first = document.querySelector('#next-steps details summary, #no-steps');
        const last = [...document.querySelectorAll('#next-steps > details, #no-steps')].pop();
        return {height: document.documentElement.scrollHeight,
                steps: top(steps), first_step_bottom: bottom(first),
                last_step_bottom: bottom(last),
                overflow: document.documentElement.scrollWidth
                          - document.documentElement.clientWidth,
                // what sticks out, to name in a failure
                wide: [...document.querySelectorAll('body *')].filter(
                    e => e.getBoundingClientRect().right
                         > document.documentElement.clientWidth + 0.5).slice(-5).map(
                    e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + e.className + ' '
                         + (e.getAttribute('name') || '') + ' '
                         + (e.innerText || '').slice(0, 40))};
    }""")


@pytest.mark.parametrize("lang", ["nl", "sv"])
def test_issue_13_case_page_next_steps_on_the_first_phone_screen(
        live_site: LiveSite, visit: Callable[..., Visit], shots: Screenshots,
        lang: str) -> None:
    site = live_site
    cases = _cases(site.core)
    casework_accounts.set_local_password(site.core, BOARD_BVR.username, BOARD_PASSWORD)
    director = visit(locale=f"{lang}-SE" if lang == "sv" else "nl-NL")
    _log_in(director, site, DIRECTOR.username, DIRECTOR.password, DIRECTOR.passphrase)
    board = visit(locale=f"{lang}-SE" if lang == "sv" else "nl-NL")
    _log_in(board, site, BOARD_BVR.username, BOARD_PASSWORD, BOARD_BVR.passphrase)

    views = [(director, "director", state, number) for state, number in cases.items()]
    views.append((board, "board", "in-appeal", cases["in-appeal"]))
    heights: dict[str, float] = {}
    for seen, who, state, number in views:
        for width, viewport in (("1280", DESKTOP), ("390", PHONE)):
            seen.page.set_viewport_size(viewport)
            seen.page.goto(f"{site.url}/desk/case/{number}?uselang={lang}")
            seen.page.wait_for_selector("#next-steps")
            assert seen.page.locator("html").get_attribute("lang") == lang
            heading = seen.page.locator("#next-steps-heading").inner_text().strip()
            assert heading == translate("web-case-next-steps", lang)
            found = _measure(seen)
            shots(seen.page, f"{who}-{state}-{lang}-{width}")
            name = f"{who}/{state}/{lang}/{width}"
            heights[name] = found["height"]
            print(f"case page {name}: height {found['height']:.0f} px, next steps at "
                  f"{found['steps']:.0f} px, first step ends at "
                  f"{found['first_step_bottom']:.0f} px, last step at "
                  f"{found['last_step_bottom']:.0f} px")
            assert found["overflow"] <= 0, (name, found["overflow"], found["wide"])
            if viewport is PHONE:  # what the phone shows before any scrolling
                seen.page.screenshot(path=str(shots.directory / f"{who}-{state}-{lang}-"
                                              "390-first-screen.png"))
                assert found["steps"] >= 0 and found["first_step_bottom"] <= PHONE["height"], (
                    name, found)
    # An emergency is marked at the top of its page.
    director.page.goto(f"{site.url}/desk/case/{cases['new-emergency']}?uselang={lang}")
    assert translate("web-case-emergency", lang) in director.page.locator(
        "#case-status").inner_text()
    phone = {k: v for k, v in heights.items() if k.endswith("/390")}
    largest = max(phone, key=lambda k: phone[k])
    print(f"largest case page on a phone ({lang}): {largest} {phone[largest]:.0f} px")
    for seen in (director, board):
        assert seen.problems() == [], seen.problems()
