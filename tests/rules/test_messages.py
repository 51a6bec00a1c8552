"""Every refusal of the rules can be told in Dutch, English and Swedish (the movement's
requirement that reporting works regardless of language, R-7 "Movement")."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from bvr.i18n import LANGUAGES, translate, variables

ROOT = Path(__file__).parents[2]
RULES = ROOT / "bvr" / "rules"
MESSAGES = ROOT / "bvr" / "i18n" / "rules"
KEY = re.compile(r"rules-[a-z0-9-]+")


def _used_keys() -> set[str]:
    """Every string literal in bvr/rules that looks like a message key."""
    keys: set[str] = set()
    for path in RULES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEY.fullmatch(
                    node.value):
                keys.add(node.value)
    return keys


def _file(lang: str) -> dict[str, str]:
    data = json.loads((MESSAGES / f"{lang}.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("@")}


USED = sorted(_used_keys())


def test_R_7_movement_rules_use_messages() -> None:
    assert len(USED) > 40  # the scan found the keys


@pytest.mark.parametrize("lang", [*LANGUAGES, "qqq"])
def test_R_7_movement_every_rules_key_exists_in_every_language(lang: str) -> None:
    texts = _file(lang)
    missing = [k for k in USED if not texts.get(k, "").strip()]
    assert not missing, f"{lang}: {missing}"
    unused = sorted(set(texts) - set(USED))
    assert not unused, f"{lang} has keys no rule uses: {unused}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_R_7_movement_every_rules_message_renders_with_its_parameters(lang: str) -> None:
    for key in USED:
        names = variables().get(key, ())  # $1, $2 ... by name (ADR 0012)
        text = translate(key, lang, **{n: 2 if n.startswith("num") else "X" for n in names})
        assert text and "{" not in text and "$" not in text, key
