"""A person making a report on the test wiki: open the form's preloaded edit page as they
would (index.php with `preload=`), fill in the fields, save."""

from __future__ import annotations

import html
import secrets
import time
from html.parser import HTMLParser

import mwparserfromhell

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
