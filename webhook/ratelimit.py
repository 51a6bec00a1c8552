"""In-memory rate limiting: a sliding window of request times per client and purpose.

The client is known only by a keyed hash of its address, with a key made at start-up and never
stored: no IP address is kept anywhere, and the buckets vanish with the process."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self._key = secrets.token_bytes(32)
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()
        self._clock: Callable[[], float] = clock or time.monotonic

    def _bucket(self, purpose: str, client: str) -> str:
        digest = hmac.new(self._key, client.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"{purpose}:{digest}"

    def allow(self, purpose: str, client: str, limit: int, window_seconds: float = 3600) -> bool:
        """Count one request; False once `limit` requests fell within the window."""
        now = self._clock()
        bucket = self._bucket(purpose, client)
        with self._lock:
            hits = self._hits.setdefault(bucket, deque())
            while hits and hits[0] <= now - window_seconds:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle clients rather than grow unbounded
                self._hits = {k: v for k, v in self._hits.items() if v}
            return True

    def exhausted(self, purpose: str, client: str, limit: int,
                  window_seconds: float = 3600) -> bool:
        """Whether `limit` counted events of this client fell within the window, counting
        nothing: for limits that count failures only (`record` them)."""
        now = self._clock()
        with self._lock:
            hits = self._hits.get(self._bucket(purpose, client))
            if not hits:
                return False
            while hits and hits[0] <= now - window_seconds:
                hits.popleft()
            return len(hits) >= limit

    def record(self, purpose: str, client: str) -> None:
        """Count one event (a failed login, say) without asking whether it was allowed."""
        now = self._clock()
        with self._lock:
            self._hits.setdefault(self._bucket(purpose, client), deque()).append(now)
