"""Who must sign the acknowledgement and where they stand (R-4.1 to R-4.3), from the register
and the advanced-rights holders the bot read from the wiki."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bvr.domain import Role
from bvr.rules.acknowledgements import AckStatus, Category
from bvr.services import housekeeping, people
from bvr.services.core import Core
from bvr.services.housekeeping import AckLine
from tests.conftest import FrozenClock


def _lines(core: Core, *wiki_admins: str) -> dict[str, AckLine]:
    return {line.username: line for line in
            housekeeping.acknowledgement_overview(core, wiki_admins)}


def test_R_4_1_roles_categories_and_advanced_rights_must_sign(core: Core) -> None:
    people.add_person(core, "Staffer", (Role.STAFF,))
    people.add_person(core, "Helper")  # an executive volunteer at an event, no role
    people.add_person(core, "Bystander")
    people.add_person(core, "Wiki admin")
    housekeeping.set_category(core, "Helper", Category.EXECUTIVE_VOLUNTEER, date(2026, 1, 1))
    lines = _lines(core, "Wiki_admin", "Unregistered admin")
    assert set(lines) == {"Staffer", "Helper", "Wiki admin", "Unregistered admin"}
    assert lines["Helper"].capacities == ("executive_volunteer",)
    assert lines["Wiki admin"].capacities == ("advanced_rights",)
    assert not lines["Unregistered admin"].in_register
    assert all(line.status is AckStatus.MISSING and line.needs_reminder
               for line in lines.values())


def test_R_4_1_a_category_that_ended_no_longer_asks_for_a_signature(core: Core) -> None:
    people.add_person(core, "Former helper")
    housekeeping.set_category(core, "Former helper", Category.EXECUTIVE_VOLUNTEER,
                              date(2025, 1, 1), until=date(2026, 1, 31))
    assert _lines(core) == {}


def test_R_4_2_three_years_from_a_leap_day_and_expiring_soon(
        core: Core, clock: FrozenClock) -> None:
    people.add_person(core, "Board member", (Role.BOARD,))
    people.record_acknowledgement(core, "Board member", date(2024, 2, 29), "board")
    people.record_training(core, "Board member", date(2024, 2, 1))
    clock.now = datetime(2026, 12, 1, tzinfo=UTC)
    assert _lines(core)["Board member"].status is AckStatus.VALID
    assert not _lines(core)["Board member"].needs_reminder
    clock.now = datetime(2027, 2, 27, 22, 59, tzinfo=UTC)  # 27 Feb, 23:59 in Amsterdam
    line = _lines(core)["Board member"]
    assert (line.status, line.expires_on) == (AckStatus.EXPIRING_SOON, date(2027, 2, 28))
    clock.now = datetime(2027, 2, 27, 23, 0, 1, tzinfo=UTC)  # 28 Feb in Amsterdam
    assert _lines(core)["Board member"].status is AckStatus.EXPIRED


def test_R_4_2_a_reappointment_asks_for_a_new_signature(
        core: Core, clock: FrozenClock) -> None:
    people.add_person(core, "Board member", (Role.BOARD,))
    people.record_acknowledgement(core, "Board member", date(2026, 1, 10), "board")
    housekeeping.record_reappointment(core, "Board member", date(2026, 3, 1))
    assert _lines(core)["Board member"].status is AckStatus.EXPIRED
    people.record_acknowledgement(core, "Board member", date(2026, 3, 1), "board")
    assert _lines(core)["Board member"].status is AckStatus.VALID


def test_R_4_3_an_untrained_signer_is_reminded(core: Core) -> None:
    people.add_person(core, "Contact", (Role.CONTACT_PERSON,))
    people.record_acknowledgement(core, "Contact", date(2026, 3, 1), "contact_person")
    line = _lines(core)["Contact"]
    assert line.status is AckStatus.VALID and not line.trained and line.needs_reminder
    key = housekeeping.ack_reminder_key(core, line)
    assert key[1:] == ("R-4.3", "untrained", date(2026, 3, 1))
    assert housekeeping.ack_reminder_pending(core, line)
    housekeeping.mark_ack_reminded(core, line)
    assert not housekeeping.ack_reminder_pending(core, line)  # once a month
