"""A STAND-IN for MediaWiki's OAuth extension (Extension:OAuth, OAuth 2.0), for tests only.

No MediaWiki with the OAuth extension runs in the test bed, so the case desk's Wikimedia
login is tested against this small, real HTTP authorization server on loopback. It answers
the three endpoints the desk uses, under MediaWiki's REST entry point, the way MediaWiki does:

- `GET  /w/rest.php/oauth2/authorize`: MediaWiki would show its login and consent pages; the
  stand-in approves at once as `user` (set by the test) and redirects back with a code.
- `POST /w/rest.php/oauth2/access_token`: the authorization-code grant, with the client's
  credentials (HTTP Basic or in the body) and PKCE (S256) checked.
- `GET  /w/rest.php/oauth2/resource/profile`: the logged-in user (`sub`, `username`, ...)
  for a valid bearer token.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from testbed.ports import LOOPBACK, free_port

PREFIX = "/w/rest.php/oauth2"


@dataclass
class _Grant:
    user: tuple[str, str]
    redirect_uri: str
    challenge: str


@dataclass
class OAuthStandIn:
    client_id: str
    client_secret: str
    user: tuple[str, str] = ("1", "Nobody")  # (sub, username) the next login approves as
    codes: dict[str, _Grant] = field(default_factory=dict)
    tokens: dict[str, tuple[str, str]] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)  # why requests were refused, for tests
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def __enter__(self) -> OAuthStandIn:
        self.port = free_port(LOOPBACK)
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: the test output is not a request log

            def do_GET(self) -> None:
                standin._get(self)

            def do_POST(self) -> None:
                standin._post(self)

        self._server = ThreadingHTTPServer((LOOPBACK, self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # --- the endpoints --------------------------------------------------------------------

    def _get(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == f"{PREFIX}/authorize":
            if query.get("client_id") != self.client_id or query.get("response_type") != "code":
                return self._refuse(request, 400, "authorize: client or response type")
            if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                return self._refuse(request, 400, "authorize: PKCE S256 required")
            code = secrets.token_urlsafe(24)
            redirect_uri = query.get("redirect_uri", "")
            self.codes[code] = _Grant(self.user, redirect_uri, query["code_challenge"])
            back = redirect_uri + "?" + urlencode({"code": code, "state": query.get("state", "")})
            request.send_response(302)
            request.send_header("Location", back)
            request.end_headers()
            return None
        if parts.path == f"{PREFIX}/resource/profile":
            bearer = request.headers.get("Authorization", "")
            user = self.tokens.get(bearer.removeprefix("Bearer "))
            if not bearer.startswith("Bearer ") or user is None:
                return self._refuse(request, 401, "profile: bad token")
            return self._json(request, 200, {
                "sub": user[0], "username": user[1], "editcount": 1200,
                "confirmed_email": True, "blocked": False, "registered": "20150101000000",
                "groups": ["*", "user", "autoconfirmed"], "rights": ["read"],
                "grants": ["basic"]})
        return self._refuse(request, 404, f"unknown path {parts.path}")

    def _post(self, request: BaseHTTPRequestHandler) -> None:
        if urlsplit(request.path).path != f"{PREFIX}/access_token":
            return self._refuse(request, 404, "unknown path")
        length = int(request.headers.get("Content-Length", "0"))
        body = {k: v[0] for k, v in parse_qs(request.rfile.read(length).decode()).items()}
        client_id, secret = body.get("client_id", ""), body.get("client_secret", "")
        basic = request.headers.get("Authorization", "")
        if basic.startswith("Basic "):
            client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
        if (client_id, secret) != (self.client_id, self.client_secret):
            return self._refuse(request, 401, "token: client credentials")
        grant = self.codes.pop(body.get("code", ""), None)  # a code works once
        if body.get("grant_type") != "authorization_code" or grant is None:
            return self._refuse(request, 400, "token: invalid grant")
        if body.get("redirect_uri", grant.redirect_uri) != grant.redirect_uri:
            return self._refuse(request, 400, "token: redirect_uri")
        verifier = body.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant.challenge:
            return self._refuse(request, 400, "token: PKCE verifier")
        token = secrets.token_urlsafe(32)
        self.tokens[token] = grant.user
        return self._json(request, 200, {"token_type": "Bearer", "expires_in": 14400,
                                         "access_token": token,
                                         "refresh_token": secrets.token_urlsafe(32)})

    def _json(self, request: BaseHTTPRequestHandler, status: int, data: object) -> None:
        payload = json.dumps(data).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)

    def _refuse(self, request: BaseHTTPRequestHandler, status: int, why: str) -> None:
        self.refused.append(why)
        self._json(request, status, {"error": "invalid_request", "message": why})
