"""Desk sessions, kept in server memory only.

A session starts at login with a fresh random id (no fixation), holds the person's unlocked
vault key after they gave their passphrase, and ends after `session_minutes` without a request,
at logout, or when the process stops. Nothing of it is written to disk or put in the cookie, so
gunicorn must run one worker process (with threads) for the desk: see docs/web.md.

Time comes from a clock in seconds: `time.monotonic` until the app binds the core's clock
(`use_clock`, done when the auth blueprint is registered), so session time-outs follow the
same clock as the protocol's deadlines, and tests can move it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bvr.vault import UnlockedKey


@dataclass
class DeskSession:
    sid: str
    username: str
    expires: float
    key: UnlockedKey | None = None


class SessionStore:
    def __init__(self, idle: timedelta, clock: Callable[[], float] = time.monotonic) -> None:
        self._idle = idle.total_seconds()
        self._sessions: dict[str, DeskSession] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def use_clock(self, clock: Callable[[], float]) -> None:
        """Measure idle time with `clock` (seconds) from now on; live sessions are dropped,
        because their expiry was measured on the old clock."""
        with self._lock:
            for sid in list(self._sessions):
                self._forget(sid)
            self._clock = clock

    def start(self, username: str) -> DeskSession:
        session = DeskSession(secrets.token_urlsafe(32), username, self._clock() + self._idle)
        with self._lock:
            self._sessions[session.sid] = session
        return session

    def get(self, sid: str | None) -> DeskSession | None:
        """The live session for `sid`, its idle timer restarted; None when unknown or expired."""
        if not sid:
            return None
        with self._lock:
            now = self._clock()
            session = self._sessions.get(sid)
            if session is None:
                return None
            if session.expires <= now:
                self._forget(sid)
                return None
            session.expires = now + self._idle
            return session

    def end(self, sid: str | None) -> None:
        with self._lock:
            if sid:
                self._forget(sid)
            now = self._clock()
            for stale in [s for s, v in self._sessions.items() if v.expires <= now]:
                self._forget(stale)

    def expire_now(self, sid: str) -> None:
        """For tests and forced logouts: make the session time out at once."""
        with self._lock:
            if sid in self._sessions:
                self._sessions[sid].expires = 0

    def _forget(self, sid: str) -> None:
        session = self._sessions.pop(sid, None)
        if session is not None:
            session.key = None  # drop the last reference to the private key

    def __len__(self) -> int:
        return len(self._sessions)
