"""Participants of an event registered with the CampaignEvents extension (its REST API).

`GET {rest}/campaignevents/v0/event_registration/{id}/participants?include_private=false`
answers 20 participants a page; the next page is asked with `last_participant_id`. Accounts
the API marks `hidden` or `not_found` are kept with that marker, so the report says so instead
of calling them clean. Private registrations are only listed with organiser rights; a count of
them is not given by this endpoint, which `docs/screening.md` points out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from bot.screening.names import normalise
from bot.screening.participants import Participant, unique
from bvr.errors import BvrError

PAGE_SIZE = 20
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
        for entry in page:
            found.append(_participant(entry))
        if len(page) < PAGE_SIZE:
            break
        last = int(page[-1]["participant_id"])
    return unique(found)


def _participant(entry: dict[str, Any]) -> Participant:
    marker = "hidden" if entry.get("hidden") else "not_found" if entry.get("not_found") else ""
    name = str(entry.get("user_name") or "")
    if not name:  # a hidden user comes without a name: keep it distinct by central id
        name = f"#{entry.get('user_id', entry.get('participant_id'))}"
    return Participant(normalise(name), "api", marker)
