"""Destruction takes everything that hangs off a case (R-15.4, R-7.4): the reporter's channel
(receipt, messages and their keys), the contact persons' copies of incident records, and keys
of every kind, whatever table a feature keeps them in.

Three kinds of proof: the plan drawn from the schema covers every table with a path to a case
file, also one added later; after `bvr retention` the samples of every stored byte of the file
are gone from the raw database; and an offline copy taken afterwards opens nothing of it with
any officer's passphrase, nor with the receipt code.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from nacl.public import SealedBox
from sqlalchemy import (
    Column,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    func,
    select,
)

from bot.housekeeping.cli import retention
from bvr import vault
from bvr.domain import Role
from bvr.errors import BvrError
from bvr.services import casefiles, casework_incident, casework_web, people
from bvr.services import retention as destruction
from bvr.services.core import Core
from bvr.storage.models_keyring import PendingWrap
from bvr.storage.models_web import WebReceipt
from bvr.storage.registry import metadata
from tests.conftest import FrozenClock
from tests.housekeeping.cases import close, in_handling, run, sanction
from tests.housekeeping.channels import (
    CONTACT_PASSPHRASE,
    CONTACT_PERSON,
    read_and_close,
    web_report_and_incident,
)
from tests.services.helpers import PASSPHRASES, officers
from tests.traces import offline_copy, rows_of

#: Tables that must lose a destroyed file's rows today; a new one joins by itself (see below).
DESTROYED_TABLES = frozenset({
    "case_key", "case_entry", "party", "investigator", "conflict_declaration", "sanction_key",
    "web_receipt", "reporter_message", "reporter_message_key", "incident_copy",
    "decline_approval", "case_link", "intake_item", "retention_link", "attachment"})
#: R-14.4 counts these; they stay with anonymous metadata only.
KEPT_TABLES = frozenset({"case_file", "sanction", "appeal"})


def test_R_15_4_the_plan_covers_every_table_with_a_path_to_a_case_file() -> None:
    plan = destruction.plan(metadata())
    assert {table.name for table in plan.deleted} >= DESTROYED_TABLES
    assert {table.name for table in plan.kept_tables} == KEPT_TABLES
    # Every foreign key to a case file, or to a table that hangs off one, is on the plan.
    covered = {table.name for table in (*plan.deleted, *plan.kept_tables)}
    for table in metadata().sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name in covered and table.name not in covered:
                pytest.fail(f"{table.name} hangs off {key.column.table.name} but is not destroyed")


def test_R_15_4_a_table_added_later_that_references_a_case_file_is_destroyed_too() -> None:
    schema = MetaData()
    for table in metadata().sorted_tables:
        table.to_metadata(schema)
    Table("new_feature", schema, Column("id", Integer, primary_key=True),
          Column("case_id", ForeignKey("case_file.id")), Column("notes", LargeBinary))
    Table("new_feature_key", schema, Column("id", Integer, primary_key=True),
          Column("feature_id", ForeignKey("new_feature.id")), Column("wrapped_key", LargeBinary))
    Table("new_sanction_note", schema, Column("id", Integer, primary_key=True),
          Column("sanction_id", ForeignKey("sanction.id")))
    deleted = [table.name for table in destruction.plan(schema).deleted]
    assert {"new_feature", "new_feature_key", "new_sanction_note"} <= set(deleted)
    assert deleted.index("new_feature_key") < deleted.index("new_feature")  # children first


def test_R_15_4_a_kept_table_with_an_undecided_column_or_a_loose_case_id_is_refused() -> None:
    schema = MetaData()
    for table in metadata().sorted_tables:
        table.to_metadata(schema)
    schema.tables["sanction"].append_column(Column("respondent_note", LargeBinary))
    with pytest.raises(destruction.UnplannedData, match=r"sanction\.respondent_note"):
        destruction.plan(schema)

    schema = MetaData()
    for table in metadata().sorted_tables:
        table.to_metadata(schema)
    Table("loose_link", schema, Column("id", Integer, primary_key=True),
          Column("case_id", Integer), Column("what", String(20)))
    with pytest.raises(destruction.UnplannedData, match=r"loose_link\.case_id"):
        destruction.plan(schema)


def test_R_15_4_destruction_takes_the_channel_the_incident_copies_and_every_key(
        core: Core, clock: FrozenClock) -> None:
    officers(core)
    filed = web_report_and_incident(core)
    unread = rows_of(core, (filed.web, filed.incident))  # the inbox copy, the message keys
    assert {"web_receipt", "reporter_message", "reporter_message_key", "incident_copy",
            "case_key", "case_entry", "party"} <= set(unread)
    read_and_close(core, filed)
    kept = in_handling(core, text="Still being handled.", respondent="Still open")
    kept_rows = rows_of(core, (kept,))

    clock.now = datetime(2028, 3, 15, 9, tzinfo=UTC)  # closed 14 March 2026, kept two years
    output = run(retention, core).output
    assert filed.web in output and filed.incident in output and kept not in output

    assert rows_of(core, (filed.web, filed.incident)) == {}
    assert rows_of(core, (kept,)) == kept_rows
    with core.database.engine.connect() as connection:
        for table in ("web_receipt", "reporter_message", "reporter_message_key",
                      "incident_copy"):
            assert connection.execute(select(func.count()).select_from(
                metadata().tables[table])).scalar_one() == 0, f"{table} survived"
    with pytest.raises(BvrError) as unknown:
        casework_web.read_channel(core, filed.code)
    assert unknown.value.message.key == "web-channel-unknown-code"
    with pytest.raises(BvrError) as unknown:
        casework_web.reporter_writes(core, filed.code, "Is anyone there?", "info")
    assert unknown.value.message.key == "web-channel-unknown-code"


def _every_data_key(copy: Core, name: str, passphrase: str) -> list[bytes]:
    """Every data key of any kind that `name` can unwrap from the copy: any column called
    `wrapped_key`, in any table."""
    key = people.unlock(copy, name, passphrase)
    found = []
    with copy.database.engine.connect() as connection:
        for table in metadata().sorted_tables:
            if "wrapped_key" not in table.c:
                continue
            for (wrapped,) in connection.execute(select(table.c.wrapped_key)):
                try:
                    found.append(key.unwrap(wrapped))
                except vault.VaultError:
                    continue
    return found


def test_R_15_4_an_offline_copy_after_destruction_opens_nothing_with_any_passphrase(
        core: Core, clock: FrozenClock, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    officers(core)
    filed = web_report_and_incident(core)
    unread = rows_of(core, (filed.web, filed.incident))
    read_and_close(core, filed)
    sanctioned = in_handling(core, respondent="Sanctioned user")
    sanction(core, sanctioned, respondent="Sanctioned user")  # a warning: over at once
    close(core, sanctioned)
    numbers = (filed.web, filed.incident, sanctioned)
    secrets = [blob for blobs in {**unread, **rows_of(core, numbers)}.values() for blob in blobs]
    with core.database.transaction() as session:
        (salt,) = session.execute(select(WebReceipt.salt)).one()
    passphrases = {**PASSPHRASES, "Board_bvr": PASSPHRASES["Board bvr"],
                   CONTACT_PERSON: CONTACT_PASSPHRASE}
    passphrases.pop("Board bvr")
    # Before: the test can open what it later proves closed.
    assert any(_opens(key, secrets) for key in _every_data_key(core, "Director",
                                                               passphrases["Director"]))
    channel = SealedBox(casework_web._channel_key(filed.code, salt))
    assert any(_opens_sealed(channel, blob) for blob in unread["reporter_message"])

    clock.now = datetime(2028, 3, 15, 9, tzinfo=UTC)
    run(retention, core)
    (tmp_path / "copy").mkdir()
    copy = Core(core.config, offline_copy(core, request, tmp_path / "copy"), clock=clock,
                kdf_cost=core.kdf_cost)
    try:
        for name, passphrase in passphrases.items():
            keys = _every_data_key(copy, name, passphrase)
            assert not any(_opens(key, secrets) for key in keys), f"{name} opens a destroyed file"
            for number in numbers:
                with pytest.raises(BvrError):
                    casefiles.open_case(copy, number, name, people.unlock(
                        copy, name, passphrase))
        assert casework_incident.my_records(copy, CONTACT_PERSON, people.unlock(
            copy, CONTACT_PERSON, CONTACT_PASSPHRASE)) == []
        with pytest.raises(BvrError) as unknown:
            casework_web.read_channel(copy, filed.code)
        assert unknown.value.message.key == "web-channel-unknown-code"
        with copy.database.engine.connect() as connection:
            for table in metadata().sorted_tables:
                for column in table.columns:
                    if not isinstance(column.type, LargeBinary):
                        continue
                    for (value,) in connection.execute(select(column)):
                        assert value is None or not _opens_sealed(channel, value), \
                            f"the receipt code opens {table.name}.{column.name}"
            for table in ("case_key", "sanction_key", "reporter_message_key", "incident_copy"):
                count = connection.execute(select(func.count()).select_from(
                    metadata().tables[table])).scalar_one()
                assert count == 0, f"{table} still holds a wrapped key"
    finally:
        copy.database.dispose()


def _opens(key: bytes, blobs: list[bytes]) -> bool:
    for blob in blobs:
        try:
            vault.decrypt(key, blob)
        except vault.VaultError:
            continue
        return True
    return False


def _opens_sealed(box: SealedBox, blob: bytes) -> bool:  # type: ignore[type-arg]
    try:
        box.decrypt(bytes(blob))
    except Exception:
        return False
    return True


def test_R_15_4_wraps_still_queued_for_a_destroyed_file_go_with_it(
        core: Core, clock: FrozenClock) -> None:
    """A key holder appointed while nobody was unlocked has wraps queued (ADR 0007); they hold
    no key, but would still name who was meant to read a file that no longer exists."""
    officers(core)
    number = in_handling(core, text="Queued for a new director.")
    sanction(core, number)
    close(core, number)
    people.add_person(core, "New director", (Role.DIRECTOR,))
    people.set_passphrase(core, "New director", "new director passphrase")
    with core.database.transaction() as session:
        assert session.scalars(select(PendingWrap)).all()

    clock.now = datetime(2028, 3, 15, 9, tzinfo=UTC)
    assert number in run(retention, core).output
    with core.database.transaction() as session:
        assert session.scalars(select(PendingWrap)).all() == []
