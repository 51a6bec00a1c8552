"""The reader's language: `?uselang=` (remembered in a cookie), else the cookie, else the
browser's Accept-Language, else the association's language. Every text comes from the
message files (`bvr.i18n`, MediaWiki syntax); any language with message files can be chosen.
`?uselang=qqx` shows the message keys instead of the texts (as on MediaWiki), for
translators and for finding which key a text comes from; it is not remembered."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request, url_for
from werkzeug.exceptions import HTTPException

from bvr.i18n import FALLBACK, LANGUAGES, QQX, autonym, catalogue, direction, qqx, translate

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
    """A message in the reader's language (its key, with `?uselang=qqx`)."""
    if g.get("qqx"):
        return qqx(key, params)
    return translate(key, g.get("lang", FALLBACK), **params)


def language_name(code: str) -> str:
    """A language's name in itself for the language switch: its message where the files have
    one (`web-language-<code>`), else Babel's autonym, so a new language needs no message."""
    key = f"web-language-{code}"
    return translate(key, code) if key in catalogue(FALLBACK) else autonym(code)


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
        g.qqx = request.args.get("uselang", "") == QQX
        g.lang = FALLBACK if g.qqx else choose(default)
        g.dir = direction(g.lang)

    @app.after_request
    def _remember(response: Response) -> Response:
        asked = request.args.get("uselang", "")
        if asked in LANGUAGES:
            remember(response, asked)
        return response

    app.jinja_env.globals.update(t=t, label=label, languages=LANGUAGES,
                                 language_url=language_url, language_name=language_name,
                                 direction=direction)
