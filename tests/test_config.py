"""Configuration: WMNL defaults, every period configurable, secrets never from the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bvr import config
from bvr.domain import SanctionType


def test_defaults_are_wikimedia_nederlands() -> None:
    defaults = config.load()
    assert defaults.language == "nl"
    assert defaults.timezone == "Europe/Amsterdam"
    assert defaults.periods.investigation_months == 1
    assert defaults.periods.sanction_weeks == 6
    assert defaults.periods.appeal_weeks == 8
    assert defaults.periods.retention_years == 2
    assert defaults.periods.acknowledgement_years == 3


def test_another_affiliate_sets_its_own_numbers_and_language(tmp_path: Path) -> None:
    file = tmp_path / "wmse.toml"
    file.write_text('association = "Wikimedia Sverige"\nlanguage = "sv"\n'
                    'timezone = "Europe/Stockholm"\ncase_prefix = "WMSE"\n'
                    'director_sanctions = ["warning"]\n'
                    '[periods]\nappeal_weeks = 4\nretention_years = 5\n', encoding="utf-8")
    loaded = config.load(file)
    assert (loaded.language, loaded.case_prefix) == ("sv", "WMSE")
    assert loaded.periods.appeal_weeks == 4
    assert loaded.periods.retention_years == 5
    assert loaded.periods.sanction_weeks == 6  # untouched values keep the default
    assert loaded.director_sanctions == (SanctionType.WARNING,)


def test_configuration_comes_from_the_environment_variable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "c.toml"
    file.write_text('language = "en"\n', encoding="utf-8")
    monkeypatch.setenv("BVR_CONFIG", str(file))
    assert config.load().language == "en"


@pytest.mark.parametrize(("text", "fragment"), [
    ("languge = 'en'", "languge"),  # a typo is named, not ignored
    ("language = 'fr'", "en, nl, sv"),
    ("timezone = 'Mars/Olympus'", "Mars/Olympus"),
    ("[periods]\nappeal_weeks = 'eight'", "periods.appeal_weeks"),
    ("[periods]\nappeal_weeks = -1", "periods.appeal_weeks"),
    ("director_sanctions = ['banishment']", "banishment"),
    ("periods = 3", "periods"),
    ("language = ", "cannot be read"),
])
def test_a_bad_configuration_is_refused_with_what_to_change(
        tmp_path: Path, text: str, fragment: str) -> None:
    file = tmp_path / "bad.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(config.ConfigError) as refused:
        config.load(file)
    assert fragment in str(refused.value) or fragment in refused.value.text("en")


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match=r"nope\.toml"):
        config.load(tmp_path / "nope.toml")


def test_shown_configuration_hides_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BVR_DATABASE_URL", "mysql+pymysql://u:hunter2@host/db")
    shown = str(config.load().public_dict())
    assert "hunter2" not in shown
    assert "'BVR_DATABASE_URL': 'set'" in shown
