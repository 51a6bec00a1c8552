"""The protocol's text of one requirement, for the desk's "why?" links.

The requirements live in `docs/requirements.md` as bullets that start with their ID (`- R-10.1 ...`,
continued on indented lines). A link names a requirement (`R-10.1`), an article (`R-16`: all
its requirements) or `movement` (the movement-wide needs, such as the emergency fast track).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PROTOCOL = Path(__file__).resolve().parents[2] / "docs" / "requirements.md"
_BULLET = re.compile(r"^- (R-\d+(?:\.\d+)?|Movement:)\s*(.*)$")


@cache
def requirements() -> dict[str, str]:
    """Every requirement's text by ID ("movement" for the movement's bullets, joined)."""
    found: dict[str, str] = {}
    current = ""
    lines = PROTOCOL.read_text(encoding="utf-8").splitlines() if PROTOCOL.exists() else []
    for line in lines:
        bullet = _BULLET.match(line)
        if bullet:
            current = "movement" if bullet.group(1) == "Movement:" else bullet.group(1)
            found[current] = (found.get(current, "") + " " + bullet.group(2)).strip()
        elif current and line.startswith("  ") and line.strip():
            found[current] += " " + line.strip()
        else:
            current = ""
    return found


def requirement(rule: str) -> list[tuple[str, str]]:
    """The requirement `rule`, or every requirement of the article `rule` names."""
    known = requirements()
    if rule in known:
        return [(rule, known[rule])]
    return [(key, text) for key, text in known.items() if key.startswith(rule + ".")]
