"""The vault: envelope encryption, passphrase-locked keys, the blind index."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bvr import vault

FAST = vault.FAST_KDF_FOR_TESTS
PASSPHRASE = "correct horse battery staple"


def test_person_key_unlocks_only_with_its_passphrase() -> None:
    locked = vault.create_key(PASSPHRASE, FAST)
    assert vault.unlock(locked, PASSPHRASE).public_key == locked.public_key
    with pytest.raises(vault.WrongPassphrase):
        vault.unlock(locked, PASSPHRASE + "!")


def test_private_key_is_not_stored_in_the_clear() -> None:
    locked = vault.create_key(PASSPHRASE, FAST)
    secret = bytes(vault.unlock(locked, PASSPHRASE)._secret)
    assert secret not in locked.wrapped_private_key


def test_short_passphrase_is_refused_with_its_minimum() -> None:
    with pytest.raises(vault.VaultError) as refused:
        vault.create_key("short", FAST)
    assert str(vault.MIN_PASSPHRASE_LENGTH) in refused.value.text("nl")


def test_intake_can_seal_but_only_the_recipient_can_open() -> None:
    director = vault.create_key(PASSPHRASE, FAST)
    outsider = vault.create_key(PASSPHRASE, FAST)
    data_key = vault.new_data_key()
    # Sealing needs only the public key: this is all intake ever has.
    wrapped = vault.wrap(data_key, director.public_key)
    ciphertext = vault.encrypt(data_key, b"het verslag")
    opened = vault.unlock(director, PASSPHRASE).unwrap(wrapped)
    assert vault.decrypt(opened, ciphertext) == b"het verslag"
    with pytest.raises(vault.VaultError):
        vault.unlock(outsider, PASSPHRASE).unwrap(wrapped)


def test_changed_passphrase_keeps_wrapped_keys_valid() -> None:
    locked = vault.create_key(PASSPHRASE, FAST)
    wrapped = vault.wrap(b"k" * 32, locked.public_key)
    changed = vault.change_passphrase(locked, PASSPHRASE, "a new long passphrase", FAST)
    assert vault.unlock(changed, "a new long passphrase").unwrap(wrapped) == b"k" * 32
    with pytest.raises(vault.WrongPassphrase):
        vault.unlock(changed, PASSPHRASE)


def test_altered_ciphertext_is_detected() -> None:
    data_key = vault.new_data_key()
    ciphertext = bytearray(vault.encrypt(data_key, b"content"))
    ciphertext[-1] ^= 1
    with pytest.raises(vault.TamperedData):
        vault.decrypt(data_key, bytes(ciphertext))


def test_unlocked_key_never_shows_its_material() -> None:
    key = vault.unlock(vault.create_key(PASSPHRASE, FAST), PASSPHRASE)
    assert repr(key) == "UnlockedKey(...)"


@pytest.mark.parametrize(("typed", "stored"), [
    ("example_user", "Example user"),
    ("  example   user ", "Example user"),
    ("élodie", "Élodie"),
    ("e\u0301lodie", "Élodie"),  # decomposed accent: the same name after NFC
    ("مستخدم", "مستخدم"),  # right-to-left names have no case
])
def test_usernames_normalise_as_mediawiki_does(typed: str, stored: str) -> None:
    assert vault.normalise_username(typed) == stored


def test_blind_index_matches_spellings_of_one_name_only_with_the_key() -> None:
    key, other_key = b"1" * 32, b"2" * 32
    assert vault.blind_index("Example_user", key) == vault.blind_index("example user", key)
    assert vault.blind_index("Example user", key) != vault.blind_index("Example user2", key)
    assert vault.blind_index("Example user", key) != vault.blind_index("Example user",
                                                                       other_key)


def test_blind_index_key_must_come_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BVR_BLIND_INDEX_KEY")
    with pytest.raises(vault.VaultError, match="BVR_BLIND_INDEX_KEY"):
        vault.blind_index_key_from_env()
    monkeypatch.setenv("BVR_BLIND_INDEX_KEY", "not hex")
    with pytest.raises(vault.VaultError):
        vault.blind_index_key_from_env()


@given(st.binary(max_size=4096))
def test_encryption_round_trips_any_content(content: bytes) -> None:
    data_key = vault.new_data_key()
    assert vault.decrypt(data_key, vault.encrypt(data_key, content)) == content
