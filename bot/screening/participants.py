"""A participant as read from a source, before anything is checked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.screening.names import Name, normalise


@dataclass(frozen=True)
class Participant:
    """One name from a participant list; `found_as` says how the source gave it ("link",
    "signature", "template", "list", "table", "api", "csv"); `marker` is what the source itself
    said about the account ("hidden", "deleted" from CampaignEvents), if anything."""

    name: Name
    found_as: str
    marker: str = ""

    @property
    def key(self) -> str:
        """The name as MediaWiki stores it; a name that normalises to nothing (only direction
        marks) keeps its raw form, so it is reported as invalid instead of vanishing."""
        return self.name.name or self.name.raw


def unique(participants: Iterable[Participant]) -> list[Participant]:
    """First occurrence of every normalised name, in source order."""
    seen: set[str] = set()
    kept: list[Participant] = []
    for participant in participants:
        key = participant.key
        if key and key not in seen:
            seen.add(key)
            kept.append(participant)
    return kept


def from_names(names: Iterable[str], found_as: str) -> list[Participant]:
    return unique(Participant(normalise(raw), found_as) for raw in names if raw.strip())
