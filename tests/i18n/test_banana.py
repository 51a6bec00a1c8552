"""translatewiki.net's checks for the banana format, on every message file (issue 16): valid
JSON, `@metadata`, no key a translation has that English lacks, every English key documented
in qqq.json with its parameters, no message the code does not use, and nothing left in the
old `str.format` syntax."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bvr.i18n import catalogue, variables
from tests.i18n import usage
from tests.i18n.files import AREAS, FILES, messages, read, translations

_PARAM = re.compile(r"\$([1-9][0-9]*)")
_OLD_FIELD = re.compile(r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*(:[^{}]*)?\}(?!\})")


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_file_is_a_json_object_with_metadata_and_string_messages(path: Path) -> None:
    data = read(path)  # raises on invalid JSON
    assert isinstance(data.get("@metadata"), dict), f"{path}: no @metadata"
    for key, text in messages(path).items():
        assert isinstance(text, str) and text.strip(), f"{path}: {key} is empty"


@pytest.mark.parametrize("area", AREAS, ids=lambda p: p.name)
def test_translations_hold_no_key_english_lacks(area: Path) -> None:
    english = set(messages(area / "en.json"))
    for path in translations(area):
        assert set(messages(path)) <= english, f"{path.name}: {set(messages(path)) - english}"


@pytest.mark.parametrize("area", AREAS, ids=lambda p: p.name)
def test_every_english_key_is_documented_with_its_parameters(area: Path) -> None:
    english = messages(area / "en.json")
    documented = messages(area / "qqq.json")
    assert set(documented) == set(english), set(documented) ^ set(english)
    for key, text in english.items():
        for number in sorted(set(_PARAM.findall(text))):
            assert f"${number}" in documented[key], f"{key}: ${number} not documented"


def test_no_message_is_left_in_the_old_syntax() -> None:
    """`scripts/convert_messages.py` turns `{name}` into `$1`; run it if this fails."""
    left = [f"{p.parent.name}/{p.name} {key}" for p in FILES
            for key, text in messages(p).items() if _OLD_FIELD.search(text)]
    assert not left, left


def test_every_parameter_has_a_name_and_translations_keep_them() -> None:
    names = variables()
    english = catalogue("en")
    assert set(names) <= set(english), set(names) - set(english)
    for path in FILES:
        if path.stem == "qqq":
            continue
        for key, text in messages(path).items():
            used = {int(n) for n in _PARAM.findall(text)}
            assert used <= set(range(1, len(names.get(key, ())) + 1)), f"{path} {key}"
            plain = {int(n) for n in _PARAM.findall(english[key])}
            counts = {i for i, n in enumerate(names.get(key, ()), start=1)
                      if n == "num" or n.startswith("num_")}
            # A translation may leave out a count it words through PLURAL alone.
            assert plain - counts <= used, f"{path.parent.name}/{path.name} {key}"


def test_no_message_is_unused() -> None:
    """Every key appears in the code, or is built from a prefix the code uses and an
    enumeration's value (`tests/i18n/usage.py`)."""
    unused = sorted(key for key in catalogue("en") if not usage.used(key))
    assert not unused, unused


def test_keys_are_unique_across_areas() -> None:
    assert catalogue("en")  # merging raises on a duplicate key


def test_the_report_gadgets_messages_need_only_parameters() -> None:
    """The wiki's report gadget (gadget/src/bvr-sealed-report.js) fills in `$N` itself and
    has no PLURAL or GENDER: its messages must not need them."""
    for lang in ("en", "nl", "sv"):
        for key, text in catalogue(lang).items():
            if key.startswith("sealed-gadget-"):
                assert "{{" not in text, f"{lang} {key}"
