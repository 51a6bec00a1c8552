"""The vault: envelope encryption of case content, on libsodium (PyNaCl).

- Every case file (and every register entry) has its own random *data key*; its content is
  encrypted with that key (XSalsa20-Poly1305, `nacl.secret.SecretBox`).
- The data key is *wrapped* to the X25519 public key of every person allowed to open the file
  (`nacl.public.SealedBox`). Sealing needs only the public key, so intake (the bot and the public
  form) can file a report but can never read one.
- Each person's private key is stored wrapped by a key derived with Argon2id from that person's
  own passphrase, at a cost chosen for an offline attack on a copy of the database (libsodium's
  MODERATE: docs/decisions/0006). It is unlocked for a session, never written to disk, and
  kept in a buffer that is zeroed when the session ends (`UnlockedKey.close`).
- A *blind index* (keyed BLAKE2b of the normalised username) lets screening find sanctions in
  force without decrypting; its key lives in the environment, never in the database, so a copy
  of the database cannot be matched against a list of names.

No primitive here is home-made: this module only chooses and combines libsodium's.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import nacl.bindings
import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.public import PublicKey, SealedBox

from bvr import strength, usernames
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
    """Argon2id cost. libsodium's MODERATE by default (3 passes over 256 MiB, about a second
    on two cores): the threat is an offline copy of the database, where only the cost
    of each guess slows an attacker (docs/decisions/0006). Tests may choose the minimum."""

    opslimit: int = _KDF.OPSLIMIT_MODERATE
    memlimit: int = _KDF.MEMLIMIT_MODERATE

    def exceeds(self, opslimit: int, memlimit: int) -> bool:
        """Whether this cost is higher than stored parameters: those are then upgraded."""
        return self.opslimit > opslimit or self.memlimit > memlimit


INTERACTIVE_KDF = KdfCost(_KDF.OPSLIMIT_INTERACTIVE, _KDF.MEMLIMIT_INTERACTIVE)
SENSITIVE_KDF = KdfCost(_KDF.OPSLIMIT_SENSITIVE, _KDF.MEMLIMIT_SENSITIVE)
FAST_KDF_FOR_TESTS = KdfCost(_KDF.OPSLIMIT_MIN, _KDF.MEMLIMIT_MIN)

#: One Argon2id derivation at a time per process: at MODERATE each takes 256 MiB, and the web
#: service's threads (gunicorn `--threads 8`) must not take 2 GiB when officers log in at
#: once. A derivation takes under a second and officers are few, so the wait is short.
_KDF_GATE = threading.BoundedSemaphore(1)


@contextmanager
def _kdf_slot() -> Iterator[None]:
    with _KDF_GATE:
        yield


@dataclass(frozen=True)
class LockedKey:
    """What is stored of a person's key pair: the public key, and the private key wrapped."""

    public_key: bytes
    wrapped_private_key: bytes
    salt: bytes
    opslimit: int
    memlimit: int


class UnlockedKey:
    """A person's private key in memory, for the length of a session.

    The secret is held in a `bytearray`, the one copy `close()` can zero. Each use hands
    libsodium a short-lived `bytes` copy (PyNaCl takes only `bytes`), freed but not wiped by
    Python: docs/decisions/0006 says how far wiping goes."""

    def __init__(self, secret: bytes | bytearray) -> None:
        self._secret = bytearray(secret)
        self._public = nacl.bindings.crypto_scalarmult_base(bytes(self._secret))
        self._closed = False

    @property
    def public_key(self) -> bytes:
        return self._public

    @property
    def closed(self) -> bool:
        return self._closed

    def unwrap(self, wrapped_data_key: bytes) -> bytes:
        """The data key that was wrapped to this person's public key."""
        if self.closed:
            raise VaultError("core-vault-locked")
        try:
            return nacl.bindings.crypto_box_seal_open(wrapped_data_key, self._public,
                                                      bytes(self._secret))
        except nacl.exceptions.CryptoError:
            raise VaultError("core-vault-not-shared") from None

    def close(self) -> None:
        """Zero the private key in place; the key opens nothing afterwards."""
        self._secret[:] = bytes(len(self._secret))
        self._closed = True

    def __repr__(self) -> str:  # never show key material in logs or tracebacks
        return "UnlockedKey(...)"


def check_passphrase_strength(passphrase: str, user_inputs: Iterable[str] = ()) -> None:
    """Refuse a passphrase that is short or that zxcvbn finds guessable (`bvr.strength`),
    counting the person's own names (`user_inputs`) as known to an attacker."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise VaultError("core-vault-short-passphrase", num_minimum=MIN_PASSPHRASE_LENGTH)
    strength.require_strong(passphrase, strength.PASSPHRASE_SCORE, user_inputs)


def create_key(passphrase: str, cost: KdfCost = KdfCost(),
               user_inputs: Iterable[str] = ()) -> LockedKey:
    """A new key pair for a person, the private half locked with their passphrase."""
    check_passphrase_strength(passphrase, user_inputs)
    return _lock(nacl.utils.random(nacl.bindings.crypto_box_SECRETKEYBYTES), passphrase, cost)


def unlock(locked: LockedKey, passphrase: str) -> UnlockedKey:
    box = nacl.secret.SecretBox(_derive(passphrase, locked.salt, locked.opslimit,
                                        locked.memlimit))
    try:
        return UnlockedKey(box.decrypt(locked.wrapped_private_key))
    except nacl.exceptions.CryptoError:
        raise WrongPassphrase() from None


def change_passphrase(locked: LockedKey, old: str, new: str,
                      cost: KdfCost = KdfCost(), user_inputs: Iterable[str] = ()) -> LockedKey:
    """The same key pair locked with a new passphrase; wrapped data keys stay valid."""
    check_passphrase_strength(new, user_inputs)
    key = unlock(locked, old)
    try:
        return relock(key, new, cost)
    finally:
        key.close()


def relock(key: UnlockedKey, passphrase: str, cost: KdfCost) -> LockedKey:
    """The same key pair locked again, with a new salt and `cost`: how a key stored at a lower
    cost is upgraded when its owner next unlocks it (the passphrase is the one just checked)."""
    return _lock(bytes(key._secret), passphrase, cost)


def hash_password(password: str, cost: KdfCost) -> bytes:
    """An Argon2id password hash (libsodium's string format, with its own salt and cost)."""
    with _kdf_slot():
        hashed: bytes = nacl.pwhash.argon2id.str(password.encode("utf-8"),
                                                 opslimit=cost.opslimit, memlimit=cost.memlimit)
    return hashed


def verify_password(stored: bytes, password: str) -> bool:
    with _kdf_slot():
        try:
            return nacl.pwhash.verify(stored, password.encode("utf-8"))
        except nacl.exceptions.InvalidkeyError:
            return False


_ARGON2_PARAMS = re.compile(rb"\$m=(\d+),t=(\d+),p=\d+\$")


def password_hash_below(stored: bytes, cost: KdfCost) -> bool:
    """Whether a stored password hash was made at a lower cost than `cost` (to upgrade)."""
    found = _ARGON2_PARAMS.search(stored)
    if found is None:
        return True
    return cost.exceeds(opslimit=int(found.group(2)), memlimit=int(found.group(1)) * 1024)


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


def _lock(secret: bytes, passphrase: str, cost: KdfCost) -> LockedKey:
    salt = nacl.utils.random(_KDF.SALTBYTES)
    box = nacl.secret.SecretBox(_derive(passphrase, salt, cost.opslimit, cost.memlimit))
    return LockedKey(
        public_key=nacl.bindings.crypto_scalarmult_base(secret),
        wrapped_private_key=bytes(box.encrypt(secret)),
        salt=salt,
        opslimit=cost.opslimit,
        memlimit=cost.memlimit,
    )


def _derive(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    with _kdf_slot():
        return bytes(_KDF.kdf(DATA_KEY_BYTES, passphrase.encode("utf-8"), salt,
                              opslimit=opslimit, memlimit=memlimit))
