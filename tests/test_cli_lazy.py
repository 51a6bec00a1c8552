"""`bvr` loads a command's modules only when that command runs (issue 15, item 7): `--help`
imports no command, `stats` no adapter; the help table stays equal to the commands' own."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bvr.cli import COMMANDS, main

HEAVY = ("pywikibot", "flask", "werkzeug", "mwparserfromhell", "bot", "webhook", "testbed")


def _loaded_after(*args: str) -> set[str]:
    code = ("import sys; from bvr.cli import main\n"
            f"try: main({list(args)!r})\n"
            "except SystemExit: pass\n"
            "print('\\n'.join(sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    return {name.split(".")[0] for name in result.stdout.splitlines()}


def test_help_imports_no_command_and_no_database_layer() -> None:
    loaded = _loaded_after("--help")
    assert loaded.isdisjoint({*HEAVY, "sqlalchemy", "alembic"}), loaded & {*HEAVY, "sqlalchemy"}


def test_stats_imports_no_adapter() -> None:
    assert _loaded_after("stats", "--help").isdisjoint(HEAVY)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_listed_command_loads_with_the_listed_help(name: str) -> None:
    import click

    command = main.get_command(click.Context(main), name)
    assert command is not None
    assert command.get_short_help_str(limit=1000) == COMMANDS[name][1]
