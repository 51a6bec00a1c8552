"""The reader's language: `?uselang=` (remembered in a cookie), else the cookie, else the
browser's Accept-Language, else the association's language. Every text comes from the
message files (`bvr/i18n/web/`)."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request, url_for
from werkzeug.exceptions import HTTPException

from bvr.i18n import LANGUAGES, translate

COOKIE = "lang"


def choose(default: str) -> str:
    asked = request.args.get("uselang", "")
    if asked in LANGUAGES:
        return asked
    remembered = request.cookies.get(COOKIE, "")
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or default


def t(key: str, **params: object) -> str:
    """A message in the reader's language."""
    return translate(key, g.get("lang", "en"), **params)


def label(prefix: str, value: object) -> str:
    """The reader's word for an enumeration value, e.g. label('status', 'received')."""
    raw = getattr(value, "value", value)
    return t(f"web-{prefix}-{str(raw).replace('_', '-')}")


def language_url(code: str) -> str:
    """Where the language links lead: this page again when it can be opened by GET, else the
    start page. A page answering a POST (a refused form, the reporter's
    channel) has no GET of its own, and its content (a receipt code) must never go into a URL;
    linking to its address would give "method not allowed"."""
    if request.method == "GET" and request.endpoint:
        # The path only: echoing the query would carry whatever was put there (a receipt
        # code pasted into a URL) into every link of the page.
        return url_for(request.endpoint, **(request.view_args or {}), uselang=code)
    try:
        endpoint, values = current_app.url_map.bind_to_environ(request.environ).match(
            request.path, method="GET")
    except HTTPException:  # no GET here (405) or no page at all (404)
        return url_for("public.index", uselang=code)
    return url_for(endpoint, **values, uselang=code)


def remember(response: Response, code: str) -> None:
    """Keep the reader's choice of language for the next pages."""
    response.set_cookie(COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                        httponly=True, secure=request.is_secure)


def install(app: Flask, default: str) -> None:
    @app.before_request
    def _language() -> None:
        g.lang = choose(default)

    @app.after_request
    def _remember(response: Response) -> Response:
        asked = request.args.get("uselang", "")
        if asked in LANGUAGES:
            remember(response, asked)
        return response

    app.jinja_env.globals.update(t=t, label=label, languages=LANGUAGES,
                                 language_url=language_url)
