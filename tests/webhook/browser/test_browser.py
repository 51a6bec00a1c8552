"""The web service in real headless Chromium (issue 4, flows 2 and 4), served on loopback.

1. R-7.4, R-8.3, R-11, R-13.3: an anonymous report in Swedish and its receipt; the director
   logs in on the case desk (local account, then the vault passphrase), triages and decides;
   the reporter comes back with the receipt code and reads the outline of the outcome.
2. The public form without JavaScript: an input only the server can refuse (anonymous, yet
   named) keeps what was typed and says the report was not received; the corrected report
   arrives; the language switch works.
3. The public form on a phone: nothing wider than the screen, the emergency choice takes the
   fast track (an immediate alert by email, without content).

Every page is checked for console errors (the CSP would report a blocked style or script
there) and server errors. Texts are compared with the message files, never hard coded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bvr.domain import CaseStatus, Channel, EntryKind
from bvr.i18n import catalogue, translate
from bvr.services import casefiles, people
from bvr.storage.models import Case

from .harness import BOARD_BVR, DIRECTOR, EMERGENCY_CONTACT, LiveSite, Screenshots, Visit

pytestmark = pytest.mark.browser

CODE = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")


def only_case(site: LiveSite) -> Case:
    with site.core.database.transaction() as session:
        found = list(session.scalars(select(Case)))
    assert len(found) == 1, f"expected one case, found {len(found)}"
    return found[0]


def text_of(visit: Visit, selector: str) -> str:
    return " ".join(visit.page.locator(selector).inner_text().split())


def desk_text(lang: str, name: str) -> str:
    """A case desk label: its keys are `web-desk-*`, or `web-*` in older message files."""
    for key in (f"web-desk-{name}", f"web-{name}"):
        if key in catalogue("en"):
            return translate(key, lang)
    raise KeyError(f"web-desk-{name}")


def case_status(site: LiveSite) -> CaseStatus:
    return only_case(site).status


def assert_clean(*visits: Visit) -> None:
    for seen in visits:
        assert seen.problems() == [], seen.problems()


def test_R_7_4_R_13_3_anonymous_swedish_report_triage_decision_and_outline(
        live_site: LiveSite, visit: Callable[..., Visit], shots: Screenshots) -> None:
    site = live_site
    marker = "Trakasserier vid editathonen, märke 7f3a9c"
    outline = "Ärendet är avgjort: en varning har getts (R-11.1 a)."

    # --- the reporter, a Swedish browser, reports anonymously --------------------------------
    reporter = visit(locale="sv-SE")
    page = reporter.page
    page.goto(site.url + "/")
    assert page.locator("html").get_attribute("lang") == "sv"
    shots(page, "reporter-start")
    page.click("a[href='/report']")
    assert text_of(reporter, "h1") == translate("web-form-heading", "sv")
    page.fill("#what_happened", f"{marker}. Någon skrek åt mig under lunchen.")
    page.fill("#where", "Göteborg")
    page.fill("#incident_on", (date.today() - timedelta(days=2)).isoformat())
    page.fill("#respondent_username", "Exempelanvändare")
    page.check("#emergency-no")
    page.check("#victim-no")  # a witness: the outline only
    page.check("#anonymous")
    shots(page, "reporter-form-filled")
    page.click("#submit-report")
    page.wait_for_selector("#received")
    code = page.locator("#receipt-code").inner_text().strip()
    assert CODE.match(code), code
    assert text_of(reporter, "#received") == translate("web-receipt-heading", "sv")
    shots(page, "reporter-receipt")

    case = only_case(site)
    assert case.channel is Channel.WEB_FORM
    assert case.anonymous
    assert case.status is CaseStatus.AWAITING_CONFIRMATION
    raw = site.raw_database()
    assert marker.encode() not in raw
    assert code.encode() not in raw  # only its hash is kept
    key = people.unlock(site.core, DIRECTOR.username, DIRECTOR.passphrase)
    filed = casefiles.open_case(site.core, case.address, DIRECTOR.username, key)
    report = next(e.content for e in filed.entries if e.kind is EntryKind.REPORT)
    assert report["language"] == "sv"
    assert marker in report["what_happened"]
    # The director is told that a report arrived, and nothing of what it says.
    notice = site.smtp.wait_for(lambda m: DIRECTOR.email in str(m["X-Envelope-To"]))
    body = notice.get_body(("plain",))
    assert body is not None
    assert marker not in body.get_content()
    assert code not in body.get_content()
    assert case.address in str(notice["Subject"]) + body.get_content()
    # the board member BVR holds a key to the file too, and is told as well.
    site.smtp.wait_for(lambda m: BOARD_BVR.email in str(m["X-Envelope-To"]))

    # --- the director, on the case desk --------------------------------------------------
    desk = visit(locale="en-GB")
    page = desk.page
    page.goto(site.url + "/desk/")
    page.wait_for_selector("#login-form")
    shots(page, "director-login")
    page.fill("#username", DIRECTOR.username)
    page.fill("#password", DIRECTOR.password)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#unlock-form")
    shots(page, "director-unlock")
    page.fill("#passphrase", DIRECTOR.passphrase)
    page.click("#unlock-form button[type=submit]")
    page.wait_for_url(site.url + "/desk/")
    page.click("a[href='/desk/cases']")
    page.click(f"#cases a:text-is('{case.address}')")
    page.wait_for_selector("#case-status")
    assert desk_text("en", "status-awaiting-confirmation") in text_of(desk, "#case-status")
    shots(page, "director-case-received")

    # triage: category, the immediate questions, confirmed, into handling.
    page.click("#act-triage summary")
    page.select_option("#category", "harassment")
    page.check("#act-triage input[name=violation]")
    page.check("#act-triage input[name=regular_way]")
    page.check("#act-triage input[name=confirmed]")
    page.fill("#note", "Bekräftad via kanalen.")
    shots(page, "director-triage")
    page.click("#do-triage")
    page.wait_for_selector(".flash.info")
    assert case_status(site) is CaseStatus.IN_HANDLING
    assert desk_text("en", "status-in-handling") in text_of(desk, "#case-status")
    assert desk_text("en", "category-harassment") in text_of(desk, "#case-status")
    shots(page, "director-triaged")

    # a warning is the director's to impose: the considerations recorded.
    page.click("#act-sanction summary")
    page.select_option("#body", "director_or_board_bvr")
    page.select_option("#type", "warning")
    page.fill("#respondent", "Exempelanvändare")
    page.fill("#starts_on", date.today().isoformat())
    page.fill("#nature_and_severity", "Verbal harassment during an event, first time.")
    page.fill("#history", "None known.")  # asks for every consideration
    page.fill("#role_of_respondent", "A participant.")
    page.fill("#personal_factors", "None known.")
    page.click("#do-sanction")
    page.wait_for_selector(".flash.info")
    assert case_status(site) is CaseStatus.DECIDED
    assert desk_text("en", "status-decided") in text_of(desk, "#case-status")
    assert desk_text("en", "sanction-warning") in text_of(desk, "#sanctions")
    page.click("#act-announce summary")
    page.click("#do-announce")
    page.wait_for_selector(".flash.info")
    # the reporter, not the victim, may learn the outline of the outcome.
    page.click("#act-message summary")
    page.select_option("#act-message select[name=kind]", "outcome")
    page.fill("#message-text", outline)
    page.click("#send-message")
    page.wait_for_selector(".flash.info")
    shots(page, "director-decided")

    # --- the reporter comes back with the code, in a fresh browser -----------------------
    back = visit(locale="sv-SE")
    page = back.page
    page.goto(site.url + "/channel")
    page.fill("#code", code.lower().replace("-", " "))  # typed loosely, still found
    shots(page, "reporter-code")
    page.click("#open-channel")
    page.wait_for_selector("#case-status")
    assert translate("web-public-status-decided", "sv") in text_of(back, "#case-status")
    assert outline in text_of(back, "#messages")
    assert DIRECTOR.username not in page.content()  # the channel names no officer
    shots(page, "reporter-outline")
    page.select_option("#kind", "answer")
    page.fill("#text", "Tack för beskedet.")
    page.click("#write-form button[type=submit]")
    page.wait_for_selector("#channel-notice")
    assert text_of(back, "#channel-notice") == translate("web-channel-sent", "sv")
    assert "Tack för beskedet." in text_of(back, "#messages")
    shots(page, "reporter-answered")

    # The code travelled only in POST bodies: never in a URL (logs, history, referrers).
    for seen in (reporter, back):
        assert not [u for u in seen.urls if code.lower().replace("-", "") in
                    u.lower().replace("-", "").replace("+", "").replace("%20", "")]
    assert_clean(reporter, desk, back)


def test_public_form_without_javascript(live_site: LiveSite, visit: Callable[..., Visit],
                                        shots: Screenshots) -> None:
    site = live_site
    seen = visit(locale="nl-NL", javascript=False)
    page = seen.page
    page.goto(site.url + "/report")
    assert page.locator("html").get_attribute("lang") == "nl"
    text = "Tijdens de meetup werd ik uitgescholden; zonder JavaScript gemeld."
    page.fill("#what_happened", text)
    page.fill("#reporter_name", "Sanne")
    page.fill("#reporter_contact", "sanne@example.org")
    page.check("#emergency-no")
    page.check("#victim-yes")
    page.check("#anonymous")  # and a name: only the server can refuse that
    page.click("#submit-report")
    # Refused by the server: the page says so and keeps everything that was typed.
    page.wait_for_selector("#not-received")
    assert translate("web-not-received", "nl") in text_of(seen, "#not-received")
    assert translate("web-form-error-anonymous-named", "nl") in text_of(seen, "#form-errors")
    assert page.input_value("#what_happened") == text
    assert page.input_value("#reporter_name") == "Sanne"
    shots(page, "refused-anonymous-with-name")
    with site.core.database.transaction() as session:
        assert session.scalars(select(Case)).first() is None

    page.uncheck("#anonymous")
    page.fill("#incident_on", date.today().isoformat())
    page.click("#submit-report")
    page.wait_for_selector("#received")
    assert CODE.match(page.locator("#receipt-code").inner_text().strip())
    shots(page, "receipt")
    case = only_case(site)
    assert not case.anonymous
    assert case.status is CaseStatus.RECEIVED

    # The language switch is a plain link, remembered without script.
    page.click("nav.langs a[lang=en]")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(site.url + "/report")
    assert page.locator("html").get_attribute("lang") == "en"
    assert text_of(seen, "h1") == translate("web-form-heading", "en")
    shots(page, "switched-to-english")
    # Chromium reports no console errors with script off; the 5xx check still holds.
    assert_clean(seen)


def test_public_form_on_a_phone_takes_the_fast_track(
        live_site: LiveSite, visit: Callable[..., Visit], shots: Screenshots) -> None:
    site = live_site
    seen = visit(locale="en-GB", device="Pixel 5")
    page = seen.page
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert 0 < width < 500

    def fits() -> None:
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{overflow}px wider than the screen on {page.url}"

    page.goto(site.url + "/report")
    fits()
    for field in ("#what_happened", "#where", "#submit-report"):
        box = page.locator(field).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, field
    page.fill("#what_happened", "Someone is threatening people in the venue right now.")
    page.check("#emergency-yes")
    page.check("#victim-no")
    page.check("#anonymous")
    shots(page, "phone-form")
    page.tap("#submit-report")
    page.wait_for_selector("#received")
    fits()
    code = page.locator("#receipt-code")
    box = code.bounding_box()
    assert box is not None and box["x"] + box["width"] <= width, "receipt code runs off screen"
    # Where the code wraps, it wraps after a dash: a group split over two lines is easy to
    # copy wrongly. Each character's line is read from its on-screen box.
    lines = page.evaluate("""element => {
        const text = element.firstChild, range = document.createRange(), tops = [];
        for (let i = 0; i < text.length; i++) {
            range.setStart(text, i); range.setEnd(text, i + 1);
            tops.push(Math.round(range.getBoundingClientRect().top));
        }
        return tops;
    }""", code.element_handle())
    text = code.inner_text().strip()
    breaks = [i for i in range(1, len(lines)) if lines[i] != lines[i - 1]]
    assert all(text[i - 1] == "-" for i in breaks), f"the code wraps inside a group: {breaks}"
    page.wait_for_selector("#emergency-alerted")
    shots(page, "phone-receipt-emergency")

    case = only_case(site)
    assert case.emergency
    alert = site.smtp.wait_for(lambda m: EMERGENCY_CONTACT in str(m["X-Envelope-To"]))
    body = alert.get_body(("plain",))
    assert body is not None and "threatening" not in body.get_content()
    assert_clean(seen)
