"""Texts for people in their language, from message files in MediaWiki message syntax.

Messages live in JSON files in the banana format translatewiki.net takes: one file per
language, `qqq.json` documenting each key, grouped by area: `bvr/i18n/<area>/<lang>.json`.
Keys are unique across areas and start with the area's name. A message uses MediaWiki syntax:
`$1`, `{{PLURAL:$1|case|cases}}`, `{{GENDER:$1|he|she|they}}`. Callers pass named
parameters; `<area>/variables.json` maps each key to its ordered names (`$1` is the first), in
toolforge-i18n's convention: the prefix gives the type (`num*` a count, `user_name*` a person).
It lives beside the translations, not in `qqq.json`, because translatewiki.net's volunteers
edit the documentation and the code must not change with it (ADR 0012).

The languages are the files there are: a `<lang>.json` in any area adds a language, no code
change. A key missing in a language falls back to English, so a translation gap never hides
a message; a key missing in English is a bug and raises. The pseudo-language `qqx` shows the
keys instead of the texts, as `?uselang=qqx` does on MediaWiki.

Formatting is our own small interpreter of that syntax (`bvr.i18n.syntax`) on Babel's plural
rules, loaded only when a message holds a PLURAL: toolforge-i18n itself costs 0.7 s to import
and asks meta.wikimedia.org for language data (ADR 0012). Its checks run in the tests.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Final, Literal, overload

FALLBACK: Final = "en"
QQX: Final = "qqx"
DOCUMENTATION: Final = "qqq"
VARIABLES_FILE: Final = "variables.json"
# Extra message roots (same `<area>/<lang>.json` layout), separated by os.pathsep: a local
# language or a test language without touching the package.
ENV_PATH: Final = "BVR_MESSAGES_PATH"
_ROOT: Final = Path(__file__).parent
_LANGUAGE_CODE: Final = re.compile(r"[a-z]{2,3}(-[a-z0-9]+)*")
_extra_roots: list[Path] = []

Gender = Literal["m", "f", "n"]


def roots() -> list[Path]:
    """Where message files are read from: the package's own, then the configured extras."""
    configured = [Path(p) for p in os.environ.get(ENV_PATH, "").split(os.pathsep) if p]
    return [_ROOT, *configured, *_extra_roots]


def add_root(path: Path) -> None:
    """Read messages from `path` too (a test language); `remove_root` undoes it."""
    _extra_roots.append(path)
    _forget()


def remove_root(path: Path) -> None:
    _extra_roots.remove(path)
    _forget()


def _forget() -> None:
    catalogue.cache_clear()
    variables.cache_clear()
    languages.cache_clear()


def _files(name: str) -> list[Path]:
    return [path for root in roots() for path in sorted(root.glob(f"*/{name}"))]


@cache
def languages() -> tuple[str, ...]:
    """Every language with a message file, English first, then by code."""
    found = {path.stem for root in roots() for path in root.glob("*/*.json")
             if _LANGUAGE_CODE.fullmatch(path.stem)} - {DOCUMENTATION, "variables"}
    return tuple(sorted(found, key=lambda code: (code != FALLBACK, code)))


class _Languages(Sequence[str]):
    """`LANGUAGES`, read from the files each time, so a language added at run time counts."""

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return languages()[index]

    def __len__(self) -> int:
        return len(languages())

    def __iter__(self) -> Iterator[str]:
        return iter(languages())

    def __contains__(self, code: object) -> bool:
        return code in languages()

    def __repr__(self) -> str:
        return repr(languages())


LANGUAGES: Final[Sequence[str]] = _Languages()


def _load(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path} is not a JSON object")
    return {k: v for k, v in data.items() if not k.startswith("@")}  # "@metadata"


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """All messages of one language (or `qqq`), merged over the areas, in MediaWiki syntax."""
    merged: dict[str, str] = {}
    for path in _files(f"{lang}.json"):
        for key, value in _load(path).items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice ({path})")
            merged[key] = str(value)
    return merged


@cache
def variables() -> Mapping[str, tuple[str, ...]]:
    """The parameter names of every message with parameters, in `$1`, `$2` ... order."""
    merged: dict[str, tuple[str, ...]] = {}
    for path in _files(VARIABLES_FILE):
        for key, names in _load(path).items():
            assert isinstance(names, list), path
            merged[key] = tuple(str(n) for n in names)
    return merged


def neutral(_person: object) -> Gender:
    """The grammatical gender BVR assumes: it stores no one's gender (data minimisation), so
    `{{GENDER:}}` takes its neutral form. Never a wiki lookup: that would tell the wiki whom a
    message is about."""
    return "n"


def translate(key: str, lang: str, **params: object) -> str:
    """The text of `key` in `lang` (falling back to English), with `params` filled in.
    `{{GENDER:}}` takes the neutral form (`neutral`). A parameter that is a `Message` (a
    field's label in a refusal) is said in `lang` too."""
    if lang == QQX:
        return qqx(key, params)
    params = {name: value.text(lang) if isinstance(value, Message) else value
              for name, value in params.items()}
    template = catalogue(lang).get(key) if lang in languages() else None
    if template is None:
        lang, template = FALLBACK, catalogue(FALLBACK)[key]
    from bvr.i18n import syntax

    return syntax.render(template, lang, variables().get(key, ()), params, neutral)


def qqx(key: str, params: Mapping[str, object]) -> str:
    """MediaWiki's `qqx` rendering: the key, then the parameters in `$1` order."""
    if not params:
        return f"({key})"
    order = variables().get(key) or tuple(params)
    said = [params.get(name, "") for name in order]
    return f"({key}: {', '.join(v.text(QQX) if isinstance(v, Message) else str(v) for v in said)})"


def direction(lang: str) -> Literal["ltr", "rtl"]:
    """Which way the language is written (Babel's CLDR data; Babel loads only for a language
    that is not one of the well-known left-to-right ones)."""
    if lang in {"en", "nl", "sv", QQX, DOCUMENTATION}:
        return "ltr"
    import babel

    try:
        order = babel.Locale.parse(lang.replace("-", "_")).character_order
    except (ValueError, babel.UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def autonym(lang: str) -> str:
    """The language's name in itself, for the language switch (a new language needs no
    message of its own for this)."""
    import babel

    try:
        name = babel.Locale.parse(lang.replace("-", "_")).get_display_name(lang.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:] if name else lang


def negotiate(preferred: str | None, default: str = "nl") -> str:
    """The supported language closest to a preference such as 'sv-SE' or 'en'."""
    if preferred:
        base = preferred.strip().lower().replace("_", "-").split("-")[0]
        if base in languages():
            return base
    return default


@dataclass(frozen=True)
class Message:
    """A text to be shown to someone, not yet in their language."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return translate(self.key, lang, **self.params)
