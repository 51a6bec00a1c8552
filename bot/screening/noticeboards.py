"""R-6.1(c): participants mentioned on the configured noticeboards (one request a page).

A mention is a link to the user's page or talk page, a signature or a user template in a
section; the finding names the section and the revision read, so the reader can judge whether
it is a heated conflict or a routine request.
"""

from __future__ import annotations

from bot.screening.findings import Finding
from bot.screening.pages import wikitext
from bot.screening.sections import mentions
from bot.screening.wikiapi import ResponseCache, WikiClient


class Noticeboard:
    def __init__(self, client: WikiClient, title: str, cache: ResponseCache) -> None:
        self.client = client
        self.title = title
        text, self.revision = wikitext(client, title, cache, "lists")
        self.mentioned = mentions(text)

    def findings(self, name: str) -> list[Finding]:
        return [Finding("c", "noticeboard", self.client.name, reason=section,
                        log_id=self.revision,
                        link=self.client.link(f"{self.title}#{section}" if section
                                              else self.title))
                for section in self.mentioned.get(name, [])]
