"""Languages come from the files (issue 16): a directory of JSON files adds one, the web
pages offer it with `lang=`/`dir=`, `?uselang=` picks any of them, `?uselang=qqx` shows keys."""

from __future__ import annotations

import re
import subprocess
import sys

from flask import Flask
from flask.testing import FlaskClient

from bvr.i18n import LANGUAGES, autonym, catalogue, direction, languages, negotiate, translate
from tests.i18n.languages import RTL, rtl_language


def test_the_languages_are_the_files() -> None:
    assert set(LANGUAGES) == {"en", "nl", "sv"}
    with rtl_language():
        assert RTL in LANGUAGES and RTL in languages()
        assert translate("web-form-heading", RTL) == catalogue(RTL)["web-form-heading"]
        # What the test language lacks comes in English.
        shown = translate("web-receipt-step-triage", RTL)
        assert shown == translate("web-receipt-step-triage", "en")
        assert direction(RTL) == "rtl"
    assert RTL not in LANGUAGES


def test_translation_falls_back_to_english_for_an_unknown_language() -> None:
    assert translate("core-person-added", "fr", name="X") == "Added X."
    assert translate("core-person-added", "nl", name="X") == "X is toegevoegd."


def test_language_negotiation() -> None:
    for header, expected in [("sv-SE", "sv"), ("en_GB", "en"), ("NL", "nl"), ("fr", "nl"),
                             (None, "nl"), ("", "nl")]:
        assert negotiate(header) == expected, header


def test_qqx_shows_the_key_and_the_parameters_in_order() -> None:
    assert translate("core-shared", "qqx", num=3) == "(core-shared: 3)"
    assert translate("web-language", "qqx") == "(web-language)"


def test_a_new_language_is_offered_on_the_pages_with_lang_and_dir(client: FlaskClient) -> None:
    with rtl_language():
        page = client.get(f"/report?uselang={RTL}").get_data(as_text=True)
        assert f'<html lang="{RTL}" dir="rtl">' in page
        assert translate("web-form-heading", RTL) in page
        # The switch names it in itself (Babel's autonym: no message needed) with its dir.
        assert re.search(rf'lang="{RTL}" dir="rtl"[^>]*>{autonym(RTL)}<', page)
        english = client.get("/report?uselang=en").get_data(as_text=True)
        assert '<html lang="en" dir="ltr">' in english
        assert f'lang="{RTL}" dir="rtl"' in english
    assert f'lang="{RTL}"' not in client.get("/report?uselang=en").get_data(as_text=True)


def test_uselang_qqx_shows_keys_on_every_page(app: Flask, client: FlaskClient) -> None:
    pages = [rule.rule for rule in app.url_map.iter_rules()
             if "GET" in (rule.methods or set()) and not rule.arguments
             and not rule.rule.startswith("/static")]
    shown = 0
    for path in pages:
        response = client.get(f"{path}?uselang=qqx")
        if response.status_code != 200 or response.mimetype != "text/html":
            continue  # a redirect to the login page is checked as the login page
        text = response.get_data(as_text=True)
        shown += 1
        assert "(web-title: " in text, path
        assert translate("web-language", "en") not in text, path
    assert shown >= 3, pages
    assert "lang=qqx" not in str(client.get("/?uselang=qqx").headers.get("Set-Cookie"))


def test_help_loads_no_babel() -> None:
    """`bvr --help` stays fast: Babel loads only for a message with a PLURAL (ADR 0012)."""
    code = ("import sys; from bvr.cli import main\n"
            "try: main(['--help'])\n"
            "except SystemExit: pass\n"
            "print([m for m in sys.modules if m.split('.')[0] in ('babel', 'toolforge_i18n')])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
