"""Pending reports (R-7.4): "no confirmation found: stop".

An anonymous report waits for confirmation without a case number (docs/decisions/0014).
Confirming it goes through triage (`casework.triage`); stopping it is here: the handler
records that no confirmation was found, and the report is destroyed at once by the same code
that destroys files at the end of retention (`bvr.services.retention`), so nothing of it is
left but the anonymous metadata the yearly figures count: it was received, and it was never
taken into handling (`bvr.rules.figures`).
"""

from __future__ import annotations

from bvr import vault
from bvr.rules import anonymous
from bvr.rules.verdict import require
from bvr.services import retention
from bvr.services.casefiles import opened
from bvr.services.casework import require_handler
from bvr.services.core import Core
from bvr.storage import audit


def stop(core: Core, address: str, username: str, key: vault.UnlockedKey) -> None:
    """R-7.4: the handler found no confirmation: the pending report is destroyed now."""
    with opened(core, address, username, key) as (session, person, case, _data_key):
        require_handler(session, core, person, case)
        require(anonymous.may_stop(case.status))
        audit.append(session, at=core.now(), actor=f"person:{person.id}",
                     action="report-stopped", case_id=case.id, detail="R-7.4")
        retention.destroy_within(session, core, retention.Destruction(
            case.address, case.id, "R-7.4", None))
    retention.flush(core)
