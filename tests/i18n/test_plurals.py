"""Every count shown in nl, en and sv takes the right form (issue 16): each message with a
`num*` parameter is rendered at 0, 1 and 2 (and 5 for Swedish) and must hold the PLURAL
branch that Babel's CLDR rule picks for that number, never the other one, and never a
"1 zaken", "1 pagina's", "1 cases" (the converter's noun table, read the other way round)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import babel
import pytest

from bvr.i18n import catalogue, translate, variables

COUNTS = {"nl": (0, 1, 2), "en": (0, 1, 2), "sv": (0, 1, 2, 5)}
_CALL = re.compile(r"\{\{PLURAL:\$([1-9][0-9]*)\|([^{}]*)\}\}")
OTHER_COUNT = 7  # the other counts of a message while one is under test


def _converter() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "scripts" / "convert_messages.py"
    spec = importlib.util.spec_from_file_location("convert_messages", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NOUNS: dict[str, dict[str, str]] = _converter().NOUNS


def _counted() -> list[tuple[str, str]]:
    return sorted((key, name) for key, names in variables().items() for name in names
                  if _is_count(name))


def _is_count(name: str) -> bool:
    return name == "num" or name.startswith("num_")


def _params(key: str, counted: str, n: int) -> dict[str, object]:
    return {name: n if name == counted else OTHER_COUNT if _is_count(name) else f"‹{name}›"
            for name in variables()[key]}


def _filled(form: str, key: str, params: dict[str, object]) -> str:
    names = variables()[key]
    return re.sub(r"\$([1-9][0-9]*)", lambda m: str(params[names[int(m[1]) - 1]]), form)


def test_every_count_has_a_plural_in_every_language() -> None:
    missing = [f"{lang} {key} {name}" for lang in COUNTS for key, name in _counted()
               if f"{{{{PLURAL:${variables()[key].index(name) + 1}|"
               not in catalogue(lang)[key]]
    assert not missing, missing


@pytest.mark.parametrize("lang", list(COUNTS))
def test_counts_take_the_form_cldr_gives(lang: str) -> None:
    rule = babel.Locale.parse(lang).plural_form
    assert rule.tags == {"one"}, "this test reads forms as one|other"
    wrong = []
    for key, name in _counted():
        position = variables()[key].index(name) + 1
        template = catalogue(lang)[key]
        for n in COUNTS[lang]:
            params = _params(key, name, n)
            text = translate(key, lang, **params)
            for number, body in _CALL.findall(template):
                if int(number) != position:
                    continue
                forms = [f for f in body.split("|") if not re.match(r"\d+=", f)]
                explicit = dict(f.split("=", 1) for f in body.split("|") if re.match(r"\d+=", f))
                chosen = explicit.get(str(n)) or (forms[0] if rule(n) == "one" else forms[-1])
                expected = _filled(chosen, key, params)
                if expected not in text:
                    wrong.append(f"{key} at {n}: {expected!r} not in {text!r}")
                # A wrong form right after this number ("1 zaken"), or a wrong form that
                # holds this number itself ("1 emergency contacts").
                others = {(f"{n} " if "$" not in f else "") + _filled(f, key, params)
                          for f in forms if _filled(f, key, params) != expected}
                for other in others:
                    if re.search(rf"(?<![\w.]){re.escape(other)}(?![\w'’])", text):
                        wrong.append(f"{key} at {n}: {other!r} in {text!r}")
            for plural, singular in NOUNS[lang].items():
                if plural != singular and re.search(rf"(?<![\w.]){n} {re.escape(plural)}\b",
                                                    text) and rule(n) == "one":
                    wrong.append(f"{key} at {n}: '{n} {plural}' in {text!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("nl", 1, "1 sleutel overgedragen."), ("nl", 2, "2 sleutels overgedragen."),
    ("en", 1, "Handed over 1 key."), ("en", 0, "Handed over 0 keys."),
    ("sv", 1, "Lämnade över 1 nyckel."), ("sv", 5, "Lämnade över 5 nycklar.")])
def test_a_known_message_reads_right(lang: str, n: int, expected: str) -> None:
    assert translate("core-shared", lang, num=n) == expected
