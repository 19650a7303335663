"""The dashboard and the Account Settings page (Profile and Settings tabs)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers.response import Response

from reference_impl.service import MfaState
from reference_impl.web.context import alert_key, service, session_id, viewer

bp = Blueprint("account", __name__)


@bp.get("/dashboard")
def dashboard() -> str:
    """Greet the signed-in person; the profile picture opens the menu."""
    return render_template("dashboard.html", viewer=viewer())


@bp.get("/account")
def account() -> Response:
    """Open the Account Settings page on its first tab."""
    return redirect(url_for("account.profile"))


@bp.get("/account/profile")
def profile() -> str:
    """Show the Profile tab (where "Edit profile" leads)."""
    return render_template("account.html", viewer=viewer(), tab="profile")


@bp.get("/account/settings")
def settings() -> str:
    """Show the Settings tab with the multi-factor section (where "Personal settings" leads)."""
    me = viewer()
    status = service().mfa_status(session_id())
    explanation = alert_key(status.blocked_by) if status.blocked_by else None
    return render_template(
        "account.html",
        viewer=me,
        tab="settings",
        status=status,
        on=status.state is MfaState.ON,
        explanation=explanation,
        MfaState=MfaState,
    )
