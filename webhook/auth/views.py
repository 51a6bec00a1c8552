"""Login (local account or Wikimedia OAuth 2.0), unlocking the vault key, logout.

Logging in says who someone is; the passphrase then unlocks their vault key for this session
only. Attempts are rate limited per client (in memory), and a failed login says the same
whatever was wrong, so the form does not reveal which usernames exist.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException

from bvr import strength
from bvr.errors import BvrError
from bvr.services import casework_accounts, people, reindex
from bvr.vault import VaultError
from webhook.auth import pending
from webhook.auth.guard import current
from webhook.auth.oauth import NAME
from webhook.i18n import t
from webhook.state import WebState, state

blueprint = Blueprint("auth", __name__, url_prefix="/desk")


@blueprint.record_once
def _bind_clock(setup: BlueprintSetupState) -> None:
    # Session time-outs run on the core's clock, the one the protocol's deadlines use.
    web: WebState = setup.app.extensions["bvr"]
    core = web.core
    web.sessions.use_clock(lambda: core.now().timestamp())
    pending.install(setup.app, lambda: core.now().timestamp())


@blueprint.app_errorhandler(400)
def _refused_desk_form(error: HTTPException) -> Any:
    """A desk form whose CSRF token no longer matches (the session cookie ended while it was
    typed) is kept and shown again after login, not answered with "go back"."""
    from webhook.errors import page

    csrf = error.description == "csrf"
    if csrf and pending.keep_this_form():
        flash(t("web-session-kept"), "error")
        desk = current()
        if desk is not None and desk.key is not None:
            return redirect(url_for("auth.resume"))
        session["next"] = url_for("auth.resume")
        return redirect(url_for("auth.login"))
    return page(t("web-error-csrf") if csrf else t("web-error-bad-request"), 400)


@blueprint.get("/resume")
def resume() -> Any:
    """The form kept when the session ended, to be sent again (or left)."""
    desk = current()
    if desk is None:
        return redirect(url_for("auth.login", next=url_for("auth.resume")))
    if desk.key is None:
        session["next"] = url_for("auth.resume")
        return redirect(url_for("auth.unlock"))
    kept = pending.take_kept_form()
    if kept is None or not kept.path.startswith("/desk/") or kept.path.startswith("//"):
        flash(t("web-resume-gone"), "error")
        return redirect(url_for("desk.home"))
    return render_template("auth/resume.html", kept=kept)


def _limited(purpose: str) -> None:
    """Refuse a client whose recent attempts failed too often. Only failures count
    (`_failed`): an office where many people log in all day shares one address, and
    successful logins must never lock its director out."""
    web = state()
    if web.limiter.exhausted(purpose, request.remote_addr or "-",
                             web.core.config.web.logins_per_hour):
        abort(429)


def _failed(purpose: str) -> None:
    state().limiter.record(purpose, request.remote_addr or "-")


def _begin(username: str) -> Any:
    web = state()
    web.sessions.end(session.get("sid"))
    kept = {k: session[k] for k in ("next", pending.SESSION_KEY) if k in session}
    session.clear()  # a fresh cookie session and a new CSRF token: no fixation of either
    session.update(kept)  # the page asked for before login is still where unlocking leads
    desk = web.sessions.start(username)
    session["sid"] = desk.sid
    session["started"] = desk.started  # so the login page can say why a session ended
    session.permanent = True
    return redirect(url_for("auth.unlock"))


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/desk") and not target.startswith("//"):
        return target
    return url_for("desk.home")


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.args.get("next"):
        session["next"] = _safe_next(request.args.get("next"))
    if request.method == "POST":
        if not state().core.config.web.local_login:
            abort(404)
        _limited("login")
        username = request.form.get("username", "")[:255]
        password = request.form.get("password", "")[:1024]
        found = casework_accounts.check_local_login(state().core, username, password)
        if found is None:
            _failed("login")
            flash(t("web-login-failed"), "error")
            return render_template("auth/login.html"), 401
        return _begin(found)
    return render_template("auth/login.html")


@blueprint.get("/login/oauth")
def oauth_start() -> Any:
    registry = state().oauth
    if registry is None:
        abort(404)
    _limited("login")
    # The callback registered with the wiki is under public_url: behind Toolforge's proxy the
    # request itself arrives as http:// and would give a callback the wiki refuses.
    callback = state().core.config.web.public_url.rstrip("/") + url_for("auth.oauth_callback")
    return registry.create_client(NAME).authorize_redirect(callback)


@blueprint.get("/login/oauth/callback")
def oauth_callback() -> Any:
    web = state()
    if web.oauth is None:
        abort(404)
    _limited("login")
    client = web.oauth.create_client(NAME)
    try:
        token = client.authorize_access_token()
        profile = client.get("resource/profile", token=token).json()
    except Exception:  # a refused, expired or forged authorisation: the same answer
        _failed("login")
        flash(t("web-login-oauth-failed"), "error")
        return redirect(url_for("auth.login"))
    found = casework_accounts.person_for_oauth(
        web.core, web.core.config.web.oauth_server, str(profile.get("sub", "")),
        str(profile.get("username", "")))
    if found is None:
        flash(t("web-login-no-role"), "error")
        return redirect(url_for("auth.login"))
    return _begin(found)


@blueprint.route("/unlock", methods=["GET", "POST"])
def unlock() -> Any:
    desk = current()
    if desk is None:
        return redirect(url_for("auth.login"))
    if request.method == "POST":
        _limited("unlock")
        passphrase = request.form.get("passphrase", "")[:1024]
        try:
            key = people.unlock(state().core, desk.username, passphrase)
        except VaultError:
            _failed("unlock")
            flash(t("web-unlock-failed"), "error")
            return render_template("auth/unlock.html", username=desk.username), 401
        except BvrError as error:
            flash(error.text(g.get("lang", "en")), "error")
            return render_template("auth/unlock.html", username=desk.username), 400
        if not state().sessions.hold_key(desk.sid, key):  # ended while the key was derived
            return redirect(url_for("auth.login"))
        reindex.after_unlock(state().core, desk.username, key)  # ADR 0008
        # A passphrase set before strength was checked (docs/decisions/0006): say so now.
        if strength.estimate(passphrase, (desk.username,)).score < strength.PASSPHRASE_SCORE:
            flash(t("web-unlock-weak-passphrase"), "error")
        return redirect(_safe_next(session.pop("next", None)))
    return render_template("auth/unlock.html", username=desk.username)


@blueprint.post("/logout")
def logout() -> Any:
    # Ending the session zeroes the unlocked key and drops it (webhook/auth/sessions.py);
    # clearing the cookie session drops the CSRF token with it.
    state().sessions.end(session.get("sid"))
    session.clear()
    flash(t("web-logged-out"), "info")
    return redirect(url_for("auth.login"))
