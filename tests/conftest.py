"""Shared fixtures: a Service over in-memory SQLite, a memory outbox and a clock tests move."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest
import requests
import waitress
from flask import Flask
from flask.testing import FlaskClient
from waitress import wasyncore
from werkzeug.test import TestResponse

from reference_impl import store
from reference_impl.delivery import InlineCourier
from reference_impl.mail import MailKind, MemoryOutbox
from reference_impl.passwords import ScryptCost
from reference_impl.service import Service, Session, Settings

START = 1_700_000_025.0  # the middle of a 30-second step, so "one step earlier" is unambiguous
STEP = 30
PASSWORD = "correct horse battery staple"
LINK_TOKEN = re.compile(r"/mfa/confirm/([A-Za-z0-9_-]+)")
IDENTITY_PROVIDER = "https://identity-provider.example"


class Clock:
    """A clock that moves only when a test says so."""

    def __init__(self, start: float = START) -> None:
        self.time = start

    def now(self) -> float:
        """Return the current fake Unix time."""
        return self.time

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.time += seconds


@dataclass(frozen=True)
class Enabled:
    """A person who has just turned MFA on: their session, TOTP seed and backup code."""

    session: Session
    secret: str
    backup_code: str


class Accounts:
    """People and the usual steps through the MFA flows, built on the service's public API."""

    def __init__(self, service: Service, outbox: MemoryOutbox, clock: Clock) -> None:
        self.service = service
        self.outbox = outbox
        self.clock = clock

    def person(self, email: str, *, verified: bool = True) -> int:
        """Register a password account."""
        return self.service.register_user(
            email, email.split("@")[0], PASSWORD, email_verified=verified
        )

    def sso_person(self, email: str) -> int:
        """Register an account that signs in only through its organisation's SSO (no password)."""
        user_id = self.service.register_user(email, email.split("@")[0], None, sso=True)
        self.service.add_member(self.sso_organisation(), user_id)
        return user_id

    def sso_organisation(self) -> int:
        """Create an organisation whose members sign in through its identity provider."""
        organisation = self.service.create_organisation("Single sign-on")
        self.service.configure_sso(organisation, IDENTITY_PROVIDER, "client", "client-secret")
        return organisation

    def sso_log_in(self, email: str) -> Session:
        """Sign in as the OpenID Connect callback does once the provider vouched for the person."""
        provider = self.service.sso_provider_for(email)
        return self.service.complete_sso_login(
            provider.organisation_id, email, email_verified=True, subject=email
        )

    def log_in(self, email: str) -> Session:
        """Start a login with the right password."""
        return self.service.start_login(email, PASSWORD)

    def request_link(self, session_id: str) -> str:
        """Ask to enable MFA and return the token of the e-mailed confirmation link."""
        self.service.request_enable(session_id)
        mail = self.outbox.sent[-1]
        assert mail.kind is MailKind.CONFIRM_ENABLE
        found = LINK_TOKEN.search(mail.text)
        assert found is not None
        return found.group(1)

    def enrol(self, email: str) -> tuple[Session, str]:
        """Register, log in, request MFA and open the link; return the session and TOTP seed."""
        self.person(email)
        session = self.log_in(email)
        enrolment = self.service.open_confirmation_link(session.id, self.request_link(session.id))
        return session, str(pyotp.parse_uri(enrolment.otpauth_uri).secret)

    def enable_mfa(self, email: str) -> Enabled:
        """Take a fresh account all the way to MFA on; the current time step is then used."""
        session, secret = self.enrol(email)
        activation = self.service.activate(session.id, self.code(secret))
        return Enabled(activation.session, secret, activation.backup_code)

    def code(self, secret: str, steps: int = 0) -> str:
        """Return what an authenticator app shows now, or ``steps`` time steps away."""
        return str(pyotp.TOTP(secret).at(self.clock.now(), counter_offset=steps))

    def wrong_code(self, secret: str) -> str:
        """Return six digits that no step in reach of the drift window accepts."""
        near = {self.code(secret, steps) for steps in range(-3, 4)}
        return next(c for c in ("000000", "111111", "222222", "333333") if c not in near)


@pytest.fixture
def clock() -> Clock:
    """A clock starting mid-step."""
    return Clock()


@pytest.fixture
def outbox() -> MemoryOutbox:
    """Mail the service sends, kept in memory."""
    return MemoryOutbox()


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    """A fresh in-memory database."""
    connection = store.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def settings() -> Settings:
    """The reference policy with a password hash cheap enough for tests."""
    return Settings(password_cost=ScryptCost(n=16))


@pytest.fixture
def service(
    db: sqlite3.Connection, outbox: MemoryOutbox, settings: Settings, clock: Clock
) -> Service:
    """The service under test, on the controllable clock."""
    return Service(db, InlineCourier(outbox), settings, clock=clock.now)


@pytest.fixture
def accounts(service: Service, outbox: MemoryOutbox, clock: Clock) -> Accounts:
    """Helpers to create people and walk them through the flows."""
    return Accounts(service, outbox, clock)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like client of the module's ``app``."""
    return app.test_client()


def csrf_from(page: TestResponse) -> str:
    """Return the CSRF token of the page's form."""
    return csrf_from_html(page.text)


@contextmanager
def served(app: Flask, threads: int = 4) -> Iterator[str]:
    """Serve ``app`` with waitress on a free loopback port, as the reference server does."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=threads)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.task_dispatcher.shutdown()  # let requests in flight finish first
        wasyncore.close_all(server._map)  # then the loop has nothing left and returns
        thread.join(5)


class Browser:
    """A person's browser over HTTP: a cookie jar, and forms sent with the page's CSRF token."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.http = requests.Session()

    def get(self, path: str) -> requests.Response:
        """Open a page, following redirects."""
        return self.http.get(self.base_url + path, timeout=30)

    def submit(self, page: str, action: str, **fields: str) -> requests.Response:
        """Open ``page``, then post its form to ``action``; redirects are followed."""
        token = csrf_from_html(self.get(page).text)
        return self.http.post(
            self.base_url + action, data={"csrf_token": token, **fields}, timeout=30
        )

    def hook(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """Call a test hook with a JSON body; return its JSON answer."""
        answer = self.http.post(self.base_url + path, json=body, timeout=30)
        assert answer.ok, f"the hook {path} answered {answer.status_code}: {answer.text}"
        decoded: dict[str, Any] = answer.json()
        return decoded


def csrf_from_html(html: str) -> str:
    """Return the CSRF token of a page's form."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)
