"""The one normalisation of usernames, without a wiki: its properties and the blind index.
Parity with MediaWiki itself is proven in tests/test_usernames_parity.py."""

from __future__ import annotations

import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bvr import usernames, vault
from bvr.titlerules import TitleRules
from bvr.usernames import NameKind, normalise

KEY = secrets.token_bytes(32)
#: Letters, marks, spaces of every kind, direction marks, underscores, colons, ASCII.
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(TEXT)
def test_normalising_a_canonical_name_changes_nothing(raw: str) -> None:
    found = normalise(raw)
    if found.valid:
        assert normalise(found.name) == usernames.Username(found.name, found.name,
                                                           NameKind.ACCOUNT)


@given(TEXT)
def test_an_invalid_name_never_shares_a_valid_names_index(raw: str) -> None:
    found = normalise(raw)
    if found.kind is NameKind.INVALID:
        assert usernames.index_text(raw) != found.name
        assert usernames.index_text(raw).startswith("\x00")


@pytest.mark.parametrize(("raw", "name"), [
    ("Dora\u200eDirector", "DoraDirector"),
    ("User:DoraDirector", "DoraDirector"),
    ("gebruiker:  dora_Director", "Dora Director"),
    ("Gebruikster:dora", "Dora"),
    ("Användare:åsa", "Åsa"),
    ("\u3000dora\u2003director\u00a0", "Dora director"),
    ("Dora&lrm;Director", "DoraDirector"),
    ("&eacute;mile", "Émile"),
    ("ßabine", "SSabine"),  # mb_strtoupper, as MediaWiki without overrides
    ("ǆemal", "Ǆemal"),
])
def test_variants_are_the_user_mediawiki_reads(raw: str, name: str) -> None:
    assert (normalise(raw).name, normalise(raw).kind) == (name, NameKind.ACCOUNT)
    assert vault.blind_index(raw, KEY) == vault.blind_index(name, KEY)


@pytest.mark.parametrize("raw", ["User talk:Dora", "Help:Dora", "User:User:Dora", "Dora#x",
                                 "a/b", "Dora&#x200E;x", "~~~x", "", "\u200e", "x" * 256,
                                 "Wikipedia:Dora", "Talk:File:x", "Dora\u200bx"])
def test_what_mediawiki_refuses_is_invalid(raw: str) -> None:
    assert normalise(raw).kind is NameKind.INVALID
    assert usernames.canonical(raw) is None


def test_ips_are_named_as_such() -> None:
    assert normalise("User:010.000.000.001") == usernames.Username(
        "User:010.000.000.001", "10.0.0.1", NameKind.IP)
    assert normalise("2001:db8::1").name == "2001:DB8:0:0:0:0:0:1"


def test_a_turkic_wiki_upper_cases_i_with_a_dot() -> None:
    rules = TitleRules.for_languages(["en"], turkic=True)
    assert normalise("istanbul", rules).name == "İstanbul"
    assert normalise("istanbul").name == "Istanbul"


def test_the_version_1_index_is_the_old_normalisation() -> None:
    assert vault.blind_index("User:Dora_x", KEY, version=1) == vault.blind_index(
        "User:Dora x", KEY, version=1)
    assert vault.blind_index("User:Dora_x", KEY, version=1) != vault.blind_index(
        "User:Dora_x", KEY)
