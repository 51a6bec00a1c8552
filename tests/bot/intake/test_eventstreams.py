"""`bvr intake --watch` on a Wikimedia wiki listens to EventStreams (flow 1).

The live EventStreams service cannot run here: a small server-sent-events server on loopback
stands in for it (LABELLED STAND-IN for https://stream.wikimedia.org/v2/stream/recentchange),
sending recentchange events shaped as that service documents them. Everything else is real:
the local MediaWiki, pywikibot's EventStreams client with requests-sse, the intake job.

- A matching event wakes the job at once, long before its fallback round is due.
- A quiet stream (nothing matches for a long time) does not stop the rounds or the
  health-check file: pywikibot's reader can wait forever, so it reads in a thread.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bot.intake import watch
from bot.intake.job import Intake, RoundResult
from bot.site import connect
from bvr.services.core import Core
from testbed import reporter
from testbed.mediawiki import WikiFarm
from testbed.ports import LOOPBACK

pytestmark = pytest.mark.mediawiki
SERVER_NAME = "nl.wikimedia.org"


class StreamStandIn:
    """STAND-IN for Wikimedia EventStreams: `send(event)` goes to every open connection as
    one server-sent event."""

    def __init__(self) -> None:
        self.listeners: list[queue.Queue[dict[str, object] | None]] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                events: queue.Queue[dict[str, object] | None] = queue.Queue()
                stand_in.listeners.append(events)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                while (event := events.get()) is not None:
                    self.wfile.write(b"event: message\nid: [{}]\ndata: "
                                     + json.dumps(event).encode() + b"\n\n")
                    # A comment line, as the service's keep-alives: the client reads in
                    # chunks, and a lone short event would wait in its buffer.
                    self.wfile.write(b":" + b" " * 4096 + b"\n\n")
                    self.wfile.flush()

            def log_message(self, *_args: object) -> None:
                return None

        self.server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self.url = f"http://{LOOPBACK}:{self.server.server_port}/v2/stream/recentchange"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def connected(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while not self.listeners and time.monotonic() < deadline:
            time.sleep(0.05)
        return bool(self.listeners)

    def send(self, event: dict[str, object]) -> None:
        for listener in self.listeners:
            listener.put(event)

    def close(self) -> None:
        for listener in self.listeners:
            listener.put(None)
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stream() -> Iterator[StreamStandIn]:
    stand_in = StreamStandIn()
    yield stand_in
    stand_in.close()


def _watch(wiki_core: Core, stream: StreamStandIn, fallback: float,
           alive: Path) -> tuple[watch.Stopper, list[RoundResult], threading.Thread]:
    wiki_core.config = replace(wiki_core.config, intake=replace(
        wiki_core.config.intake, use_eventstreams=True, server_name=SERVER_NAME,
        eventstreams_url=stream.url, fallback_seconds=fallback))
    job = Intake(wiki_core, connect(wiki_core.config))
    stopper = watch.Stopper()
    results: list[RoundResult] = []

    def run() -> None:
        results.extend(watch.stream_rounds(job, wiki_core.config.intake, stopper, alive))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert stream.connected(), "the job never connected to the stream"
    return stopper, results, thread


def _event(title: str, server_name: str = SERVER_NAME) -> dict[str, object]:
    """A recentchange event as EventStreams documents it (the fields the filters read)."""
    return {"$schema": "/mediawiki/recentchange/1.0.0", "type": "new", "namespace": 0,
            "title": title, "server_name": server_name, "wiki": "nlwikimedia",
            "meta": {"domain": server_name, "stream": "mediawiki.recentchange"}}


def test_R_7_2_an_event_wakes_intake_at_once(
        wiki_core: Core, wiki_farm: WikiFarm, make_person: object, stream: StreamStandIn,
        tmp_path: Path) -> None:
    stopper, results, thread = _watch(wiki_core, stream, fallback=60.0,
                                      alive=tmp_path / "alive")
    person = make_person()  # type: ignore[operator]
    title, _saved = reporter.report(wiki_farm["nl"], person.session, wat="Via de stroom")
    stream.send(_event(title, server_name="de.wikipedia.org"))  # filtered out: no round
    time.sleep(1.0)
    assert not any(r.filed for r in results)
    stream.send(_event(title))
    deadline = time.monotonic() + 15  # far below the 60-second fallback
    while not any(r.filed for r in results) and time.monotonic() < deadline:
        time.sleep(0.1)
    stopper.stopped = True
    thread.join(timeout=10)
    assert any(r.filed for r in results), "the event did not wake the job"


def test_R_7_2_a_quiet_stream_keeps_the_rounds_and_the_health_check_going(
        wiki_core: Core, stream: StreamStandIn, tmp_path: Path) -> None:
    alive = tmp_path / "alive"
    stopper, results, thread = _watch(wiki_core, stream, fallback=0.5, alive=alive)
    first = len(results)
    touched = alive.stat().st_mtime
    time.sleep(2.0)  # nothing on the stream
    assert len(results) >= first + 2
    assert alive.stat().st_mtime > touched
    stopper.stopped = True
    thread.join(timeout=10)
    assert not thread.is_alive()
