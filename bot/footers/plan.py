"""What a selected page should carry, and its text once it does (pure, no wiki access)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.footers import names
from bot.footers.wikitext import Place, ensure_template


@dataclass(frozen=True)
class Needs:
    """Why a page was selected: every selected page gets the footer (R-3.2); registration
    forms get the acceptance sentence through the footer (R-3.3); event pages get the box with
    their contact persons (R-8.2), `None` when the page is not an event page."""

    registration: bool = False
    contacts: tuple[str, ...] | None = None

    def merge(self, other: Needs) -> Needs:
        return Needs(self.registration or other.registration,
                     other.contacts if other.contacts is not None else self.contacts)


def desired_text(text: str, needs: Needs, lang: str) -> str:
    """`text` with the footer (and box) it needs; the very same string when nothing changes."""
    footer_params = [(names.REGISTRATION_PARAM, "yes")] if needs.registration else []
    result = ensure_template(text, names.name(names.FOOTER, lang), names.FOOTER.values(),
                             footer_params, Place.BOTTOM)
    if needs.contacts is not None:
        params = [(str(number), username)
                  for number, username in enumerate(needs.contacts, start=1)]
        result = ensure_template(result, names.name(names.CONTACTS, lang),
                                 names.CONTACTS.values(), params, Place.TOP)
    return result
