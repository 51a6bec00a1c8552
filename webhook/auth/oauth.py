"""Wikimedia OAuth 2.0 (Authlib) against any MediaWiki OAuth server, meta.wikimedia.org by
default. The client id and secret come from the environment (`BVR_OAUTH_CLIENT_ID`,
`BVR_OAUTH_CLIENT_SECRET`); without them the OAuth login is simply not offered.

MediaWiki's endpoints, under its REST entry point: `/oauth2/authorize`,
`/oauth2/access_token`, and `/oauth2/resource/profile` (gives `sub` and `username`). The
access token is used once, to learn who logged in, and is then dropped: nothing of it is kept.
"""

from __future__ import annotations

import os

from authlib.integrations.flask_client import OAuth
from flask import Flask

from bvr.config import ENV_OAUTH_CLIENT_ID, ENV_OAUTH_CLIENT_SECRET, Config
from webhook.state import WebState

NAME = "wikimedia"


def endpoints(config: Config) -> dict[str, str]:
    base = config.web.oauth_server.rstrip("/") + config.web.oauth_rest_path
    return {"authorize_url": f"{base}/oauth2/authorize",
            "access_token_url": f"{base}/oauth2/access_token",
            "api_base_url": f"{base}/oauth2/"}


def install(app: Flask, config: Config) -> None:
    client_id = os.environ.get(ENV_OAUTH_CLIENT_ID)
    client_secret = os.environ.get(ENV_OAUTH_CLIENT_SECRET)
    web_state: WebState = app.extensions["bvr"]
    app.jinja_env.globals["oauth_login"] = bool(client_id and client_secret)
    if not (client_id and client_secret):
        return
    registry = OAuth(app)
    registry.register(NAME, client_id=client_id, client_secret=client_secret,
                      client_kwargs={"code_challenge_method": "S256"}, **endpoints(config))
    web_state.oauth = registry
