"""Whole reports (issue 10, R-7.2): a report is kept whole up to the configured size, text
and raw copy each (the 200,000-character limit counted both together and cut a 112 kB report
to 99,940 characters); a larger one that got past the wiki keeps its first part and the log
gives the exact figures."""

from __future__ import annotations

import logging

import pytest

from bot.intake.job import fit
from bvr.config import Intake
from bvr.services.reports import RAW_FACTOR

LIMIT = Intake().max_report_kb * 1024


def test_R_7_2_a_112_kB_report_is_kept_whole_in_text_and_raw_copy() -> None:
    text = ("Wat er gebeurde | }} <nowiki> --> ë 😀 " * 3000)[:112_000]
    raw = "{{BVR-melding\n| wat = " + text + "\n| taal = nl\n}}"
    kept_text, kept_raw = fit(text, raw, "Wikipedia", [], LIMIT)
    assert (kept_text, kept_raw) == (text, raw)


def test_R_7_2_default_limit_is_256_kB_of_text() -> None:
    assert LIMIT == 256 * 1024
    text = "x" * (LIMIT - len("here"))
    assert fit(text, text, "here", [], LIMIT) == (text, text)


def test_R_7_2_a_report_over_the_limit_is_clipped_with_exact_figures_in_the_log(
        caplog: pytest.LogCaptureFixture) -> None:
    text = "é" * LIMIT  # two bytes a character: twice the limit
    with caplog.at_level(logging.WARNING, logger="bvr.intake"):
        kept_text, kept_raw = fit(text, text, "", [], LIMIT, revid=42)
    assert len(kept_text.encode()) == LIMIT and kept_text == text[: LIMIT // 2]
    assert kept_raw == text  # the raw copy may be RAW_FACTOR times the limit
    line = caplog.records[-1].getMessage()
    assert f"text {2 * LIMIT} bytes (limit {LIMIT})" in line and "revision 42" in line
    assert f"limit {RAW_FACTOR * LIMIT}" in line and "é" not in line
