"""The right-to-left test language: a message root under tests/ holding a few Hebrew strings
(`he`), added for one test and removed after it, so no other test sees a fourth language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bvr import i18n

RTL = "he"
RTL_ROOT = Path(__file__).parent / "rtl"


@contextmanager
def rtl_language(root: Path = RTL_ROOT) -> Iterator[str]:
    """The languages read from `root` count as the package's own while the block runs."""
    i18n.add_root(root)
    try:
        yield RTL
    finally:
        i18n.remove_root(root)
