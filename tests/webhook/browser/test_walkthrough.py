"""Issue 13, "Proof": one case from a web report to the appeal decision, walked entirely
through the web pages in real headless Chromium, as each person would, at 1280 px and on a
phone (390 x 844 px).

1. A named reporter with an email address files a report on the public form (Dutch) and
   keeps the receipt's channel code.
2. The director logs in to the desk, triages the report and takes it into handling, and
   handles it herself.
3. She informs the directly involved parties, records the hearings (one offered, then held),
   writes the draft report, records its discussion with each party and finalises it.
4. She proposes an exclusion (R-11.1 (d)), which only the board may impose (R-11.3): the
   board's members log in and vote until its quorum (R-2.1, `board_quorum`) decides it.
5. The decision is announced.
6. The reporter appeals on the channel; the desk records the appeal from the channel's
   request; the appeals committee (the board decided, R-16.2) logs in and decides it, and
   the handler announces that decision.
7. The reporter follows the case on the channel at several points, in Dutch.

The only service calls are the set-up of the officers (wiki accounts, desk passwords and
vault passphrases), as the other browser tests do. At every step the test asserts what a
volunteer sees: the step they need is offered under "What you can do now", the message after
each action is a success in the reader's language, no console errors, nothing wider than the
screen. Every step is kept as a full-page screenshot (`shots`); the phone's page heights are
printed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from bvr.domain import Role
from bvr.i18n import translate
from bvr.services import casework_accounts, people

from .harness import BOARD_BVR, DIRECTOR, LiveSite, Officer, Screenshots, Visit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

#: Two more board members: with the board member BVR three uninvolved members, whose
#: majority (the default quorum, R-2.1) is two votes.
BOARD = (Officer("Carla Bestuur", "carla@example.org", "carla's vault passphrase",
                 "carla's desk password"),
         Officer("Dirk Bestuur", "dirk@example.org", "dirk's vault passphrase",
                 "dirk's desk password"))
COMMITTEE = Officer("Eva Beroep", "eva@example.org", "eva's vault passphrase",
                    "eva's desk password")
BRAM = Officer(BOARD_BVR.username, BOARD_BVR.email, BOARD_BVR.passphrase,
               "bram's desk password")

REPORT = "Exempel schold mij drie keer uit tijdens de lunch van de meetup, 4c1d."
FAILED = ("Dit is niet gelukt", "Det gick inte", "This did not work")


def _add_officers(site: LiveSite) -> None:
    """The officers the walk meets, as `bvr people add` and the desk's set-up make them."""
    core = site.core
    casework_accounts.set_local_password(core, BRAM.username, BRAM.password)
    for officer, roles in [(BOARD[0], (Role.BOARD,)), (BOARD[1], (Role.BOARD,)),
                           (COMMITTEE, (Role.APPEALS_COMMITTEE,))]:
        people.add_person(core, officer.username, roles, language="nl", email=officer.email)
        people.set_passphrase(core, officer.username, officer.passphrase)
        casework_accounts.set_local_password(core, officer.username, officer.password)


@dataclass
class Walk:
    """The site, the reporter's and the desk's languages, the screen, and what it saw."""

    site: LiveSite
    visit: Callable[..., Visit]
    shots: Screenshots
    viewport: dict[str, int]
    desk_lang: str
    heights: dict[str, float]
    visits: list[Visit]

    @property
    def phone(self) -> bool:
        return self.viewport is PHONE

    def open(self, lang: str) -> Visit:
        seen = self.visit(locale={"nl": "nl-NL", "sv": "sv-SE"}[lang])
        seen.page.set_viewport_size(self.viewport)
        self.visits.append(seen)
        return seen

    def look(self, seen: Visit, step: str) -> None:
        """What holds on every page: no errors, nothing wider than the screen; then the
        screenshot."""
        page = seen.page
        found = page.evaluate(r"""() => ({
            height: document.documentElement.scrollHeight,
            overflow: document.documentElement.scrollWidth
                      - document.documentElement.clientWidth,
            // words split over two lines (a narrow table column breaking "gehouden")
            broken: (() => {
                const found = [];
                const walker = document.createTreeWalker(document.body,
                                                         NodeFilter.SHOW_TEXT);
                const hidden = node => {  // inside a visually hidden box (1 px wide)
                    for (let e = node.parentElement; e; e = e.parentElement) {
                        if (e.getBoundingClientRect().width <= 1) return true;
                    }
                    return false;
                };
                for (let node; (node = walker.nextNode());) {
                    if (!node.data.trim() || hidden(node)) continue;
                    for (const m of node.data.matchAll(/\p{L}+/gu)) {
                        const r = document.createRange();
                        r.setStart(node, m.index);
                        r.setEnd(node, m.index + m[0].length);
                        const tops = new Set([...r.getClientRects()].map(
                            x => Math.round(x.top)));
                        if (tops.size > 1) found.push(m[0]);
                    }
                }
                return found;
            })(),
            wide: [...document.querySelectorAll('body *')].filter(
                e => e.getBoundingClientRect().right
                     > document.documentElement.clientWidth + 0.5).slice(-5).map(
                e => e.tagName + (e.id ? '#' + e.id : '') + ' '
                     + (e.innerText || '').slice(0, 40))})""")
        self.heights[step] = found["height"]
        # A form page's default button (Enter sends the form) is kept out of sight.
        for box in (b.bounding_box() for b in page.locator("button.offscreen").all()):
            assert box is None or box["width"] <= 1, (step, "a visible offscreen button", box)
        self.shots(page, step)
        assert found["overflow"] <= 0, (step, found["overflow"], found["wide"])
        assert found["broken"] == [], (step, found["broken"])
        assert seen.problems() == [], (step, seen.problems())


def _log_in(walk: Walk, officer: Officer) -> Visit:
    seen = walk.open(walk.desk_lang)
    page = seen.page
    page.goto(walk.site.url + "/desk/")
    page.fill("#username", officer.username)
    page.fill("#password", officer.password)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#unlock-form")
    page.fill("#passphrase", officer.passphrase)
    page.click("#unlock-form button[type=submit]")
    page.wait_for_url(walk.site.url + "/desk/")
    assert page.locator("html").get_attribute("lang") == walk.desk_lang
    return seen


def _open_case(walk: Walk, seen: Visit, number: str) -> None:
    """From the desk's start page to the case, by its links."""
    page = seen.page
    page.goto(walk.site.url + "/desk/")
    page.click(f"text={translate('web-cases-heading', walk.desk_lang)}")
    page.click(f"#cases a:text-is('{number}')")
    page.wait_for_selector("#next-steps")


def _offered(walk: Walk, seen: Visit, key: str) -> Any:
    """The step `key` is offered under "What you can do now"; opened, its panel."""
    page = seen.page
    heading = page.locator("#next-steps-heading").inner_text().strip()
    assert heading == translate("web-case-next-steps", walk.desk_lang)
    panel = page.locator(f"#next-steps #act-{key}")
    offered = [d.get_attribute("id") for d in page.locator("#next-steps details").all()]
    assert panel.count() == 1, (key, offered)
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    return panel


def _succeeded(walk: Walk, seen: Visit, step: str, expected: str = "web-done",
               **params: Any) -> None:
    """After an action: one message, a success in the reader's language, then the look."""
    page = seen.page
    page.wait_for_load_state()
    flashes = page.locator(".flash").all_inner_texts()
    text = " ".join(flashes)
    assert not any(f in text for f in FAILED), (step, flashes)
    assert page.locator(".flash.error").count() == 0, (step, flashes)
    assert translate(expected, walk.desk_lang, **params) in flashes, (step, flashes)
    walk.look(seen, step)


def _act(walk: Walk, seen: Visit, key: str, step: str, fill: Callable[[Any], None],
         expected: str = "web-done", **params: Any) -> None:
    """Take the offered step `key`: open its panel, fill it in, send it, see it succeed."""
    panel = _offered(walk, seen, key)
    fill(panel)
    with seen.page.expect_navigation():
        panel.locator("button[type=submit]").last.click()
    _succeeded(walk, seen, step, expected, **params)


def _channel(walk: Walk, reporter: Visit, code: str, step: str, status: str) -> str:
    """The reporter opens the channel with the code and sees the case's state, in Dutch."""
    page = reporter.page
    page.goto(walk.site.url + "/channel")
    page.fill("#code", code)
    page.click("#open-channel")
    page.wait_for_selector("#case-status")
    assert page.locator("html").get_attribute("lang") == "nl"
    shown = page.locator("#case-status").inner_text()
    assert translate(f"web-public-status-{status.replace('_', '-')}", "nl") in shown, shown
    walk.look(reporter, step)
    return page.locator("main").inner_text()


def _pick_party(panel: Any, role: str) -> None:
    """Choose the party's role; for the reporter, who is also the victim, tick both of her
    rows in the party picker, as its legend asks."""
    panel.locator("select[name=party_role]").select_option(role)
    if role == "reporter":
        rows = panel.locator("fieldset.parties label", has_text="Rosa Jansen")
        assert rows.count() == 2
        for row in rows.all():
            row.locator("input").check()


def _tell_outcome(walk: Walk, seen: Visit, step: str, text: str) -> None:
    """R-13.2: the reporter, the victim, is told the outcome through the channel."""
    def inform(panel: Any) -> None:
        _pick_party(panel, "reporter")
        assert panel.locator("input[name=topics]:checked").count() == 0
        panel.locator("input[name=topics][value=outcome]").check()
        panel.locator("#inform-text").fill(text)

    _act(walk, seen, "inform", step, inform)


def _announce_hint(walk: Walk) -> Callable[[Any], None]:
    """The announce form says to tell the parties first (it only records that they were)."""
    def check(panel: Any) -> None:
        assert panel.locator("#announce-hint").inner_text() == translate(
            "web-announce-hint", walk.desk_lang)
    return check


@pytest.mark.parametrize(("viewport", "desk_lang"), [
    pytest.param(DESKTOP, "nl", id="1280-nl"),
    pytest.param(PHONE, "sv", id="390-sv"),
])
def test_issue_13_a_case_walked_from_the_web_report_to_the_appeal_decision(
        live_site: LiveSite, visit: Callable[..., Visit], shots: Screenshots,
        viewport: dict[str, int], desk_lang: str) -> None:
    started = time.monotonic()
    site = live_site
    _add_officers(site)
    walk = Walk(site, visit, shots, viewport, desk_lang, {}, [])
    today = date.today().isoformat()

    # 1. The reporter files a report on the public form and keeps the receipt.
    reporter = walk.open("nl")
    page = reporter.page
    page.goto(site.url + "/")
    page.click("a[href$='/report']")
    page.wait_for_selector("#report-form")
    page.check("#emergency-no")
    page.fill("#what_happened", REPORT)
    page.fill("#where", "Utrecht, bibliotheek")
    page.fill("#respondent_username", "Exempel")
    page.check("#victim-yes")
    page.fill("#reporter_name", "Rosa Jansen")
    page.fill("#reporter_contact", "rosa@example.org")
    walk.look(reporter, "reporter-form")
    page.click("#submit-report")
    page.wait_for_selector("#received")
    number = page.locator("#case-number strong").inner_text().strip()
    code = page.locator("#receipt-code").inner_text().strip()
    receipt = page.locator("main").inner_text()
    assert translate("web-receipt-step-email", "nl") in receipt
    walk.look(reporter, "reporter-receipt")
    _channel(walk, reporter, code, "reporter-channel-received", "received")

    # 2. The director logs in, triages the report and takes it into handling.
    director = _log_in(walk, DIRECTOR)
    walk.look(director, "director-desk")
    _open_case(walk, director, number)
    walk.look(director, "director-case-new")

    def triage(panel: Any) -> None:
        panel.locator("#category").select_option("harassment")
        panel.locator("input[name=violation]").check()
        panel.locator("input[name=regular_way]").check()
        assert panel.locator("input[name=take_into_handling]").is_checked()
        panel.locator("#note").fill("Melding duidelijk; zelf in behandeling.")

    _act(walk, director, "triage", "director-triaged", triage)
    _act(walk, director, "handler", "director-handles-it",
         lambda panel: panel.locator("#handler").select_option(DIRECTOR.username))
    assert director.page.locator("#case-handler").inner_text().strip() == DIRECTOR.username
    _channel(walk, reporter, code, "reporter-channel-in-handling", "in_handling")

    # 3. The investigation: inform the parties, hearings, draft, its review, the final report.
    for role, text in (("reporter", "Uw melding is in behandeling; wij nemen contact op."),
                       ("respondent", "Er is een melding over u; u wordt gehoord.")):
        def inform(panel: Any, role: str = role, text: str = text) -> None:
            _pick_party(panel, role)
            # what every directly involved party is told is ticked already.
            ticked = [t.get_attribute("value")
                      for t in panel.locator("input[name=topics]:checked").all()]
            assert ticked == ["process", "investigators", "timeline"], ticked
            panel.locator("#inform-text").fill(text)

        _act(walk, director, "inform", f"director-informed-{role}", inform)
    for role, outcome in (("respondent", "offered"), ("respondent", "held"),
                          ("reporter", "held")):
        def hearing(panel: Any, role: str = role, outcome: str = outcome) -> None:
            _pick_party(panel, role)
            panel.locator("#h-outcome").select_option(outcome)
            panel.locator("#heard_on").fill(today)
            panel.locator("#notes").fill(f"Gesprek ({outcome}) met de {role}.")

        _act(walk, director, "hearing", f"director-hearing-{role}-{outcome}", hearing)

    def draft(panel: Any) -> None:
        panel.locator("#findings").fill("Het uitschelden is door twee getuigen bevestigd.")
        panel.locator("#redacted").fill("Het uitschelden is bevestigd.")

    _act(walk, director, "draft", "director-draft", draft)
    for role in ("reporter", "respondent"):
        def review(panel: Any, role: str = role) -> None:
            _pick_party(panel, role)
            panel.locator("#r-outcome").select_option("held")
            panel.locator("#comments").fill("Geen aanvullingen.")

        _act(walk, director, "review", f"director-review-{role}", review)
        if role == "reporter":
            # The respondent's review is still missing: the final report, offered already,
            # cannot be sent without the reason the service would otherwise refuse it for.
            reason = _offered(walk, director, "finalise").locator("#steps_reason")
            assert reason.get_attribute("required") is not None
            director.page.locator("#act-finalise summary").click()  # closed again
    _act(walk, director, "finalise", "director-final-report", lambda panel: None)

    # 4. An exclusion (d) is the board's: the handler puts the case before the
    # board, a board member proposes the sanction and the members vote.
    offered = _offered(walk, director, "sanction")
    kinds = offered.locator("#type option").all_inner_texts()
    assert translate("web-desk-sanction-exclusion", desk_lang) not in kinds, kinds
    _act(walk, director, "refer_board", "director-referred-to-board", lambda panel: None)

    def sanction(panel: Any) -> None:
        panel.locator("#body").select_option("board")
        panel.locator("#type").select_option("exclusion")
        panel.locator("#respondent").fill("Exempel")
        panel.locator("#scope").fill("alle evenementen van de vereniging")
        panel.locator("#starts_on").fill(today)
        panel.locator("#ends_on").fill((date.today() + timedelta(days=365)).isoformat())
        panel.locator("#nature_and_severity").fill("Herhaald uitschelden op een evenement.")
        panel.locator("#history").fill("Eerder gewaarschuwd.")
        panel.locator("#role_of_respondent").fill("Deelnemer.")
        panel.locator("#personal_factors").fill("Geen bijzonderheden.")

    bram = _log_in(walk, BRAM)
    _open_case(walk, bram, number)
    walk.look(bram, "board-bram-case")
    _act(walk, bram, "sanction", "board-bram-proposed", sanction, "web-board-proposed", num=1)
    carla = _log_in(walk, BOARD[0])
    _open_case(walk, carla, number)
    vote = carla.page.locator("#next-steps .motion[id^=board-motion-]")
    assert vote.count() == 1
    walk.look(carla, "board-carla-case")
    vote.locator("input[value=for]").check()
    vote.locator("textarea[name=reason]").fill("Eens: herhaald gedrag, ondanks waarschuwing.")
    with carla.page.expect_navigation():
        vote.locator("button[type=submit]").click()
    # The quorum has decided, and the flash says so; the board reads the file until the
    # decision is announced.
    _succeeded(walk, carla, "board-carla-voted", "web-board-taken")

    # 5. The handler tells the reporter the outcome and records that the decision
    # was communicated; the reporter reads it and may appeal.
    _open_case(walk, director, number)
    _tell_outcome(walk, director, "director-told-outcome",
                  "Het bestuur heeft een uitsluiting van een jaar opgelegd.")
    _act(walk, director, "announce", "director-announced", _announce_hint(walk))
    channel = _channel(walk, reporter, code, "reporter-channel-decided", "decided")
    assert "uitsluiting van een jaar" in channel
    # The handler's first message is labelled by what it was about.
    assert reporter.page.locator("#messages .meta", has_text=translate(
        "web-topic-process", "nl")).count() == 1
    # The outcome was sent: now, and only now, the status hint points at the messages.
    assert reporter.page.locator("#next").inner_text() == translate(
        "web-public-status-decided-hint", "nl")
    assert reporter.page.locator("#appeal-offer").is_visible()

    # 6. The reporter appeals on the channel; the desk records it; the committee decides.
    page = reporter.page
    page.select_option("#kind", "appeal")
    page.fill("#text", "Ik ga in beroep: de uitsluiting is te licht, 9f3a.")
    page.click("#write-form button[type=submit]")
    page.wait_for_selector("#channel-notice")
    # A named reporter is not told that nobody knows who they are.
    assert page.locator("#channel-notice").inner_text() == translate(
        "web-channel-sent-named", "nl")
    walk.look(reporter, "reporter-appealed")
    # The request is acknowledged and not offered again until the desk records the appeal.
    assert page.locator("#appeal-requested").is_visible()
    assert page.locator("#appeal-offer").count() == 0

    _open_case(walk, director, number)

    def appeal(panel: Any) -> None:
        panel.locator("#appellant_role").select_option("reporter")
        panel.locator("#requested_at").select_option(index=1)

    _act(walk, director, "appeal", "director-recorded-appeal", appeal)
    _channel(walk, reporter, code, "reporter-channel-in-appeal", "in_appeal")

    committee = _log_in(walk, COMMITTEE)
    _open_case(walk, committee, number)
    walk.look(committee, "committee-case")

    def appeal_decide(panel: Any) -> None:
        panel.locator("#a-reasoning").fill("De sanctie past bij de ernst; beroep afgewezen.")

    panel = _offered(walk, committee, "appeal_decide")
    appeal_decide(panel)
    with committee.page.expect_navigation():
        panel.locator("button[type=submit]").last.click()
    _succeeded(walk, committee, "committee-decided", "web-case-saved-no-access",
               number=number)

    _open_case(walk, director, number)
    _tell_outcome(walk, director, "director-told-appeal-outcome",
                  "De commissie heeft uw beroep afgewezen; de uitsluiting blijft.")
    _act(walk, director, "announce", "director-announced-appeal", _announce_hint(walk))
    channel = _channel(walk, reporter, code, "reporter-channel-appeal-decided", "decided")
    assert "beroep afgewezen" in channel
    assert reporter.page.locator("#appeal-final").is_visible()

    for seen in walk.visits:
        assert seen.problems() == [], seen.problems()
    largest = max(walk.heights, key=lambda k: walk.heights[k])
    print(f"walk {viewport['width']} px, desk in {desk_lang}: {len(shots.taken)} screenshots "
          f"in {time.monotonic() - started:.0f} s; longest page {largest} "
          f"{walk.heights[largest]:.0f} px")
