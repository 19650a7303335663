"""The reference product's web application: an app factory over the service layer."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping

from flask import Flask, current_app, request
from flask.wrappers import Response
from werkzeug.middleware.proxy_fix import ProxyFix

from reference_impl.clock import ControlledClock
from reference_impl.config import ConsoleOutbox
from reference_impl.delivery import BackgroundCourier, Courier, InlineCourier, RetryPolicy
from reference_impl.passwords import ScryptCost
from reference_impl.service import system_clock
from reference_impl.web import (
    account,
    assets,
    auth,
    context,
    errors,
    mfa,
    organisation,
    sso,
    testing,
)
from reference_impl.web.i18n import language, translate
from reference_impl.web.secret_key import load_secret_key

# A cheap scrypt cost so test runs are fast; never used outside test mode.
TEST_PASSWORD_COST = ScryptCost(n=2**10, r=8, p=1)
# OWASP Secure Headers: a strict policy, so no inline script or style can run.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
    " form-action 'self'; frame-ancestors 'none'"
)
# RFC 6797: browsers keep to https for a year once they have seen the site over https.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
MAIL_DELIVERIES = ("background", "inline")


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the application; ``config`` overrides the defaults (DATABASE, OUTBOX, CLOCK…).

    OUTBOX is how mail leaves; MAIL_DELIVERY says who sends it once a change has committed: a
    background thread ("background"), or the request's own thread ("inline", for tests whose
    outbox cannot hang), retrying as MAIL_RETRY says. BEHIND_PROXY trusts one proxy's
    X-Forwarded-For, -Proto and -Host.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        SECRET_KEY_FILE=os.path.join(app.instance_path, "secret_key"),
        DATABASE=os.path.join(app.instance_path, "reference_impl.sqlite3"),
        BASE_URL="http://127.0.0.1:5000",
        OUTBOX=ConsoleOutbox(show_links=False),
        MAIL_DELIVERY="background",
        MAIL_RETRY=RetryPolicy(),
        BEHIND_PROXY=False,
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
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_secret_key(app.config["SECRET_KEY_FILE"])
    app.config["SESSION_COOKIE_SECURE"] = _served_over_https(app)
    if app.config["DATABASE"] == os.path.join(app.instance_path, "reference_impl.sqlite3"):
        os.makedirs(app.instance_path, exist_ok=True)
    app.extensions["courier"] = _courier(app)
    if app.config["BEHIND_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]

    app.teardown_appcontext(context.close_database)
    app.before_request(context.check_csrf)
    app.after_request(_security_headers)
    app.jinja_env.globals.update(t=translate, lang=language, csrf_token=context.csrf_token)
    errors.register(app)
    assets.register(app)
    for blueprint in (auth.bp, sso.bp, account.bp, mfa.bp, organisation.bp):
        app.register_blueprint(blueprint)
    if app.config["TEST_MODE"]:
        app.register_blueprint(testing.bp)
    return app


def _courier(app: Flask) -> Courier:
    """Return what delivers the outbox table's mail after each commit."""
    delivery = app.config["MAIL_DELIVERY"]
    if delivery not in MAIL_DELIVERIES:
        raise ValueError(f"MAIL_DELIVERY must be one of {MAIL_DELIVERIES}, not {delivery!r}")
    if delivery == "inline":
        return InlineCourier(app.config["OUTBOX"], app.config["MAIL_RETRY"])
    return BackgroundCourier(app.config["DATABASE"], app.config["OUTBOX"], app.config["MAIL_RETRY"])


def _served_over_https(app: Flask) -> bool:
    """Return whether people reach the app over https, as its public address says."""
    return str(app.config["BASE_URL"]).startswith("https://")


def _enter_test_mode(app: Flask, given: Mapping[str, object]) -> None:
    """Give the app a controllable clock, a cheap password cost and a key for this run only."""
    if "SECRET_KEY" not in given:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
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
    if request.is_secure or _served_over_https(current_app):
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
        response.vary.update(("Accept-Language", "Cookie"))
    return response
