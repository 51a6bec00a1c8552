"""From the configuration to `run.Targets`: one pywikibot site per configured wiki.

Wikis are named `family:code` (pywikibot's names), pages `family:code:Title`. Each site is
logged in when `user-config.py` names an account for it (a bot account brings
`apihighlimits`: 500 names a request), and read anonymously otherwise. Which path is taken is
decided by the wiki itself: CentralAuth in `siteinfo`'s extensions on the `central` wiki means
one combined request per participant; otherwise every wiki is asked in batches.
"""

from __future__ import annotations

import contextlib
from typing import Any

from bot.screening import centralauth
from bot.screening.bans import BanList
from bot.screening.noticeboards import Noticeboard
from bot.screening.run import Targets
from bot.screening.wikiapi import ResponseCache, WikiClient, WikiError
from bvr.config import Screening
from bvr.errors import BvrError


class Sites:
    """Clients by `family:code`, created once per run."""

    def __init__(self) -> None:
        self._clients: dict[str, WikiClient] = {}

    def client(self, spec: str) -> WikiClient:
        family, _, code = spec.partition(":")
        key = f"{family}:{code}"
        if key not in self._clients:
            self._clients[key] = _client(family, code)
        return self._clients[key]


def _client(family: str, code: str) -> WikiClient:
    import pywikibot
    from pywikibot.exceptions import Error as PywikibotError

    try:
        site: Any = pywikibot.Site(code, family)
        with contextlib.suppress(PywikibotError):  # no account for this wiki: read anonymously
            site.login()
        name = str(site.dbName())
    except PywikibotError as error:
        raise BvrError("screening-wiki-unreachable", wiki=f"{family}:{code}",
                       kind=type(error).__name__) from None
    return WikiClient(name, site)


def page_spec(spec: str) -> tuple[str, str]:
    """`family:code:Title` -> (`family:code`, `Title`)."""
    family, code, title = [*spec.split(":", 2), "", ""][:3]
    if not (family and code and title):
        raise BvrError("screening-config-page", value=spec)
    return f"{family}:{code}", title


def targets(settings: Screening, sites: Sites, cache: ResponseCache) -> Targets:
    wikis = [sites.client(spec) for spec in settings.wikis]
    for client in wikis:  # what each wiki offers: one paraminfo each, before the checks
        client.module("query+logevents")
    central = None
    if settings.central:
        candidate = sites.client(settings.central)
        if candidate.has_extension("CentralAuth"):
            central = candidate
    locks = None
    if central is None:  # locks are checked wherever CentralAuth answers, else "not checked"
        locks = next((client for client in wikis if client.has_extension("CentralAuth")
                      and centralauth.reachable(client)), None)
    found = Targets(wikis, central, locks)
    if settings.ban_list:
        wiki, title = page_spec(settings.ban_list)
        try:
            found.ban_list = BanList(sites.client(wiki), title, cache)
        except WikiError as failure:  # the run goes on; every participant says what is missing
            found.unchecked.append("ban-list")
            found.notes.append({"note": "page-failed", "wiki": failure.wiki, "title": title,
                                "reason": failure.reason})
    for wiki, title in map(page_spec, settings.noticeboards):
        try:
            found.noticeboards.append(Noticeboard(sites.client(wiki), title, cache))
        except WikiError as failure:
            found.unchecked.append("noticeboards")
            found.notes.append({"note": "page-failed", "wiki": failure.wiki, "title": title,
                                "reason": failure.reason})
    return found
