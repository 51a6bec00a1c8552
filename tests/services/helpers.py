"""Setting up people for service tests."""

from __future__ import annotations

from typing import Any

from bvr.domain import Channel, PartyRole, Role
from bvr.services import people
from bvr.services.core import Core
from bvr.services.reports import Filed, PartyInput, ReportInput, file_report

PASSPHRASES = {
    "Director": "director passphrase 1",
    "Board bvr": "board bvr passphrase 1",
    "Confidant": "confidant passphrase 1",
}


def officers(core: Core) -> None:
    """A director, a board member BVR and a confidant, each with a key."""
    people.add_person(core, "Director", (Role.DIRECTOR, Role.STAFF))
    people.add_person(core, "Board_bvr", (Role.BOARD, Role.BOARD_BVR))
    people.add_person(core, "Confidant", (Role.CONFIDANT,))
    for name, passphrase in PASSPHRASES.items():
        people.set_passphrase(core, name, passphrase)


def report(core: Core, text: str = "Iemand werd uitgescholden tijdens de editathon.",
           respondent: str = "Some user", **extra: object) -> Filed:
    parties = (PartyInput(PartyRole.REPORTER, name="Reporter name", contact="r@example.org"),
               PartyInput(PartyRole.RESPONDENT, username=respondent))
    fields: dict[str, object] = {"channel": Channel.ORAL, "what_happened": text,
                                 "parties": parties, "entered_by": "Director"}
    fields.update(extra)
    return file_report(core, ReportInput(**fields))  # type: ignore[arg-type]


def unlock(core: Core, name: str):  # type: ignore[no-untyped-def]
    return people.unlock(core, name, PASSPHRASES[name])


def open_motion(core: Core, number: str) -> int:
    """The id of the case's motion before the board (R-2.1)."""
    from sqlalchemy import select

    from bvr.storage.models import Case
    from bvr.storage.models_board import BoardMotion
    with core.database.transaction() as session:
        return session.scalars(select(BoardMotion.id).join(
            Case, Case.id == BoardMotion.case_id).where(
            Case.number == number, BoardMotion.decided_at.is_(None))).one()


def board_decides_appeal(core: Core, number: str, voters: list[tuple[str, Any]],
                         **decision: Any) -> None:
    """R-16.2, R-2.1: the first of `voters` proposes the board's decision on the appeal, the
    others vote for it (each a (username, unlocked key) pair)."""
    from bvr.services import board
    (first, key), *others = voters
    board.propose_appeal_decision(core, number, first, key, **decision)
    for name, other_key in others:
        board.vote(core, number, name, other_key, motion_id=open_motion(core, number),
                   in_favour=True, reason="Agreed with the proposal.")


def board_imposes(core: Core, number: str, voters: list[tuple[str, Any]],
                  **sanction: Any) -> None:
    """R-11.3, R-2.1: the first of `voters` proposes a sanction to the board (the case's
    handler, or a board member once it is referred), the others vote for it."""
    from bvr.services import board
    (first, key), *others = voters
    board.propose_sanction(core, number, first, key, **sanction)
    for name, other_key in others:
        board.vote(core, number, name, other_key, motion_id=open_motion(core, number),
                   in_favour=True, reason="Agreed with the proposal.")
