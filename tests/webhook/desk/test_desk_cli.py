"""`bvr desk-account NAME`: a person's local case-desk password, prompted twice and stored
only as an Argon2id hash; then that person logs in to the desk with it (R-15.2)."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from bvr.cli import main
from bvr.i18n import translate


def test_R_15_2_desk_account_sets_a_local_password_for_the_desk(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("BVR_")}
    env |= {"BVR_DATABASE_URL": f"sqlite:///{tmp_path / 'desk.sqlite3'}", "BVR_LANG": "nl",
            "BVR_BLIND_INDEX_KEY": os.environ["BVR_BLIND_INDEX_KEY"]}
    runner = CliRunner()

    def bvr(*args: str, stdin: str = "") -> tuple[int, str]:
        result = runner.invoke(main, list(args), input=stdin, env=env)
        return result.exit_code, result.output

    assert bvr("db", "upgrade")[0] == 0
    assert bvr("people", "add", "Dora", "--role", "director")[0] == 0
    code, output = bvr("desk-account", "Dora", stdin="too short\ntoo short\n")
    assert code != 0 and translate("web-password-short", "nl", num_minimum=12) in output
    password = "a long desk password"
    code, output = bvr("desk-account", "Dora", stdin=f"{password}\n{password}\n")
    assert code == 0, output
    assert translate("web-cli-password-set", "nl", name="Dora") in output
    assert password.encode() not in (tmp_path / "desk.sqlite3").read_bytes()
    code, output = bvr("desk-account", "Nemo", stdin=f"{password}\n{password}\n")
    assert code != 0 and translate("core-person-unknown", "nl", name="Nemo") in output
