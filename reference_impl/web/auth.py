"""Logging in (password, then code or backup code) and logging out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers.response import Response

from reference_impl.navigation import CONTINUES_AT, ENDED_LOGIN, ENDS_LOGIN
from reference_impl.service import Reason, Refused, Session, Stage
from reference_impl.web.context import HOME, alert_key, begin, safe_next, service, session_id
from reference_impl.web.errors import ENDPOINTS

bp = Blueprint("auth", __name__)

Page = Response | str | tuple[str, int]
# Refusals shown on the form itself; LOCKED_OUT gets 429 so scripts can tell it apart.
FORM_STATUS = {Reason.LOCKED_OUT: 429}


def landing(stage: Stage) -> Response:
    """Redirect to where a session at ``stage`` continues."""
    continues = CONTINUES_AT.get(stage)
    if continues is None:
        return redirect(session.pop("next", "") or HOME)
    return redirect(url_for(ENDPOINTS[continues]))


def held_stage() -> Stage | None:
    """Return the stage of the session the cookie carries, if it still exists."""
    return service().stage(session_id()) if session_id() else None


@bp.get("/")
def index() -> Response:
    """Send visitors to the dashboard (which sends them to login if needed)."""
    return redirect(HOME)


@bp.get("/login")
def login() -> Page:
    """Show the login form; someone fully signed in goes straight on."""
    stage = held_stage()
    if stage is Stage.ACTIVE:
        return landing(stage)
    return render_template("login.html", next=safe_next(request.args.get("next")))


@bp.post("/login")
def login_submit() -> Page:
    """Check the e-mail address and password and start a session at its first stage."""
    next_path = safe_next(request.form.get("next"))
    try:
        new = service().start_login(request.form.get("email", ""), request.form.get("password", ""))
    except Refused as refused:
        page = render_template("login.html", next=next_path, alert=alert_key(refused.reason))
        return page, FORM_STATUS.get(refused.reason, 401)
    begin(new, next_path)
    return landing(new.stage)


@bp.route("/login/code", methods=["GET", "POST"])
def code() -> Page:
    """Ask for the 6-digit code from the authenticator app."""
    stage = held_stage()
    if stage is not Stage.SECOND_FACTOR:
        return _elsewhere(stage)
    if request.method == "GET":
        return render_template("login_code.html")
    try:
        new = service().submit_login_code(session_id(), request.form.get("code", ""))
    except Refused as refused:
        return _refused_on("login_code.html", refused, alert_key(refused.reason))
    _continue(new)
    return landing(new.stage)


@bp.route("/login/backup", methods=["GET", "POST"])
def backup() -> Page:
    """Log in with the backup code; its replacement is shown once, in this response only."""
    stage = held_stage()
    if stage is not Stage.SECOND_FACTOR:
        return _elsewhere(stage)
    if request.method == "GET":
        return render_template("login_backup.html")
    try:
        result = service().submit_backup_code(session_id(), request.form.get("backup_code", ""))
    except Refused as refused:
        key = alert_key(refused.reason)
        if refused.reason in (Reason.WRONG_CODE, Reason.MALFORMED_CODE):
            key = "reason.backup_code"
        return _refused_on("login_backup.html", refused, key)
    _continue(result.session)
    done = session.pop("next", "") or HOME
    code = result.new_backup_code
    return render_template("backup_code.html", code=code, replaced=True, done=done)


@bp.post("/logout")
def logout() -> Response:
    """End the session on the server and forget the cookie's contents."""
    if session_id():
        service().log_out(session_id())
    session.clear()
    flash("logout.done", "status")
    return redirect(url_for("auth.login"))


def _continue(new: Session) -> None:
    """Swap in the promoted session, keeping only where the person was going."""
    begin(new, session.get("next", ""))


def _refused_on(template: str, refused: Refused, alert: str) -> Page:
    if refused.reason in ENDS_LOGIN:
        session.clear()
        raise Refused(ENDED_LOGIN)  # the refusal handler sends the person to log in again
    return render_template(template, alert=alert), FORM_STATUS.get(refused.reason, 422)


def _elsewhere(stage: Stage | None) -> Response:
    if not session_id():
        return redirect(url_for("auth.login"))
    if stage is None:
        session.clear()
        raise Refused(ENDED_LOGIN)  # the refusal handler sends the person to log in again
    return landing(stage)
