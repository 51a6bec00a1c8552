"""Debian's Chromium driven by Playwright: where it is and whether it can run here. Shared by
the demo's sealing reporter (`testbed.reporter`) and the browser tests
(`tests/webhook/browser`)."""

from __future__ import annotations

import os
from pathlib import Path

#: Debian's Chromium (`$BVR_CHROMIUM` to choose another).
CHROMIUM = Path(os.environ.get("BVR_CHROMIUM", "/usr/bin/chromium"))


def missing_browser() -> str | None:
    """Why a headless Chromium cannot be driven here (Playwright, Chromium), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install playwright)"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} not found (apt install chromium, or set BVR_CHROMIUM)"
    return None
