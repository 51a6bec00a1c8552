"""MediaWiki message syntax, the subset translatewiki.net gives tools: `$1`,
`{{PLURAL:$1|one|other}}` (with explicit `0=` / `1=` forms), `{{GENDER:$1|m|f|n}}`.

The same semantics as toolforge-i18n's `mw2py` + `I18nFormatter` (the tests run its checks on
our files), without its import cost: Babel is imported only for a message with a PLURAL. Forms
map to the language's CLDR plural categories in order (zero, one, two, few, many, other, the
ones the language has), the last form standing for the rest, as in MediaWiki.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Final, Literal

if TYPE_CHECKING:
    from babel.plural import PluralRule

Gender = Literal["m", "f", "n"]

# Not wikitext (that goes through mwparserfromhell): a message's own tiny grammar, the same
# expressions toolforge-i18n uses. A form holds no "{" or "}".
_CALL: Final = re.compile(r"\{\{(PLURAL|GENDER):\$([1-9][0-9]*)\|([^{}]*)\}\}")
_PARAM: Final = re.compile(r"\$([1-9][0-9]*)")
_TOKEN: Final = re.compile(f"{_CALL.pattern}|{_PARAM.pattern}")
_OLD_FIELD: Final = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(:[^{}]*)?\}")
_CATEGORIES: Final = ("zero", "one", "two", "few", "many")


@cache
def plural_rule(lang: str) -> PluralRule:
    import babel

    try:
        return babel.Locale.parse(lang.replace("-", "_")).plural_form
    except (ValueError, babel.UnknownLocaleError):
        return babel.Locale.parse("en").plural_form


def plural_form(lang: str, count: float, forms: Sequence[str]) -> str:
    """The form of `forms` (MediaWiki's order) that `count` takes in `lang`."""
    explicit: dict[str, str] = {}
    plain: list[str] = []
    for form in forms:
        number, sep, text = form.partition("=")
        if sep and number.strip().isdigit():
            explicit[number.strip()] = text
        else:
            plain.append(form)
    as_text = str(int(count)) if float(count).is_integer() else str(count)
    if as_text in explicit:
        return explicit[as_text]
    if not plain:
        return ""
    rule = plural_rule(lang)
    category = rule(count)
    order = [c for c in _CATEGORIES if c in rule.tags] + ["other"]
    index = order.index(category) if category in order else len(order) - 1
    return plain[min(index, len(plain) - 1)]


def gender_form(gender: Gender, forms: Sequence[str]) -> str:
    """MediaWiki's GENDER: masculine, feminine, neutral; a missing form falls back to the first."""
    if not forms:
        return ""
    index = {"m": 0, "f": 1, "n": 2}[gender]
    return forms[index] if index < len(forms) else forms[0]


def render(template: str, lang: str, names: Sequence[str], params: Mapping[str, object],
           gender: Callable[[object], Gender]) -> str:
    """`template` with its `$N`, PLURAL and GENDER filled in from the named `params`."""
    if not names and params and _OLD_FIELD.search(template):
        # A message still in the old `str.format` syntax (written during the move; the
        # converter turns it over and `tests/i18n` fails while one is left).
        return template.format(**params)

    def value(number: str) -> object:
        position = int(number) - 1
        if position >= len(names):
            raise KeyError(f"${number} has no parameter name in variables.json")
        return params[names[position]]

    def token(match: re.Match[str]) -> str:
        kind, number, body, plain = match.groups()
        if plain is not None:
            return shown(value(plain))
        forms = body.split("|")
        subject = value(number)
        if kind == "PLURAL":
            chosen = plural_form(lang, _number(subject), forms)
        else:
            chosen = gender_form(gender(subject), forms)
        return _PARAM.sub(lambda m: shown(value(m[1])), chosen)

    # One pass over the template: a parameter's value is never read as syntax.
    return _TOKEN.sub(token, template)


def shown(value: object) -> str:
    """A parameter as text: a whole float without its ".0" (a 12.0-hour session is 12 hours)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: object) -> float:
    """A count; as text too ("3"), as MediaWiki's parameters always are (stored notes)."""
    if isinstance(value, str):
        return float(value) if "." in value else int(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"PLURAL needs a number, got {type(value).__name__}")
    return value
