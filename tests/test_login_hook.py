"""Logins through the target's log_in hook: a real session's cookies, the code spent as at login."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask.testing import FlaskClient

from mfaspec import secrets as run_secrets
from mfaspec.drivers.errors import BrowserDriverError
from mfaspec.drivers.hooks import enrolment_answer, session_cookies_answer
from reference_impl.clock import ControlledClock
from reference_impl.mail import MemoryOutbox
from reference_impl.service import Settings
from tests.test_cli import mfaspec
from tests.test_setup_hooks import hooked_reference, run_without_hook, set_up_paths
from tests.test_web import PASSWORD, START

HOOK = "/_test/sessions"
ZOE = "zoe@example.com"
LOGGED_IN = "Alice has logged in with her password and a code"


@pytest.fixture
def reference(tmp_path: Path) -> tuple[FlaskClient, ControlledClock]:
    clock = ControlledClock(START)
    client = hooked_reference(tmp_path, MemoryOutbox(), clock)
    account = {"email": ZOE, "name": "Zoé", "password": PASSWORD, "email_verified": True}
    assert client.post("/_test/accounts", json=account).status_code == 201
    return client, clock


def dashboard_with(client: FlaskClient, answer: dict[str, Any]) -> str:
    """Open the dashboard in a new browser holding the hook's cookies; return where it lands."""
    browser = client.application.test_client()
    for cookie in session_cookies_answer(HOOK, answer):
        browser.set_cookie(cookie["name"], cookie["value"], path=cookie["path"])
    page = browser.get("/dashboard")
    return "dashboard" if page.status_code == 200 else page.headers["Location"]


def turn_on_2fa(client: FlaskClient) -> pyotp.TOTP:
    answer = client.post("/_test/accounts/mfa", json={"email": ZOE, "password": PASSWORD})
    seed = pyotp.parse_uri(enrolment_answer("/h", answer.get_json()).otpauth_uri)
    assert isinstance(seed, pyotp.TOTP)
    return seed


def test_the_hook_answers_the_cookie_of_a_real_session(
    reference: tuple[FlaskClient, ControlledClock],
) -> None:
    client, clock = reference
    answer = client.post(HOOK, json={"email": ZOE, "password": PASSWORD})
    assert answer.status_code == 201
    [cookie] = answer.get_json()["cookies"]
    assert (cookie["name"], cookie["path"], cookie["httpOnly"]) == ("mfaspec_session", "/", True)
    assert cookie["sameSite"] == "Lax"
    assert "Set-Cookie" not in answer.headers
    assert dashboard_with(client, answer.get_json()) == "dashboard"
    clock.advance(Settings().idle_timeout + 1)  # the session's idle rule applies
    assert dashboard_with(client, answer.get_json()).startswith("/login")


def test_with_2fa_on_the_hook_spends_the_code_as_login_does(
    reference: tuple[FlaskClient, ControlledClock],
) -> None:
    client, clock = reference
    seed = turn_on_2fa(client)
    clock.advance(30)
    code = seed.at(clock())
    answer = client.post(HOOK, json={"email": ZOE, "password": PASSWORD, "code": code})
    assert answer.status_code == 201
    assert dashboard_with(client, answer.get_json()) == "dashboard"
    again = client.post(HOOK, json={"email": ZOE, "password": PASSWORD, "code": code})
    assert again.status_code == 400  # the same code again is refused, as at the login page


@pytest.mark.parametrize(
    ("body", "with_2fa"),
    [
        ({}, False),
        ({"email": ZOE}, False),
        ({"email": ZOE, "password": "wrong"}, False),
        ({"email": ZOE, "password": PASSWORD, "code": "123456"}, False),
        ({"email": ZOE, "password": PASSWORD, "code": 123456}, True),
        ({"email": ZOE, "password": PASSWORD}, True),
        ({"email": ZOE, "password": PASSWORD, "code": "000000"}, True),
    ],
)
def test_the_hook_refuses_a_bad_call_and_leaves_no_session(
    reference: tuple[FlaskClient, ControlledClock], body: dict[str, object], with_2fa: bool
) -> None:
    client, _ = reference
    if with_2fa:
        turn_on_2fa(client)
    answer = client.post(HOOK, json=body)
    assert answer.status_code == 400
    assert "cookies" not in answer.get_json()
    database = client.application.config["DATABASE"]
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT COUNT(*) FROM sessions").fetchone() == (0,)


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        ({}, "no cookies list"),
        ({"cookies": []}, "no cookies list"),
        ({"cookies": ["a=b"]}, "no JSON object"),
        ({"cookies": [{"name": "s"}]}, "without a name and value"),
        ({"cookies": [{"name": "s", "value": "v", "httpOnly": "yes"}]}, "httpOnly is no bool"),
        ({"cookies": [{"name": "s", "value": "v", "sameSite": "lax"}]}, "sameSite"),
    ],
)
def test_a_malformed_log_in_answer_says_what_is_wrong(answer: dict[str, Any], wrong: str) -> None:
    with pytest.raises(BrowserDriverError, match=f"^hook /h answered .*{wrong}"):
        session_cookies_answer("/h", answer)


def test_the_cookie_values_are_secrets_of_the_run() -> None:
    answer = {"cookies": [{"name": "s", "value": "a-session-credential"}]}
    session_cookies_answer("/h", answer)
    assert run_secrets.mask("held a-session-credential") == f"held {run_secrets.MASK}"


def test_a_malformed_answer_never_shows_the_cookie_value() -> None:
    answer = {"cookies": [{"name": "s", "value": "the-session-secret", "path": 1}]}
    with pytest.raises(BrowserDriverError) as failure:
        session_cookies_answer("/h", answer)
    assert "the-session-secret" not in str(failure.value)


def test_in_the_browser_the_login_goes_through_the_hook(tmp_path: Path) -> None:
    result = mfaspec("run", "-k", "^Every login asks for the code$", "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert ("passed", LOGGED_IN, "hook") in set_up_paths(tmp_path)


def test_without_the_hook_the_login_goes_through_the_pages(tmp_path: Path) -> None:
    run_without_hook(tmp_path, 'log_in = "/_test/sessions"\n', "^Every login asks for the code$")
    assert ("passed", LOGGED_IN, "pages") in set_up_paths(tmp_path)


def test_a_scenario_about_reusing_the_login_code_never_takes_the_hook(tmp_path: Path) -> None:
    scenario = "^A code that was already used is refused$"
    result = mfaspec("run", "-k", scenario, "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert ("passed", LOGGED_IN, "pages") in set_up_paths(tmp_path)


def test_in_process_the_login_goes_through_its_steps(tmp_path: Path) -> None:
    run = ("run", "--in-process", "-k", "^Every login asks for the code$")
    result = mfaspec(*run, "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert ("passed", LOGGED_IN, "pages") in set_up_paths(tmp_path)
