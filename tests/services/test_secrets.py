"""Secrets people can't get wrong (issue 11, part 4), in the core: passphrases and passwords
are checked for strength by zxcvbn with the person's own names as known words; one string is
never both the desk password and the vault passphrase; keys are derived at a cost chosen for an
offline attack and upgraded to it at the next unlock (R-15.2, R-7.3: a copy of the database
plus a guessable passphrase would open every file shared with that person)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import nacl.pwhash
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bvr import strength, vault
from bvr.cli import main
from bvr.domain import Role
from bvr.errors import BvrError
from bvr.i18n import LANGUAGES, translate
from bvr.services import casework_accounts, people
from bvr.services.core import Core
from bvr.storage.models import AuditRecord, Person
from bvr.storage.models_web import LocalAccount

GOOD_PASSPHRASE = "lantern otter gravel sunday"
GOOD_PASSWORD = "marble kettle window 88"
WEAK = [("aaaaaaaaaaaa", "core-secret-weak-repeat"), (" " * 12, "core-secret-weak-repeat"),
        ("abcdefghijklmnop", "core-secret-weak-sequence"),
        ("password123456", "core-secret-weak-common"),
        ("qwertyuiopasdf", "core-secret-weak-common")]


def _key_of(error: pytest.ExceptionInfo[BvrError]) -> str:
    return error.value.message.key


@pytest.mark.parametrize(("secret", "key"), WEAK)
def test_R_15_2_a_weak_passphrase_is_refused_saying_how_to_make_a_good_one(
        core: Core, secret: str, key: str) -> None:
    people.add_person(core, "Dora", (Role.DIRECTOR,))
    with pytest.raises(BvrError) as refused:
        people.set_passphrase(core, "Dora", secret)
    assert _key_of(refused) == key
    assert not people.has_key(core, "Dora")  # nothing half-written
    advice = {"nl": "losse woorden", "en": "unrelated words", "sv": "orelaterade ord"}
    for lang in LANGUAGES:
        assert advice[lang] in refused.value.text(lang)


@pytest.mark.parametrize(("secret", "key"), WEAK)
def test_R_15_2_a_weak_desk_password_is_refused(core: Core, secret: str, key: str) -> None:
    people.add_person(core, "Dora", (Role.DIRECTOR,))
    with pytest.raises(BvrError) as refused:
        casework_accounts.set_local_password(core, "Dora", secret)
    assert _key_of(refused) == key
    with core.database.transaction() as session:
        assert session.scalars(select(LocalAccount)).first() is None


def test_R_15_2_the_persons_own_name_counts_as_known_to_an_attacker(core: Core) -> None:
    people.add_person(core, "Theodora Vanderbilt", (Role.DIRECTOR,),
                      email="theo.vdb@example.org")
    own = "Theodora Vanderbilt 2026"
    assert strength.estimate(own).score >= strength.PASSWORD_SCORE  # strong for a stranger
    with pytest.raises(BvrError) as refused:
        people.set_passphrase(core, "Theodora Vanderbilt", own)
    assert _key_of(refused) == "core-secret-weak-name"
    with pytest.raises(BvrError) as refused:
        casework_accounts.set_local_password(core, "Theodora Vanderbilt", own)
    assert _key_of(refused) == "core-secret-weak-name"


def test_R_15_2_several_unrelated_words_are_accepted(core: Core) -> None:
    people.add_person(core, "Dora", (Role.DIRECTOR,))
    people.set_passphrase(core, "Dora", GOOD_PASSPHRASE)
    casework_accounts.set_local_password(core, "Dora", GOOD_PASSWORD)
    assert casework_accounts.check_local_login(core, "Dora", GOOD_PASSWORD) == "Dora"
    people.unlock(core, "Dora", GOOD_PASSPHRASE).close()


def test_R_15_2_one_string_is_never_both_password_and_passphrase(core: Core) -> None:
    people.add_person(core, "Dora", (Role.DIRECTOR,))
    people.add_person(core, "Bea", (Role.BOARD_BVR,))
    # Passphrase first: the password may not be it (the key is unlocked with the candidate).
    people.set_passphrase(core, "Dora", GOOD_PASSPHRASE)
    with pytest.raises(BvrError) as refused:
        casework_accounts.set_local_password(core, "Dora", GOOD_PASSPHRASE)
    assert _key_of(refused) == "core-secret-same-as-passphrase"
    assert casework_accounts.check_local_login(core, "Dora", GOOD_PASSPHRASE) is None
    # Password first: the passphrase may not be it (checked against the password's hash),
    # neither a first passphrase nor a new one.
    casework_accounts.set_local_password(core, "Bea", GOOD_PASSWORD)
    with pytest.raises(BvrError) as refused:
        people.set_passphrase(core, "Bea", GOOD_PASSWORD)
    assert _key_of(refused) == "core-secret-same-as-password"
    assert not people.has_key(core, "Bea")
    people.set_passphrase(core, "Bea", GOOD_PASSPHRASE)
    with pytest.raises(BvrError) as refused:
        people.set_passphrase(core, "Bea", GOOD_PASSWORD, old=GOOD_PASSPHRASE)
    assert _key_of(refused) == "core-secret-same-as-password"
    people.unlock(core, "Bea", GOOD_PASSPHRASE).close()  # the old passphrase still holds
    for key in ("core-secret-same-as-password", "core-secret-same-as-passphrase"):
        assert len({translate(key, lang) for lang in LANGUAGES}) == 3


def test_R_15_2_keys_are_derived_at_a_cost_chosen_for_an_offline_attack() -> None:
    assert vault.KdfCost() == vault.KdfCost(nacl.pwhash.argon2id.OPSLIMIT_MODERATE,
                                            nacl.pwhash.argon2id.MEMLIMIT_MODERATE)
    assert Core.__dataclass_fields__["kdf_cost"].default_factory() == vault.KdfCost()  # type: ignore[misc]
    assert vault.KdfCost().memlimit >= 4 * vault.INTERACTIVE_KDF.memlimit


def _stored(core: Core, name: str) -> tuple[bytes, bytes, int, int]:
    with core.database.transaction() as session:
        person = people.get(session, name)
        assert person.public_key and person.key_salt
        assert person.key_opslimit is not None and person.key_memlimit is not None
        return person.public_key, person.key_salt, person.key_opslimit, person.key_memlimit


def test_R_15_2_a_key_stored_at_a_lower_cost_is_upgraded_when_its_owner_next_unlocks(
        core: Core) -> None:
    people.add_person(core, "Dora", (Role.DIRECTOR,))
    people.set_passphrase(core, "Dora", GOOD_PASSPHRASE)  # at the test's minimum cost
    public, salt, ops, mem = _stored(core, "Dora")
    data_key = vault.new_data_key()
    wrapped = vault.wrap(data_key, public)  # a case file shared before the upgrade

    higher = vault.KdfCost(ops + 1, mem * 2)  # cheap enough for a test, higher than stored
    core.kdf_cost = higher
    key = people.unlock(core, "Dora", GOOD_PASSPHRASE)
    assert key.unwrap(wrapped) == data_key
    new_public, new_salt, new_ops, new_mem = _stored(core, "Dora")
    assert (new_public, new_ops, new_mem) == (public, higher.opslimit, higher.memlimit)
    assert new_salt != salt  # locked again, the same key pair
    with core.database.transaction() as session:
        actions = list(session.scalars(select(AuditRecord.action)))
    assert actions.count("key-cost-upgraded") == 1
    people.unlock(core, "Dora", GOOD_PASSPHRASE).close()  # at the new cost: no second upgrade
    with core.database.transaction() as session:
        assert list(session.scalars(select(AuditRecord.action))).count("key-cost-upgraded") == 1

    # A passphrase change locks at the core's cost too; the wrapped data key still opens.
    core.kdf_cost = vault.KdfCost(higher.opslimit + 1, higher.memlimit)
    people.set_passphrase(core, "Dora", "meadow cobalt tractor vinyl", old=GOOD_PASSPHRASE)
    assert _stored(core, "Dora")[2] == higher.opslimit + 1
    again = people.unlock(core, "Dora", "meadow cobalt tractor vinyl")
    assert again.unwrap(wrapped) == data_key


def test_R_15_2_a_password_hash_at_a_lower_cost_is_made_again_at_login(core: Core) -> None:
    people.add_person(core, "Dora", (Role.DIRECTOR,))
    casework_accounts.set_local_password(core, "Dora", GOOD_PASSWORD)

    def stored() -> bytes:
        with core.database.transaction() as session:
            return session.scalars(select(LocalAccount.password_hash)).one()

    before = stored()
    assert not vault.password_hash_below(before, core.kdf_cost)
    core.kdf_cost = vault.KdfCost(core.kdf_cost.opslimit + 1, core.kdf_cost.memlimit * 2)
    assert vault.password_hash_below(before, core.kdf_cost)
    assert casework_accounts.check_local_login(core, "Dora", "not the password at all") is None
    assert stored() == before  # a wrong password changes nothing
    assert casework_accounts.check_local_login(core, "Dora", GOOD_PASSWORD) == "Dora"
    assert not vault.password_hash_below(stored(), core.kdf_cost)
    assert casework_accounts.check_local_login(core, "Dora", GOOD_PASSWORD) == "Dora"


def test_R_15_2_key_derivation_runs_outside_units_of_work(
        core: Core, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/decisions/0004: while Argon2id runs, another unit of work can start."""
    people.add_person(core, "Dora", (Role.DIRECTOR,))
    derive: Callable[..., bytes] = vault._derive
    blocked: list[str] = []

    def watched(*args: object) -> bytes:
        done = threading.Event()

        def other_unit_of_work() -> None:
            with core.database.transaction() as session:
                session.scalars(select(Person.id)).all()
            done.set()

        worker = threading.Thread(target=other_unit_of_work, daemon=True)
        worker.start()
        if not done.wait(10):
            blocked.append("derivation inside a unit of work")
        worker.join(30)
        return derive(*args)

    monkeypatch.setattr(vault, "_derive", watched)
    people.set_passphrase(core, "Dora", GOOD_PASSPHRASE)
    core.kdf_cost = vault.KdfCost(core.kdf_cost.opslimit + 1, core.kdf_cost.memlimit)
    people.unlock(core, "Dora", GOOD_PASSPHRASE).close()  # unlock and its upgrade
    assert blocked == []


def test_R_15_2_a_closed_key_is_zeroed_and_opens_nothing() -> None:
    locked = vault.create_key(GOOD_PASSPHRASE, vault.FAST_KDF_FOR_TESTS)
    data_key = vault.new_data_key()
    wrapped = vault.wrap(data_key, locked.public_key)
    key = vault.unlock(locked, GOOD_PASSPHRASE)
    assert key.unwrap(wrapped) == data_key
    buffer = key._secret
    key.close()
    assert buffer == bytearray(len(buffer)) and key.closed
    with pytest.raises(vault.VaultError) as refused:
        key.unwrap(wrapped)
    assert refused.value.message.key == "core-vault-locked"


def test_R_15_2_the_command_line_refuses_weak_and_shared_secrets_in_the_operators_language(
        tmp_path: Path) -> None:
    """`bvr people passphrase` and `bvr desk-account`, as an operator runs them (at the
    default cost, so this test also shows it is bearable)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("BVR_")}
    env.update({"BVR_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                "BVR_BLIND_INDEX_KEY": os.environ["BVR_BLIND_INDEX_KEY"], "BVR_LANG": "sv"})

    def bvr(*args: str, stdin: str = "") -> tuple[int, str]:
        result = CliRunner().invoke(main, list(args), input=stdin, env=env)
        return result.exit_code, result.output

    assert bvr("db", "upgrade")[0] == 0
    assert bvr("people", "add", "Dora", "--role", "director")[0] == 0
    code, output = bvr("people", "passphrase", "Dora", "--stdin", stdin=" " * 12 + "\n")
    assert code == 1
    assert translate("core-secret-weak-repeat", "sv") in output
    assert bvr("people", "passphrase", "Dora", "--stdin", stdin=GOOD_PASSPHRASE + "\n")[0] == 0
    code, output = bvr("desk-account", "Dora", stdin=f"{GOOD_PASSPHRASE}\n" * 2)
    assert code == 1
    assert translate("core-secret-same-as-passphrase", "sv") in output
    code, output = bvr("desk-account", "Dora", stdin="aaaaaaaaaaaa\n" * 2)
    assert code == 1 and translate("core-secret-weak-repeat", "sv") in output
    assert bvr("desk-account", "Dora", stdin=f"{GOOD_PASSWORD}\n" * 2)[0] == 0
