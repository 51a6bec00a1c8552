"""R-6.1(a): WMF global bans, from Meta's "List of globally banned users".

The page is parsed with mwparserfromhell; its sections (community bans, Foundation bans) give
the reason. Bans are enforced as global locks, so the lock (`centralauth`) is the reliable
signal; this list adds why, and covers a ban whose lock is missing.
"""

from __future__ import annotations

from bot.screening.findings import Finding
from bot.screening.pages import wikitext
from bot.screening.sections import mentions
from bot.screening.wikiapi import ResponseCache, WikiClient


class BanList:
    def __init__(self, client: WikiClient, title: str, cache: ResponseCache) -> None:
        self.client = client
        self.title = title
        text, self.revision = wikitext(client, title, cache, "lists")
        self.banned = mentions(text)

    def findings(self, name: str) -> list[Finding]:
        return [Finding("a", "global-ban", self.client.name, reason=section,
                        log_id=self.revision,
                        link=self.client.link(f"{self.title}#{section}" if section
                                              else self.title))
                for section in self.banned.get(name, [])]
