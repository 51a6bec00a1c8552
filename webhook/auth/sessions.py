"""Desk sessions, kept in server memory only.

A session starts at login with a fresh random id (no fixation), holds the person's unlocked
vault key after they gave their passphrase, and ends at the first of: `session_minutes`
without a request (idle), `session_max_hours` after login however busy it was (absolute),
logout, or the process stopping. Nothing of it is written to disk or put in the cookie, so
gunicorn must run one worker process (with threads) for the desk: see docs/web.md.

Ending a session wipes its key (`UnlockedKey.close`: the private key's buffer is zeroed) and
drops the entry. Expired sessions do not wait for a request to find them: a sweeper thread in
the web process ends them every `session_sweep_seconds` (docs/decisions/0006). It holds the
store only by a weak reference, so a store that is gone (an app of a test) ends its thread.

Time comes from a clock in seconds: `time.monotonic` until the app binds the core's clock
(`use_clock`, done when the auth blueprint is registered), so session time-outs follow the
same clock as the protocol's deadlines, and tests can move it.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bvr.vault import UnlockedKey

log = logging.getLogger(__name__)


@dataclass
class DeskSession:
    sid: str
    username: str
    expires: float  # idle deadline, moved on by every request
    ends: float  # absolute deadline, fixed at login
    started: float
    key: UnlockedKey | None = None


class SessionStore:
    def __init__(self, idle: timedelta, lifetime: timedelta = timedelta(hours=12),
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._idle = idle.total_seconds()
        self._lifetime = lifetime.total_seconds()
        self._sessions: dict[str, DeskSession] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._sweeper: threading.Thread | None = None
        self._sweeper_pid = 0
        self._stop = threading.Event()

    @property
    def lifetime(self) -> timedelta:
        return timedelta(seconds=self._lifetime)

    def use_clock(self, clock: Callable[[], float]) -> None:
        """Measure time with `clock` (seconds) from now on; live sessions are dropped,
        because their deadlines were measured on the old clock."""
        with self._lock:
            for sid in list(self._sessions):
                self._forget(sid)
            self._clock = clock

    def start(self, username: str) -> DeskSession:
        now = self._clock()
        session = DeskSession(secrets.token_urlsafe(32), username, now + self._idle,
                              now + self._lifetime, now)
        with self._lock:
            self._sessions[session.sid] = session
        return session

    def get(self, sid: str | None) -> DeskSession | None:
        """The live session for `sid`, its idle timer restarted; None when unknown or expired
        (an expired one is ended on the spot)."""
        if not sid:
            return None
        with self._lock:
            now = self._clock()
            session = self._sessions.get(sid)
            if session is None:
                return None
            if self._expired(session, now):
                self._forget(sid)
                return None
            session.expires = min(now + self._idle, session.ends)
            return session

    def hold_key(self, sid: str, key: UnlockedKey) -> bool:
        """Keep `key` in the live session `sid` (wiping a key it held before); False, with
        `key` wiped, when that session has ended meanwhile."""
        with self._lock:
            session = self._sessions.get(sid)
            if session is None or self._expired(session, self._clock()):
                key.close()
                return False
            if session.key is not None and session.key is not key:
                session.key.close()
            session.key = key
            return True

    def outlived(self, started: object) -> bool:
        """Whether a session that started at `started` (from the cookie) has passed the
        absolute lifetime: then the login page says why it ended."""
        return (isinstance(started, int | float)
                and started + self._lifetime <= self._clock())

    def end(self, sid: str | None) -> None:
        with self._lock:
            if sid:
                self._forget(sid)
        self.sweep()

    def sweep(self) -> int:
        """End every expired session now; how many were ended."""
        with self._lock:
            now = self._clock()
            stale = [sid for sid, s in self._sessions.items() if self._expired(s, now)]
            for sid in stale:
                self._forget(sid)
            return len(stale)

    def expire_now(self, sid: str) -> None:
        """For tests and forced logouts: make the session time out at once."""
        with self._lock:
            if sid in self._sessions:
                self._sessions[sid].expires = 0

    def start_sweeper(self, every: float) -> None:
        """Sweep every `every` seconds in a daemon thread of this process. Safe to call on
        every request: it starts one thread per process, again in a process forked after the
        first one started (gunicorn forks workers from the process that imported the app)."""
        if every <= 0 or (self._sweeper_pid == os.getpid() and self._sweeper is not None
                          and self._sweeper.is_alive()):
            return
        with self._lock:
            if self._sweeper_pid == os.getpid() and self._sweeper and self._sweeper.is_alive():
                return
            self._stop = threading.Event()
            self._sweeper = threading.Thread(target=_sweep_loop, name="bvr-session-sweeper",
                                             args=(weakref.ref(self), self._stop, every),
                                             daemon=True)
            self._sweeper_pid = os.getpid()
            self._sweeper.start()

    def stop_sweeper(self) -> None:
        self._stop.set()
        if self._sweeper is not None:
            self._sweeper.join(timeout=5)

    def _expired(self, session: DeskSession, now: float) -> bool:
        return session.expires <= now or session.ends <= now

    def _forget(self, sid: str) -> None:
        session = self._sessions.pop(sid, None)
        if session is not None and session.key is not None:
            session.key.close()  # zero the private key's buffer, then drop it
            session.key = None

    def __len__(self) -> int:
        return len(self._sessions)


def _sweep_loop(store_ref: weakref.ref[SessionStore], stop: threading.Event,
                every: float) -> None:
    while not stop.wait(every):
        store = store_ref()
        if store is None:
            return
        try:
            store.sweep()
        except Exception:  # a sweep must never kill the sweeper; the next one tries again
            log.exception("session sweep failed")
        del store  # keep only the weak reference while sleeping
