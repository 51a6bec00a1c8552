"""pytest fixtures that start the test bed's real services, once per session (per xdist worker).

Load with `pytest_plugins = ["testbed.pytest_plugin"]` in tests/conftest.py. Fixtures:

- `smtp_capture` (`testbed.smtp.SmtpCapture`): SMTP on loopback; the wikis mail through it.
- `mariadb_server` (`testbed.mariadb.MariaDBServer`): a throwaway MariaDB server.
- `wiki_farm` (`testbed.mediawiki.WikiFarm`): wikis `nl` (the association's wiki), `wp`
  (Wikipedia-like) and `meta` (Meta-like), each with `Admin` and `BvrBot` and a BotPassword.
- `pywikibot_env` (`testbed.pywikibot_dir.PywikibotEnv`): `PYWIKIBOT_DIR` for the farm.
- `language_wikis` (`testbed.mediawiki.WikiFarm`): wikis `langen`, `langnl` and `langsv`
  whose content language is English, Dutch and Swedish (localised namespaces; the Dutch one
  also names the female user namespace "Gebruikster"), for tests of title rules.

Everything lives in pytest's per-worker temporary directory on ports the kernel hands out, so
`pytest -n 2` gives each worker its own services. When Debian's binaries are missing the
fixtures skip, naming the package; under CI (`CI` set) they fail instead, so a broken CI
set-up cannot pass by skipping every real-service test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from testbed import mariadb, mediawiki
from testbed.mariadb import MariaDBServer
from testbed.mediawiki import WikiFarm
from testbed.pywikibot_dir import PywikibotEnv, write_pywikibot_dir
from testbed.smtp import SmtpCapture

FARM_SITENAMES = {"nl": "Wikimedia Nederland", "wp": "Wikipedia", "meta": "Meta-Wiki"}
LANGUAGE_WIKIS = {"langen": "en", "langnl": "nl", "langsv": "sv"}
GENDER_NL = ("$wgExtraGenderNamespaces[NS_USER] = "
             "['male' => 'Gebruiker', 'female' => 'Gebruikster'];\n")


def _require(reason: str | None) -> None:
    """Skip (fail under CI) when a prerequisite is missing."""
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"test bed unavailable in CI: {reason}", pytrace=False)
    pytest.skip(f"test bed unavailable: {reason}")


@pytest.fixture(scope="session")
def smtp_capture() -> Iterator[SmtpCapture]:
    """SMTP server on 127.0.0.1 keeping parsed messages; `clear()` it in tests that count."""
    with SmtpCapture() as capture:
        yield capture


@pytest.fixture(scope="session")
def mariadb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MariaDBServer]:
    """A MariaDB server for this session; `create_database(name)` gives a SQLAlchemy URL."""
    _require(mariadb.missing_prerequisite())
    with MariaDBServer(tmp_path_factory.mktemp("mariadb")) as server:
        yield server


@pytest.fixture(scope="session")
def wiki_farm(
    tmp_path_factory: pytest.TempPathFactory, smtp_capture: SmtpCapture
) -> Iterator[WikiFarm]:
    """Wikis `nl`, `wp` and `meta`, mailing through `smtp_capture`."""
    _require(mediawiki.missing_prerequisite())
    farm = WikiFarm(
        tmp_path_factory.mktemp("wikis"),
        tuple(FARM_SITENAMES),
        smtp_port=smtp_capture.port,
        sitenames=FARM_SITENAMES,
    )
    with farm:
        yield farm


@pytest.fixture(scope="session")
def language_wikis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WikiFarm]:
    """Wikis in English, Dutch and Swedish (no mail)."""
    _require(mediawiki.missing_prerequisite())
    farm = WikiFarm(tmp_path_factory.mktemp("langwikis"), tuple(LANGUAGE_WIKIS),
                    languages=LANGUAGE_WIKIS, extra_settings={"langnl": GENDER_NL})
    with farm:
        yield farm


@pytest.fixture(scope="session")
def pywikibot_env(
    wiki_farm: WikiFarm, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PywikibotEnv]:
    """`PYWIKIBOT_DIR` for the farm, set in os.environ for the rest of the session."""
    assert wiki_farm.bot_password is not None
    directory = write_pywikibot_dir(
        tmp_path_factory.mktemp("pywikibot"), wiki_farm, wiki_farm.bot_password
    )
    saved = {name: os.environ.get(name) for name in ("PYWIKIBOT_DIR", "PYWIKIBOT_NO_USER_CONFIG")}
    env = PywikibotEnv(directory, wiki_farm.wikis)
    env.activate()
    try:
        yield env
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
