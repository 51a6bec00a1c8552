"""The one error type people see: it carries a message key, so it reaches them in their
language (`bvr.i18n`), and never any case content."""

from __future__ import annotations

from bvr.i18n import Message, translate


class BvrError(Exception):
    """Something cannot be done; `message` says why, in words for the person at hand."""

    def __init__(self, key: str, **params: object) -> None:
        self.message = Message(key, params)
        super().__init__(translate(key, "en", **params))

    def text(self, lang: str) -> str:
        return self.message.text(lang)
