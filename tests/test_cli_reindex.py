"""`bvr vault index-status` and `bvr vault reindex` as an operator runs them after an upgrade."""

from __future__ import annotations

from tests.test_cli import env, invoke

__all__ = ["env"]  # the fixture, shared with tests/test_cli.py

PASSPHRASE = "a long enough passphrase\n"


def test_index_status_and_reindex_say_what_they_did(env: dict[str, str]) -> None:
    invoke(env, "db", "upgrade")
    invoke(env, "people", "add", "Directeur", "--role", "director")
    invoke(env, "people", "passphrase", "Directeur", "--stdin", stdin=PASSPHRASE)
    code, output = invoke(env, "report", "file", "--entered-by", "Directeur", "--text",
                          "Beledigd in de chat", "--respondent", "User:Some_user")
    assert code == 0, output
    code, output = invoke(env, "vault", "index-status")
    assert (code, output.strip()) == (
        0, "Blind indexes: version 2; rows still on an older version: 0.")
    code, output = invoke(env, "vault", "reindex", "--as", "Directeur", "--stdin",
                          stdin=PASSPHRASE)
    assert (code, output.strip()) == (0, "Blind indexes brought to version 2: 0 rows. "
                                         "Still stale (you cannot open them): 0.")
    code, output = invoke(env, "vault", "reindex", "--as", "Directeur", "--stdin",
                          stdin="wrong passphrase\n")
    assert code == 1
    assert "Traceback" not in output
