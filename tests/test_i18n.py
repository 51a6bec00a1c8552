"""Every text exists in Dutch, English and Swedish, documented, with the same parameters."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bvr.i18n import LANGUAGES, catalogue, negotiate, translate

AREAS = sorted(p for p in (Path(__file__).parents[1] / "bvr" / "i18n").iterdir() if p.is_dir()
               and (p / "en.json").exists())


def _keys(path: Path) -> dict[str, str]:
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items()
            if not k.startswith("@")}


@pytest.mark.parametrize("area", AREAS, ids=lambda p: p.name)
def test_every_message_is_translated_and_documented(area: Path) -> None:
    english = _keys(area / "en.json")
    for lang in (*LANGUAGES, "qqq"):
        assert set(_keys(area / f"{lang}.json")) == set(english), f"{area.name}/{lang}"
    for lang in LANGUAGES:
        for key, text in _keys(area / f"{lang}.json").items():
            assert set(re.findall(r"\{(\w+)\}", text)) == set(
                re.findall(r"\{(\w+)\}", english[key])), f"{lang} {key}"


def test_keys_are_unique_across_areas() -> None:
    assert catalogue("en")  # merging raises on a duplicate key


def test_translation_falls_back_to_english_for_an_unknown_language() -> None:
    assert translate("core-person-added", "fr", name="X") == "Added X."
    assert translate("core-person-added", "nl", name="X") == "X is toegevoegd."


@pytest.mark.parametrize(("header", "expected"), [
    ("sv-SE", "sv"), ("en_GB", "en"), ("NL", "nl"), ("fr", "nl"), (None, "nl"), ("", "nl")])
def test_language_negotiation(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected
