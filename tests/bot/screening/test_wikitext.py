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
