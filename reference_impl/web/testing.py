"""Test hooks (JSON, registered only in test mode): make accounts and teams, control the clock.

``POST /_test/accounts/mfa`` turns 2FA on for an account by the product's own enrolment (the
request, the link, the first code), and answers with what the set-up page would have shown.
``POST /_test/accounts/setup`` asks to turn 2FA on as Enable does, and answers with the
e-mailed link. ``POST /_test/sessions`` logs in by the product's own login (the password,
then the code for an account with 2FA on) and answers with the session cookie a browser would
have been given. ``POST /_test/teams/requirement`` requires 2FA for an admin's team as the
admin's Yes in the pop-up would, after the same login.

With a test identity provider (``serve --test-identity-provider``), single sign-on accounts
come in an organisation of their own that signs in through it, and so do teams that ask for it.
"""

from __future__ import annotations

import secrets
from typing import Any, TypeVar

from flask import Blueprint, current_app, jsonify, request
from flask.sessions import SecureCookieSessionInterface
from flask.wrappers import Response

from reference_impl.clock import ControlledClock
from reference_impl.service import Refused, Service, Session, Stage
from reference_impl.web.context import service

bp = Blueprint("testing", __name__, url_prefix="/_test")

Reply = tuple[Response, int]
T = TypeVar("T")


class BadRequest(Exception):
    """The hook's JSON is missing a field or has one of the wrong type."""


@bp.errorhandler(BadRequest)
def bad_request(error: BadRequest) -> Reply:
    """Answer a malformed hook call with a JSON error."""
    return jsonify(error=str(error)), 400


@bp.errorhandler(Refused)
def refused(error: Refused) -> Reply:
    """Answer a call the service refused with its reason."""
    return jsonify(error=error.reason.value), 400


@bp.post("/accounts")
def create_account() -> Reply:
    """Create an account: {email, name, password (null for SSO), email_verified, sso, locale}."""
    body = _body()
    sso = _field(body, "sso", bool, False)
    rules = service()
    user_id = rules.register_user(
        _field(body, "email", str),
        _field(body, "name", str),
        None if sso else _field(body, "password", str),
        email_verified=_field(body, "email_verified", bool, False),
        sso=sso,
        locale=_field(body, "locale", str, "en"),
    )
    if sso and current_app.config["TEST_IDENTITY_PROVIDER"]:
        rules.add_member(_sso_organisation(rules, "Single sign-on"), user_id)
    return jsonify(id=user_id), 201


@bp.post("/accounts/mfa")
def turn_on_mfa() -> Reply:
    """Turn 2FA on: {email, password}; returns {otpauth_uri, backup_codes, code_used_at}.

    The state is the one a finished set-up leaves; no e-mail is sent.
    """
    body = _body()
    email, password = _field(body, "email", str), _field(body, "password", str)
    used_at = service().clock()
    enrolment, backup_code = service().turn_on_for_testing(email, password)
    answer = {
        "otpauth_uri": enrolment.otpauth_uri,
        "backup_codes": [backup_code],
        "code_used_at": used_at,
    }
    return jsonify(answer), 201


@bp.post("/accounts/setup")
def start_setup() -> Reply:
    """Ask to turn 2FA on, as Enable does: {email, password}; returns {url}, the e-mailed link.

    The confirmation e-mail goes out as after Enable; the link opens the set-up page only in
    a session of the account (the log_in hook's, or the login pages').
    """
    body = _body()
    rules = service()
    started = rules.start_login(_field(body, "email", str), _field(body, "password", str))
    try:
        if started.stage is not Stage.ACTIVE:
            raise BadRequest("the account has 2FA on or must set it up at login")
        link = rules.request_enable(started.id)
    finally:
        rules.log_out(started.id)
    return jsonify(url=link), 201


@bp.post("/sessions")
def log_in() -> Reply:
    """Log in: {email, password, code (with 2FA on)}; returns {cookies: [...]} to set.

    The session is the one the login pages would have opened, code spent and rules applying.
    """
    body = _body()
    new = _logged_in(body, _field(body, "email", str))
    return jsonify(cookies=[_session_cookie(new)]), 201


@bp.post("/teams")
def create_team() -> Reply:
    """Create an organisation: {admin_email, member_emails, name (optional), sso (optional)}."""
    body = _body()
    members = _field(body, "member_emails", list, [])
    if not all(isinstance(email, str) for email in members):
        raise BadRequest("member_emails must be a list of strings")
    sso = _field(body, "sso", bool, False)
    if sso and not current_app.config["TEST_IDENTITY_PROVIDER"]:
        raise BadRequest("sso needs a server started with --test-identity-provider")
    rules = service()
    admin = rules.user_id(_field(body, "admin_email", str))
    member_ids = [rules.user_id(email) for email in members]
    name = _field(body, "name", str, "Team")
    organisation = _sso_organisation(rules, name) if sso else rules.create_organisation(name)
    rules.add_member(organisation, admin, admin=True)
    for member in member_ids:
        rules.add_member(organisation, member)
    return jsonify(id=organisation), 201


@bp.post("/teams/requirement")
def require_team_mfa() -> Reply:
    """Require 2FA for the admin's team, as the admin's Yes would: {admin_email, password, code}.

    ``code`` (the admin's app's current code) only for an admin with 2FA on; it is spent.
    """
    body = _body()
    rules = service()
    session = _logged_in(body, _field(body, "admin_email", str))
    try:
        rules.set_team_requirement(session.id, True)
    finally:
        rules.log_out(session.id)
    return jsonify(required=True), 201


@bp.get("/clock")
def now() -> Reply:
    """Return the app's time: {now}."""
    return jsonify(now=_clock()()), 200


@bp.post("/clock")
def move_clock() -> Reply:
    """Move the clock: {advance: seconds} or {set: unix_time}; returns {now}."""
    body = _body()
    clock = _clock()
    try:
        if "advance" in body and "set" not in body:
            return jsonify(now=clock.advance(body["advance"])), 200
        if "set" in body and "advance" not in body:
            return jsonify(now=clock.set(body["set"])), 200
    except ValueError as error:
        raise BadRequest(str(error)) from None
    raise BadRequest('give exactly one of "advance" and "set"')


def _sso_organisation(rules: Service, name: str) -> int:
    """Create an organisation signing in through the test identity provider, its own client."""
    organisation = rules.create_organisation(name)
    issuer = current_app.config["TEST_IDENTITY_PROVIDER"]
    client_id = f"mfaspec-organisation-{organisation}"
    rules.configure_sso(organisation, issuer, client_id, secrets.token_urlsafe(32))
    return organisation


def _session_cookie(new: Session) -> dict[str, object]:
    """Return the cookie that holds ``new``, as the app's session interface would set it."""
    app = current_app
    interface = app.session_interface
    if not isinstance(interface, SecureCookieSessionInterface):
        raise BadRequest("the app keeps its sessions in no signed cookie")
    serializer = interface.get_signing_serializer(app)
    assert serializer is not None  # the app always has a secret key
    cookie: dict[str, object] = {
        "name": interface.get_cookie_name(app),
        "value": serializer.dumps({"sid": new.id}),
        "path": interface.get_cookie_path(app),
        "httpOnly": interface.get_cookie_httponly(app),
        "secure": interface.get_cookie_secure(app),
    }
    if interface.get_cookie_domain(app):
        cookie["domain"] = interface.get_cookie_domain(app)
    if interface.get_cookie_samesite(app):
        cookie["sameSite"] = interface.get_cookie_samesite(app)
    return cookie


def _logged_in(body: dict[str, Any], email: str) -> Session:
    """Log in by the login's own rules: the password, then the code when the account asks one."""
    code = body.get("code")
    if code is not None and not isinstance(code, str):
        raise BadRequest("code must be a str")
    rules = service()
    started = rules.start_login(email, _field(body, "password", str))
    if (started.stage is Stage.SECOND_FACTOR) != (code is not None):
        rules.log_out(started.id)
        wanted = "asks for a code" if code is None else "asks for no code"
        raise BadRequest(f"the account {wanted}")
    try:
        return started if code is None else rules.submit_login_code(started.id, code)
    except Refused:
        rules.log_out(started.id)
        raise


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def _field(body: dict[str, Any], name: str, kind: type[T], default: T | None = None) -> T:
    value = body.get(name, default)
    if value is None or not isinstance(value, kind):
        raise BadRequest(f"{name} must be a {kind.__name__}")
    return value


def _clock() -> ControlledClock:
    clock: ControlledClock = current_app.config["CLOCK"]
    return clock
