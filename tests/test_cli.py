"""The `bvr` command as an operator uses it: clear one-line errors, nothing half-written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bvr.cli import main
from bvr.config import load
from bvr.storage.db import Database
from bvr.storage.models_web import LocalAccount


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("BVR_")}
    environment.update({"BVR_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                        "BVR_BLIND_INDEX_KEY": os.environ["BVR_BLIND_INDEX_KEY"],
                        "BVR_LANG": "en"})
    return environment


def bvr(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bvr", *args], input=stdin, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def invoke(env: dict[str, str], *args: str, stdin: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin, env=env)
    return result.exit_code, result.output


def test_newcomer_files_a_report_then_reads_the_figures(env: dict[str, str]) -> None:
    """The README's walk-through, in real processes."""
    assert bvr(env, "db", "upgrade").returncode == 0
    assert bvr(env, "people", "add", "Directeur", "--role", "director").returncode == 0
    assert bvr(env, "people", "passphrase", "Directeur", "--stdin",
               stdin="a long enough passphrase\n").returncode == 0
    filed = bvr(env, "report", "file", "--entered-by", "Directeur", "--respondent",
                "Some user", stdin="Beledigd in de chat\n")
    assert filed.returncode == 0, filed.stderr
    assert "BVR-" in filed.stdout
    stats = bvr(env, "stats", "--year", filed.stdout.split("BVR-")[1][:4], "--json")
    assert json.loads(stats.stdout)["received"] == 1


def test_errors_are_one_line_without_traceback_in_the_operators_language(
        env: dict[str, str]) -> None:
    result = bvr(env | {"BVR_LANG": "nl"}, "stats", "--year", "2026")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == ("Error: De database is niet bijgewerkt (schema -). "
                                     "Voer eerst 'bvr db upgrade' uit.")


def test_report_from_json_on_stdin(env: dict[str, str]) -> None:
    invoke(env, "db", "upgrade")
    invoke(env, "people", "add", "Bestuurslid", "--role", "board_bvr")
    invoke(env, "people", "passphrase", "Bestuurslid", "--stdin",
           stdin="a long enough passphrase\n")
    report = {"channel": "written", "what_happened": "Brief ontvangen",
              "incident_on": "2026-01-05", "parties": [{"role": "respondent",
                                                        "username": "X"}]}
    code, output = invoke(env, "report", "file", "--json", "--entered-by", "Bestuurslid",
                          stdin=json.dumps(report))
    assert code == 0, output
    assert "BVR-" in output


@pytest.mark.parametrize(("stdin", "fragment"), [
    ("{not json", "not valid JSON"),
    ("[]", "one JSON object"),
    ('{"what_happened": "x", "colour": "red"}', "no field colour"),
    ('{"what_happened": "x", "channel": "pigeon"}', "channel is pigeon"),
    ('{"what_happened": "x", "incident_on": "yesterday"}', "YYYY-MM-DD"),
    ('{"what_happened": "x", "anonymous": "yes"}', "true or false"),
    ('{"what_happened": ""}', "report is empty"),
])
def test_bad_json_reports_are_refused_and_nothing_is_written(
        env: dict[str, str], stdin: str, fragment: str) -> None:
    invoke(env, "db", "upgrade")
    invoke(env, "people", "add", "Bestuurslid", "--role", "board_bvr")
    invoke(env, "people", "passphrase", "Bestuurslid", "--stdin",
           stdin="a long enough passphrase\n")
    code, output = invoke(env, "report", "file", "--json", "--entered-by", "Bestuurslid",
                          stdin=stdin)
    assert code == 1
    assert fragment in output
    assert len(output.strip().splitlines()) == 1
    code, output = invoke(env, "stats", "--year", "2026", "--json")
    assert json.loads(output)["received"] == 0


def test_config_show_never_prints_secrets(env: dict[str, str]) -> None:
    code, output = invoke(env, "config", "show")
    assert code == 0
    assert env["BVR_BLIND_INDEX_KEY"] not in output
    assert json.loads(output)["secrets"]["BVR_BLIND_INDEX_KEY"] == "set"


def test_a_wrong_passphrase_is_refused_plainly(env: dict[str, str]) -> None:
    invoke(env, "db", "upgrade")
    invoke(env, "people", "add", "Directeur", "--role", "director")
    invoke(env, "people", "passphrase", "Directeur", "--stdin",
           stdin="a long enough passphrase\n")
    code, output = invoke(env, "report", "file", "--entered-by", "Directeur", stdin="t")
    (number,) = re.findall(r"BVR-\d{4}-\d{4}-\w", output)
    code, output = invoke(env, "case", "show", number, "--as", "Directeur", "--stdin",
                          stdin="not the passphrase\n")
    assert (code, output.strip()) == (1, "Error: The passphrase is not correct.")
    code, output = invoke(env, "case", "show", number[:-1] + "Z", "--as", "Directeur",
                          "--stdin", stdin="a long enough passphrase\n")
    assert code == 1 and "typing error" in output


def test_the_offline_demo_runs_on_the_embedded_defaults(env: dict[str, str],
                                                       tmp_path: Path) -> None:
    del env["BVR_DATABASE_URL"]
    code, output = invoke(env, "demo", "--offline", "--directory", str(tmp_path / "demo"))
    assert code == 0, output
    assert "uitgelachen" in output
    assert '"received": 1' in output
    # ... and says how to see the same case on the case desk, which is ready for it.
    demo = tmp_path / "demo"
    assert f"--config {demo / 'bvr.toml'} serve" in output
    database = Database(f"sqlite:///{demo / 'bvr.sqlite3'}")
    with database.transaction() as session:
        assert session.scalars(select(LocalAccount)).one()
    database.dispose()
    assert load(str(demo / "bvr.toml")).database_path == str(demo / "bvr.sqlite3")


def test_R_4_1_R_4_2_signing_category_reappointment_and_email_from_the_command_line(
        env: dict[str, str]) -> None:
    invoke(env, "db", "upgrade")
    code, output = invoke(env, "people", "add", "Vrijwilliger", "--email", "v@example.org")
    assert code == 0, output
    assert invoke(env, "people", "category", "Vrijwilliger", "executive_volunteer",
                  "--since", "2026-01-01")[0] == 0
    assert invoke(env, "people", "reappointed", "Vrijwilliger", "--on", "2026-02-01")[0] == 0
    code, output = invoke(env, "people", "email", "Vrijwilliger", "not an address")
    assert (code, output.strip()) == (1, "Error: not an address is not an email address.")
