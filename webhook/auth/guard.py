"""`desk_required`: a desk page needs a live session with an unlocked key, and one of the
page's roles. The roles are read afresh on every request, so a revoked role stops at once."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, flash, g, redirect, request, session, url_for

from bvr.domain import Role
from bvr.errors import BvrError
from bvr.services import casework_desk
from webhook.auth import pending
from webhook.auth.sessions import DeskSession
from webhook.i18n import t
from webhook.state import state

F = TypeVar("F", bound=Callable[..., Any])


def current() -> DeskSession | None:
    return state().sessions.get(session.get("sid"))


def _say_why_it_ended() -> None:
    """The session in the cookie has ended: say why on the login page, and that what this
    request sent (a form typed before the session ended) was not saved."""
    web = state()
    if web.sessions.outlived(session.get("started")):
        hours = round(web.sessions.lifetime.total_seconds() / 3600, 1)
        flash(t("web-session-lifetime", num_hours=hours), "error")
    else:
        flash(t("web-session-expired"), "error")
    if request.method == "POST":
        # Nothing lost: the form is kept (sealed) and shown again after login.
        flash(t("web-session-kept") if pending.keep_this_form()
              else t("web-session-not-saved"), "error")
    session.pop("sid", None)
    session.pop("started", None)


def desk_required(*roles: Role, unlocked: bool = True) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            desk = current()
            if desk is None:
                if session.get("sid"):
                    _say_why_it_ended()
                elif request.method == "POST" and pending.keep_this_form():
                    flash(t("web-session-kept"), "error")  # the cookie itself was gone
                after = url_for("auth.resume") if pending.has_kept_form() else request.path
                return redirect(url_for("auth.login", next=after))
            if unlocked and desk.key is None:
                session["next"] = request.path  # where unlocking leads back to
                return redirect(url_for("auth.unlock"))
            try:
                held = casework_desk.roles_of(state().core, desk.username)
            except BvrError:
                held = frozenset()
            if not held:
                state().sessions.end(desk.sid)
                abort(403)
            if roles and not held & set(roles):
                abort(403)
            g.desk = desk
            g.roles = held
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
