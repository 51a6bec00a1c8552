"""R-6.1: participants are read from a registration page with mwparserfromhell, driven by data
(`fixtures/registration_pages.json`: title, wikitext, expected (name, how found)), hostile
cases included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.screening import wikitext
from bot.screening.names import NameKind, normalise
from bvr.errors import BvrError

CASES = json.loads((Path(__file__).parent / "fixtures" / "registration_pages.json")
                   .read_text(encoding="utf-8"))


@pytest.mark.parametrize(("title", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_R_6_1_registration_page_participants(title: str, text: str,
                                              expected: list[list[str]]) -> None:
    found = [[p.name.name, p.found_as] for p in wikitext.participants(text)]
    assert sorted(found) == sorted(expected), title


def test_R_6_1_a_huge_page_is_refused_not_parsed() -> None:
    with pytest.raises(BvrError):
        wikitext.participants("x" * (wikitext.MAX_PAGE_BYTES + 1))


def test_R_6_1_deep_nesting_is_survived() -> None:
    text = "{{u|" * 400 + "Deep" + "}}" * 400
    assert isinstance(wikitext.participants(text), list)


@pytest.mark.parametrize(("raw", "name", "kind"), [
    ("jan_de  Vries", "Jan de Vries", NameKind.ACCOUNT),
    ("\u00e9mile", "\u00c9mile", NameKind.ACCOUNT),
    ("e\u0301mile", "\u00c9mile", NameKind.ACCOUNT),  # NFC, as MediaWiki stores it
    ("192.0.2.1", "192.0.2.1", NameKind.IP),
    ("2001:db8::ff", "2001:DB8:0:0:0:0:0:FF", NameKind.IP),
    ("10.0.0.0/8", "10.0.0.0/8", NameKind.IP),
    ("a/b", "A/b", NameKind.INVALID),
    ("", "", NameKind.INVALID),
    ("x" * 256, "X" + "x" * 255, NameKind.INVALID),
    ("Non\u00a0breaking", "Non breaking", NameKind.ACCOUNT),  # MediaWiki: a space
    ("Tab\u3000wide", "Tab wide", NameKind.ACCOUNT),
    ("Private\ue000use", "Private\ue000use", NameKind.INVALID),
])
def test_R_6_1_names_are_normalised_as_mediawiki_does(raw: str, name: str,
                                                      kind: NameKind) -> None:
    normalised = normalise(raw)
    assert (normalised.name, normalised.kind) == (name, kind)


HELD_OUT_STYLE_PAGE = """Organised by [[Gebruiker:Organisator]] for WMNL.
{{Evenement|datum=2026-12-12}}

== Deelnemers ==
# [[Gebruiker:Jan de Vries|Jan]] ~~~~
# {{u|Piet}}
# 192.0.2.44
# [[Gebruiker:Bestaat Niet Meer]]
{| class="wikitable"
! Gebruikersnaam !! Dag
|-
| Tabel Persoon || zaterdag
|}
=== Online ===
* [[User:Op Afstand]]

== Afgemeld ==
# [[Gebruiker:Teruggetrokken]] (ziek)
=== Te laat ===
# {{u|Ook Weg}}

== Wachtlijst ==
# [[Gebruiker:Wachtende]]
"""


def _reading(section: str = "") -> wikitext.Reading:
    return wikitext.read(HELD_OUT_STYLE_PAGE, wikitext.ParseOptions(sections=True,
                                                                     section=section))


def test_R_6_1_withdrawn_people_are_left_out_and_the_summary_says_why() -> None:
    reading = _reading()
    assert sorted(p.key for p in reading.participants) == [
        "192.0.2.44", "Bestaat Niet Meer", "Jan de Vries", "Op Afstand", "Piet",
        "Tabel Persoon"]
    assert [(x.heading, x.why, x.names) for x in reading.left_out] == [
        ("", "not-registered", ("Organisator",)),
        ("Afgemeld", "withdrawn", ("Teruggetrokken",)),
        ("Te laat", "withdrawn", ("Ook Weg",)),  # a subsection of the withdrawn section
        ("Wachtlijst", "not-registered", ("Wachtende",))]
    assert reading.left_out[1].as_note() == {
        "note": "section-withdrawn", "section": "Afgemeld", "num": "1",
        "names": "Teruggetrokken"}


def test_R_6_1_the_section_option_reads_only_that_section() -> None:
    reading = _reading("wachtlijst")
    assert [p.key for p in reading.participants] == ["Wachtende"]
    assert {x.why for x in reading.left_out} == {"not-selected"}


@pytest.mark.parametrize(("heading", "why"), [
    ("Afgemeld (helaas)", "withdrawn"), ("Withdrawn:", "withdrawn"), ("Återbud", "withdrawn"),
    ("Afgemelden lijst", ""),  # a longer word is not the heading "Afgemeld"
])
def test_R_6_1_withdrawn_headings_in_nl_en_and_sv(heading: str, why: str) -> None:
    text = f"# [[User:Kept]]\n== {heading} ==\n# [[User:Maybe]]\n"
    reading = wikitext.read(text, wikitext.ParseOptions(sections=True))
    assert [x.why for x in reading.left_out] == ([why] if why else [])


def test_R_6_1_a_page_without_headings_is_read_whole() -> None:
    reading = wikitext.read("# [[User:A]]\n# {{u|B}}\n", wikitext.ParseOptions(sections=True))
    assert sorted(p.key for p in reading.participants) == ["A", "B"] and not reading.left_out


def test_R_6_1_section_headings_are_configured_per_language() -> None:
    from bvr.config import from_mapping

    config = from_mapping({"screening": {"sections": {"nl": {"withdrawn": ["Kan niet"]}}}})
    headings = config.screening.sections
    assert "Kan niet" in headings.withdrawn() and "Afgemeld" not in headings.withdrawn()
    assert "Withdrawn" in headings.withdrawn() and "Deelnemers" in headings.registered()
