"""The one error type people see: it carries a message key, so it reaches them in their
language (`bvr.i18n`), and never any case content."""

from __future__ import annotations

from bvr.i18n import FALLBACK, Message, catalogue, translate

#: Form fields whose label is another field's (`web-entry-field-<label>`).
_SAME_LABEL = {"type": "sanction", "new_type": "sanction", "appellant_role": "party_role",
               "vote": "board_vote", "parties": "party_role"}


def field_label(name: str) -> Message | str:
    """A form field as the desk labels it (`web-entry-field-*`), for a refusal that names the
    field; a field without a label keeps its name."""
    key = "web-entry-field-" + _SAME_LABEL.get(name, name).replace("_", "-")
    return Message(key) if key in catalogue(FALLBACK) else name


class BvrError(Exception):
    """Something cannot be done; `message` says why, in words for the person at hand."""

    def __init__(self, key: str, **params: object) -> None:
        if key == "web-field-choice" and isinstance(params.get("field"), str):
            # Raised by services and forms with the field's name: the reader gets its label.
            params["field"] = field_label(str(params["field"]))
        self.message = Message(key, params)
        super().__init__(translate(key, "en", **params))

    def text(self, lang: str) -> str:
        return self.message.text(lang)
