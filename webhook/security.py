"""Security for every response and every form: headers (CSP, no framing, no referrer, no
caching of pages that may show a receipt code or case content), a CSRF token per browser
session, and request size limits (`MAX_CONTENT_LENGTH`, refused before the body is read)."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, Response, abort, request, session

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
# Authlib's OAuth callback arrives by GET from the wiki; every state-changing request is a POST.
CSRF_FIELD = "csrf_token"


def csrf_token() -> str:
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def csrf_valid() -> bool:
    sent = request.form.get(CSRF_FIELD, "")
    expected = session.get("csrf")
    return isinstance(expected, str) and bool(sent) and hmac.compare_digest(sent, expected)


def install(app: Flask) -> None:
    @app.before_request
    def _csrf() -> None:
        if request.method == "POST" and not csrf_valid():
            abort(400, description="csrf")

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    app.jinja_env.globals.update(csrf_token=csrf_token, csrf_field=CSRF_FIELD)
