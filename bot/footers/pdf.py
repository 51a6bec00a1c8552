"""HTML to PDF with Debian's headless Chromium (`--print-to-pdf`).

Each conversion gets a fresh profile directory and every background service switched off, so
it neither reads nor leaves state and makes no network request of its own; the HTML is a local
file, so nothing is fetched either.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from bvr.errors import BvrError

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-pdf-header-footer")
TIMEOUT = 120


def chromium() -> str:
    """The Chromium binary, or a clear error naming the Debian package."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise BvrError("publish-no-chromium")
    return found


def to_pdf(html: str, target: Path) -> Path:
    """Write `html` as a PDF to `target`; returns `target`."""
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="bvr-pdf-") as work:
        source = Path(work) / "summary.html"
        source.write_text(html, encoding="utf-8")
        profile = Path(work) / "profile"
        result = subprocess.run(
            [binary, *FLAGS, f"--user-data-dir={profile}",
             f"--print-to-pdf={target.resolve()}", source.as_uri()],
            capture_output=True, text=True, timeout=TIMEOUT, check=False)
    if result.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        raise BvrError("publish-pdf-failed", code=result.returncode)
    return target
