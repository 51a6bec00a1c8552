"""The current wikitext of a page: one request, cached like every other answer."""

from __future__ import annotations

from typing import Any

from bot.screening.wikiapi import ResponseCache, WikiClient

CHECK = "page"


def wikitext(client: WikiClient, title: str, cache: ResponseCache,
             phase: str) -> tuple[str, str]:
    """(text, revision id); ("", "") when the page does not exist."""
    key = f"{CHECK}\x1f{client.name}\x1f{title}"
    cached = cache.get_many([key])
    if key in cached:
        return str(cached[key][0]), str(cached[key][1])
    answer = client.query(phase, action="query", prop="revisions", titles=title,
                          rvprop="content|ids", rvslots="main", formatversion="2")
    text, revid = _text(answer)
    cache.put_many({key: [text, revid]})
    return text, revid


def _text(answer: dict[str, Any]) -> tuple[str, str]:
    for page in answer.get("query", {}).get("pages", []):
        for revision in page.get("revisions", []):
            slot = revision.get("slots", {}).get("main", {})
            return str(slot.get("content", "")), str(revision.get("revid", ""))
    return "", ""
