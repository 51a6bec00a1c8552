"""Destruction takes a web report's attachments with the file (R-15.4, ADR 0015): they hang
off the case by a foreign key, so the plan drawn from the schema deletes them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.housekeeping.cli import retention
from bvr.domain import CaseStatus
from bvr.services import casework_web, decisions, scrub
from bvr.services.attachments import Upload
from bvr.services.core import Core
from bvr.storage.models_attachments import Attachment
from tests.conftest import FrozenClock
from tests.housekeeping.cases import close, in_handling, run
from tests.images import pdf, photo_with_gps
from tests.services.helpers import officers, unlock


def _attachments(core: Core) -> int:
    with core.database.transaction() as session:
        return session.scalar(select(func.count()).select_from(Attachment)) or 0


def test_R_15_4_destruction_takes_the_attachments_with_the_file(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    key = unlock(core, "Director")
    files = [scrub.clean(Upload("photo.jpg", photo_with_gps())),
             scrub.clean(Upload("log.pdf", pdf()))]
    filed = casework_web.file_web_report(core, casework_web.WebReport(
        what_happened="He kept posting my photo.", language="en", is_victim=True), files)
    kept = casework_web.file_web_report(core, casework_web.WebReport(
        what_happened="Still being handled.", language="en", is_victim=True,
        submission="x" * 24), files[:1])
    in_handling(core, text="Another one, without files.")
    assert _attachments(core) == 3
    for status in (CaseStatus.IN_HANDLING, CaseStatus.DECLINED):
        decisions.move_case(core, filed.number, "Director", key, status)
    close(core, filed.number)  # after the appeal period

    clock.now = datetime(2028, 3, 15, 9, tzinfo=UTC)  # closed 14 March 2026, kept two years
    output = run(retention, core).output
    assert filed.number in output and kept.number not in output
    assert _attachments(core) == 1  # only the file still open keeps its attachment
