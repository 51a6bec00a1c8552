"""Desk forms sent after the session ended: kept, sealed, until their author logs in again.

A hearing note typed for half an hour must not be lost because the session ended meanwhile
(its idle or absolute limit, or the browser dropped the cookie so the CSRF token no longer
matched). The form is sealed with a fresh key (XSalsa20-Poly1305, PyNaCl's SecretBox) and
kept in server memory only; the key goes into the browser's signed cookie session. Neither
half alone reads it: not a dump of the process, not the cookie. After login and unlocking,
`/desk/resume` shows the form again, to be sent with one click (a POST is never replayed
without the person seeing it), and forgets it.

Nothing of the form reaches a URL or a log; an unclaimed form is wiped after `ttl`.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import nacl.exceptions
import nacl.secret
import nacl.utils
from flask.sansio.app import App

#: How long a kept form waits for its author; the same as a desk session at most lives.
DEFAULT_TTL_SECONDS = 12 * 3600
#: Memory bound: beyond this many unclaimed forms the oldest are dropped.
MAX_KEPT = 1000


@dataclass(frozen=True)
class Ticket:
    """What the cookie session holds: which kept form, and the key that opens it."""

    id: str
    key: str  # hex

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "key": self.key}

    @classmethod
    def from_dict(cls, data: object) -> Ticket | None:
        if isinstance(data, dict) and isinstance(data.get("id"), str) \
                and isinstance(data.get("key"), str):
            return cls(data["id"], data["key"])
        return None


@dataclass(frozen=True)
class KeptForm:
    path: str
    fields: tuple[tuple[str, str], ...]


class PendingForms:
    def __init__(self, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._clock = clock
        self._kept: dict[str, tuple[float, bytes]] = {}
        self._lock = threading.Lock()

    def keep(self, path: str, fields: list[tuple[str, str]]) -> Ticket:
        key = nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)
        sealed = nacl.secret.SecretBox(key).encrypt(
            json.dumps({"path": path, "fields": fields}).encode("utf-8"))
        ticket = Ticket(secrets.token_urlsafe(24), key.hex())
        with self._lock:
            self._forget_stale()
            self._kept[ticket.id] = (self._clock() + self._ttl, bytes(sealed))
        return ticket

    def take(self, ticket: Ticket) -> KeptForm | None:
        """The kept form, forgotten here; None when unknown, expired or the key is wrong."""
        with self._lock:
            self._forget_stale()
            found = self._kept.pop(ticket.id, None)
        if found is None:
            return None
        try:
            opened = json.loads(nacl.secret.SecretBox(bytes.fromhex(ticket.key))
                                .decrypt(found[1]))
        except (ValueError, nacl.exceptions.CryptoError):
            return None
        return KeptForm(str(opened["path"]),
                        tuple((str(name), str(value)) for name, value in opened["fields"]))

    def _forget_stale(self) -> None:
        now = self._clock()
        for kept_id in [k for k, (until, _) in self._kept.items() if until <= now]:
            del self._kept[kept_id]
        while len(self._kept) >= MAX_KEPT:
            del self._kept[next(iter(self._kept))]

    def __len__(self) -> int:
        return len(self._kept)


# --- in a request -------------------------------------------------------------------------

EXTENSION = "bvr-pending-forms"
SESSION_KEY = "pending"
#: Desk endpoints whose forms are not worth keeping (they hold a secret, or nothing).
NOT_KEPT = frozenset({"auth.login", "auth.unlock", "auth.logout", "auth.resume"})


def install(app: App, clock: Callable[[], float]) -> None:
    app.extensions[EXTENSION] = PendingForms(clock=clock)


def keep_this_form() -> bool:
    """Keep the form of this POST for its author; False when there is nothing to keep."""
    from flask import current_app, request, session

    if request.method != "POST" or request.endpoint in NOT_KEPT \
            or not request.path.startswith("/desk/"):
        return False
    fields = [(name, value) for name, value in request.form.items(multi=True)
              if name != "csrf_token"]
    if not any(value.strip() for _, value in fields):
        return False
    store: PendingForms = current_app.extensions[EXTENSION]
    session[SESSION_KEY] = store.keep(request.path, fields).as_dict()
    return True


def take_kept_form() -> KeptForm | None:
    from flask import current_app, session

    ticket = Ticket.from_dict(session.pop(SESSION_KEY, None))
    if ticket is None:
        return None
    store: PendingForms = current_app.extensions[EXTENSION]
    return store.take(ticket)


def has_kept_form() -> bool:
    from flask import session

    return Ticket.from_dict(session.get(SESSION_KEY)) is not None
