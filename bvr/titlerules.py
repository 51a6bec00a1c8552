"""What a wiki's title parser needs to know about that wiki: its namespace names and aliases,
its interwiki prefixes and how it upper-cases a first letter.

`bvr.usernames` applies MediaWiki's rules; this module says which wiki they are applied for.
The tables below are MediaWiki 1.39's own (`languages/messages/Messages{En,Nl,Sv}.php` and
`NamespaceInfo::CANONICAL_NAMES`); `tests/test_usernames_parity.py` checks them against what
test wikis in those languages answer in `meta=siteinfo`. `TitleRules.from_siteinfo` builds
the rules of any wiki from that answer instead.

The project compares names written on Dutch, English and Swedish wikis with each other, so
its rules (`PROJECT_RULES`) know the user namespace in all three: "Gebruiker:X",
"Användare:X" and "User:X" are all the user X. A name given with another namespace
("Overleg gebruiker:X", "Help:X") is not a user name in any of those languages; MediaWiki calls
it invalid, and so do we. See docs/decisions/0008-usernames-as-mediawiki-says.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

NS_SPECIAL = -1
NS_MAIN = 0
NS_TALK = 1
NS_USER = 2
NS_USER_TALK = 3
NS_PROJECT = 4
NS_PROJECT_TALK = 5

#: NamespaceInfo::CANONICAL_NAMES: recognised on every wiki, whatever its language.
CANONICAL: Mapping[str, int] = {
    "Media": -2, "Special": -1, "Talk": 1, "User": 2, "User_talk": 3, "Project": 4,
    "Project_talk": 5, "File": 6, "File_talk": 7, "MediaWiki": 8, "MediaWiki_talk": 9,
    "Template": 10, "Template_talk": 11, "Help": 12, "Help_talk": 13, "Category": 14,
    "Category_talk": 15,
}

#: Localised names and aliases of MediaWiki 1.39 core, by content language. The project
#: namespace and its talk page are named after the site ($wgMetaNamespace) and so are not
#: here; `TitleRules.for_languages` takes them as `project_namespaces`.
LANGUAGE_NAMESPACES: Mapping[str, Mapping[str, int]] = {
    "en": {"Image": 6, "Image_talk": 7},
    "nl": {
        "Speciaal": -1, "Overleg": 1, "Gebruiker": 2, "Overleg_gebruiker": 3,
        "Bestand": 6, "Overleg_bestand": 7, "Overleg_MediaWiki": 9, "Sjabloon": 10,
        "Overleg_sjabloon": 11, "Overleg_help": 13, "Categorie": 14, "Overleg_categorie": 15,
        "Afbeelding": 6, "Overleg_afbeelding": 7, "Image": 6, "Image_talk": 7,
    },
    "sv": {
        "Diskussion": 1, "Användare": 2, "Användardiskussion": 3, "Fil": 6,
        "Fildiskussion": 7, "MediaWiki-diskussion": 9, "Mall": 10, "Malldiskussion": 11,
        "Hjälp": 12, "Hjälpdiskussion": 13, "Kategori": 14, "Kategoridiskussion": 15,
        "Bild": 6, "Bilddiskussion": 7, "MediaWiki_diskussion": 9, "Hjälp_diskussion": 13,
        "Image": 6, "Image_talk": 7,
    },
}

#: The female form of the Dutch user namespace, as a wiki with `$wgExtraGenderNamespaces`
#: names it (the parity test's Dutch wiki is set up so).
GENDER_NAMESPACES: Mapping[str, Mapping[str, int]] = {"nl": {"Gebruikster": 2}}

#: The interwiki prefixes MediaWiki 1.39's installer writes (maintenance/interwiki.list).
DEFAULT_INTERWIKIS = frozenset({
    "acronym", "advogato", "arxiv", "c2find", "cache", "commons", "dictionary", "doi",
    "drumcorpswiki", "dwjwiki", "elibre", "emacswiki", "foldoc", "foxwiki", "freebsdman",
    "gentoo-wiki", "google", "googlegroups", "hammondwiki", "hrwiki", "imdb", "kmwiki",
    "linuxwiki", "lojban", "lqwiki", "meatball", "mediawikiwiki", "memoryalpha", "metawiki",
    "metawikimedia", "mozillawiki", "mw", "oeis", "openwiki", "pmid", "pythoninfo", "rfc",
    "s23wiki", "seattlewireless", "senseislibrary", "shoutwiki", "squeak", "theopedia", "tmbw",
    "tmnet", "twiki", "uncyclopedia", "unreal", "usemod", "wiki", "wikia", "wikibooks",
    "wikidata", "wikif1", "wikihow", "wikimedia", "wikinews", "wikinfo", "wikipedia",
    "wikiquote", "wikisource", "wikispecies", "wikiversity", "wikivoyage", "wikt", "wiktionary",
})

#: Languages whose `Language::ucfirst` turns "i" into "İ" (LanguageTr, LanguageAz).
TURKIC = frozenset({"tr", "az", "kaa", "kk-latn", "crh-latn"})


def _key(name: str) -> str:
    """How `Language::getNsIndex` looks a prefix up: underscores, lower case."""
    return name.replace(" ", "_").lower()


@dataclass(frozen=True, eq=False)  # compared and hashed by identity, like a wiki
class TitleRules:
    """One wiki's title rules (defaults: MediaWiki 1.39's, `$wgCapitalLinks` true)."""

    namespaces: Mapping[str, int]  # `_key(name)` -> namespace number, canonical names included
    interwikis: frozenset[str] = DEFAULT_INTERWIKIS  # lower case
    turkic: bool = False
    # $wgOverrideUcfirstCharacters: a first letter -> what it becomes instead of upper case.
    ucfirst_overrides: Mapping[str, str] = field(default_factory=dict)
    max_name_bytes: int = 255  # $wgMaxNameChars (UserNameUtils::isValid compares strlen)

    def namespace(self, prefix: str) -> int | None:
        return self.namespaces.get(_key(prefix))

    def is_interwiki(self, prefix: str) -> bool:
        return prefix.lower() in self.interwikis

    @classmethod
    def for_languages(cls, languages: Iterable[str], *,
                      project_namespaces: Mapping[str, int] | None = None,
                      gender: bool = True, **options: Any) -> TitleRules:
        """The rules of a wiki (or, for more than one language, of all of them at once)."""
        table = {_key(name): number for name, number in CANONICAL.items()}
        chosen = list(languages)
        for language in chosen:
            table.update((_key(n), i) for n, i in LANGUAGE_NAMESPACES[language].items())
            if gender:
                table.update((_key(n), i) for n, i in GENDER_NAMESPACES.get(language, {}).items())
        table.update((_key(name), number) for name, number in (project_namespaces or {}).items())
        options.setdefault("turkic", any(language in TURKIC for language in chosen))
        return cls(table, **options)

    @classmethod
    def from_siteinfo(cls, siteinfo: Mapping[str, Any]) -> TitleRules:
        """The rules of the wiki whose `meta=siteinfo` answer (siprop general, namespaces,
        namespacealiases, interwikimap; formatversion 2) is `siteinfo`."""
        table = {_key(name): number for name, number in CANONICAL.items()}
        for info in siteinfo["namespaces"].values():
            for name in (info.get("name"), info.get("canonical")):
                if name:
                    table[_key(name)] = int(info["id"])
        for alias in siteinfo.get("namespacealiases", ()):
            table[_key(alias["alias"])] = int(alias["id"])
        general = siteinfo["general"]
        if general.get("case") != "first-letter":
            raise ValueError("only wikis with $wgCapitalLinks are supported")
        return cls(table, frozenset(str(iw["prefix"]).lower()
                                    for iw in siteinfo.get("interwikimap", ())),
                   turkic=general.get("lang") in TURKIC)


#: The rules the project uses everywhere: the wikis it reads are Dutch, English and Swedish.
PROJECT_RULES = TitleRules.for_languages(("en", "nl", "sv"))
