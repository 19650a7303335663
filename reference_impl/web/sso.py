"""Single sign-on: OpenID Connect's code flow with PKCE to each organisation's identity provider.

Authlib's Flask client makes the state, the nonce and the PKCE verifier (S256), keeps them in
the session, and checks the ID token's signature (the provider's JWKS), issuer, audience and
nonce at the callback. The service then decides who, if anyone, is signed in.
"""

from __future__ import annotations

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from flask import Blueprint, current_app, render_template, request, session, url_for
from joserfc.errors import JoseError

from reference_impl.service import IdentityProvider, Refused
from reference_impl.web.auth import Page, landing
from reference_impl.web.context import alert_key, begin, service

bp = Blueprint("sso", __name__, url_prefix="/login/sso")

SCOPE = "openid email"  # only what linking needs (ASVS 5.0 10.2.3)
TIMEOUT = 10  # seconds any call to the identity provider may take
FAILED = "sso.failed"
# What a provider that cannot be reached, or whose answer does not check out, raises.
EXCHANGE_ERRORS = (AuthlibBaseError, JoseError, requests.RequestException, ValueError)


class IssuerMismatch(ValueError):
    """The provider's metadata names another issuer than the one configured (ASVS 5.0 10.5.3)."""


def oidc_client(provider: IdentityProvider) -> FlaskOAuth2App:
    """Return an OpenID Connect client for the provider, its metadata loaded and checked."""
    client = FlaskOAuth2App(
        FlaskIntegration("sso"),
        name="sso",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=provider.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "default_timeout": TIMEOUT},
    )
    if client.load_server_metadata().get("issuer") != provider.issuer:
        raise IssuerMismatch(provider.issuer)
    return client


@bp.get("")
def start() -> str:
    """Ask for the e-mail address whose organisation's provider signs the person in."""
    return render_template("login_sso.html")


@bp.post("")
def to_provider() -> Page:
    """Find the organisation of the address and send the browser on to its identity provider.

    The answer is a page that moves on by itself: Chrome applies form-action 'self' to a form's
    redirects too, so a redirect to the provider would be blocked.
    """
    try:
        provider = service().sso_provider_for(request.form.get("email", ""))
    except Refused as refused:
        return render_template("login_sso.html", alert=alert_key(refused.reason)), 401
    try:
        client = oidc_client(provider)
    except EXCHANGE_ERRORS as error:
        _log_failure(error)
        return render_template("login_sso.html", alert=FAILED), 502
    session["sso_organisation"] = provider.organisation_id
    redirect_uri = current_app.config["BASE_URL"] + url_for("sso.callback")
    authorization = client.create_authorization_url(redirect_uri)
    client.save_authorize_data(redirect_uri=redirect_uri, **authorization)
    return render_template("to_provider.html", url=authorization["url"])


@bp.get("/callback")
def callback() -> Page:
    """Check the provider's answer; sign in the member it vouches for, or change nothing."""
    organisation = session.pop("sso_organisation", None)
    rules = service()
    try:
        if not isinstance(organisation, int):
            raise ValueError("no single sign-on was started in this browser")
        provider = rules.identity_provider(organisation)
        token = oidc_client(provider).authorize_access_token(claims_options=_expected(provider))
    except (Refused, *EXCHANGE_ERRORS) as error:
        _log_failure(error)
        return _refused(FAILED)
    claims = token.get("userinfo") or {}
    try:
        new = rules.complete_sso_login(
            provider.organisation_id,
            str(claims.get("email", "")),
            email_verified=claims.get("email_verified") is True,
            subject=str(claims.get("sub", "")),
        )
    except Refused as refused:
        return _refused(alert_key(refused.reason))
    begin(new)
    return landing(new.stage)


def _expected(provider: IdentityProvider) -> dict[str, dict[str, object]]:
    """Return the ID token's issuer and audience: exactly the provider and this application's id.

    Authlib checks the audience only through "azp" when it differs (ASVS 5.0 10.5.4 asks more).
    """
    return {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
    }


def _refused(alert: str) -> tuple[str, int]:
    """Show the login page with why single sign-on did not sign the person in."""
    return render_template("login.html", next="", alert=alert), 401


def _log_failure(error: Exception) -> None:
    """Tell the operator what went wrong with a provider: the kind of error, never a token."""
    current_app.logger.warning("single sign-on failed: %s", type(error).__name__)
