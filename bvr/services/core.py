"""The handle every service takes: configuration, database, clock and blind-index key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from bvr import vault
from bvr.config import Config
from bvr.storage.db import Database


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Core:
    config: Config
    database: Database
    clock: Callable[[], datetime] = utc_now
    # Argon2id cost for new passphrases; tests lower it to keep the suite fast.
    kdf_cost: vault.KdfCost = field(default_factory=vault.KdfCost)

    @classmethod
    def from_config(cls, config: Config) -> Core:
        return cls(config, Database(config.database_url()))

    def now(self) -> datetime:
        return self.clock()

    @cached_property
    def index_key(self) -> bytes:
        """The blind-index key, from the environment (raises a clear error when unset)."""
        return vault.blind_index_key_from_env()

    def blind_index(self, username: str) -> str:
        """The index new rows are written with (`bvr.usernames.INDEX_VERSION`)."""
        return vault.blind_index(username, self.index_key)

    def blind_indexes(self, username: str) -> tuple[str, ...]:
        """Every index rows about `username` may carry: the current one, and the one of the
        normalisation before issue 11 for rows `bvr vault reindex` has not reached yet."""
        current = self.blind_index(username)
        legacy = vault.blind_index(username, self.index_key, version=1)
        return (current,) if legacy == current else (current, legacy)
