"""The team requirement through the target's require_team_mfa hook, as the admin's Yes would."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest
from flask.testing import FlaskClient

from mfaspec.drivers.hooks import enrolment_answer
from reference_impl.clock import ControlledClock
from reference_impl.mail import MemoryOutbox
from tests.test_cli import mfaspec
from tests.test_setup_hooks import hooked_reference, run_without_hook, set_up_paths
from tests.test_web import PASSWORD, START, log_in

HOOK = "/_test/teams/requirement"
OLIVIA, MAX = "olivia@example.com", "max@example.com"
# A scenario whose Background makes a team and which then needs "the team requires 2FA".
SCENARIO = "^At his next login a member sets up 2FA before anything else$"


@pytest.fixture
def reference(tmp_path: Path) -> tuple[FlaskClient, ControlledClock]:
    clock = ControlledClock(START)
    client = hooked_reference(tmp_path, MemoryOutbox(), clock)
    for email in (OLIVIA, MAX):
        account = {"email": email, "name": email, "password": PASSWORD, "email_verified": True}
        assert client.post("/_test/accounts", json=account).status_code == 201
    team = {"admin_email": OLIVIA, "member_emails": [MAX]}
    assert client.post("/_test/teams", json=team).status_code == 201
    return client, clock


def max_lands_at(client: FlaskClient) -> str:
    """Log Max in by the pages (in a browser of his own) and return where he lands."""
    browser = client.application.test_client()
    return log_in(browser, MAX).headers["Location"]


def test_the_hook_requires_2fa_for_the_team(reference: tuple[FlaskClient, ControlledClock]) -> None:
    client, _ = reference
    assert max_lands_at(client).endswith("/dashboard")
    answer = client.post(HOOK, json={"admin_email": OLIVIA, "password": PASSWORD})
    assert answer.status_code == 201
    assert max_lands_at(client).endswith("/mfa/required")


def test_an_admin_with_2fa_on_gives_a_code_which_is_spent(
    reference: tuple[FlaskClient, ControlledClock],
) -> None:
    client, clock = reference
    answer = client.post("/_test/accounts/mfa", json={"email": OLIVIA, "password": PASSWORD})
    seed = pyotp.parse_uri(enrolment_answer("/h", answer.get_json()).otpauth_uri)
    assert isinstance(seed, pyotp.TOTP)
    clock.advance(30)
    body = {"admin_email": OLIVIA, "password": PASSWORD}
    assert client.post(HOOK, json=body).status_code == 400  # no code: the login asks one
    assert client.post(HOOK, json={**body, "code": seed.at(clock())}).status_code == 201
    assert client.post(HOOK, json={**body, "code": seed.at(clock())}).status_code == 400
    assert max_lands_at(client).endswith("/mfa/required")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"admin_email": OLIVIA, "password": "wrong"},
        {"admin_email": MAX, "password": PASSWORD},  # a member, not the admin
    ],
)
def test_the_hook_refuses_a_bad_call_and_changes_nothing(
    reference: tuple[FlaskClient, ControlledClock], body: dict[str, str]
) -> None:
    client, _ = reference
    assert client.post(HOOK, json=body).status_code == 400
    assert max_lands_at(client).endswith("/dashboard")


def test_in_the_browser_the_requirement_is_set_through_the_hook(tmp_path: Path) -> None:
    result = mfaspec("run", "-k", SCENARIO, "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert ("passed", "the team requires two-factor authentication", "hook") in set_up_paths(
        tmp_path
    )


def test_without_the_hook_the_requirement_is_set_through_the_pages(tmp_path: Path) -> None:
    run_without_hook(tmp_path, 'require_team_mfa = "/_test/teams/requirement"\n', SCENARIO)
    assert ("passed", "the team requires two-factor authentication", "pages") in set_up_paths(
        tmp_path
    )
