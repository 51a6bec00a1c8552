"""Case numbers such as `BVR-2026-0007-7` (R-15.1): prefix, year, sequence, check character.

The check character is ISO 7064 MOD 37,36 (from python-stdnum) over prefix, year and
sequence, so any single mistyped character or swapped neighbours are caught before anyone
looks up the wrong file. Reading is forgiving: case, spaces and dashes do not matter.

An anonymous report has no case number until it is confirmed (R-7.4): until then the desk
addresses it by a pending reference such as `P-7KQ2M9XD4T`, random, so it tells nothing about
how many reports arrived, and shaped so it can never be read as a case number
(docs/decisions/0014).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from stdnum.iso7064 import mod_37_36

from bvr.errors import BvrError


class InvalidCaseNumber(BvrError):
    """The text is not a case number, or its check character does not match."""


@dataclass(frozen=True, order=True)
class CaseNumber:
    prefix: str
    year: int
    sequence: int

    @property
    def check(self) -> str:
        return str(mod_37_36.calc_check_digit(self._body()))

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}-{self.sequence:04d}-{self.check}"

    def _body(self) -> str:
        return f"{self.prefix}{self.year}{self.sequence:04d}"


def parse(text: str, prefix: str) -> CaseNumber:
    """Read a case number typed by a person; raise InvalidCaseNumber if it is not one."""
    parts = [part for part in text.strip().upper().replace(" ", "-").split("-") if part]
    if len(parts) != 4 or parts[0] != prefix.upper():
        raise InvalidCaseNumber("core-casenumber-format", text=text, prefix=prefix.upper())
    _, year, sequence, check = parts
    if not (year.isdigit() and len(year) == 4 and sequence.isdigit() and len(check) == 1):
        raise InvalidCaseNumber("core-casenumber-format", text=text, prefix=prefix.upper())
    number = CaseNumber(prefix.upper(), int(year), int(sequence))
    if number.check != check:
        raise InvalidCaseNumber("core-casenumber-check", text=text)
    return number


#: A pending reference: "P-" and ten characters of Crockford's base 32 (50 random bits).
PENDING_PREFIX = "P-"
_PENDING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PENDING_LENGTH = 10


def new_pending_reference() -> str:
    """A fresh reference for a report awaiting confirmation (R-7.4)."""
    return PENDING_PREFIX + "".join(secrets.choice(_PENDING_ALPHABET)
                                    for _ in range(_PENDING_LENGTH))


def pending_reference(text: str) -> str | None:
    """`text` as a pending reference in canonical form, or None if it is not one."""
    canonical = text.strip().upper()
    body = canonical.removeprefix(PENDING_PREFIX)
    if (body != canonical and len(body) == _PENDING_LENGTH
            and all(char in _PENDING_ALPHABET for char in body)):
        return canonical
    return None
