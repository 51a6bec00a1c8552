"""The public report form and its receipt in a right-to-left language, in real Chromium
(issue 16). The test language (`tests/i18n/rtl`, a few Hebrew strings) is added for this test
only; the page must say `dir="rtl"`, lay the form out from the right, and keep the receipt
code left-to-right so its groups read in order. Screenshots of both pages are kept with the
other browser artifacts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest

from bvr.i18n import translate
from tests.i18n.languages import RTL, rtl_language

from .harness import LiveSite, Screenshots, Visit

pytestmark = pytest.mark.browser

CODE = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")


@pytest.fixture
def rtl() -> Iterator[str]:
    with rtl_language() as code:
        yield code


def _box(visit: Visit, selector: str) -> dict[str, float]:
    box = visit.page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


def _first_and_last_left(visit: Visit, selector: str) -> str:
    """Where a block's first character is drawn against its last one."""
    return str(visit.page.locator(selector).first.evaluate("""e => {
        const text = e.firstChild, range = document.createRange();
        range.setStart(text, 0); range.setEnd(text, 1);
        const first = range.getBoundingClientRect().left;
        range.setStart(text, text.length - 1); range.setEnd(text, text.length);
        const last = range.getBoundingClientRect().left;
        return first > last ? 'first-right' : 'first-left';
    }"""))


def test_public_form_and_receipt_right_to_left(rtl: str, live_site: LiveSite,
                                               visit: Callable[..., Visit],
                                               shots: Screenshots) -> None:
    seen = visit(locale=RTL)
    page = seen.page
    page.goto(live_site.url + "/report")  # Accept-Language: he picks the test language
    html = page.locator("html")
    assert (html.get_attribute("lang"), html.get_attribute("dir")) == (RTL, "rtl")
    heading = page.locator("h1")
    assert heading.inner_text().strip() == translate("web-form-heading", RTL)
    # Laid out from the right: the heading and the labels hug the right edge of the page.
    width = page.evaluate("document.documentElement.clientWidth")
    main = _box(seen, "main")
    for selector in ("h1", "label[for=what_happened]"):
        box = _box(seen, selector)
        assert box["x"] + box["width"] > main["x"] + main["width"] - 40, selector
        assert page.locator(selector).first.evaluate(
            "e => getComputedStyle(e).direction") == "rtl"
    assert main["x"] + main["width"] <= width
    # Read from the right: the label's first letter is right of its final question mark.
    assert _first_and_last_left(seen, "label[for=what_happened]") == "first-right"
    shots(page, "rtl-report-form")

    page.fill("#what_happened", "בזמן המפגש צעקו עליי. marker 5e1d")
    page.fill("#where", "תל אביב")
    page.fill("#incident_on", (date.today() - timedelta(days=1)).isoformat())
    page.check("#emergency-no")
    page.check("#victim-yes")
    page.check("#anonymous")
    page.click("#submit-report")
    page.wait_for_selector("#received")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#received").inner_text().strip() == translate("web-receipt-heading",
                                                                       RTL)
    code = page.locator("#receipt-code")
    assert CODE.match(code.inner_text().strip())
    # The code is Latin letters and dashes: it stays left-to-right inside the RTL page, its
    # first group on the left, and it fits the screen.
    assert code.evaluate("e => getComputedStyle(e).direction") == "ltr"
    first = page.evaluate("""() => {
        const code = document.getElementById('receipt-code');
        const range = document.createRange();
        range.setStart(code.firstChild, 0); range.setEnd(code.firstChild, 4);
        const head = range.getBoundingClientRect();
        range.setStart(code.firstChild, code.textContent.length - 4);
        range.setEnd(code.firstChild, code.textContent.length);
        const tail = range.getBoundingClientRect();
        return [head.left, head.top, tail.left, tail.top];
    }""")
    head_left, head_top, tail_left, tail_top = first
    assert (head_top, head_left) < (tail_top, tail_left)
    assert _box(seen, "#receipt-code")["x"] >= 0
    shots(page, "rtl-receipt")
    assert seen.problems() == [], seen.problems()
