"""What every command shares: the configuration, the core handle, the reader's language,
and output of messages from the message files."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import click

from bvr import config as configuration
from bvr.i18n import negotiate, translate

if TYPE_CHECKING:  # imported when used: `bvr --help` need not load SQLAlchemy
    from bvr.services.core import Core

ENV_LANG = "BVR_LANG"


@dataclass
class Context:
    config_path: str | None = None
    _core: Core | None = field(default=None, repr=False)

    @property
    def config(self) -> configuration.Config:
        return self.core.config if self._core else configuration.load(self.config_path)

    @property
    def lang(self) -> str:
        return operator_language(self.config_path)

    @property
    def core(self) -> Core:
        if self._core is None:
            from bvr.services.core import Core

            self._core = Core.from_config(configuration.load(self.config_path))
        return self._core

    def ready_core(self) -> Core:
        """The core, refusing clearly when the database has not been created or upgraded."""
        from bvr.storage import schema

        core = self.core
        if not schema.is_current(core.database):
            revision = schema.describe(schema.current_revisions(core.database))
            raise click.ClickException(translate("core-db-not-current", self.lang,
                                                 revision=revision))
        return core


def operator_language(config_path: str | None) -> str:
    """`$BVR_LANG`, else the configured language; falls back quietly if the file is bad."""
    try:
        default = configuration.load(config_path).language
    except configuration.ConfigError:
        default = "nl"
    return negotiate(os.environ.get(ENV_LANG), default)


pass_context = click.make_pass_decorator(Context, ensure=True)


def say(ctx: Context, key: str, **params: object) -> None:
    click.echo(translate(key, ctx.lang, **params))


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))
