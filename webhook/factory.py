"""The application factory: one app per configuration, with no module-level state, so tests
run several side by side and gunicorn runs `webhook:create_app()`."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import timedelta

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from bvr import config as bvr_config
from bvr.config import ENV_SECRET_KEY, Config
from bvr.services.core import Core
from webhook import errors, i18n, security
from webhook.auth import oauth
from webhook.auth.sessions import SessionStore
from webhook.ratelimit import RateLimiter
from webhook.state import WebState

log = logging.getLogger(__name__)

#: How many reverse proxies stand in front of the app (Toolforge's front proxy: 1). Behind a
#: proxy every request comes from the proxy's address, so the rate limits would count all
#: reporters as one client; the client's address is then taken from X-Forwarded-For, trusting
#: only the entries those proxies added. Unset (0), the header is ignored: anyone could forge
#: it to dodge the limits. The address is used for the in-memory limiter only, never stored.
#: (Belongs with the ENV_* names in bvr/config.py once that file can take it.)
ENV_PROXY_HOPS = "BVR_PROXY_HOPS"


def _proxy_hops() -> int:
    raw = os.environ.get(ENV_PROXY_HOPS, "0").strip() or "0"
    if not raw.isdigit():
        log.warning("%s is not a number; trusting no proxy", ENV_PROXY_HOPS)
        return 0
    return int(raw)


def create_app(config: Config | None = None, core: Core | None = None) -> Flask:
    config = config or (core.config if core else bvr_config.load())
    core = core or Core.from_config(config)
    app = Flask(__name__)
    secret = os.environ.get(ENV_SECRET_KEY)
    if not secret:
        # Fine for one process; sessions end with it. Set BVR_SECRET_KEY in production.
        log.warning("%s is not set: using a random session key", ENV_SECRET_KEY)
        secret = secrets.token_hex(32)
    app.config.update(
        SECRET_KEY=secret,
        MAX_CONTENT_LENGTH=config.web.max_form_kb * 1024,
        MAX_FORM_MEMORY_SIZE=config.web.max_form_kb * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",  # Lax: the OAuth callback is a top-level GET
        SESSION_COOKIE_SECURE=config.web.public_url.startswith("https://"),
        SESSION_COOKIE_NAME="bvr_session",
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=config.web.session_minutes),
    )
    hops = _proxy_hops()
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    sessions = SessionStore(timedelta(minutes=config.web.session_minutes),
                            timedelta(hours=config.web.session_max_hours))
    app.extensions["bvr"] = WebState(core=core, sessions=sessions, limiter=RateLimiter())

    @app.before_request
    def _sweeper() -> None:
        # Started by the first request of each process, not here: gunicorn may import the app
        # before it forks its worker, and a thread does not survive a fork.
        sessions.start_sweeper(config.web.session_sweep_seconds)

    i18n.install(app, config.language)
    security.install(app, hsts=config.web.public_url.startswith("https://"))
    errors.install(app)
    app.jinja_env.globals.update(association=config.association, local_login=config.web.local_login)

    from webhook.auth.views import blueprint as auth_blueprint
    from webhook.desk import blueprint as desk_blueprint
    from webhook.health import blueprint as health_blueprint
    from webhook.public import blueprint as public_blueprint

    oauth.install(app, config)
    app.register_blueprint(public_blueprint)
    app.register_blueprint(auth_blueprint)
    app.register_blueprint(desk_blueprint)
    app.register_blueprint(health_blueprint)
    return app
