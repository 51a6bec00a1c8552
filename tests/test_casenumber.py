"""Case numbers (R-15.1): unique, readable, with a check character against typing errors."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bvr.casenumber import CaseNumber, InvalidCaseNumber, parse


def test_R_15_1_case_number_format() -> None:
    number = CaseNumber("BVR", 2026, 7)
    assert str(number) == f"BVR-2026-0007-{number.check}"
    assert parse(str(number), "BVR") == number


def test_R_15_1_reading_is_forgiving_about_case_and_spaces() -> None:
    number = CaseNumber("BVR", 2026, 12)
    assert parse(f" bvr 2026 0012 {number.check.lower()} ", "BVR") == number


@given(st.integers(2000, 2100), st.integers(1, 99999), st.data())
def test_R_15_1_any_single_typing_error_is_caught(year: int, sequence: int,
                                                  data: st.DataObject) -> None:
    text = str(CaseNumber("BVR", year, sequence))
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    position = data.draw(st.sampled_from(digits))
    replacement = data.draw(st.sampled_from([d for d in "0123456789" if d != text[position]]))
    typo = text[:position] + replacement + text[position + 1:]
    with pytest.raises(InvalidCaseNumber):
        parse(typo, "BVR")


@pytest.mark.parametrize("text", ["", "BVR", "BVR-2026-7", "XYZ-2026-0007-1", "BVR-26-0007-1",
                                  "BVR-2026-00a7-1", "BVR-2026-0007-12"])
def test_R_15_1_not_a_case_number_says_what_one_looks_like(text: str) -> None:
    with pytest.raises(InvalidCaseNumber) as refused:
        parse(text, "BVR")
    assert "BVR-2026-0007-X" in refused.value.text("nl")
