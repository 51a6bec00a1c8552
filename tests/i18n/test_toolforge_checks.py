"""toolforge-i18n's translation-safety checks, run on our files (issue 16, ADR 0012).

Its pytest plugin cannot take our layout (it reads one flat `i18n/` directory and imports a
`tool_translations_config` module; it is switched off in pyproject.toml's addopts), so this
test runs the same check functions: every message, converted by toolforge-i18n's own `mw2py`,
must hold only allowed HTML, use its variables as their prefixes say, and format with its
`I18nFormatter`. Passing them also proves the files work unchanged with toolforge-i18n.
"""

from __future__ import annotations

from functools import cache

import babel
import pytest
from toolforge_i18n._translations import TranslationsConfig, language_code_to_babel, mw2py
from toolforge_i18n._translations_checks import (
    check_message_documentation,
    check_message_formatting,
    check_message_html_elements,
    check_message_keys,
    check_message_variables,
)

from bvr.i18n import LANGUAGES, catalogue, neutral, variables

CONFIG = TranslationsConfig(directory="bvr/i18n", variables=variables(), get_gender=neutral,
                            check_translations=False)


@cache
def _translations() -> dict[str, dict[str, str]]:
    converted: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        locale = babel.Locale.parse(language_code_to_babel(lang))
        converted[lang] = {key: mw2py(text, locale, CONFIG.variables.get(key, []))
                           for key, text in catalogue(lang).items()}
    return converted


def test_every_english_message_is_documented_and_nothing_else() -> None:
    check_message_documentation(CONFIG, _translations(), dict(catalogue("qqq")))


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_translation_safety(lang: str) -> None:
    translations = _translations()
    if lang != "en":
        check_message_keys(translations, lang)
    failed = []
    for key in translations[lang]:
        for check in (check_message_html_elements, check_message_variables,
                      check_message_formatting):
            try:
                check(CONFIG, translations, lang, key)
            except (AssertionError, KeyError, ValueError, IndexError) as error:
                failed.append(f"{check.__name__}[{key}]: {error!r}")
    assert not failed, "\n".join(failed)
