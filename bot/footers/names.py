"""The names of the templates the bot places, one per language set of `templates_wiki/`.

A page may carry a template from another language set (a Dutch wiki with an English event
page); every name counts as the template being there, so none is ever added twice.
"""

from __future__ import annotations

from typing import Final

FOOTER: Final = {"nl": "BVR-voettekst", "en": "BVR footer", "sv": "BVR-sidfot"}
CONTACTS: Final = {"nl": "BVR-contactpersonen", "en": "BVR contact persons",
                   "sv": "BVR-kontaktpersoner"}
STATUS_TABLE: Final = {"nl": "BVR-statustabel", "en": "BVR status table",
                       "sv": "BVR-statustabell"}
# The footer's switch for registration forms; the same in every language set.
REGISTRATION_PARAM: Final = "registration"


def name(names: dict[str, str], lang: str) -> str:
    """The template name for `lang`, Dutch when the language has no set."""
    return names.get(lang, names["nl"])
