"""Small readers for desk forms: every bad value becomes a `BvrError` the reader understands."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TypeVar

from flask import request

from bvr.errors import BvrError

E = TypeVar("E", bound=StrEnum)


def text(name: str, limit: int = 50_000) -> str:
    value = request.form.get(name, "").replace("\r\n", "\n")
    if len(value) > limit:
        raise BvrError("web-field-too-long", num_maximum=limit)
    return value


def flag(name: str) -> bool:
    return request.form.get(name) in {"1", "on", "yes"}


def choice(name: str, enum: type[E]) -> E:
    try:
        return enum(request.form.get(name, ""))
    except ValueError:
        raise BvrError("web-field-choice", field=name) from None


def day(name: str, *, required: bool = True) -> date | None:
    value = request.form.get(name, "")
    if not value and not required:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BvrError("web-form-error-date") from None


def required_day(name: str) -> date:
    found = day(name)
    assert found is not None
    return found
