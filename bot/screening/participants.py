"""A participant as read from a source, before anything is checked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.screening.names import Name, normalise


@dataclass(frozen=True)
class Participant:
    """One name from a participant list; `found_as` says how the source gave it ("link",
    "signature", "template", "list", "table", "api", "csv"); `marker` is what the source itself
    said about the account ("hidden", "not_found" from CampaignEvents), if anything."""

    name: Name
    found_as: str
    marker: str = ""


def unique(participants: Iterable[Participant]) -> list[Participant]:
    """First occurrence of every normalised name, in source order."""
    seen: set[str] = set()
    kept: list[Participant] = []
    for participant in participants:
        key = participant.name.name
        if key and key not in seen:
            seen.add(key)
            kept.append(participant)
    return kept


def from_names(names: Iterable[str], found_as: str) -> list[Participant]:
    return unique(Participant(normalise(raw), found_as) for raw in names if raw.strip())
