"""The message files as translatewiki.net sees them: per area, one JSON file per language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bvr.i18n import _ROOT, DOCUMENTATION, VARIABLES_FILE

AREAS = sorted(p for p in _ROOT.iterdir() if (p / "en.json").exists())
FILES = sorted(path for area in AREAS for path in area.glob("*.json")
               if path.name != VARIABLES_FILE)


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def messages(path: Path) -> dict[str, str]:
    return {k: v for k, v in read(path).items() if not k.startswith("@")}


def translations(area: Path) -> list[Path]:
    """The files of an area other than English and the documentation."""
    return [p for p in sorted(area.glob("*.json"))
            if p.stem not in {"en", DOCUMENTATION} and p.name != VARIABLES_FILE]
