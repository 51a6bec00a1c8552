"""Participants of an event registered with the CampaignEvents extension (its REST API).

`GET {rest}/campaignevents/v0/event_registration/{id}/participants?include_private=false`
reads 20 registrations a page; the next page is asked with `last_participant_id`. A page can
hold fewer than 20 and still not be the last: REL1_39 silently leaves hidden and deleted
participants out of the page (recorded: 18, then 7, then an empty page), so only an empty page
ends the list. On master such rows come back marked `hidden` or `not_found` and without a
`user_name`: a hidden one is kept as hidden, a `not_found` one (the global account was deleted)
as a deleted account, both under `#central-id`, never called clean. The list says nothing
about locks (a locked participant is listed without a marker): the lock comes from the check.
Private registrations are only listed with organiser rights; a count of them is not given by
this endpoint, which `docs/screening.md` points out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from bot.screening.names import normalise
from bot.screening.participants import Participant, unique
from bot.screening.wikiapi import flag
from bvr.errors import BvrError

PAGE_SIZE = 20  # what the endpoint reads a page; what it answers may be fewer
MAX_PAGES = 1000  # 20,000 participants: beyond that the API is looping

#: Fetches a URL and returns the decoded JSON document.
Fetch = Callable[[str], Any]


def participants(fetch: Fetch, rest_url: str, event_id: int,
                 include_private: bool = False) -> list[Participant]:
    found: list[Participant] = []
    last: int | None = None
    for _page in range(MAX_PAGES):
        query: dict[str, Any] = {"include_private": "true" if include_private else "false"}
        if last is not None:
            query["last_participant_id"] = last
        url = (f"{rest_url}/campaignevents/v0/event_registration/{int(event_id)}/participants"
               f"?{urlencode(query)}")
        page = fetch(url)
        if not isinstance(page, list):
            raise BvrError("screening-campaign-events-answer", event=event_id)
        if not page:  # the only reliable end: a short page may just have skipped rows
            break
        for entry in page:
            found.append(_participant(entry))
        last = int(page[-1]["participant_id"])
    return unique(found)


def _participant(entry: dict[str, Any]) -> Participant:
    marker = ("hidden" if flag(entry, "hidden") else
              "deleted" if flag(entry, "not_found") else "")
    name = str(entry.get("user_name") or "")
    if not name:  # hidden and deleted users come without a name: keep them apart by id
        name = f"#{entry.get('user_id', entry.get('participant_id'))}"
    return Participant(normalise(name), "api", marker)
