"""Reading participants from the three sources `bvr screen` accepts."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.screening import campaignevents, csvsource, wikitext
from bot.screening.participants import Participant
from bot.screening.wikiapi import WikiClient, WikiError
from bvr.config import SectionHeadings
from bvr.errors import BvrError


def from_page(client: WikiClient, title: str, headings: SectionHeadings,
              section: str = "") -> wikitext.Reading:
    """The registration page's current text, parsed with the wiki's own namespace names; the
    sections of withdrawn people (and, with `section`, all but that one) are left out."""
    import pywikibot

    try:
        page = pywikibot.Page(client.site, title)
        exists = page.exists()
        text = page.text if exists else ""
        options = replace(_options(client.site), sections=True, section=section,
                          registered=headings.registered(), withdrawn=headings.withdrawn())
    except Exception as error:  # any failure of the wiki's answer, named with the wiki
        raise WikiError.of(client.name, error) from error
    if not exists:
        raise BvrError("screening-page-missing", title=title)
    client.requests["source"] += 1
    return wikitext.read(text, options)


def _options(site: Any) -> wikitext.ParseOptions:
    def names(number: int) -> frozenset[str]:
        namespace = site.namespaces[number]
        return frozenset(n.lower() for n in (namespace.custom_name, namespace.canonical_name,
                                             *namespace.aliases) if n)

    special = names(-1)
    default = wikitext.ParseOptions()
    return wikitext.ParseOptions(
        user_namespaces=default.user_namespaces | names(2),
        talk_namespaces=default.talk_namespaces | names(3),
        contributions=default.contributions | {f"{s}:contributions" for s in special})


def from_campaign_event(client: WikiClient, event_id: int) -> list[Participant]:
    from pywikibot.comms import http

    def fetch(url: str) -> Any:
        client.requests["source"] += 1
        try:
            response = http.fetch(url)
        except Exception as error:  # the wiki did not answer: name it and the cause
            raise WikiError.of(client.name, error) from error
        if response.status_code != 200:
            raise BvrError("screening-campaign-events-answer", event=event_id)
        return json.loads(response.text)

    rest = client.site.base_url(client.site.scriptpath() + "/rest.php")
    return campaignevents.participants(fetch, rest, event_id)


def from_csv(path: str) -> list[Participant]:
    return csvsource.participants(Path(path).read_text(encoding="utf-8-sig"))
