"""The one check every rendered-output test makes: a page as MediaWiki renders it holds no
markup that failed to render. `{{#` is a parser function the wiki does not run (ParserFunctions
missing), `{{{` a template parameter nobody filled, `<inputbox` a tag no extension handled:
a reader would see them as literal text."""

from __future__ import annotations

from typing import Any

LEFTOVERS = ("{{#", "{{{", "<inputbox", "&lt;inputbox")


def unrendered(html: str) -> list[str]:
    """The leftovers of `LEFTOVERS` in `html` (empty: it rendered cleanly)."""
    return [leftover for leftover in LEFTOVERS if leftover in html]


def assert_rendered(html: str, what: str) -> str:
    """Fail naming `what` when `html` holds unrendered markup; returns `html`."""
    found = unrendered(html)
    assert not found, f"{what} shows unrendered markup {found}: ...{_around(html, found[0])}..."
    return html


def render(wiki: Any, *, page: str | None = None, text: str | None = None,
           title: str = "Rendered") -> str:
    """The HTML of `page` or of wikitext `text` (as if on page `title`), checked clean."""
    if page is not None:
        data = wiki.api(action="parse", page=page, prop="text", disablelimitreport=1)
    else:
        data = wiki.api(action="parse", text=text, title=title, contentmodel="wikitext",
                        prop="text", disablelimitreport=1)
    return assert_rendered(str(data["parse"]["text"]), page or text or title)


def _around(html: str, leftover: str) -> str:
    at = html.find(leftover)
    return html[max(0, at - 80): at + 80]
