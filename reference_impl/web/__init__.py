"""The reference product's web application: an app factory over the service layer."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping

from flask import Flask, request
from flask.wrappers import Response

from reference_impl.clock import ControlledClock
from reference_impl.config import ConsoleOutbox
from reference_impl.passwords import ScryptCost
from reference_impl.service import system_clock
from reference_impl.web import account, auth, context, errors, mfa, organisation, sso, testing
from reference_impl.web.i18n import language, translate

# A cheap scrypt cost so test runs are fast; never used outside test mode.
TEST_PASSWORD_COST = ScryptCost(n=2**10, r=8, p=1)
# OWASP Secure Headers: a strict policy, so no inline script or style can run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
    " form-action 'self'; frame-ancestors 'none'"
)


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the application; ``config`` overrides the defaults (DATABASE, OUTBOX, CLOCK…)."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY=secrets.token_hex(32),
        DATABASE=os.path.join(app.instance_path, "reference_impl.sqlite3"),
        BASE_URL="http://127.0.0.1:5000",
        OUTBOX=ConsoleOutbox(show_links=False),
        CLOCK=system_clock,
        PASSWORD_COST=ScryptCost(),
        TEST_MODE=False,
        TEST_IDENTITY_PROVIDER="",
        MAX_CONTENT_LENGTH=64 * 1024,
        SESSION_COOKIE_NAME="mfaspec_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config.update(config or {})
    if app.config["TEST_MODE"]:
        _enter_test_mode(app, config or {})
    app.config["SESSION_COOKIE_SECURE"] = str(app.config["BASE_URL"]).startswith("https://")
    if app.config["DATABASE"] == os.path.join(app.instance_path, "reference_impl.sqlite3"):
        os.makedirs(app.instance_path, exist_ok=True)

    app.teardown_appcontext(context.close_database)
    app.before_request(context.check_csrf)
    app.after_request(_security_headers)
    app.jinja_env.globals.update(t=translate, lang=language, csrf_token=context.csrf_token)
    errors.register(app)
    for blueprint in (auth.bp, sso.bp, account.bp, mfa.bp, organisation.bp):
        app.register_blueprint(blueprint)
    if app.config["TEST_MODE"]:
        app.register_blueprint(testing.bp)
    return app


def _enter_test_mode(app: Flask, given: Mapping[str, object]) -> None:
    """Give the app a controllable clock and a cheap password cost, unless already given."""
    if "CLOCK" not in given:
        app.config["CLOCK"] = ControlledClock()
    if not isinstance(app.config["CLOCK"], ControlledClock):
        raise ValueError("test mode needs a ControlledClock as CLOCK")
    if "PASSWORD_COST" not in given:
        app.config["PASSWORD_COST"] = TEST_PASSWORD_COST


def _security_headers(response: Response) -> Response:
    """Add the security headers; pages are never cached, since some show secrets."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
        response.vary.update(("Accept-Language", "Cookie"))
    return response
