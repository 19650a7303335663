"""Organisation settings: the Security & SSO page and its team 2FA switch."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from werkzeug.wrappers.response import Response

from reference_impl.navigation import (
    LEADS_TO,
    REFUSED_RETURNS_TO,
    Action,
    Destination,
    team_requirement_after,
)
from reference_impl.service import Refused
from reference_impl.web.context import alert_key, service, session_id, viewer
from reference_impl.web.destinations import go_to

bp = Blueprint("organisation", __name__, url_prefix="/organisation")


@bp.get("")
def organisation() -> Response:
    """Open the organisation settings on their only submenu, Security & SSO."""
    return go_to(Destination.SECURITY_SETTINGS)


@bp.get("/security")
def security() -> str:
    """Show the team 2FA switch; ``?confirm`` opens the pop-up without JavaScript."""
    me = viewer()
    rules = service()
    team = rules.team(session_id())
    return render_template(
        "security.html",
        viewer=me,
        team=team,
        yes_requires=team_requirement_after(team.enforce_mfa, yes=True),
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
    message = "org.now_on" if wanted == "on" else "org.now_off"
    return go_to(LEADS_TO[Action.ANSWER_TEAM_POPUP], message, "status")


@bp.post("/security/members/reset")
def reset_member() -> Response:
    """Turn a member's 2FA off after a lost phone; they are told by e-mail and logged out."""
    viewer()
    try:
        service().reset_member_mfa(session_id(), request.form.get("email", ""))
    except Refused as refused:
        return go_to(REFUSED_RETURNS_TO[Action.RESET_MEMBER], alert_key(refused.reason))
    return go_to(LEADS_TO[Action.RESET_MEMBER], "org.reset_done", "status")
