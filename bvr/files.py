"""Files the program creates that hold secrets or case data (the SQLite database, the demo's
key and configuration): readable by their owner only (mode 0600), from the moment they exist.
Creating with the mode, rather than writing and then `chmod`, leaves no moment in which
another account on the machine could open the file."""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE = 0o600


def create_private(path: Path) -> None:
    """Create `path` empty with mode 0600 if it does not exist; tighten it if it does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE))
    path.chmod(PRIVATE)


def write_private(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path`, a file of mode 0600."""
    create_private(path)
    path.write_text(text, encoding="utf-8")
