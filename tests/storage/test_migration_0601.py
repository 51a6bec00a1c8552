"""Migration 0601 on a database that already holds data: the single R-15.5 link column moves
into `retention_link` rows, receipts learn their case, and what earlier destructions left of
the reporter's channel (a receipt whose case no longer has its source key) is deleted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bvr.storage import schema
from bvr.storage.db import Database

NOW = datetime(2026, 3, 14, 10, tzinfo=UTC).replace(tzinfo=None)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    found = Database(database_url)
    yield found
    found.dispose()


def _case(number: str, sequence: int, source_key: str | None,
          linked_to: int | None) -> dict[str, object]:
    return {"id": sequence, "number": number, "year": 2026, "sequence": sequence,
            "status": "closed", "channel": "web_form", "anonymous": False, "emergency": False,
            "during_event": False, "source_key": source_key, "received_at": NOW,
            "reporter_informed": False, "linked": linked_to}


def test_R_15_5_and_R_15_4_migration_0601_moves_links_and_receipts(database: Database) -> None:
    schema.upgrade(database, "0201")  # the schema before this revision, web tables included
    with database.engine.begin() as connection:
        for row in (_case("BVR-2026-001", 1, None, None),  # destroyed before: key blanked
                    _case("BVR-2026-002", 2, "web:kept", None),
                    _case("BVR-2026-003", 3, None, 2)):
            connection.execute(text(
                "INSERT INTO case_file (id, number, year, sequence, status, channel, anonymous,"
                " emergency, during_event, source_key, received_at, reporter_informed,"
                " retention_linked_to_id) VALUES (:id, :number, :year, :sequence, :status,"
                " :channel, :anonymous, :emergency, :during_event, :source_key, :received_at,"
                " :reporter_informed, :linked)"), row)
        connection.execute(text(
            "INSERT INTO person (id, username, language, created_at) VALUES"
            " (1, 'Director', 'nl', :now)"), {"now": NOW})
        for receipt_id, source_key in ((1, "web:gone"), (2, "web:kept")):
            connection.execute(text(
                "INSERT INTO web_receipt (id, code_hash, source_key, salt, channel_public_key,"
                " reporter_is_victim, created_at) VALUES (:id, :hash, :key, :salt, :public,"
                " 0, :now)"), {"id": receipt_id, "hash": f"hash{receipt_id}", "key": source_key,
                               "salt": b"s" * 16, "public": b"p" * 32, "now": NOW})
            connection.execute(text(
                "INSERT INTO reporter_message (id, receipt_id, direction, kind, created_at,"
                " for_reporter) VALUES (:id, :id, 'from_reporter', 'info', :now, :sealed)"),
                {"id": receipt_id, "now": NOW, "sealed": b"sealed message"})
            connection.execute(text(
                "INSERT INTO reporter_message_key (message_id, person_id, wrapped_key)"
                " VALUES (:id, 1, :wrapped)"), {"id": receipt_id, "wrapped": b"w" * 48})

    schema.upgrade(database)
    assert schema.is_current(database)
    with database.engine.connect() as connection:
        assert connection.execute(text(
            "SELECT case_id, linked_to_id FROM retention_link")).all() == [(3, 2)]
        assert connection.execute(text(
            "SELECT COUNT(*) FROM case_file WHERE retention_linked_to_id IS NOT NULL")
        ).scalar_one() == 0
        assert connection.execute(text("SELECT id, case_id FROM web_receipt")).all() == [(2, 2)]
        assert connection.execute(text("SELECT id FROM reporter_message")).all() == [(2,)]
        assert connection.execute(text(
            "SELECT message_id FROM reporter_message_key")).all() == [(2,)]
