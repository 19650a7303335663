"""Turning multi-factor authentication on (by e-mailed link, or as the team requires) and off."""

from __future__ import annotations

import segno
from flask import Blueprint, render_template, request
from werkzeug.wrappers.response import Response

from reference_impl.navigation import (
    DESTINATIONS,
    HOME,
    LEADS_TO,
    REFUSED_RETURNS_TO,
    SHOWN_ON_SETUP_FORM,
    Action,
)
from reference_impl.service import Enrolment, Reason, Refused, Stage
from reference_impl.web.context import alert_key, begin, service, session_id, viewer
from reference_impl.web.destinations import go_to, url_of

bp = Blueprint("mfa", __name__, url_prefix="/mfa")

Page = Response | str | tuple[str, int]
# Big enough for a phone camera and for decoders: 5 pixels a module, the standard 4-module margin.
QR_SCALE = 5
QR_BORDER = 4


def qr_data_uri(otpauth_uri: str) -> str:
    """Return the otpauth URI as a PNG QR code in a data URI (no extra request, no caching)."""
    code = segno.make(otpauth_uri, error="m", micro=False)
    uri: str = code.png_data_uri(scale=QR_SCALE, border=QR_BORDER)
    return uri


def refused_page(action: Action, refused: Refused) -> Response:
    """Go back where a refused ``action`` returns to, with the refusal's message."""
    return go_to(REFUSED_RETURNS_TO[action], alert_key(refused.reason))


def accepted_page(action: Action, message: str | None = None) -> Response:
    """Go where an accepted ``action`` leads, with a status message if given."""
    return go_to(LEADS_TO[action], message, "status")


@bp.post("/enable")
def enable() -> Response:
    """Ask for the confirmation e-mail."""
    viewer()
    try:
        service().request_enable(session_id())
    except Refused as refused:
        return refused_page(Action.ENABLE, refused)
    return accepted_page(Action.ENABLE)


@bp.get("/check-email")
def check_email() -> str:
    """Tell the person to open the link we e-mailed."""
    return render_template("check_email.html", viewer=viewer())


@bp.get("/confirm/<token>")
def confirm(token: str) -> Response:
    """Follow the e-mailed link (after login if needed); it works once, then set-up goes on."""
    viewer()
    try:
        service().open_confirmation_link(session_id(), token)
    except Refused as refused:
        return refused_page(Action.OPEN_LINK, refused)
    return accepted_page(Action.OPEN_LINK)


@bp.route("/setup", methods=["GET", "POST"])
def setup() -> Page:
    """Show the QR code and key, and check the first code from the app."""
    me = viewer()
    try:
        enrolment = service().enrolment(session_id())
    except Refused as refused:
        return refused_page(Action.SET_UP, refused)
    if request.method == "GET":
        return _setup_page(enrolment, required=False, viewer=me)
    return _activate(enrolment, Action.SET_UP, required=False, viewer=me)


@bp.route("/required", methods=["GET", "POST"])
def required() -> Page:
    """The set-up an organisation requires at login: nothing else opens until it is done."""
    rules = service()
    stage = rules.stage(session_id()) if session_id() else None
    if stage is None:
        return go_to(DESTINATIONS[Reason.NOT_SIGNED_IN])
    if stage is not Stage.SETUP_REQUIRED:
        return go_to(HOME)
    try:
        enrolment = rules.enrolment(session_id())
    except Refused as refused:
        return render_template("setup.html", required=True, alert=alert_key(refused.reason)), 403
    if request.method == "GET":
        return _setup_page(enrolment, required=True)
    return _activate(enrolment, Action.SET_UP_REQUIRED, required=True)


@bp.get("/disable")
def disable_form() -> str:
    """Ask for the password and a current code before turning multi-factor authentication off."""
    return render_template("reauthenticate.html", viewer=viewer(), purpose="disable")


@bp.post("/disable")
def disable() -> Response:
    """Turn multi-factor authentication off; a refusal goes back to the section, still on."""
    viewer()
    password = request.form.get("password", "")
    try:
        service().disable(session_id(), password, request.form.get("code", ""))
    except Refused as refused:
        return refused_page(Action.DISABLE, refused)
    return accepted_page(Action.DISABLE, "mfa.now_off")


@bp.get("/backup-code")
def backup_code_form() -> str:
    """Ask for the password and a current code before replacing the backup code."""
    return render_template("reauthenticate.html", viewer=viewer(), purpose="regenerate")


@bp.post("/backup-code")
def backup_code() -> Page:
    """Replace the backup code and show the new one, once, in this response only."""
    viewer()
    password, current = request.form.get("password", ""), request.form.get("code", "")
    try:
        code = service().regenerate_backup_code(session_id(), password, current)
    except Refused as refused:
        return refused_page(Action.NEW_BACKUP_CODE, refused)
    done = url_of(LEADS_TO[Action.NEW_BACKUP_CODE])
    return render_template("backup_code.html", code=code, done=done)


def _setup_page(enrolment: Enrolment, **page: object) -> str:
    return render_template(
        "setup.html",
        qr=qr_data_uri(enrolment.otpauth_uri),
        manual_key=enrolment.manual_key,
        **page,
    )


def _activate(enrolment: Enrolment, action: Action, *, required: bool, **page: object) -> Page:
    try:
        activation = service().activate(session_id(), request.form.get("code", ""))
    except Refused as refused:
        if refused.reason not in SHOWN_ON_SETUP_FORM:
            return refused_page(action, refused)
        status = 429 if refused.reason is Reason.LOCKED_OUT else 422
        alert = alert_key(refused.reason)
        return _setup_page(enrolment, required=required, alert=alert, **page), status
    begin(activation.session)
    done = url_of(LEADS_TO[action])
    return render_template("backup_code.html", code=activation.backup_code, done=done)
