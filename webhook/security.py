"""Security for every response and every form: headers (CSP, no framing, no referrer, no
caching of pages that may show a receipt code or case content; HSTS when the service is
reached over https), a CSRF token per browser session, made anew at login and logout
(`rotate_csrf`), and request size limits (`MAX_CONTENT_LENGTH`, refused before the body is
read)."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, Response, abort, request, session

CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
# Authlib's OAuth callback arrives by GET from the wiki; every state-changing request is a POST.
CSRF_FIELD = "csrf_token"
#: A year, the usual value: browsers then refuse plain http to this host for that long.
HSTS = "max-age=31536000"


def csrf_token() -> str:
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def rotate_csrf() -> None:
    """Forget the session's CSRF token; the next form gets a new one. At login and logout: a
    token an attacker learnt before login (on a shared computer, say) must not work after."""
    session.pop("csrf", None)


def csrf_valid() -> bool:
    sent = request.form.get(CSRF_FIELD, "")
    expected = session.get("csrf")
    return isinstance(expected, str) and bool(sent) and hmac.compare_digest(sent, expected)


def install(app: Flask, hsts: bool = False) -> None:
    """`hsts`: send Strict-Transport-Security, for a service whose `public_url` is https
    (never otherwise: on plain http it would be ignored, and on a local port misleading)."""

    @app.before_request
    def _csrf() -> None:
        if request.method == "POST" and not csrf_valid():
            abort(400, description="csrf")

    @app.after_request
    def _headers(response: Response) -> Response:
        # A download (a reporter's attachment) is also sandboxed: should a browser render it
        # after all, it runs no script and has no access to the desk's origin.
        download = response.headers.get("Content-Disposition", "").startswith("attachment")
        response.headers["Content-Security-Policy"] = CSP + ("; sandbox" if download else "")
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        if hsts:
            response.headers["Strict-Transport-Security"] = HSTS
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    app.jinja_env.globals.update(csrf_token=csrf_token, csrf_field=CSRF_FIELD)
