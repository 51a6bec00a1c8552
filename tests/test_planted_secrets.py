"""Nothing leaked: unique strings planted in reports, names, contacts and notes appear nowhere
in the raw database (the SQLite file with its WAL, or a `mysqldump` of MariaDB)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bvr.domain import Channel, EntryKind, PartyRole
from bvr.errors import BvrError
from bvr.services import casefiles, casework_web, retention, screening
from bvr.services.core import Core
from bvr.services.reports import PartyInput, ReportInput, file_report
from tests.conftest import FrozenClock
from tests.housekeeping.channels import read_and_close, web_report_and_incident
from tests.services.helpers import officers, unlock
from tests.traces import raw_database, rows_of, sample


def _raw_database(core: Core, request: pytest.FixtureRequest) -> bytes:
    url = make_url(core.database.url)
    core.database.dispose()  # close connections so everything is on disk
    if url.get_backend_name() == "sqlite":
        assert url.database
        return b"".join(path.read_bytes() for path in Path(url.database).parent.glob(
            Path(url.database).name + "*"))
    server = request.getfixturevalue("mariadb_server")
    assert url.database
    return server.dump(url.database).encode("utf-8")


def test_R_7_3_planted_strings_never_reach_the_database_in_plain_text(
        core: Core, request: pytest.FixtureRequest) -> None:
    officers(core)
    planted = {field: f"PLANTED{field.upper()}{secrets.token_hex(8)}" for field in
               ("text", "where", "reporter", "contact", "respondent", "witness", "raw", "note")}
    filed = file_report(core, ReportInput(
        channel=Channel.WIKI_FORM, what_happened=f"Er gebeurde iets: {planted['text']}",
        where=planted["where"], raw=f"{{{{BVR-melding|tekst={planted['raw']}}}}}",
        parties=(PartyInput(PartyRole.REPORTER, name=planted["reporter"],
                            contact=planted["contact"]),
                 PartyInput(PartyRole.RESPONDENT, username=planted["respondent"]),
                 PartyInput(PartyRole.WITNESS, name=planted["witness"])),
        source_key="wiki:nl:4242"))
    casefiles.add_entry(core, filed.number, "Director", unlock(core, "Director"),
                        EntryKind.HEARING, {"notes": planted["note"], "adviser_present": True})
    # The test must prove the strings went in: read them back through the vault first.
    view = casefiles.open_case(core, filed.number, "Director", unlock(core, "Director"))
    assert view.entries[1].content["notes"] == planted["note"]

    raw = _raw_database(core, request)
    assert filed.number.encode() in raw  # the dump is real and holds this case's metadata
    for field, value in planted.items():
        assert value.encode() not in raw, f"{field} is readable in the database"
        assert value.lower().encode() not in raw.lower()


def test_R_6_2_screening_runs_notes_cache_and_schedules_keep_names_out_of_the_database(
        core: Core, request: pytest.FixtureRequest) -> None:
    """Screening handles participants' names and what is known about them (R-6.1, R-6.2):
    stored runs, notes of R-6.1(b), the response cache and re-check schedules are encrypted."""
    officers(core)
    planted = {field: f"PLANTED{field.upper()}{secrets.token_hex(8)}" for field in
               ("participant", "reason", "subject", "note", "page", "cached")}
    source = {"kind": "page", "title": f"Evenement/{planted['page']}"}
    report = {"participants": [{"name": planted["participant"], "status": "flagged",
                                "findings": [{"check": "d", "kind": "block", "source": "nlwiki",
                                              "log_id": "7", "expiry": "infinite",
                                              "reason": planted["reason"]}]}]}
    run_id = screening.store_run(core, report, source)
    screening.add_note(core, "Director", planted["subject"], planted["note"])
    cache = screening.ResponseCache(core, 60)
    cache.put_many({f"users\x1fnlwiki\x1f{planted['cached']}": {"exists": True}})
    screening.schedule(core, source, core.now() + timedelta(days=7), 24, run_id)
    # The strings went in: read back through the vault and the cache first.
    key = unlock(core, "Director")
    assert screening.read_run(core, run_id, "Director", key)["report"] == report
    assert screening.read_notes(core, "Director", key, planted["subject"])[0]["text"] \
        == planted["note"]
    assert cache.get_many([f"users\x1fnlwiki\x1f{planted['cached']}"])

    raw = _raw_database(core, request)
    assert b"screening-stored" in raw  # the dump is real and holds the audit record
    for field, value in planted.items():
        assert value.encode() not in raw, f"{field} is readable in the database"
        assert value.lower().encode() not in raw.lower()


def test_R_15_4_a_destroyed_case_leaves_neither_planted_strings_nor_their_ciphertext_on_disk(
        core: Core, clock: FrozenClock, request: pytest.FixtureRequest) -> None:
    """Markers planted in the report text, in both directions of the reporter's channel and in
    an incident record. They are never stored in plain text; what must leave the raw database
    with the destroyed files is their ciphertext: samples of every stored binary value (also
    the inbox copy wiped when the message was read, which lingered in free pages before)."""
    officers(core)
    filed = web_report_and_incident(core)
    unread = rows_of(core, (filed.web, filed.incident))
    read_and_close(core, filed)
    stored = rows_of(core, (filed.web, filed.incident))
    raw = raw_database(core, request)
    for name, blobs in stored.items():
        assert all(sample(blob) in raw for blob in blobs), f"{name}: the test would prove nothing"
    assert all(value.encode() not in raw for value in filed.markers.values())

    clock.now = datetime(2028, 3, 15, 9, tzinfo=UTC)  # two years after closing
    retention.destroy(core, retention.due(core))

    raw = raw_database(core, request)
    assert filed.web.encode() in raw and filed.incident.encode() in raw  # metadata stays
    for name, blobs in {**unread, **stored}.items():
        for blob in blobs:
            assert sample(blob) not in raw, f"{name} of a destroyed file is still on disk"
    for field, value in filed.markers.items():
        assert value.encode() not in raw, f"{field} is readable in the database"
    with pytest.raises(BvrError) as unknown:
        casework_web.read_channel(core, filed.code)
    assert unknown.value.message.key == "web-channel-unknown-code"


def test_R_15_4_retention_clears_what_earlier_wipes_left_in_free_pages(
        core: Core, clock: FrozenClock, request: pytest.FixtureRequest) -> None:
    """A SQLite built without secure deletion by default (Debian's has it; many do not) leaves
    a wiped inbox copy and removed message keys readable in free space. `bvr retention`
    rebuilds the file (VACUUM), so such leftovers of a destroyed file go too."""
    if core.database.engine.dialect.name != "sqlite":
        pytest.skip("free pages are a SQLite matter; a dump holds live rows only")

    def insecure(connection: Any, _record: object) -> None:
        connection.execute("PRAGMA secure_delete=OFF")

    event.listen(core.database.engine, "connect", insecure)
    core.database.dispose()
    officers(core)
    filed = web_report_and_incident(core)
    unread = rows_of(core, (filed.web, filed.incident))
    read_and_close(core, filed)  # wipes the inbox copy and deletes the message keys
    leftovers = {name: [sample(blob) for blob in unread[name]]
                 for name in ("reporter_message", "reporter_message_key")}
    raw = raw_database(core, request)
    assert any(found in raw for found in leftovers["reporter_message_key"]), \
        "nothing lingered: the test would prove nothing"
    event.remove(core.database.engine, "connect", insecure)

    clock.now = datetime(2028, 3, 15, 9, tzinfo=UTC)
    retention.destroy(core, retention.due(core))
    raw = raw_database(core, request)
    for name, samples in leftovers.items():
        assert not any(found in raw for found in samples), f"{name} lingers in free pages"
