"""Single sign-on over real HTTP: the reference application and a mock OpenID Connect provider.

The provider (oidc-provider-mock) runs in a thread on loopback, behind a small WSGI wrapper
that checks PKCE (RFC 7636 section 4.6), which the mock itself does not. The application
answers through Flask's test client and calls the provider for real; the person's browser is
played by this test, which carries each redirect across by hand.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import logging
import os
import re
import secrets
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from reference_impl.clock import ControlledClock
from reference_impl.mail import MailKind, MemoryOutbox
from reference_impl.passwords import ScryptCost
from reference_impl.web import create_app
from reference_impl.web.context import service
from tests.conftest import csrf_from

with warnings.catch_warnings():  # the mock imports modules Authlib deprecates, loudly
    import authlib.deprecate

    warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
    import oidc_provider_mock

PASSWORD = "correct horse battery"
MEMBER = "mia@example.com"
OUTSIDER = "otto@example.com"
SSO_ONLY = "sam@example.com"
DEMO_SSO = "sso@example.com"  # the demo's account that signs in only through SSO
CLIENT_SECRET = "client-secret-that-must-never-show-0123456789"
Environ = dict[str, Any]


@dataclass
class PkceCheck:
    """Wraps the provider: a token request must carry the verifier of an S256 challenge."""

    provider: Any
    challenges: set[str] = field(default_factory=set)
    exchanges: int = 0

    def __call__(self, environ: Environ, start_response: Any) -> Iterable[bytes]:
        """Record challenges at the authorization endpoint; check verifiers at the token one."""
        if environ["PATH_INFO"] == "/oauth2/authorize":
            query = parse_qs(environ["QUERY_STRING"])
            if query.get("code_challenge_method") == ["S256"]:
                self.challenges.update(query.get("code_challenge", []))
        if environ["PATH_INFO"] == "/oauth2/token":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
            verifier = parse_qs(body.decode()).get("code_verifier", [""])[0]
            digest = hashlib.sha256(verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() not in self.challenges:
                start_response("400 Bad Request", [("Content-Type", "application/json")])
                return [b'{"error": "invalid_grant"}']
            self.exchanges += 1
        answer: Iterable[bytes] = self.provider(environ, start_response)
        return answer


@dataclass(frozen=True)
class Provider:
    """The running mock provider: its issuer and the PKCE check in front of it."""

    issuer: str
    pkce: PkceCheck

    def vouch(self, subject: str, email: str, *, verified: bool = True) -> None:
        """Set what the provider will say of this subject."""
        claims: dict[str, str | bool] = {"email": email, "email_verified": verified}
        requests.put(f"{self.issuer}/users/{subject}", json=claims, timeout=5).raise_for_status()


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    """The mock provider on a free loopback port, requiring a nonce."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    pkce = PkceCheck(oidc_provider_mock.app(require_nonce=True))
    server = make_server("127.0.0.1", 0, pkce, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Provider(f"http://127.0.0.1:{server.server_port}", pkce)
    server.shutdown()
    thread.join()


@pytest.fixture
def outbox() -> MemoryOutbox:
    return MemoryOutbox()


@pytest.fixture
def app(tmp_path: Path, provider: Provider, outbox: MemoryOutbox) -> Flask:
    """The reference application with one organisation signing in through the provider."""
    application = create_app(
        {
            "DATABASE": str(tmp_path / "sso.sqlite3"),
            "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
            "OUTBOX": outbox,
            "MAIL_DELIVERY": "inline",
            "CLOCK": ControlledClock(1_767_225_610.0),
            "PASSWORD_COST": ScryptCost(n=2**4),
            "BASE_URL": "http://localhost",
        }
    )
    with application.app_context():
        rules = service()
        organisation = rules.create_organisation("Acme")
        rules.configure_sso(organisation, provider.issuer, "mfaspec-test", CLIENT_SECRET)
        member = rules.register_user(MEMBER, "Mia Member", PASSWORD, email_verified=True)
        sso_only = rules.register_user(SSO_ONLY, "Sam Single", None, email_verified=True, sso=True)
        rules.register_user(OUTSIDER, "Otto Outside", PASSWORD, email_verified=True)
        rules.add_member(organisation, member)
        rules.add_member(organisation, sso_only)
    return application


# -- the person's browser, carrying redirects across by hand ---------------------------------------


def start(client: FlaskClient, email: str) -> str:
    """Ask the application for single sign-on; return the authorization URL it sends us to."""
    token = csrf_from(client.get("/login/sso"))
    page = client.post("/login/sso", data={"csrf_token": token, "email": email})
    assert page.status_code == 200, page.text
    found = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page.text)
    assert found, page.text
    return html.unescape(found.group(1))


def authorize(authorization_url: str, subject: str) -> str:
    """Sign in at the provider as ``subject``; return the callback path and query it sends us to."""
    answer = requests.post(
        authorization_url, data={"sub": subject}, allow_redirects=False, timeout=5
    )
    assert answer.status_code == 302, answer.text
    location = urlsplit(answer.headers["Location"])
    assert location.path == "/login/sso/callback", location
    return f"{location.path}?{location.query}"


def sign_in(client: FlaskClient, provider: Provider, email: str, subject: str = "") -> TestResponse:
    """Go the whole way: the application, the provider vouching for ``email``, the callback."""
    subject = subject or email
    provider.vouch(subject, email)
    return client.get(authorize(start(client, email), subject))


def signed_in(client: FlaskClient) -> bool:
    return client.get("/dashboard").status_code == 200


# -- the code flow ---------------------------------------------------------------------------------


def test_the_code_flow_with_pkce_signs_a_member_in(client: FlaskClient, provider: Provider) -> None:
    url = start(client, MEMBER)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{provider.issuer}/oauth2/authorize?")
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["mfaspec-test"]
    assert query["redirect_uri"] == ["http://localhost/login/sso/callback"]
    assert query["scope"] == ["openid email"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["state"][0]) >= 20 and len(query["nonce"][0]) >= 20
    exchanges = provider.pkce.exchanges

    provider.vouch(MEMBER, MEMBER)
    landed = client.get(authorize(url, MEMBER))

    assert (landed.status_code, landed.location) == (302, "/dashboard")
    assert provider.pkce.exchanges == exchanges + 1
    assert "Mia Member" in client.get("/dashboard").text


def test_each_sign_in_has_its_own_state_nonce_and_challenge(client: FlaskClient) -> None:
    first, second = (parse_qs(urlsplit(start(client, MEMBER)).query) for _ in range(2))

    for name in ("state", "nonce", "code_challenge"):
        assert first[name] != second[name], name


def test_a_tampered_state_is_refused_and_signs_nobody_in(
    client: FlaskClient, provider: Provider
) -> None:
    provider.vouch(MEMBER, MEMBER)
    callback = authorize(start(client, MEMBER), MEMBER)
    tampered = re.sub(r"state=[^&]+", "state=forged-by-someone-else", callback)

    answer = client.get(tampered)

    assert answer.status_code == 401
    assert "your identity provider could not be reached, or its answer" in answer.text
    assert not signed_in(client)


def test_the_callback_without_a_sign_in_started_here_is_refused(client: FlaskClient) -> None:
    answer = client.get("/login/sso/callback?code=stolen&state=guessed")

    assert answer.status_code == 401
    assert not signed_in(client)


def test_an_address_the_provider_has_not_verified_is_refused(
    client: FlaskClient, provider: Provider
) -> None:
    provider.vouch(MEMBER, MEMBER, verified=False)
    answer = client.get(authorize(start(client, MEMBER), MEMBER))

    assert answer.status_code == 401
    assert "has not verified your e-mail address" in answer.text
    assert not signed_in(client)


def test_an_account_outside_the_organisation_is_refused(
    client: FlaskClient, provider: Provider
) -> None:
    provider.vouch(OUTSIDER, OUTSIDER)
    answer = client.get(authorize(start(client, MEMBER), OUTSIDER))

    assert answer.status_code == 401
    assert "no account of your organisation is linked" in answer.text
    assert not signed_in(client)


def test_a_linked_subject_signs_in_again_but_cannot_be_replaced_by_another(
    client: FlaskClient, provider: Provider
) -> None:
    for _ in range(2):
        assert sign_in(client, provider, MEMBER, subject="mia-at-the-provider").status_code == 302
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/dashboard"))})

    answer = sign_in(client, provider, MEMBER, subject="someone-given-mias-address-later")

    assert answer.status_code == 401
    assert not signed_in(client)


def test_an_issuer_that_differs_from_the_configured_one_is_refused(
    app: Flask, client: FlaskClient, provider: Provider
) -> None:
    with app.app_context():
        rules = service()
        organisation = rules.sso_provider_for(MEMBER).organisation_id
        rules.configure_sso(organisation, provider.issuer + "/", "mfaspec-test", CLIENT_SECRET)
    token = csrf_from(client.get("/login/sso"))

    answer = client.post("/login/sso", data={"csrf_token": token, "email": MEMBER})

    assert answer.status_code == 502
    assert "could not be checked" in answer.text


def test_an_address_without_single_sign_on_is_told_so(client: FlaskClient) -> None:
    token = csrf_from(client.get("/login/sso"))

    answer = client.post("/login/sso", data={"csrf_token": token, "email": OUTSIDER})

    assert answer.status_code == 401
    assert "it is not set up for this e-mail address" in answer.text


# -- single sign-on and the second factor ----------------------------------------------------------


def test_a_password_account_with_2fa_on_is_still_asked_for_its_code(
    app: Flask, client: FlaskClient, provider: Provider
) -> None:
    with app.app_context():
        rules = service()
        session = rules.start_login(MEMBER, PASSWORD)
        rules.request_enable(session.id)
        token = re.search(r"/mfa/confirm/(\S+)", app.config["OUTBOX"].sent[-1].text)
        assert token
        enrolment = rules.open_confirmation_link(session.id, token.group(1))
        secret = pyotp.parse_uri(enrolment.otpauth_uri).secret
        rules.activate(session.id, pyotp.TOTP(secret).at(app.config["CLOCK"]()))

    landed = sign_in(client, provider, MEMBER)

    assert landed.location == "/login/code"
    assert client.get("/dashboard").location == "/login/code"


def test_an_sso_only_account_cannot_enable_2fa_even_by_sending_the_request(
    client: FlaskClient, provider: Provider, outbox: MemoryOutbox
) -> None:
    assert sign_in(client, provider, SSO_ONLY).location == "/dashboard"
    page = client.get("/account/settings")
    assert "single sign-on (SSO) cannot enable" in page.text
    assert ">Enable</button>" not in page.text

    answer = client.post("/mfa/enable", data={"csrf_token": csrf_from(page)})

    assert answer.location == "/account/settings"
    assert "single sign-on (SSO) cannot enable" in client.get(answer.location).text
    assert not [mail for mail in outbox.sent if mail.kind is MailKind.CONFIRM_ENABLE]


# -- secrets, hooks and the demo -------------------------------------------------------------------


def test_the_client_secret_is_never_shown_or_logged(
    client: FlaskClient, provider: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pages = [client.get("/login/sso"), sign_in(client, provider, MEMBER)]
    pages += [client.get(path) for path in ("/dashboard", "/account/settings")]

    assert all(CLIENT_SECRET not in page.text for page in pages)
    assert CLIENT_SECRET not in caplog.text
    assert CLIENT_SECRET not in repr(service_provider(client))


def service_provider(client: FlaskClient) -> object:
    assert isinstance(client.application, Flask)
    with client.application.app_context():
        return service().sso_provider_for(MEMBER)


def test_the_test_hooks_put_sso_accounts_and_teams_behind_the_test_provider(
    tmp_path: Path, provider: Provider
) -> None:
    config = {"DATABASE": str(tmp_path / "hooks.sqlite3"), "TEST_MODE": True}
    without = create_app(config).test_client()
    team = {"admin_email": "ada@example.com", "member_emails": [], "sso": True}
    ada = {"email": "ada@example.com", "name": "Ada", "password": PASSWORD}
    without.post("/_test/accounts", json=ada)
    assert without.post("/_test/teams", json=team).status_code == 400

    app = create_app({**config, "TEST_IDENTITY_PROVIDER": provider.issuer})
    hooks = app.test_client()
    sam = {"email": "sam@example.com", "name": "Sam", "password": None, "sso": True}
    assert hooks.post("/_test/accounts", json=sam).status_code == 201
    assert hooks.post("/_test/teams", json=team).status_code == 201
    with app.app_context():
        assert service().sso_provider_for("sam@example.com").issuer == provider.issuer
        assert service().sso_provider_for("ada@example.com").issuer == provider.issuer


def test_the_demo_offers_real_single_sign_on_through_its_own_provider() -> None:
    command = [sys.executable, "-m", "reference_impl", "serve", "--demo", "--port", "0"]
    key = {"MFASPEC_SECRET_KEY": secrets.token_hex(32)}  # no key file in the project's instance/
    server = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **key},
    )
    try:
        assert server.stdout is not None
        printed = "".join(iter_until(server.stdout, "Serving on"))
        issuer = re.search(r"identity provider \(a mock\) is (\S+);", printed)
        serving = re.search(r"Serving on (\S+)", printed)
        assert issuer and serving, printed
        browser = requests.Session()
        base = serving.group(1)
        form = browser.get(f"{base}/login/sso", timeout=5).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token
        page = browser.post(
            f"{base}/login/sso", data={"csrf_token": token.group(1), "email": DEMO_SSO}, timeout=5
        ).text
        url = re.search(r'url=([^"]+)"', page)
        assert url and html.unescape(url.group(1)).startswith(issuer.group(1))
        back = browser.post(
            html.unescape(url.group(1)), data={"sub": DEMO_SSO}, allow_redirects=False, timeout=5
        )
        dashboard = browser.get(back.headers["Location"], timeout=10)
        assert "Sam Single" in dashboard.text, dashboard.text
    finally:
        server.terminate()
        server.wait(timeout=10)


def iter_until(lines: Iterable[str], marker: str) -> Iterator[str]:
    """Yield lines up to and including the first that holds ``marker``."""
    for line in lines:
        yield line
        if marker in line:
            return
