"""Support offered to the people involved (R-17.1), recorded in the case file.

One entry per offer: to whom (the party's role), what was offered, and whether it was wanted.
The entry is case content like any other (encrypted, destroyed with the file); that an entry
of this kind exists is metadata, which is all the unattended reminder reads
(`bvr.services.housekeeping`, `bvr.rules.support`).
"""

from __future__ import annotations

from bvr import vault
from bvr.domain import EntryKind, PartyRole
from bvr.rules import support
from bvr.rules.verdict import require
from bvr.services.casefiles import opened
from bvr.services.casework import field_text, log_action, record_entry, require_handler
from bvr.services.core import Core


def record_support(core: Core, number: str, username: str, key: vault.UnlockedKey, *,
                   party_role: PartyRole, offered: str, accepted: bool) -> None:
    """R-17.1: the handler records the support offered to one involved person."""
    with opened(core, number, username, key) as (session, person, case, data_key):
        require_handler(session, core, person, case)
        require(support.may_record_support(case.status))
        record_entry(session, core, person, case, data_key, EntryKind.SUPPORT, {
            "party_role": party_role.value, "offered": field_text(offered),
            "accepted": accepted})
        log_action(session, core, person, "support-recorded", case, party_role.value)
