"""What the app keeps in memory for its lifetime: the core, desk sessions, rate limits and the
OAuth client. Stored on `app.extensions["bvr"]`, so two apps in one process stay apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app

from bvr.services.core import Core
from webhook.auth.sessions import SessionStore
from webhook.ratelimit import RateLimiter


@dataclass
class WebState:
    core: Core
    sessions: SessionStore
    limiter: RateLimiter
    oauth: Any = None  # authlib's Flask OAuth registry, when OAuth is configured


def state() -> WebState:
    found: WebState = current_app.extensions["bvr"]
    return found


def current_core() -> Core:
    """The protocol core of the app handling this request."""
    return state().core
