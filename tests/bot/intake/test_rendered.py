"""Every page `bvr wiki install` writes, as a reader sees it on a wiki like Wikimedia's (the
test bed runs ParserFunctions and InputBox): no unrendered markup (`tests/rendered.py`), and
the report form hides what it should (issue 10): the page title is a hidden field (no bare
timestamp), the edit summary is preset and its box left out, and the edit page opens with an
intro that says what the licence notice and the watch box mean for a report."""

from __future__ import annotations

import html as html_module
from typing import Any

import pytest
from click.testing import CliRunner

from bot.install import pages
from bot.install.cli import wiki as wiki_group
from bvr.commands.common import Context
from bvr.i18n import LANGUAGES
from bvr.services.core import Core
from testbed import reporter
from testbed.mediawiki import WikiFarm
from tests.rendered import assert_rendered, render, unrendered

pytestmark = pytest.mark.mediawiki

#: A word of each language's edit intro (about the licence notice under the edit box).
INTRO_WORDS = {"nl": "genadeloos", "en": "mercilessly", "sv": "skoningslös"}
#: How a page of the set is used: transcluded with these arguments, or shown as it is.
USES = {"footer": ["", "|registration=yes"], "contact": ["", "|Some user|Other user"],
        "status": ["", "|k=5"]}


def test_the_shared_check_catches_unrendered_markup() -> None:
    assert unrendered("<p>{{#if:x|y}}</p>") == ["{{#"]
    assert unrendered("<p>{{{1}}}</p>") == ["{{{"]
    assert unrendered("<p>&lt;inputbox&gt;</p>") == ["&lt;inputbox"]
    with pytest.raises(AssertionError, match="footer"):
        assert_rendered("<div>{{#if:{{{registration|}}}|x}}</div>", "footer")
    assert unrendered("<p>{ { plain braces } }</p>") == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_installed_page_renders_cleanly(wiki_core: Core, wiki_farm: WikiFarm,
                                              lang: str) -> None:
    _install(wiki_core, lang)
    wiki = wiki_farm["nl"]
    for page in pages.load(wiki_core.config, lang):
        if page.title.startswith("MediaWiki:"):
            continue  # needs `editinterface`, which this bot lacks; test_whole renders them
        render(wiki, page=page.title)
        if page.protect and "/" not in page.title:  # a template: as pages use it
            name = page.title.removeprefix("Template:")
            kind = next((k for k in USES if k in name.lower()), "")
            for arguments in USES.get(kind, [""]):
                render(wiki, text=f"{{{{{name}{arguments}}}}}", title="Some page")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_R_7_2_form_hides_the_title_presets_the_summary_and_explains_the_edit_page(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: Any, lang: str) -> None:
    _install(wiki_core, lang)
    wiki = wiki_farm["nl"]
    form = next(page for page in pages.load(wiki_core.config, lang)
                if "<inputbox>" in page.text)
    shown = render(wiki, page=form.title)
    inputs = _inputs(shown)
    assert inputs["title"]["type"] == "hidden"  # no bare timestamp to look at
    assert inputs["summary"]["value"] and inputs["nosummary"]["value"]
    intro = inputs["editintro"]["value"]

    # The edit page the button opens: the intro, the preset summary, no summary box.
    person = make_person()
    edit = person.session.http.get(wiki.index_url, params={
        "title": reporter.new_title(), "action": "edit", "editintro": intro,
        "summary": inputs["summary"]["value"], "nosummary": "1",
        "preload": inputs["preload"]["value"]}, timeout=30).text
    assert_rendered(edit, "edit page of a report")
    assert INTRO_WORDS[lang] in edit
    assert 'name="wpSummary"' not in edit or 'type="hidden"' in \
        edit.split('name="wpSummary"')[0].rsplit("<input", 1)[-1]


def _install(core: Core, lang: str) -> None:
    result = CliRunner().invoke(wiki_group, ["install", "--lang", lang, "--no-protect"],
                                obj=Context(_core=core), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def _inputs(page_html: str) -> dict[str, dict[str, str]]:
    """The form inputs of rendered HTML, by name (attributes unescaped)."""
    from html.parser import HTMLParser

    found: dict[str, dict[str, str]] = {}

    class Inputs(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            values = {k: html_module.unescape(v or "") for k, v in attrs}
            if tag == "input" and "name" in values:
                found.setdefault(values["name"], values)

    Inputs().feed(page_html)
    return found
