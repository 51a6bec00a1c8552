"""A small association to test the rules with: who holds which role."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bvr.domain import Role
from bvr.rules.facts import Actor, Officers

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

DIRECTOR = Actor(1, frozenset({Role.DIRECTOR, Role.STAFF}))
BVR = Actor(2, frozenset({Role.BOARD, Role.BOARD_BVR}))
BOARD_A = Actor(3, frozenset({Role.BOARD}))
BOARD_B = Actor(4, frozenset({Role.BOARD}))
STAFF = Actor(5, frozenset({Role.STAFF}))
CONFIDANT = Actor(6, frozenset({Role.CONFIDANT}))
COMMITTEE = Actor(7, frozenset({Role.APPEALS_COMMITTEE}))
CONTACT = Actor(8, frozenset({Role.CONTACT_PERSON}))
OUTSIDER = Actor(9)  # an external investigator, or any account without a role
CONTACT_2 = Actor(10, frozenset({Role.CONTACT_PERSON}))
STAFF_2 = Actor(11, frozenset({Role.STAFF}))

OFFICERS = Officers.of(DIRECTOR, BVR, BOARD_A, BOARD_B, STAFF, CONFIDANT, COMMITTEE, CONTACT,
                       OUTSIDER, CONTACT_2, STAFF_2)
EVERYONE = tuple(sorted(OFFICERS.actors, key=lambda a: a.person_id))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware datetime in Amsterdam."""
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
