"""Operating the app: a signing key kept across restarts, HSTS and Secure cookies over https."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from flask import Flask

from reference_impl.mail import MemoryOutbox
from reference_impl.passwords import ScryptCost
from reference_impl.web import create_app
from reference_impl.web.context import service
from reference_impl.web.secret_key import ENVIRONMENT_VARIABLE, SecretKeyError
from tests.conftest import PASSWORD, csrf_from

ALICE = "alice@example.com"


def make_app(tmp_path: Path, **config: object) -> Flask:
    """Build the app as a server would, its key file and database under ``tmp_path``."""
    return create_app(
        {
            "DATABASE": str(tmp_path / "ops.sqlite3"),
            "SECRET_KEY_FILE": str(tmp_path / "instance" / "secret_key"),
            "OUTBOX": MemoryOutbox(),
            "MAIL_DELIVERY": "inline",
            "PASSWORD_COST": ScryptCost(n=2**4),
            **config,
        }
    )


@pytest.fixture(autouse=True)
def no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)


def test_the_key_is_made_once_readable_only_by_its_owner(tmp_path: Path) -> None:
    """The first start writes the key file with mode 600; later starts read the same key."""
    first = make_app(tmp_path)
    key_file = tmp_path / "instance" / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert make_app(tmp_path).config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_a_restart_keeps_people_signed_in(tmp_path: Path) -> None:
    """A session cookie of the app before a restart still opens the dashboard after it."""
    before = make_app(tmp_path)
    with before.app_context():
        service().register_user(ALICE, "Alice", PASSWORD, email_verified=True)
    browser = before.test_client()
    token = csrf_from(browser.get("/login"))
    browser.post("/login", data={"csrf_token": token, "email": ALICE, "password": PASSWORD})
    cookie = browser.get_cookie("mfaspec_session")
    assert cookie is not None
    after = make_app(tmp_path).test_client()
    after.set_cookie("mfaspec_session", cookie.value)
    assert after.get("/dashboard").status_code == 200


def test_the_environment_gives_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the key in the environment, no file is written."""
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "k" * 40)
    assert make_app(tmp_path).config["SECRET_KEY"] == "k" * 40
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_a_short_key_in_the_environment_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "short")
    with pytest.raises(SecretKeyError, match="shorter than 32"):
        make_app(tmp_path)


def test_over_https_cookies_are_secure_and_hsts_is_sent(tmp_path: Path) -> None:
    """With an https public address: Strict-Transport-Security, and a Secure session cookie."""
    browser = make_app(tmp_path, BASE_URL="https://mfa.example").test_client()
    page = browser.get("/login", base_url="https://mfa.example")
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Secure" in page.headers["Set-Cookie"]


def test_over_plain_http_there_is_no_hsts(tmp_path: Path) -> None:
    page = make_app(tmp_path, BASE_URL="http://127.0.0.1:5000").test_client().get("/login")
    assert "Strict-Transport-Security" not in page.headers
    assert "Secure" not in page.headers["Set-Cookie"]


def test_behind_a_proxy_that_terminates_tls_hsts_is_sent(tmp_path: Path) -> None:
    """A trusted proxy's X-Forwarded-Proto: https makes the request secure."""
    app = make_app(tmp_path, BEHIND_PROXY=True)
    page = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in page.headers
    untrusted = make_app(tmp_path).test_client()
    plain = untrusted.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in plain.headers
