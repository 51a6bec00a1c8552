"""What every command shares: the configuration, the core handle, the reader's language,
and output of messages from the message files."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

from bvr import config as configuration
from bvr.i18n import catalogue, negotiate, translate

if TYPE_CHECKING:  # imported when used: `bvr --help` need not load SQLAlchemy
    from bvr.services.core import Core

ENV_LANG = "BVR_LANG"


@dataclass
class Context:
    config_path: str | None = None
    _core: Core | None = field(default=None, repr=False)
    #: Set by `--dry-run` (`dry_run_option`): messages say what would happen.
    dry_run: bool = False

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
    """Print message `key`; in a dry run its "would" form (`<key>-would`) when it has one."""
    if ctx.dry_run and f"{key}-would" in catalogue("en"):
        key = f"{key}-would"
    click.echo(translate(key, ctx.lang, **params))


F = TypeVar("F", bound=Callable[..., Any])


def dry_run_option(command: F) -> F:
    """`--dry-run` for a command that writes to the database or sends email: the command runs
    as usual inside a rehearsal (every check made, every unit of work rolled back at the end,
    no email sent) and says what *would* happen. The command must take the `Context` first."""

    @functools.wraps(command)
    def rehearsed(ctx: Context, *args: Any, dry_run: bool, **kwargs: Any) -> Any:
        if not dry_run:
            return command(ctx, *args, **kwargs)
        from bvr import notify

        ctx.dry_run = True
        say(ctx, "operator-dry-run-rehearsal")
        with ctx.core.database.rehearsal(), notify.rehearsal():
            return command(ctx, *args, **kwargs)

    return click.option("--dry-run", is_flag=True, help=translate(
        "operator-dry-run-help", "en"))(rehearsed)  # type: ignore[return-value]


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str))
