"""Organisation settings: the Security & SSO page and its team 2FA switch."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_impl.service import Refused
from reference_impl.web.context import alert_key, service, session_id, viewer

bp = Blueprint("organisation", __name__, url_prefix="/organisation")


@bp.get("")
def organisation() -> Response:
    """Open the organisation settings on their only submenu, Security & SSO."""
    return redirect(url_for("organisation.security"))


@bp.get("/security")
def security() -> str:
    """Show the team 2FA switch; ``?confirm`` opens the pop-up without JavaScript."""
    me = viewer()
    rules = service()
    return render_template(
        "security.html",
        viewer=me,
        team=rules.team(session_id()),
        members=rules.members(session_id()),
        confirming="confirm" in request.args,
    )


@bp.post("/security/two-factor")
def two_factor() -> Response:
    """Apply the answer "Yes" of the pop-up: require 2FA for all members, or stop."""
    viewer()
    wanted = request.form.get("required")
    if wanted not in ("on", "off"):
        abort(400)
    service().set_team_requirement(session_id(), wanted == "on")
    flash("org.now_on" if wanted == "on" else "org.now_off", "status")
    return redirect(url_for("organisation.security"))


@bp.post("/security/members/reset")
def reset_member() -> Response:
    """Turn a member's 2FA off after a lost phone; they are told by e-mail and logged out."""
    viewer()
    try:
        service().reset_member_mfa(session_id(), request.form.get("email", ""))
    except Refused as refused:
        flash(alert_key(refused.reason), "alert")
    else:
        flash("org.reset_done", "status")
    return redirect(url_for("organisation.security"))
