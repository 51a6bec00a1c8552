"""Saving a page only when its text changes, safely against other editors.

Every edit carries the id of the revision the new text was computed from, so MediaWiki
refuses it when someone saved in between (edit conflict). Then the page is read again and the
change recomputed on the new text: their edit is kept, and when it already did what we wanted,
nothing is saved. A protected page the bot may not edit is reported, not fatal. Edits go
through pywikibot's request machinery, so its edit throttle, maxlag and retries apply.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bvr.i18n import Message

ATTEMPTS = 3
PROTECTED = frozenset({"protectedpage", "cascadeprotected", "protectednamespace",
                       "protectednamespace-interface", "customcssprotected",
                       "customjsprotected", "permissiondenied"})


class Outcome(StrEnum):
    EDITED = "edited"
    UNCHANGED = "unchanged"
    WOULD_EDIT = "would_edit"  # dry run
    PROTECTED = "protected"
    CONFLICT = "conflict"  # still conflicting after ATTEMPTS reads
    FAILED = "failed"


@dataclass
class Tally:
    """What a run did, page by page (titles only: pages are public, nothing confidential)."""

    pages: dict[str, Outcome] = field(default_factory=dict)
    diffs: dict[str, str] = field(default_factory=dict)
    refused: list[Message] = field(default_factory=list)  # what a real run would refuse

    def count(self, outcome: Outcome) -> int:
        return sum(1 for seen in self.pages.values() if seen is outcome)

    def as_dict(self) -> dict[str, object]:
        return {"pages": {title: outcome.value for title, outcome in self.pages.items()},
                "counts": {outcome.value: self.count(outcome) for outcome in Outcome}}


def unified_diff(title: str, before: str, after: str) -> str:
    """The change as a unified diff, for `--dry-run`."""
    return "".join(difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        fromfile=f"{title} (wiki)", tofile=f"{title} (bot)"))


def _save(page: Any, text: str, summary: str, create: bool) -> None:
    """One `action=edit` with the base revision id. Not `Page.save`, which first fetches the
    page's templates (one more request per page) for `{{nobots}}`, and not `site.editpage`,
    which also sends a base timestamp: MediaWiki then finds the base revision by timestamp, and
    an edit saved by someone else in the same second goes unnoticed and is overwritten (seen
    in this project's tests). With `baserevid` alone MediaWiki reports the conflict."""
    site = page.site
    params: dict[str, Any] = {
        "action": "edit", "title": page.title(), "text": text, "summary": summary,
        "token": site.tokens["csrf"], "minor": True, "bot": site.has_right("bot")}
    if page.exists():
        params["baserevid"] = page.latest_revision_id
        params["nocreate"] = True
    elif create:
        params["createonly"] = True
    else:
        params["nocreate"] = True
    site.simple_request(**params).submit()


def apply(page: Any, change: Callable[[str], str], summary: str, *, dry_run: bool,
          tally: Tally, create: bool = False) -> Outcome:
    """Compute `change(text)` and save it when it differs; record the outcome in `tally`.
    Pages are never created unless `create` (an interface message not yet edited locally)."""
    from pywikibot.exceptions import APIError

    title = page.title()
    outcome = Outcome.CONFLICT
    for _ in range(ATTEMPTS):
        before = page.text
        after = change(before)
        if after == before:
            outcome = Outcome.UNCHANGED
            break
        if dry_run:
            tally.diffs[title] = unified_diff(title, before, after)
            outcome = Outcome.WOULD_EDIT
            break
        try:
            _save(page, after, summary, create)
        except APIError as error:
            if error.code == "editconflict":
                page.get(force=True)  # someone saved meanwhile: recompute on their text
                continue
            outcome = Outcome.PROTECTED if error.code in PROTECTED else Outcome.FAILED
            break
        # Not `page.text = after`: pywikibot's setter asks the wiki about {{nobots}} (a request).
        outcome = Outcome.EDITED
        break
    tally.pages[title] = outcome
    return outcome
