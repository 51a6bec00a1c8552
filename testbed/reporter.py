"""A person making a report on a local wiki (the tests, `bvr demo`): through the plain form,
opening the preloaded edit page as they would (index.php with `preload=`), filling in the
fields and saving; or through the sealing gadget in headless Chromium (`sealed_in_browser`)."""

from __future__ import annotations

import html
import secrets
import time
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

import mwparserfromhell

from testbed.browser import CHROMIUM
from testbed.mediawiki import LocalWiki, WikiSession

PRELOAD = "Template:BVR-melding/preload"
PREFIX = "BVR-melding/"


class _Textarea(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "textarea" and dict(attrs).get("name") == "wpTextbox1":
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text += data


def preloaded(wiki: LocalWiki, session: WikiSession, title: str,
              preload: str = PRELOAD) -> str:
    """The text a person sees in the edit box after pressing the form's button."""
    response = session.http.get(wiki.index_url, params={
        "title": title, "action": "edit", "preload": preload}, timeout=30)
    response.raise_for_status()
    parser = _Textarea()
    parser.feed(response.text)
    return html.unescape(parser.text)


def fill(preload_text: str, **fields: str) -> str:
    code = mwparserfromhell.parse(preload_text)
    template = code.filter_templates()[0]
    for name, value in fields.items():
        template.add(name, value, preserve_spacing=True)
    return str(code)


def new_title() -> str:
    return f"{PREFIX}{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"


def save(session: WikiSession, title: str, text: str, summary: str = "") -> dict[str, object]:
    """Save as the logged-in person; returns the API's edit answer (newrevid, pageid...)."""
    answer = session.post_with_token(action="edit", title=title, text=text, summary=summary,
                                     createonly=True)
    return dict(answer["edit"])


def report(wiki: LocalWiki, session: WikiSession, summary: str = "", **fields: str
           ) -> tuple[str, dict[str, object]]:
    """Make a report through the form's preload; returns (title, edit answer)."""
    title = new_title()
    return title, save(session, title, fill(preloaded(wiki, session, title), **fields), summary)


# The sealed form in a browser -------------------------------------------------------------

SAVE_TIMEOUT_MS = 30_000


def sealed_in_browser(wiki: LocalWiki, form_page: str, user: str, password: str,
                      fields: Mapping[str, str], lang: str) -> tuple[str, float]:
    """Log in as `user` in headless Chromium, fill in the sealing gadget's form on
    `form_page` (`fields`: what, when, where, who...) and send it. Returns the saved page's
    title and `time.monotonic()` when the wiki answered the save."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            page = browser.new_context(locale=lang).new_page()
            page.goto(f"{wiki.index_url}?title=Special:UserLogin")
            page.fill("#wpName1", user)
            page.fill("#wpPassword1", password)
            page.click("#wpLoginAttempt")
            page.wait_for_load_state()
            page.goto(f"{wiki.index_url}?title={form_page.replace(' ', '_')}&uselang={lang}")
            page.wait_for_selector(".bvr-sealed-form", timeout=SAVE_TIMEOUT_MS)
            for name, value in fields.items():
                page.fill(f"#bvr-sealed-{name}", value)
            page.select_option("#bvr-sealed-language", lang)
            with page.expect_response(_is_edit, timeout=SAVE_TIMEOUT_MS) as saved:
                page.click(".bvr-sealed-form button")
            answer = saved.value.json()
            saved_at = time.monotonic()
            page.wait_for_selector(".bvr-sealed-done", timeout=SAVE_TIMEOUT_MS)
        finally:
            browser.close()
    return str(answer["edit"]["title"]), saved_at


def _is_edit(response: Any) -> bool:
    """The API edit that saves the page (urlencoded or multipart)."""
    request = response.request
    body = request.post_data or "" if request.method == "POST" else ""
    return "api.php" in response.url and (
        "action=edit" in body or 'name="action"\r\n\r\nedit\r\n' in body)
