"""`bvr doctor` names every way a deployment can be set up wrong, with the fix.

The wiki's checks run against real local wikis, each set up wrong in one way (a bot account
without a right, a BotPassword without a grant, no email address, an unknown wiki), in a
subprocess because pywikibot reads its account once per process. The core's checks run in
process against a real SQLite database.
"""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from bvr import vault
from bvr.config import ENV_BLIND_INDEX_KEY, ENV_DATABASE_URL, Config
from bvr.doctor import Environment, Status, core_checks
from bvr.domain import Role
from bvr.services import people
from bvr.services.core import Core
from bvr.storage import schema
from bvr.storage.db import Database
from testbed.mediawiki import BOT_GRANTS, BotPassword, WikiFarm
from testbed.pywikibot_dir import PywikibotEnv, write_pywikibot_dir

ROOT = Path(__file__).parents[2]
ALL_GRANTS = (*BOT_GRANTS, "protect", "editsiteconfig")
ALL_GROUPS = ("bot", "sysop", "suppress")


def _by_name(checks: Iterable[Any]) -> dict[str, Any]:
    return {check.name: check for check in checks}


def _migrated(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'bvr.sqlite3'}"
    database = Database(url)
    schema.upgrade(database)
    database.dispose()
    return url


def test_core_checks_name_missing_contacts_key_and_toolforge_envvars(tmp_path: Path) -> None:
    env = Environment({"TOOL_DATA_DIR": str(tmp_path)}, tmp_path / "none")
    found = _by_name(core_checks(Config(database_path=str(tmp_path / "none.db")), env))
    assert found["emergency-contacts"].status is Status.ERROR
    assert found["blind-index-key"].status is Status.ERROR
    assert ENV_BLIND_INDEX_KEY in found["blind-index-key"].found.text("en")
    assert found["database"].status is Status.ERROR
    assert "bvr db upgrade" in found["database"].fix.text("nl")
    assert not (tmp_path / "none.db").exists()  # a check writes nothing
    toolforge = found["toolforge-envvars"]
    assert toolforge.status is Status.ERROR
    assert ENV_DATABASE_URL in toolforge.found.text("sv")


def test_core_checks_pass_on_a_good_deployment_and_toolforge_is_not_assumed(
        tmp_path: Path) -> None:
    env = Environment({ENV_BLIND_INDEX_KEY: "00" * 32, ENV_DATABASE_URL: _migrated(tmp_path)},
                      tmp_path / "none")
    config = replace(Config(), emergency_contacts=("alarm@example.org",))
    found = _by_name(core_checks(config, env))
    assert {name: c.status for name, c in found.items()} == {
        "emergency-contacts": Status.OK, "emergency-numbers": Status.OK,
        "blind-index-key": Status.OK, "database": Status.OK, "key-holders": Status.OK}


def test_unmigrated_database_and_keyless_officer_are_named(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    Database(f"sqlite:///{empty}").engine.connect().close()
    env = Environment({ENV_DATABASE_URL: f"sqlite:///{empty}"}, tmp_path / "none")
    assert "bvr db upgrade" in _by_name(core_checks(Config(), env))["database"].fix.text("en")

    url = _migrated(tmp_path)
    core = Core(Config(), Database(url), kdf_cost=vault.FAST_KDF_FOR_TESTS)
    people.add_person(core, "Keyless Officer", (Role.CONTACT_PERSON,))
    people.add_person(core, "Keyed Officer", (Role.DIRECTOR,))
    people.set_passphrase(core, "Keyed Officer", "a long enough passphrase 2026")
    core.database.dispose()
    found = _by_name(core_checks(Config(), Environment({ENV_DATABASE_URL: url},
                                                       tmp_path / "none")))
    holders = found["key-holders"]
    assert holders.status is Status.ERROR
    assert "Keyless Officer" in holders.found.text("nl")
    assert "Keyed Officer" not in holders.found.text("nl")


# The wiki ---------------------------------------------------------------------------------


def _bot(farm: WikiFarm, directory: Path, groups: tuple[str, ...], grants: tuple[str, ...],
         email: bool = True) -> Path:
    wiki = farm["nl"]
    user = f"Doctor bot {secrets.token_hex(3)}"
    wiki.create_user(user, f"Pw-{secrets.token_hex(8)}", groups,
                     f"doctor-{secrets.token_hex(3)}@example.org" if email else None)
    _login, password = wiki.create_bot_password(user, "bvr", grants)
    return write_pywikibot_dir(directory, farm.wikis.values(), BotPassword(user, "bvr", password))


def _doctor(pywikibot_env: PywikibotEnv, directory: Path, tmp_path: Path,
            family: str | None = None) -> tuple[int, dict[str, dict[str, Any]]]:
    nl, wp = pywikibot_env.family("nl"), pywikibot_env.family("wp")
    config = tmp_path / "bvr.toml"
    config.write_text(
        f'language = "en"\n[wiki]\nfamily = "{family or nl}"\ncode = "{family or nl}"\n'
        f'[screening]\nwikis = ["{wp}:{wp}", "nosuchfamily:xx"]\n', encoding="utf-8")
    env = pywikibot_env.environ()
    env.update({"PYWIKIBOT_DIR": str(directory), "BVR_CONFIG": str(config),
                "PYTHONPATH": str(ROOT), ENV_DATABASE_URL: _migrated(tmp_path)})
    result = subprocess.run([sys.executable, "-m", "bvr", "doctor", "--json"], env=env,
                            cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.stdout, result.stderr[-2000:]
    checks = json.loads(result.stdout)["checks"]
    return result.returncode, {c["check"]: c for c in checks}


@pytest.mark.mediawiki
def test_a_well_set_up_bot_passes_the_wiki_checks(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    directory = _bot(wiki_farm, tmp_path / "pwb", ALL_GROUPS, ALL_GRANTS)
    code, found = _doctor(pywikibot_env, directory, tmp_path)
    assert code == 1  # no emergency contacts
    assert found["wiki"]["status"] == "ok"
    assert {name: c["status"] for name, c in found.items() if name.startswith("right-")} == {
        f"right-{r}": "ok" for r in ("delete", "deleterevision", "suppressrevision", "protect",
                                     "editinterface", "sendemail")}
    assert found["email"]["status"] == "ok", found["email"]
    # The test wikis load what Wikimedia wikis run (issue 10).
    for name in ("InputBox", "ParserFunctions", "Gadgets"):
        assert found[f"extension-{name}"]["status"] == "ok"
    wp = pywikibot_env.family("wp")
    assert found[f"screening-{wp}:{wp}"]["status"] == "ok"
    assert found["screening-nosuchfamily:xx"]["status"] == "error"
    assert found["emergency-contacts"]["status"] == "error"


@pytest.mark.mediawiki
def test_an_account_without_rights_is_named_with_the_group_to_give(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    directory = _bot(wiki_farm, tmp_path / "pwb", ("bot",), ALL_GRANTS)
    code, found = _doctor(pywikibot_env, directory, tmp_path)
    assert code == 1
    for right in ("delete", "deleterevision", "protect", "editinterface"):
        check = found[f"right-{right}"]
        assert check["status"] == "error", right
        assert f"lacks the right {right}" in check["found"]
        assert "Special:UserRights" in check["fix"]
    assert found["right-suppressrevision"]["status"] == "warning"
    assert found["right-sendemail"]["status"] == "ok"  # every user may send email


@pytest.mark.mediawiki
def test_a_botpassword_without_grants_is_named_with_the_grant_to_tick(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    grants = tuple(g for g in ALL_GRANTS if g not in {"protect", "sendemail", "editsiteconfig"})
    directory = _bot(wiki_farm, tmp_path / "pwb", ALL_GROUPS, grants)
    code, found = _doctor(pywikibot_env, directory, tmp_path)
    assert code == 1
    for right, grant in (("protect", "protect"), ("sendemail", "sendemail"),
                         ("editinterface", "editinterface")):
        check = found[f"right-{right}"]
        assert check["status"] == "error", right
        assert f"the grant {grant} is missing" in check["found"]
        assert "Special:BotPasswords" in check["fix"]
    assert found["right-delete"]["status"] == "ok"


@pytest.mark.mediawiki
def test_a_bot_without_a_confirmed_address_is_named(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    directory = _bot(wiki_farm, tmp_path / "pwb", ALL_GROUPS, ALL_GRANTS, email=False)
    code, found = _doctor(pywikibot_env, directory, tmp_path)
    assert code == 1
    assert found["email"]["status"] == "error"
    assert "no confirmed email address" in found["email"]["found"]
    assert "Special:ChangeEmail" in found["email"]["fix"]


@pytest.mark.mediawiki
def test_an_unreachable_wiki_is_named_with_the_configuration_to_check(
        wiki_farm: WikiFarm, pywikibot_env: PywikibotEnv, tmp_path: Path) -> None:
    directory = _bot(wiki_farm, tmp_path / "pwb", ALL_GROUPS, ALL_GRANTS)
    code, found = _doctor(pywikibot_env, directory, tmp_path, family="nosuchfamily")
    assert code == 1
    assert found["wiki"]["status"] == "error"
    assert "PYWIKIBOT_DIR" in found["wiki"]["fix"]
    assert not any(name.startswith("right-") for name in found)
