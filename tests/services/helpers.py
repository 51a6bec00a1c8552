"""Setting up people for service tests."""

from __future__ import annotations

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
