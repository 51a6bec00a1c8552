"""The intake key: what a reader's browser seals a wiki report to (ADR 0005, issue 10).

HPKE (RFC 9180) in base mode with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-128-GCM,
through `pyhpke`; the browser uses `@hpke/core` with the same suite (`gadget/`). Nothing here
is home-made: this module only names the suite, the context strings and the key format.

The private keys live only in the environment (`$BVR_INTAKE_KEY`, like the blind-index key):
base64url X25519 private keys separated by commas, the first being the current one (its public
key is published on the wiki), the others older keys kept so that reports sealed to them just
before a rotation still open. A key is known by its id, a short hash of its public key, which
the browser writes next to the ciphertext.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from pyhpke import AEADId, CipherSuite, KDFId, KEMId
from pyhpke.exceptions import PyHPKEError

from bvr.config import ENV_INTAKE_KEY
from bvr.errors import BvrError

SUITE = CipherSuite.new(KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES128_GCM)
#: HPKE `info`: binds every sealed report to this use and version of the format.
INFO = b"BVR sealed report v1"
#: The first line of the associated data; the browser builds the same bytes (`aad`).
AAD_LABEL = "bvr-sealed-report/1"


class IntakeKeyError(BvrError):
    """`$BVR_INTAKE_KEY` is missing or malformed; the message says how to make one."""


class SealError(Exception):
    """A sealed report did not open (wrong key, altered ciphertext or routing fields)."""


@dataclass(frozen=True)
class IntakeKey:
    kid: str
    private: bytes
    public: bytes

    @property
    def public_text(self) -> str:
        return b64url(self.public)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    text = "".join(text.split())
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public: bytes) -> str:
    """A short public name for a key: what the browser writes next to the ciphertext."""
    return b64url(hashlib.sha256(b"bvr-intake-key\n" + public).digest()[:9])


def _keypair(private: bytes) -> IntakeKey:
    public = X25519PrivateKey.from_private_bytes(private).public_key().public_bytes_raw()
    return IntakeKey(key_id(public), private, public)


def new_key() -> IntakeKey:
    """A fresh random key (`bvr vault new-intake-key`)."""
    return _keypair(X25519PrivateKey.generate().private_bytes_raw())


def parse_keys(value: str) -> list[IntakeKey]:
    """The keys in a `$BVR_INTAKE_KEY` value, current first."""
    keys = []
    for part in value.split(","):
        if not part.strip():
            continue
        try:
            private = unb64url(part.strip())
        except ValueError:
            private = b""
        if len(private) != 32:
            raise IntakeKeyError("sealed-key-malformed", variable=ENV_INTAKE_KEY)
        keys.append(_keypair(private))
    return keys


def keys_from_env() -> list[IntakeKey]:
    """The keys in `$BVR_INTAKE_KEY` (empty when unset: then nothing sealed can be opened and
    `bvr wiki install` does not publish the sealing gadget)."""
    return parse_keys(os.environ.get(ENV_INTAKE_KEY, ""))


def aad(kid: str, user: str, emergency: bool, language: str) -> bytes:
    """The associated data: the fields that stay readable on the wiki, and the account that
    saves the page. Changing any of them (or copying the sealed text into a page saved by
    someone else) makes the report fail to open instead of lying."""
    return "\n".join([AAD_LABEL, kid, user, "yes" if emergency else "no", language]
                     ).encode("utf-8")


def open_sealed(keys: list[IntakeKey], kid: str, enc: bytes, ciphertext: bytes,
                associated: bytes) -> bytes:
    """The plaintext, in memory only. Raises `SealError` when it does not open."""
    chosen = [key for key in keys if key.kid == kid] or keys
    failures = []
    for key in chosen:
        try:
            recipient = SUITE.create_recipient_context(
                enc, SUITE.kem.deserialize_private_key(key.private), info=INFO)
            return recipient.open(ciphertext, aad=associated)
        except (PyHPKEError, ValueError) as error:  # a bad `enc` is a ValueError
            failures.append(f"{key.kid}: {type(error).__name__}")
    raise SealError("; ".join(failures) if failures else "no intake key is set")


def seal(public: bytes, plaintext: bytes, associated: bytes) -> tuple[bytes, bytes]:
    """(enc, ciphertext): what the browser does, for tests and the benchmark."""
    enc, sender = SUITE.create_sender_context(SUITE.kem.deserialize_public_key(public),
                                              info=INFO)
    return enc, sender.seal(plaintext, aad=associated)
