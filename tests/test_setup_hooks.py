"""Set-up states through the target's hook: 2FA on in one call, the seed handed to the app."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest
from flask.testing import FlaskClient

from mfaspec.drivers.errors import BrowserDriverError
from mfaspec.drivers.hooks import enrolment_answer
from reference_impl.clock import ControlledClock
from reference_impl.mail import MemoryOutbox
from reference_impl.passwords import ScryptCost
from reference_impl.web import create_app
from tests.test_cli import PROFILE, mfaspec, report
from tests.test_web import PASSWORD, START, log_in, post_form

HOOK = "/_test/accounts/mfa"
# A scenario whose Background needs "Alice has turned on multi-factor authentication".
SCENARIO = "^A wrong code is refused$"


def hooked_reference(directory: Path, outbox: MemoryOutbox, clock: ControlledClock) -> FlaskClient:
    """Return a client of the reference app in test mode, its hooks on, mail sent at once."""
    config = {
        "DATABASE": str(directory / "hooks.sqlite3"),
        "OUTBOX": outbox,
        "MAIL_DELIVERY": "inline",
        "CLOCK": clock,
        "TEST_MODE": True,
        "PASSWORD_COST": ScryptCost(n=2**4),
    }
    return create_app(config).test_client()


@pytest.fixture
def hooks(tmp_path: Path) -> tuple[FlaskClient, MemoryOutbox, ControlledClock]:
    outbox, clock = MemoryOutbox(), ControlledClock(START)
    client = hooked_reference(tmp_path, outbox, clock)
    account = {"email": "zoe@example.com", "name": "Zoé", "password": PASSWORD}
    assert client.post("/_test/accounts", json={**account, "email_verified": True}).status_code
    return client, outbox, clock


def test_the_hook_turns_2fa_on_and_hands_over_the_seed_and_backup_code(
    hooks: tuple[FlaskClient, MemoryOutbox, ControlledClock],
) -> None:
    client, outbox, clock = hooks
    answer = client.post(HOOK, json={"email": "zoe@example.com", "password": PASSWORD})
    assert answer.status_code == 201
    enrolment = enrolment_answer(HOOK, answer.get_json())
    assert enrolment.code_used_at == START
    assert outbox.sent == []  # the hook's enrolment e-mails nobody
    seed = pyotp.parse_uri(enrolment.otpauth_uri)
    assert isinstance(seed, pyotp.TOTP)
    # 2FA is on: the password alone no longer signs in, the seed's next code does
    assert log_in(client, "zoe@example.com").headers["Location"].endswith("/login/code")
    clock.advance(30)
    page = post_form(client, "/login/code", "/login/code", code=seed.at(clock()))
    assert page.headers["Location"].endswith("/dashboard")
    client.post("/logout", data={})
    client.delete_cookie("mfaspec_session")
    log_in(client, "zoe@example.com")
    backup = post_form(
        client, "/login/backup", "/login/backup", backup_code=enrolment.backup_codes[0]
    )
    assert backup.status_code == 200 and "backup-code" in backup.text


@pytest.mark.parametrize(
    "body", [{}, {"email": "zoe@example.com"}, {"email": "zoe@example.com", "password": "wrong"}]
)
def test_the_hook_refuses_a_bad_call_and_changes_nothing(
    hooks: tuple[FlaskClient, MemoryOutbox, ControlledClock], body: dict[str, str]
) -> None:
    client, _, _ = hooks
    assert client.post(HOOK, json=body).status_code == 400
    assert log_in(client, "zoe@example.com").headers["Location"].endswith("/dashboard")


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        ({"backup_codes": ["X"]}, "otpauth_uri"),
        ({"otpauth_uri": "otpauth://hotp/x?secret=A", "backup_codes": []}, "otpauth_uri"),
        ({"otpauth_uri": "otpauth://totp/x?secret=A", "backup_codes": "X"}, "backup_codes"),
        (
            {"otpauth_uri": "otpauth://totp/x?secret=A", "backup_codes": [], "code_used_at": "now"},
            "code_used_at",
        ),
    ],
)
def test_a_malformed_hook_answer_says_which_field(answer: dict[str, object], wrong: str) -> None:
    with pytest.raises(BrowserDriverError, match=f"^hook /h answered .*{wrong}"):
        enrolment_answer("/h", answer)


def set_up_paths(directory: Path) -> list[tuple[str, str, str]]:
    return [
        (scenario["outcome"], state["state"], state["path"])
        for scenario in report(directory)["scenarios"]
        for state in scenario["set_up"]
    ]


def test_in_the_browser_the_scenario_starts_from_the_hook_and_passes(tmp_path: Path) -> None:
    result = mfaspec("run", "-k", SCENARIO, "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert set_up_paths(tmp_path) == [
        ("passed", "Alice has turned on multi-factor authentication", "hook")
    ]
    assert "the target's test hook" in (tmp_path / "conformance.html").read_text(encoding="utf-8")


def run_without_hook(tmp_path: Path, line: str, scenario: str) -> None:
    """Run one scenario against the English profile less one hook's line; it must pass."""
    text = PROFILE.read_text(encoding="utf-8")
    assert line in text
    profile = tmp_path / "no-hook.toml"
    profile.write_text(text.replace(line, ""), "utf-8")
    result = mfaspec("run", "--target", str(profile), "-k", scenario, "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_without_the_hook_the_scenario_goes_through_the_pages(tmp_path: Path) -> None:
    run_without_hook(tmp_path, 'turn_on_mfa = "/_test/accounts/mfa"\n', SCENARIO)
    assert set_up_paths(tmp_path) == [  # the enrolment's set-up page takes the start_setup hook
        ("passed", "Alice has turned on multi-factor authentication", "pages"),
        ("passed", "Alice has opened the set-up page", "hook"),
    ]


def test_a_scenario_about_the_enrolment_never_takes_the_hook(tmp_path: Path) -> None:
    result = mfaspec(
        "run", "-k", "^The backup code is never shown again$", "--report-dir", str(tmp_path)
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert set_up_paths(tmp_path) == [  # every state of the scenario, the logins too
        ("passed", "Alice has turned on multi-factor authentication", "pages"),
        ("passed", "Alice has opened the set-up page", "pages"),
        ("passed", "Alice is logged in", "pages"),
        ("passed", "Alice has logged in with her password and a code", "pages"),
    ]
