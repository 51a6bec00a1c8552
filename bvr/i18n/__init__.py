"""Texts for people, in Dutch, English and Swedish, from message files.

Messages live in JSON files in the MediaWiki style (one file per language, `qqq.json` holding
the documentation of each key), grouped by area: `bvr/i18n/<area>/<lang>.json`. Keys are
unique across areas and start with the area's name. Parameters use `str.format` names:
`"Case {number} ..."`. A key missing in a language falls back to English, so a translation
gap never hides a message; a key missing in English is a bug and raises.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Final

LANGUAGES: Final = ("nl", "en", "sv")
FALLBACK: Final = "en"
_ROOT: Final = Path(__file__).parent


@dataclass(frozen=True)
class Message:
    """A text to be shown to someone, not yet in their language."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return translate(self.key, lang, **self.params)


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """All messages of one language, merged over the areas."""
    merged: dict[str, str] = {}
    for path in sorted(_ROOT.glob(f"*/{lang}.json")):
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            if key.startswith("@"):
                continue  # metadata such as "@metadata"
            if key in merged:
                raise ValueError(f"message key {key!r} is defined twice ({path})")
            merged[key] = value
    return merged


def translate(key: str, lang: str, **params: object) -> str:
    """The text of `key` in `lang` (falling back to English), with `params` filled in."""
    template = catalogue(lang).get(key) if lang in LANGUAGES else None
    if template is None:
        template = catalogue(FALLBACK)[key]
    return template.format(**params)


def negotiate(preferred: str | None, default: str = "nl") -> str:
    """The supported language closest to a preference such as 'sv-SE' or 'en'."""
    if preferred:
        base = preferred.strip().lower().replace("_", "-").split("-")[0]
        if base in LANGUAGES:
            return base
    return default
