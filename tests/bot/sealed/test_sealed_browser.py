"""A report sealed in the reader's browser, end to end on the test bed (issue 10, ADR 0005).

The gadget is installed by `bvr wiki install`; headless Chromium with JavaScript logs in as an
ordinary user, fills in the real form page with hostile text (pipes and braces, right-to-left
text, emoji, `<nowiki>`, HTML, 200 kB) and sends it; the intake job files it; the director
reads the exact text from the case file. The wiki never held it readable: a planted marker is
found nowhere, neither in any request the browser sent, nor in the wiki's raw database files
(every table and free page, `text` and `archive` included) before and after intake, nor in the
PHP server's log, nor in the API's RecentChanges, logs, revisions and search answers.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from bot.install import gadget
from bvr import intake_key
from bvr.services import casefiles
from bvr.services.core import Core
from testbed.mediawiki import ADMIN, LocalWiki, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv
from tests.bot.intake.test_intake_wiki import run_intake
from tests.services.helpers import unlock

from .conftest import install_gadget

if TYPE_CHECKING:
    from tests.webhook.browser.harness import Screenshots, Visit

pytestmark = [pytest.mark.mediawiki, pytest.mark.browser]

#: One line of the held-out run's kind of content; repeated to about 200 kB.
HOSTILE = ("a | b || }} {{BVR-melding|wat=x}} {{{1}}} <nowiki>]]</nowiki> <!-- --> -->"
           " <b>vet</b> <script>alert(1)</script> &amp; שלום עליכם مرحبا بكم \u200f"
           " 👩🏽‍💻🔐 ✓ Ünïcödé\n")
BODY_BYTES = 200 * 1024


def hostile_body(marker: str) -> str:
    unit = HOSTILE
    lines = [f"{marker} begint hier\n"]
    size = len(lines[0].encode())
    while size < BODY_BYTES:
        lines.append(unit)
        size += len(unit.encode())
    lines.append(f"en eindigt hier {marker}")
    return "".join(lines)


def marker_places(wiki: LocalWiki, marker: str) -> list[str]:
    """Every file of the wiki's database directory and its logs that holds the marker."""
    needle = marker.encode("utf-8")
    files = [p for p in wiki.data_dir.rglob("*") if p.is_file()]
    files += [p for p in (wiki.log_file, wiki.directory / "exception.log") if p.is_file()]
    return [str(p.relative_to(wiki.directory)) for p in files if needle in p.read_bytes()]


def api_places(wiki: LocalWiki, marker: str, title: str) -> list[str]:
    """Which API answers (anonymous and as an administrator) mention the marker."""
    found = []
    queries: dict[str, dict[str, Any]] = {
        "recentchanges": {"list": "recentchanges", "rcprop": "title|comment|user|ids|loginfo",
                          "rclimit": "max"},
        "logevents": {"list": "logevents", "leprop": "title|comment|details|user|ids",
                      "lelimit": "max"},
        "revisions": {"titles": title, "prop": "revisions", "rvprop": "content|comment|user",
                      "rvslots": "main"},
        "deletedrevisions": {"titles": title, "prop": "deletedrevisions",
                             "drvprop": "content|comment|user", "drvslots": "main"},
        "search": {"list": "search", "srsearch": marker, "srwhat": "text"},
    }
    with wiki.session() as anonymous, wiki.login(ADMIN.name, ADMIN.password) as admin:
        for who, session in (("anonymous", anonymous), ("admin", admin)):
            for name, params in queries.items():
                try:
                    answer = session.get(action="query", **params)
                except Exception as error:  # a refusal (no right) is not a leak
                    answer = {"refused": str(error)}
                if marker in str(answer):
                    found.append(f"{who}: {name}")
    return found


def log_in(seen: Visit, wiki: LocalWiki, name: str, password: str) -> None:
    page = seen.page
    page.goto(f"{wiki.index_url}?title=Special:UserLogin")
    page.fill("#wpName1", name)
    page.fill("#wpPassword1", password)
    page.click("#wpLoginAttempt")
    page.wait_for_load_state()


def form_url(wiki: LocalWiki, core: Core, uselang: str) -> str:
    title = core.config.wiki.report_form_page.replace(" ", "_")
    return f"{wiki.index_url}?title={title}&uselang={uselang}"


def test_R_7_3_a_report_sealed_in_the_browser_reaches_the_case_file_whole_and_nothing_leaks(
        wiki_core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv,
        intake_env: intake_key.IntakeKey, make_person: Any, visit: Callable[..., Visit],
        shots: Screenshots, tmp_path: Path) -> None:
    wiki = wiki_farm["nl"]
    install_gadget(wiki_core, wiki_farm, pywikibot_env, intake_env, tmp_path)
    run_intake(wiki_core)  # report pages other tests left on this shared wiki
    person = make_person()
    marker = f"SEALED-{secrets.token_hex(8)}"
    body = hostile_body(marker)
    assert len(body.encode("utf-8")) >= BODY_BYTES

    seen = visit(locale="nl-NL")
    sent: list[bytes] = []
    seen.page.on("request", lambda r: sent.append(
        r.url.encode() + b"\n" + (r.post_data_buffer or b"")))
    log_in(seen, wiki, person.name, person.password)
    seen.page.goto(form_url(wiki, wiki_core, "nl"))
    seen.page.wait_for_selector(".bvr-sealed-form")
    assert not seen.page.is_visible("form.createbox")  # the plain button gives way
    shots(seen.page, "form-nl")

    # 200 kB arrive as a paste would (typing it takes minutes; `fill` echoes it on failure).
    seen.page.eval_on_selector("#bvr-sealed-what", """(box, text) => {
        box.focus(); box.value = text; box.dispatchEvent(new Event("input"));
    }""", body)
    seen.page.fill("#bvr-sealed-when", "2026-11-28")
    seen.page.fill("#bvr-sealed-where", "Wikipedia | Discord }}")
    seen.page.fill("#bvr-sealed-who", "[[Gebruiker:Mallory]]")
    seen.page.select_option("#bvr-sealed-role", "witness")
    seen.page.select_option("#bvr-sealed-language", "en")
    seen.page.click(".bvr-sealed-form button")
    seen.page.wait_for_selector(".bvr-sealed-done", timeout=30_000)
    saved_at = time.monotonic()
    shots(seen.page, "sent-nl")
    assert seen.problems() == []
    assert not any(marker.encode() in request for request in sent)  # never sent readable

    # Before intake: the page is there, sealed; the wiki holds no readable trace of it.
    pages = wiki.api(action="query", list="allpages", apprefix="BVR-melding/",
                     aplimit="max")["query"]["allpages"]
    [title] = [p["title"] for p in pages]
    stored = wiki.api(action="query", titles=title, prop="revisions",
                      rvprop="content|comment", rvslots="main")["query"]["pages"][0]
    revision = stored["revisions"][0]
    assert revision["slots"]["main"]["content"].startswith("{{BVR-sealed")
    assert revision["comment"] == "Melding (versleuteld)"
    enc = revision["slots"]["main"]["content"].split("| enc = ")[1].split("\n")[0]
    assert marker_places(wiki, enc), "the scan must see where page text is stored"
    assert marker_places(wiki, marker) == []
    watched = person.session.get(action="query", list="watchlistraw", wrlimit="max")
    assert title not in str(watched)  # not added to the reporter's watchlist

    outcome = run_intake(wiki_core)
    exposure = time.monotonic() - saved_at
    assert len(outcome["filed"]) == 1 and outcome["hidden"] == outcome["filed"]
    number = outcome["filed"][0]

    # The director reads exactly what was typed.
    case = casefiles.open_case(wiki_core, number, "Director", unlock(wiki_core, "Director"))
    report = case.entries[0].content
    assert report["what_happened"] == body
    assert report["where"] == "Wikipedia | Discord }}" and report["language"] == "en"
    assert not report["emergency"]

    # Our own database holds it encrypted only.
    assert marker.encode() not in Path(str(wiki_core.database.engine.url.database)).read_bytes()
    # After intake: still nowhere on the wiki, for anyone.
    assert marker_places(wiki, marker) == []
    assert api_places(wiki, marker, title) == []
    print(f"sealed report: {len(body.encode())} bytes, filed as {number}; plaintext on the "
          f"wiki: 0 places, 0 s (sealed page lived {exposure:.2f} s as ciphertext)")


@pytest.mark.parametrize("lang", ["nl", "sv"])
def test_the_sealed_form_speaks_the_readers_language(
        wiki_core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv,
        intake_env: intake_key.IntakeKey, visit: Callable[..., Visit], shots: Screenshots,
        lang: str, tmp_path: Path) -> None:
    wiki = wiki_farm["nl"]
    install_gadget(wiki_core, wiki_farm, pywikibot_env, intake_env, tmp_path)
    seen = visit(locale=lang)
    seen.page.goto(form_url(wiki, wiki_core, lang))
    seen.page.wait_for_selector(".bvr-sealed-form")
    data = gadget.data(wiki_core.config, intake_env, gadget.BUNDLE.read_text(encoding="utf-8"))
    assert seen.page.inner_text(".bvr-sealed-form button") == \
        data["messages"][lang]["sealed-gadget-submit"]
    seen.page.click(".bvr-sealed-form button")  # empty: refused before anything is saved
    assert seen.page.inner_text(".bvr-sealed-status") == \
        data["messages"][lang]["sealed-gadget-empty"]
    shots(seen.page, f"form-{lang}")
    assert seen.problems() == []


def test_without_javascript_the_plain_form_is_unchanged(
        wiki_core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv,
        intake_env: intake_key.IntakeKey, visit: Callable[..., Visit], tmp_path: Path) -> None:
    wiki = wiki_farm["nl"]
    install_gadget(wiki_core, wiki_farm, pywikibot_env, intake_env, tmp_path)
    seen = visit(locale="nl-NL", javascript=False)
    seen.page.goto(form_url(wiki, wiki_core, "nl"))
    assert seen.page.is_visible("form.createbox")
    assert seen.page.locator(".bvr-sealed-form").count() == 0


def test_R_7_4_the_edit_page_of_a_new_report_is_sealed_too_for_a_logged_out_reader(
        wiki_core: Core, wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv,
        intake_env: intake_key.IntakeKey, visit: Callable[..., Visit], tmp_path: Path) -> None:
    """Someone who reaches the preloaded edit page (an old link, the InputBox before the
    gadget loaded) gets the sealed form there, never the plain edit box."""
    wiki = wiki_farm["nl"]
    install_gadget(wiki_core, wiki_farm, pywikibot_env, intake_env, tmp_path)
    run_intake(wiki_core)  # report pages other tests left on this shared wiki
    marker = f"SEALED-{secrets.token_hex(8)}"
    title = f"BVR-melding/{secrets.token_hex(6)}"
    seen = visit(locale="en-GB")
    sent: list[bytes] = []
    seen.page.on("request", lambda r: sent.append(
        r.url.encode() + b"\n" + (r.post_data_buffer or b"")))
    seen.page.goto(f"{wiki.index_url}?title={title}&action=edit"
                   "&preload=Template:BVR-melding/preload")
    seen.page.wait_for_selector(".bvr-sealed-form")
    assert not seen.page.is_visible("#editform")
    seen.page.fill("#bvr-sealed-what", f"{marker} {{{{BVR-melding|wat=}}}} | ]]")
    seen.page.check("#bvr-sealed-emergency")
    seen.page.click(".bvr-sealed-form button")
    seen.page.wait_for_selector(".bvr-sealed-done", timeout=30_000)
    assert not any(marker.encode() in request for request in sent)
    assert seen.problems() == []

    outcome = run_intake(wiki_core)
    assert len(outcome["filed"]) == 1 and outcome["alerted"] == outcome["filed"]
    case = casefiles.open_case(wiki_core, outcome["filed"][0], "Director",
                               unlock(wiki_core, "Director"))
    assert case.anonymous and case.emergency
    assert case.entries[0].content["what_happened"] == f"{marker} {{{{BVR-melding|wat=}}}} | ]]"
    assert marker_places(wiki, marker) == []
