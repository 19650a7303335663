"""Organisation settings: the Security & SSO page and its team 2FA switch."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from reference_impl.web.context import service, session_id, viewer

bp = Blueprint("organisation", __name__, url_prefix="/organisation")


@bp.get("")
def organisation() -> Response:
    """Open the organisation settings on their only submenu, Security & SSO."""
    return redirect(url_for("organisation.security"))


@bp.get("/security")
def security() -> str:
    """Show the team 2FA switch; ``?confirm`` opens the pop-up without JavaScript."""
    me = viewer()
    team = service().team(session_id())
    return render_template(
        "security.html", viewer=me, team=team, confirming="confirm" in request.args
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
