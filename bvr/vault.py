"""The vault: envelope encryption of case content, on libsodium (PyNaCl).

- Every case file (and every register entry) has its own random *data key*; its content is
  encrypted with that key (XSalsa20-Poly1305, `nacl.secret.SecretBox`).
- The data key is *wrapped* to the X25519 public key of every person allowed to open the file
  (`nacl.public.SealedBox`). Sealing needs only the public key, so intake (the bot and the public
  form) can file a report but can never read one.
- Each person's private key is stored wrapped by a key derived with Argon2id from that person's
  own passphrase. It is unlocked for a session and never written to disk.
- A *blind index* (keyed BLAKE2b of the normalised username) lets screening find sanctions in
  force without decrypting; its key lives in the environment, never in the database, so a copy
  of the database cannot be matched against a list of names.

No primitive here is home-made: this module only chooses and combines libsodium's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

from bvr import usernames
from bvr.config import ENV_BLIND_INDEX_KEY
from bvr.errors import BvrError

DATA_KEY_BYTES = nacl.secret.SecretBox.KEY_SIZE
_KDF = nacl.pwhash.argon2id
MIN_PASSPHRASE_LENGTH = 12


class VaultError(BvrError):
    """Something in the vault cannot be done; the message is safe to show."""


class WrongPassphrase(VaultError):
    def __init__(self) -> None:
        super().__init__("core-vault-wrong-passphrase")


class TamperedData(VaultError):
    def __init__(self) -> None:
        super().__init__("core-vault-tampered")


@dataclass(frozen=True)
class KdfCost:
    """Argon2id cost. Interactive limits by default; tests may choose the minimum."""

    opslimit: int = _KDF.OPSLIMIT_INTERACTIVE
    memlimit: int = _KDF.MEMLIMIT_INTERACTIVE


FAST_KDF_FOR_TESTS = KdfCost(_KDF.OPSLIMIT_MIN, _KDF.MEMLIMIT_MIN)


@dataclass(frozen=True)
class LockedKey:
    """What is stored of a person's key pair: the public key, and the private key wrapped."""

    public_key: bytes
    wrapped_private_key: bytes
    salt: bytes
    opslimit: int
    memlimit: int


class UnlockedKey:
    """A person's private key in memory, for the length of a session."""

    def __init__(self, private_key: PrivateKey) -> None:
        self._private_key = private_key

    @property
    def public_key(self) -> bytes:
        return bytes(self._private_key.public_key)

    def unwrap(self, wrapped_data_key: bytes) -> bytes:
        """The data key that was wrapped to this person's public key."""
        try:
            return SealedBox(self._private_key).decrypt(wrapped_data_key)
        except nacl.exceptions.CryptoError:
            raise VaultError("core-vault-not-shared") from None

    def __repr__(self) -> str:  # never show key material in logs or tracebacks
        return "UnlockedKey(...)"


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise VaultError("core-vault-short-passphrase", minimum=MIN_PASSPHRASE_LENGTH)


def create_key(passphrase: str, cost: KdfCost = KdfCost()) -> LockedKey:
    """A new key pair for a person, the private half locked with their passphrase."""
    check_passphrase_strength(passphrase)
    private_key = PrivateKey.generate()
    return _lock(private_key, passphrase, cost)


def unlock(locked: LockedKey, passphrase: str) -> UnlockedKey:
    box = nacl.secret.SecretBox(_derive(passphrase, locked.salt, locked.opslimit,
                                        locked.memlimit))
    try:
        return UnlockedKey(PrivateKey(box.decrypt(locked.wrapped_private_key)))
    except nacl.exceptions.CryptoError:
        raise WrongPassphrase() from None


def change_passphrase(locked: LockedKey, old: str, new: str,
                      cost: KdfCost = KdfCost()) -> LockedKey:
    """The same key pair locked with a new passphrase; wrapped data keys stay valid."""
    check_passphrase_strength(new)
    key = unlock(locked, old)
    return _lock(key._private_key, new, cost)


def new_data_key() -> bytes:
    return nacl.utils.random(DATA_KEY_BYTES)


def wrap(data_key: bytes, public_key: bytes) -> bytes:
    """The data key sealed to a person's public key: only their private key opens it."""
    return SealedBox(PublicKey(public_key)).encrypt(data_key)


def encrypt(data_key: bytes, plaintext: bytes) -> bytes:
    return bytes(nacl.secret.SecretBox(data_key).encrypt(plaintext))


def decrypt(data_key: bytes, ciphertext: bytes) -> bytes:
    try:
        return nacl.secret.SecretBox(data_key).decrypt(ciphertext)
    except nacl.exceptions.CryptoError:
        raise TamperedData() from None


def normalise_username(name: str) -> str:
    """A username as MediaWiki canonicalises it (`bvr.usernames`, which also says when a name
    is invalid)."""
    return usernames.normalise(name).name


def blind_index_key_from_env() -> bytes:
    """The blind-index key (hex, 32 bytes) from `$BVR_BLIND_INDEX_KEY`."""
    value = os.environ.get(ENV_BLIND_INDEX_KEY, "")
    try:
        key = bytes.fromhex(value)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise VaultError("core-vault-no-index-key", variable=ENV_BLIND_INDEX_KEY)
    return key


def blind_index(username: str, key: bytes, version: int = usernames.INDEX_VERSION) -> str:
    """A keyed hash of the normalised username, hex: equal names give equal indexes."""
    digest = nacl.hash.blake2b(usernames.index_text(username, version).encode("utf-8"), key=key,
                               digest_size=32, encoder=nacl.encoding.HexEncoder)
    return digest.decode("ascii")


def _lock(private_key: PrivateKey, passphrase: str, cost: KdfCost) -> LockedKey:
    salt = nacl.utils.random(_KDF.SALTBYTES)
    box = nacl.secret.SecretBox(_derive(passphrase, salt, cost.opslimit, cost.memlimit))
    return LockedKey(
        public_key=bytes(private_key.public_key),
        wrapped_private_key=bytes(box.encrypt(bytes(private_key))),
        salt=salt,
        opslimit=cost.opslimit,
        memlimit=cost.memlimit,
    )


def _derive(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return bytes(_KDF.kdf(DATA_KEY_BYTES, passphrase.encode("utf-8"), salt,
                          opslimit=opslimit, memlimit=memlimit))
