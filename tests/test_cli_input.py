"""Bad input to the command line gets a clear error in the operator's language, never a
traceback or "something went wrong", and nothing is stored (issue 15, item 5)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from bvr.cli import main
from bvr.config import ENV_BLIND_INDEX_KEY
from bvr.storage.db import Database
from bvr.storage.models import AuditRecord, Case


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {"BVR_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                   ENV_BLIND_INDEX_KEY: os.environ[ENV_BLIND_INDEX_KEY], "BVR_LANG": "en"}
    for args, stdin in ((("db", "upgrade"), ""),
                        (("people", "add", "Directeur", "--role", "director"), ""),
                        (("people", "passphrase", "Directeur", "--stdin"),
                         "a long enough passphrase\n"),
                        (("people", "add", "Roleless"), "")):
        result = CliRunner().invoke(main, list(args), input=stdin, env=environment)
        assert result.exit_code == 0, result.output
    return environment


def _file(env: dict[str, str], *args: str, stdin: str | bytes = "",
          lang: str = "en") -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", "file", *args], input=stdin,
                                env=env | {"BVR_LANG": lang})
    return result.exit_code, result.output


def _cases(env: dict[str, str]) -> int:
    database = Database(env["BVR_DATABASE_URL"])
    with database.transaction() as session:
        count = session.query(Case).count()
    database.dispose()
    return count


def _actors(env: dict[str, str]) -> set[str]:
    database = Database(env["BVR_DATABASE_URL"])
    with database.transaction() as session:
        actors = {record.actor for record in session.query(AuditRecord)}
    database.dispose()
    return actors


@pytest.mark.parametrize(("args", "stdin", "expected"), [
    (("--entered-by", "Directeur", "--incident-date", "2999-01-01"), "text",
     "is in the future"),
    (("--entered-by", "Nobody"), "text", "Nobody"),
    (("--entered-by", "Roleless"), "text", "holds no role"),
    (("--entered-by", "Directeur", "--json"),
     json.dumps({"entered_by": "Roleless", "what_happened": "x"}), "someone else"),
    (("--entered-by", "Directeur", "--json"), json.dumps({"incident_on": "2999-01-01"}),
     "is in the future"),
    (("--entered-by", "Directeur", "--json"), b'{"what_happened": "\xff\xfe"}', "not UTF-8"),
    (("--entered-by", "Directeur", "--json"), "[" * 100_000 + "]" * 100_000,
     "nested too deeply"),
    (("--entered-by", "Directeur"), "   \n", "is empty"),
])
def test_bad_report_input_is_refused_clearly_and_stores_nothing(
        env: dict[str, str], args: tuple[str, ...], stdin: str | bytes, expected: str) -> None:
    code, output = _file(env, *args, stdin=stdin)
    assert code == 1, output
    assert expected in output
    assert "Traceback" not in output and "inside the program" not in output
    assert _cases(env) == 0


def test_errors_and_prompts_are_in_the_operators_language(env: dict[str, str]) -> None:
    code, output = _file(env, "--entered-by", "Directeur", "--incident-date", "2999-01-01",
                         stdin="text", lang="nl")
    assert code == 1 and "ligt in de toekomst" in output
    result = CliRunner().invoke(main, ["desk-account", "Directeur"],
                                input="one password 2026\nanother one 2026\n",
                                env=env | {"BVR_LANG": "nl"})
    assert result.exit_code == 1
    assert "Nieuw wachtwoord" in result.output and "Herhaal het wachtwoord" in result.output
    assert "verschillen" in result.output
    # No way to give the password as an argument.
    result = CliRunner().invoke(main, ["desk-account", "Directeur", "--password", "x" * 20],
                                env=env)
    assert result.exit_code == 2


def test_report_text_comes_from_stdin_and_the_audit_log_names_the_registered_person(
        env: dict[str, str]) -> None:
    code, output = _file(env, "--entered-by", "directeur", "--json",
                         stdin=json.dumps({"what_happened": "Beledigd",
                                           "entered_by": "directeur"}))
    assert code == 0, output
    code, output = _file(env, "--entered-by", "Directeur", stdin="Beledigd in de chat\n")
    assert code == 0, output
    assert _cases(env) == 2
    assert "directeur" not in _actors(env)  # the registered name, not the text as typed
    code, output = _file(env, "--entered-by", "Directeur", "--text", "Old habit")
    assert code == 0 and "shell history" in output
