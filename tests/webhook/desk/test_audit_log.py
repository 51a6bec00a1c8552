"""The audit log on the desk (R-14.3, issue 13 item 3): paged, filtered by case, person and
kind of action, every action a sentence in the reader's language with times in the
association's time zone; the hash chain checked from the last record found whole."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bvr.domain import DecisionBody, SanctionType
from bvr.i18n import LANGUAGES, catalogue, translate
from bvr.services import auditlog
from bvr.storage import audit
from bvr.storage.models import AuditRecord, JobState
from tests.webhook.desk import scenario
from tests.webhook.desk.conftest import Desk

ROOT = Path(__file__).resolve().parents[3]
ROW = re.compile(r"<tr><td><time[^>]*>([^<]+)</time></td><td>([^<]*)</td><td>([^<]*)</td>"
                 r"<td>(?:<a [^>]*>)?([^<]*)(?:</a>)?</td>")


def _rows(page: str) -> list[tuple[str, str, str, str]]:
    return [tuple(html.unescape(cell) for cell in row) for row in ROW.findall(page)]


def _written_actions() -> set[str]:
    """Every action id the code writes to the log, read from the source: the literal ones,
    and the ones built from a literal and an enumeration or a fixed set of kinds."""
    found: set[str] = set()
    literal = re.compile(r'(?:action=|log_action\(session, core, person,\s*|_log\(session, '
                         r'core, keys, |_store_key\(core, username, \w+, \w+, )"([a-z-]+)"')
    for path in (ROOT / "bvr").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(literal.findall(text))
        found |= {"conflict-declared", "no-conflict-declared"} if "no-conflict-declared" \
            in text else set()
    found |= {f"intake-{step}" for step in ("alerted", "hidden")}
    found |= {f"channel-{kind}" for kind in ("answer", "info", "appeal")}
    found |= {f"reporter-{kind}" for kind in ("question", "info", "outcome", "report")}
    # bvr/services/board.py: a proposal put to the vote, and how it ended
    found |= {f"board-motion:{kind}" for kind in ("sanction", "appeal")}
    found |= {f"board-motion-{outcome}" for outcome in ("taken", "rejected")}
    # bvr/services/investigation_steps.py: a step with its outcome
    found |= {"step:hearing:held", "step:informed_process:done"}
    return found - {"query", "paraminfo", "emailuser", "revisiondelete", "delete"}


def test_every_action_the_code_writes_has_a_message() -> None:
    written = _written_actions()
    assert {"login-local", "report-filed", "case-read", "audit-read"} <= written
    for action in sorted(written):
        for lang in LANGUAGES:
            assert auditlog.describe(action, lang) != action, (action, lang)


@pytest.mark.parametrize("lang", ["nl", "sv"])
def test_R_14_3_actions_are_sentences_in_the_readers_language(lang: str) -> None:
    status = auditlog.describe("status:received->in_handling", lang)
    assert status == translate("audit-action-status", lang,
                               before=translate("web-desk-status-received", lang),
                               after=translate("web-desk-status-in-handling", lang))
    assert translate("web-desk-sanction-warning", lang) in auditlog.describe(
        "sanction:warning", lang)
    for raw in ("login-local", "status:received->in_handling", "sanction:warning",
                "entry-added:hearing"):
        said = auditlog.describe(raw, lang)
        assert said != raw and raw not in said and "_" not in said, said
    assert auditlog.describe("login-local", lang) == catalogue(lang)["audit-action-login-local"]


@pytest.mark.parametrize("lang", ["nl", "sv"])
def test_R_14_3_the_audit_log_filtered_by_case_person_and_action(desk: Desk, lang: str) -> None:
    first = scenario.in_handling(desk)
    second = scenario.decided(desk, "Dora", DecisionBody.DIRECTOR_OR_BOARD_BVR,
                              SanctionType.NO_CONTACT, offender="Mallet")
    dora = desk.login("Dora")
    dora.get(f"/desk/case/{first}")
    bea = desk.login("Bea", lang=lang)

    whole = bea.get("/desk/audit").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="ltr">' in whole
    assert translate("audit-times-in-zone", lang, zone="Europe/Amsterdam") in whole
    rows = _rows(whole)
    assert rows
    for at, _who, what, _case in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T", at), at  # zone shown
        assert not re.fullmatch(r"[a-z_:>-]+", what), what  # no id such as login-local
    # 10:00 UTC on 14 March is 11:00 in Amsterdam.
    assert any(at.startswith("2026-03-14 11:00") for at, *_ in rows)

    by_case = _rows(bea.get(f"/desk/audit?case={second}").get_data(as_text=True))
    assert by_case and {case for *_, case in by_case} == {second}
    assert auditlog.describe("sanction:no_contact", lang) in {what for _, _, what, _ in by_case}

    by_person = _rows(bea.get("/desk/audit?person=Dora").get_data(as_text=True))
    assert by_person and {who for _, who, _, _ in by_person} == {"Dora"}

    status = translate("audit-kind-status", lang)
    filtered = bea.get("/desk/audit?action=status").get_data(as_text=True)
    assert f'<option value="status" selected>{html.escape(status)}</option>' in filtered
    by_action = _rows(filtered)
    assert by_action and all(
        what.startswith(translate("audit-action-status", lang, before="", after="")[:6])
        for _, _, what, _ in by_action)

    both = _rows(bea.get(f"/desk/audit?case={first}&person=Dora&action=case-read")
                 .get_data(as_text=True))
    assert [(who, what, case) for _, who, what, case in both] == [
        ("Dora", auditlog.describe("case-read", lang), first)]

    unknown = bea.get("/desk/audit?case=BVR-2026-9999-X").get_data(as_text=True)
    assert html.escape(translate("audit-filter-case-unknown", lang,
                                 number="BVR-2026-9999-X")) in unknown


def test_R_14_3_the_audit_log_in_pages(desk: Desk) -> None:
    for _ in range(4):
        scenario.in_handling(desk)
    bea = desk.login("Bea")
    first = bea.get("/desk/audit?size=25").get_data(as_text=True)
    second = bea.get("/desk/audit?size=25&page=2").get_data(as_text=True)
    assert len(_rows(first)) == 25 and _rows(second)
    assert 'rel="next" href="/desk/audit?page=2&amp;size=25"' in first
    filtered = bea.get("/desk/audit?size=25&action=case-read").get_data(as_text=True)
    assert "rel=\"next\"" not in filtered or "action=case-read" in filtered


def test_R_14_3_the_chain_is_checked_from_the_last_record_found_whole(desk: Desk) -> None:
    scenario.in_handling(desk)
    bea = desk.login("Bea")
    whole = translate("web-audit-whole", "en")
    assert whole in bea.get("/desk/audit").get_data(as_text=True)
    with desk.core.database.transaction() as session:
        checked = session.scalars(select(AuditRecord.id).order_by(AuditRecord.id.desc())
                                  .limit(1)).one()
    scenario.in_handling(desk)  # written after the checkpoint
    with desk.core.database.transaction() as session:
        later = session.scalars(select(AuditRecord.id).where(AuditRecord.id > checked)
                                .order_by(AuditRecord.id)).first()
        session.execute(update(AuditRecord).where(AuditRecord.id == later)
                        .values(detail="altered"))
    page = bea.get("/desk/audit").get_data(as_text=True)
    assert 'id="chain" class="flash error"' in page and whole not in page
    with desk.core.database.transaction() as session:
        broken = audit.verify(session)
        assert broken is not None and broken.record_id == later


def test_R_14_3_an_altered_checkpoint_record_shows(desk: Desk) -> None:
    bea = desk.login("Bea")
    bea.get("/desk/audit")
    with desk.core.database.transaction() as session:
        mark = session.get_one(JobState, auditlog.CHECKPOINT).value
        checkpoint = audit.Checkpoint.decode(mark)
        assert checkpoint is not None
        session.get_one(AuditRecord, checkpoint.record_id).action = "case-read"
    page = bea.get("/desk/audit").get_data(as_text=True)
    assert 'id="chain" class="flash error"' in page
