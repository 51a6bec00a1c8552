"""`bvr doctor`'s checks of the core: secrets, database, people and the hosting environment.

A check is a finding for the operator: ok, warning or error, what was found and how to fix it,
as message keys so it reaches them in their language. The wiki's checks live in `bot.doctor`
(they need pywikibot); the command (`bot/doctor/cli.py`) runs both. A check never raises: what
it cannot find out is its finding.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from bvr.config import (
    ENV_BLIND_INDEX_KEY,
    ENV_DATABASE_URL,
    ENV_SECRET_KEY,
    Config,
)
from bvr.i18n import Message

# Toolforge gives every tool these; either one means we run there.
TOOLFORGE_ENV = "TOOL_DATA_DIR"
TOOLFORGE_PROJECT_FILE = Path("/etc/wmcs-project")
# What a Toolforge deployment must have set with `toolforge envvars create` (docs/deployment.md).
TOOLFORGE_REQUIRED = (ENV_DATABASE_URL, ENV_BLIND_INDEX_KEY, ENV_SECRET_KEY)


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Check:
    """One finding: `name` is stable (for `--json` and monitoring), `found` and `fix` are texts."""

    name: str
    status: Status
    found: Message
    fix: Message | None = None

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"check": self.name, "status": self.status.value, "found": self.found.text(lang),
                "fix": self.fix.text(lang) if self.fix else None}


def ok(name: str, key: str, **params: object) -> Check:
    return Check(name, Status.OK, Message(key, params))


def problem(name: str, status: Status, key: str, fix: str, **params: object) -> Check:
    return Check(name, status, Message(key, params), Message(fix, params))


@dataclass(frozen=True)
class Environment:
    """What the checks read from outside the configuration (a seam for tests)."""

    variables: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    toolforge_file: Path = TOOLFORGE_PROJECT_FILE

    @property
    def on_toolforge(self) -> bool:
        return bool(self.variables.get(TOOLFORGE_ENV)) or self.toolforge_file.exists()


def config_checks(config: Config) -> list[Check]:
    """What the configuration alone shows (`bvr config check`, `bvr serve`'s start-up
    warnings, and the first of `bvr doctor`'s checks)."""
    return [_emergency_contacts(config), _emergency_numbers(config)]


def core_checks(config: Config, env: Environment | None = None) -> list[Check]:
    env = env or Environment()
    checks = [*config_checks(config), _blind_index_key(env)]
    checks += _database(config, env)
    if env.on_toolforge:
        checks.append(_toolforge(env))
    return checks


def _emergency_contacts(config: Config) -> Check:
    if config.emergency_contacts:
        return ok("emergency-contacts", "doctor-contacts-ok",
                  num=len(config.emergency_contacts))
    return problem("emergency-contacts", Status.ERROR, "doctor-contacts-missing",
                   "doctor-contacts-fix")


def _emergency_numbers(config: Config) -> Check:
    """The public pages tell someone in danger whom to call: an empty list leaves them none."""
    if config.emergency_numbers:
        return ok("emergency-numbers", "doctor-numbers-ok", numbers=", ".join(
            config.emergency_numbers))
    return problem("emergency-numbers", Status.ERROR, "doctor-numbers-missing",
                   "doctor-numbers-fix")


def _blind_index_key(env: Environment) -> Check:
    if env.variables.get(ENV_BLIND_INDEX_KEY):
        return ok("blind-index-key", "doctor-index-key-ok", variable=ENV_BLIND_INDEX_KEY)
    return problem("blind-index-key", Status.ERROR, "doctor-index-key-missing",
                   "doctor-index-key-fix", variable=ENV_BLIND_INDEX_KEY)


def _database(config: Config, env: Environment) -> list[Check]:
    from bvr.storage import schema
    from bvr.storage.db import Database

    url = env.variables.get(ENV_DATABASE_URL) or f"sqlite:///{config.database_path}"
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        # Opening a missing SQLite file would create it: a check must not write.
        return [problem("database", Status.ERROR, "doctor-db-missing", "doctor-db-fix",
                        path=url.removeprefix("sqlite:///"))]
    try:
        database = Database(config.database_url() if url == "toolsdb" else url)
        current = schema.current_revisions(database)
    except Exception as error:  # any failure to connect is the finding
        return [problem("database", Status.ERROR, "doctor-db-unreachable", "doctor-db-url-fix",
                        kind=type(error).__name__, variable=ENV_DATABASE_URL)]
    try:
        if current != schema.head_revisions():
            return [problem("database", Status.ERROR, "doctor-db-not-current", "doctor-db-fix",
                            revision=schema.describe(current))]
        return [ok("database", "doctor-db-ok", revision=schema.describe(current)),
                _key_holders(config, database)]
    finally:
        database.dispose()


def _key_holders(config: Config, database: Any) -> Check:
    """Every person with a role holds keys to case files (R-2.1): one without a key pair of
    their own cannot be given a case file's key, so the file would be shared with too few."""
    from bvr.services import people
    from bvr.services.core import Core

    keyless = [p.username for p in people.list_people(Core(config, database))
               if p.roles and not p.has_key]
    if keyless:
        return problem("key-holders", Status.ERROR, "doctor-keys-missing", "doctor-keys-fix",
                       names=", ".join(keyless))
    return ok("key-holders", "doctor-keys-ok")


def _toolforge(env: Environment) -> Check:
    missing = [name for name in TOOLFORGE_REQUIRED if not env.variables.get(name)]
    if missing:
        return problem("toolforge-envvars", Status.ERROR, "doctor-toolforge-missing",
                       "doctor-toolforge-fix", names=", ".join(missing))
    return ok("toolforge-envvars", "doctor-toolforge-ok")
