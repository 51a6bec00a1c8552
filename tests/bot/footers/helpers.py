"""A core configured for the local association wiki, and page helpers for footers tests."""

from __future__ import annotations

import dataclasses
from typing import Any

from bvr.config import Config, Publishing, Wiki
from bvr.services.core import Core


def wiki_core(core: Core, pywikibot_env: Any, **publishing: Any) -> Core:
    """`core` pointed at the test bed's `nl` wiki, with these `[publishing]` settings."""
    pywikibot_env.activate()
    family = pywikibot_env.family("nl")
    core.config = dataclasses.replace(
        Config(), wiki=Wiki(family=family, code=family),
        publishing=Publishing(**{"footer_categories": (), "event_categories": (),
                                 "registration_categories": (), **publishing}))
    return core


def put(wiki_farm: Any, title: str, text: str) -> None:
    """Save `text` as the admin (someone other than the bot)."""
    with wiki_farm["nl"].login(wiki_farm.admin.name, wiki_farm.admin.password) as session:
        session.post_with_token(action="edit", title=title, text=text)


def text_of(wiki_farm: Any, title: str) -> str:
    data = wiki_farm["nl"].api(action="query", prop="revisions", rvprop="content",
                               rvslots="main", titles=title)
    return str(data["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"])


def revisions(wiki_farm: Any, title: str) -> int:
    data = wiki_farm["nl"].api(action="query", prop="revisions", rvprop="ids", rvlimit=50,
                               titles=title)
    return len(data["query"]["pages"][0].get("revisions", []))
