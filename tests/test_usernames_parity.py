"""Parity with MediaWiki: our normalisation of user names equals what real wikis answer.

MediaWiki is the oracle here, not our reading of it. For a generated list of name variants
(direction marks and invisible characters, every kind of space, underscores, namespace
prefixes in English, Dutch and Swedish, case, combining characters, junk around the name,
invalid names), `bvr.usernames.normalise` must give what `action=query&list=users` of a test
wiki in that language answers: the same canonical `name`, `invalid` for exactly the names
MediaWiki calls invalid (IPs included), and `missing` for exactly the names of no account.
Some accounts exist on the wikis, so variants of existing names are resolved too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from bvr.titlerules import (
    DEFAULT_INTERWIKIS,
    NS_PROJECT,
    NS_PROJECT_TALK,
    PROJECT_RULES,
    TitleRules,
)
from bvr.usernames import NameKind, normalise
from testbed.mediawiki import WikiFarm
from testbed.pytest_plugin import LANGUAGE_WIKIS
from testbed.pywikibot_dir import PywikibotEnv, family_name

pytestmark = pytest.mark.mediawiki

ACCOUNTS = ("DoraDirector", "Jan de Vries", "Åsa Öberg", "Émile", "SSabine", "Ǆemal")
BASES = ("DoraDirector", "dora director", "jan_de_Vries", "åsa öberg", "e\u0301mile",
         "Zoe\u0308", "ßabine", "ǆemal", "ıvan", "iris", "ωmega", "ŉame", "x", "Foo:Bar",
         "a@b", "Jan (WMNL)", "1abc", "ʼn", "\u2060x", "x\u00ad", "x\ufeff")
MARKS = ("\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e")
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u180e")
SPACES = (" ", "_", "__", " _ ", "\u00a0", "\u1680", "\u180e", *map(chr, range(0x2000, 0x200b)),
          "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\t", "\n")
PREFIXES = ("User:", "user:", "USER:", "User :", "User_:", "User: ", "User:_", " User:",
            "Gebruiker:", "gebruiker:", "GEBRUIKER:", "Gebruikster:", "Användare:",
            "användare:", "Anvandare:", "User talk:", "Overleg gebruiker:", "Användardiskussion:",
            "Talk:", "Overleg:", "Help:", "Hjälp:", "Special:", "Speciaal:", ":", "::", ":User:",
            "User::", "Project:", "Image:", "Afbeelding:", "Bild:", "Wikipedia:", "mw:",
            "Foo:", "User:User:", "User:Gebruiker:", "Talk:User:", "U:", "Gebruiker\u00a0:")
JUNK = ("x#y", "#x", "a/b", "<x>", "[x]", "{x}", "a%41b", "a%zz", "a\u2016b", "a&amp;b", "a&b",
        "&eacute;mile", "&#233;mile", "&#xE9;mile", "&#x1;x", "&#0;x", "&nosuch;x", "a&lt;b",
        "&#124;x",
        "&#x200E;DoraDirector", "Dora&nbsp;Director", "User&#58;DoraDirector", "&rlm;x",
        "~~~x", "a~~b", ".", "..", "./x", "x/..", "1.2.3.4", "001.002.003.004", "1.2.3.xxx",
        "300.1.1.1", "1.2.3.4/24", "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "::1", "", " ",
        "_", "\u200e", "a\tb", "a\x7fb", "\ue000x", "x\u0080", "x\u009f", "\ufffd",
        "a" * 255, "a" * 256, "é" * 127, "é" * 128, "User:" + "a" * 255, "x\u0301",
        "\u0301x", "İstanbul", "i̇x", "ǅx", "ᾳx", "ﬁx", "Dora\u200eDirector",
        "User:DoraDirector", "Gebruiker:Dora_director", "dora\u202eDirector")


def variants() -> list[str]:
    """The generated names, each once, in a stable order."""
    found: dict[str, None] = {}
    for base in BASES:
        found[base] = None
        for mark in (*MARKS, *INVISIBLE):
            found[mark + base] = found[base + mark] = found[base[:2] + mark + base[2:]] = None
        for space in SPACES:
            found[base.replace(" ", space).replace("_", space)] = None
            found[space + base + space] = None
        for prefix in PREFIXES:
            found[prefix + base] = None
        found[base.lower()] = found[base.upper()] = None
        found[unicodedata.normalize("NFD", base)] = None
    for junk in JUNK:
        found[junk] = None
    return list(found)


def _batches(names: Sequence[str], size: int = 50) -> Iterator[Sequence[str]]:
    """At most `size` names (the API's limit), no two alike after NFC: the API receives
    text as NFC and drops repeated values of a multi-value parameter."""
    batch: list[str] = []
    for name in names:
        if len(batch) == size or unicodedata.normalize("NFC", name) in {
                unicodedata.normalize("NFC", seen) for seen in batch}:
            yield batch
            batch = []
        batch.append(name)
    if batch:
        yield batch


def _oracle(site: Any, names: Sequence[str]) -> dict[str, tuple[str | None, str]]:
    """name -> (MediaWiki's canonical name or None, "invalid" | "missing" | "exists")."""
    from pywikibot.data import api

    answers: dict[str, tuple[str | None, str]] = {}
    for batch in _batches(names):
        request = api.Request(site=site, parameters={
            "action": "query", "list": "users", "ususers": list(batch)})
        users = request.submit()["query"]["users"]
        assert len(users) == len(batch)
        # ApiQueryUsers answers the invalid names first (under the name as received, NFC),
        # then the others in the order asked.
        invalid = {user["name"] for user in users if "invalid" in user}
        valid = [user for user in users if "invalid" not in user]
        for name in batch:
            if unicodedata.normalize("NFC", name) in invalid:
                answers[name] = (None, "invalid")
        rest = [name for name in batch if name not in answers]
        assert len(rest) == len(valid)
        for name, user in zip(rest, valid, strict=True):
            answers[name] = (user["name"], "missing" if "missing" in user else "exists")
    return answers


def _ours(name: str, rules: TitleRules) -> tuple[str | None, str]:
    found = normalise(name, rules)
    if found.kind is not NameKind.ACCOUNT:  # MediaWiki: an IP is no user name either
        return None, "invalid"
    return found.name, "exists" if found.name in ACCOUNTS else "missing"


def _siteinfo(site: Any) -> dict[str, Any]:
    from pywikibot.data import api

    request = api.Request(site=site, parameters={
        "action": "query", "meta": "siteinfo", "formatversion": "2",
        "siprop": "general|namespaces|namespacealiases|interwikimap"})
    info: dict[str, Any] = request.submit()["query"]
    return info


@pytest.fixture(scope="module")
def sites(language_wikis: WikiFarm, pywikibot_env: PywikibotEnv) -> dict[str, Any]:
    """A pywikibot site (anonymous) per language; the accounts exist on every wiki."""
    import pywikibot
    from pywikibot import config

    found = {}
    for wiki in language_wikis:
        for account in ACCOUNTS:
            wiki.create_user(account, f"Pw-{wiki.name}-2024-parity!")
        family = family_name(wiki)
        config.family_files[family] = wiki.api_url
        found[LANGUAGE_WIKIS[wiki.name]] = pywikibot.Site(family, family)
    return found


def _project_names(siteinfo: dict[str, Any]) -> dict[str, int]:
    """The wiki's names of its project namespace and its talk (named after the site)."""
    return {siteinfo["namespaces"][str(n)]["name"]: n for n in (NS_PROJECT, NS_PROJECT_TALK)}


@pytest.mark.parametrize("language", sorted(set(LANGUAGE_WIKIS.values())))
def test_shipped_namespace_tables_are_the_wikis_own(sites: dict[str, Any], language: str) -> None:
    info = _siteinfo(sites[language])
    from_wiki = TitleRules.from_siteinfo(info)
    shipped = TitleRules.for_languages([language], project_namespaces=_project_names(info))
    # Core namespaces only: extensions (Gadgets: 2300-2303) add their own from 100 on, and
    # `TitleRules.from_siteinfo` is the way to take a live wiki's whole table.
    core = {name: number for name, number in from_wiki.namespaces.items() if number < 100}
    assert shipped.namespaces == core
    assert from_wiki.interwikis == DEFAULT_INTERWIKIS


@pytest.mark.parametrize("language", sorted(set(LANGUAGE_WIKIS.values())))
def test_normalisation_equals_list_users(sites: dict[str, Any], language: str) -> None:
    names = variants()
    assert len(names) > 1500
    site = sites[language]
    rules = TitleRules.for_languages([language], project_namespaces=_project_names(_siteinfo(site)))
    oracle = _oracle(site, names)
    differences = {name: (oracle[name], _ours(name, rules)) for name in names
                   if oracle[name] != _ours(name, rules)}
    assert differences == {}
    verdicts = {verdict for _name, verdict in oracle.values()}
    assert verdicts == {"invalid", "missing", "exists"}  # the list exercises all three


@pytest.mark.parametrize("language", sorted(set(LANGUAGE_WIKIS.values())))
def test_project_rules_differ_only_on_other_languages_namespaces(
        sites: dict[str, Any], language: str) -> None:
    """The project resolves user namespaces of en, nl and sv at once: against one wiki it may
    differ only on names with a namespace prefix of another of those languages."""
    site = sites[language]
    local = TitleRules.for_languages([language], project_namespaces=_project_names(_siteinfo(site)))
    others = TitleRules.for_languages([lang for lang in ("en", "nl", "sv") if lang != language])
    for name in variants():
        if _ours(name, PROJECT_RULES) != _ours(name, local):
            prefix = normalise(name, local).name.split(":", 1)[0]
            assert others.namespace(prefix.strip(" ")) is not None, name


def test_the_findings_variants_resolve_to_the_director(sites: dict[str, Any]) -> None:
    for language, site in sites.items():
        answers = _oracle(site, ["Dora\u200eDirector", "User:DoraDirector"])
        assert set(answers.values()) == {("DoraDirector", "exists")}, language
    assert {normalise(n).name for n in ("Dora\u200eDirector", "User:DoraDirector",
                                        "Gebruiker:DoraDirector")} == {"DoraDirector"}

