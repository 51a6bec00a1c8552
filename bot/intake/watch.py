"""Watching the wiki: when to run an intake round.

Elsewhere than on Wikimedia wikis the job polls: a round every `config.intake.poll_seconds`
(default 1 s), at once again while RecentChanges has more. On Wikimedia wikis
(`config.intake.use_eventstreams`) pywikibot's EventStreams client wakes the job for every
change under the report prefix on `config.intake.server_name` (filtered on the client side,
as EventStreams requires), and a slow poll every `FALLBACK_SECONDS` catches what a dropped
stream missed. Either way a round is the same: the position in the database says where to
continue, so a restart misses nothing and repeats nothing.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from bot.intake.job import Intake, RoundResult

FALLBACK_SECONDS = 60.0


class Stopper:
    """SIGTERM/SIGINT end the watch after the current report (a graceful stop)."""

    def __init__(self) -> None:
        self.stopped = False

    def install(self) -> None:
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, self._stop)

    def _stop(self, _signum: int, _frame: FrameType | None) -> None:
        self.stopped = True


def poll_rounds(job: Intake, interval: float, stopper: Stopper,
                alive: Path | None) -> Iterator[RoundResult]:
    """A round every `interval` seconds until stopped; touches `alive` after each."""
    while not stopper.stopped:
        started = time.monotonic()
        result = job.round()
        _touch(alive)
        yield result
        if not result.more:
            _sleep_until(started + interval, stopper)


def stream_rounds(job: Intake, server_name: str, stopper: Stopper,
                  alive: Path | None) -> Iterator[RoundResult]:
    """A round for every matching EventStreams event, and one at least every minute."""
    from pywikibot.comms.eventstreams import EventStreams

    yield job.round()
    _touch(alive)
    stream = EventStreams(streams="recentchange", timeout=FALLBACK_SECONDS)
    stream.register_filter(server_name=server_name, namespace=job.namespace)
    stream.register_filter(is_report(job.prefixed_title))
    while not stopper.stopped:
        # A timeout or a dropped stream ends the wait too: the round below polls anyway.
        with contextlib.suppress(StopIteration, OSError, ValueError):
            next(iter(stream))
        yield job.round()
        _touch(alive)


def is_report(prefixed_title: str) -> Callable[[dict[str, Any]], bool]:
    """An EventStreams filter: the event is about a page under the report prefix."""
    def matches(event: dict[str, Any]) -> bool:
        return str(event.get("title", "")).startswith(prefixed_title)
    return matches


def _touch(alive: Path | None) -> None:
    if alive is not None:
        alive.touch()


def _sleep_until(deadline: float, stopper: Stopper) -> None:
    while not stopper.stopped:
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.05))
