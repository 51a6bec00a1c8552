"""Watching the wiki: when to run an intake round.

Elsewhere than on Wikimedia wikis the job polls: a round every `config.intake.poll_seconds`
(default 1 s), at once again while RecentChanges has more. On Wikimedia wikis
(`config.intake.use_eventstreams`) pywikibot's EventStreams client wakes the job for every
change under the report prefix on `config.intake.server_name` (filtered on the client side,
as EventStreams requires), and a round every `fallback_seconds` catches what a dropped stream
missed. Either way a round is the same: the position in the database says where to continue,
so a restart misses nothing and repeats nothing.

The stream is read in a thread of its own. pywikibot's reader reconnects by itself after an
error and yields only events that pass the filters, so on a quiet wiki a read can wait
forever: on the main thread that would stop the fallback rounds and the health-check file,
and Toolforge would restart the job every few minutes.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from bot.intake.job import Intake, RoundResult
from bvr.config import Intake as IntakeConfig
from bvr.i18n import translate

log = logging.getLogger(__name__)
RECONNECT_SECONDS = 5.0  # after the stream ended or broke (pywikibot retries inside too)


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


def stream_rounds(job: Intake, config: IntakeConfig, stopper: Stopper,
                  alive: Path | None) -> Iterator[RoundResult]:
    """A round for every matching EventStreams event, and one at least every
    `config.fallback_seconds`."""
    from pywikibot.comms.eventstreams import EventStreams

    yield job.round()
    _touch(alive)
    options: dict[str, Any] = {"url": config.eventstreams_url} if config.eventstreams_url else {}
    stream = EventStreams(streams="recentchange", site=job.site, **options)
    stream.register_filter(server_name=config.server_name, namespace=job.namespace)
    stream.register_filter(is_report(job.prefixed_title))
    woken = threading.Event()
    threading.Thread(target=_listen, args=(stream, woken, stopper, job.lang), daemon=True,
                     name="eventstreams").start()
    while not stopper.stopped:
        deadline = time.monotonic() + config.fallback_seconds
        while not stopper.stopped and time.monotonic() < deadline:
            if woken.wait(timeout=min(0.2, max(0.0, deadline - time.monotonic()))):
                break
        woken.clear()
        if stopper.stopped:
            return
        yield job.round()
        _touch(alive)


def _listen(stream: Iterable[dict[str, Any]], woken: threading.Event, stopper: Stopper,
            lang: str) -> None:
    """Wake the watch for every matching event; never end before the watch does."""
    while not stopper.stopped:
        try:
            for _event in stream:
                woken.set()
                if stopper.stopped:
                    return
        except Exception as error:  # a broken stream must not end intake: the rounds go on
            log.warning(translate("intake-log-stream-broken", lang, kind=type(error).__name__,
                                  seconds=RECONNECT_SECONDS))
        time.sleep(RECONNECT_SECONDS)


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
