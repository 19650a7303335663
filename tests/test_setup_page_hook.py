"""The set-up page through the target's start_setup hook: Enable's request, its link handed over."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask.testing import FlaskClient

from mfaspec import secrets as run_secrets
from mfaspec.drivers.errors import BrowserDriverError
from mfaspec.drivers.hooks import setup_link_answer
from reference_impl.clock import ControlledClock
from reference_impl.mail import MailKind, MemoryOutbox
from tests.test_cli import mfaspec
from tests.test_setup_hooks import hooked_reference, run_without_hook, set_up_paths
from tests.test_web import PASSWORD, START, log_in

HOOK = "/_test/accounts/setup"
ZOE = {"email": "zoe@example.com", "password": PASSWORD}
# A scenario whose Background needs "Alice has opened the set-up page" and nothing else.
SCENARIO = "^A wrong code is refused and Alice can try again$"


@pytest.fixture
def reference(tmp_path: Path) -> tuple[FlaskClient, MemoryOutbox]:
    outbox = MemoryOutbox()
    client = hooked_reference(tmp_path, outbox, ControlledClock(START))
    account = {"name": "Zoé", "email_verified": True, **ZOE}
    assert client.post("/_test/accounts", json=account).status_code == 201
    return client, outbox


def test_the_hook_asks_as_enable_does_and_its_link_opens_the_set_up_page(
    reference: tuple[FlaskClient, MemoryOutbox],
) -> None:
    client, outbox = reference
    answer = client.post(HOOK, json=ZOE)
    assert answer.status_code == 201
    link = answer.get_json()["url"]
    (mail,) = outbox.sent
    assert mail.kind is MailKind.CONFIRM_ENABLE and link in mail.text, "not the e-mailed link"
    link = urlsplit(link).path  # the test client's cookies are its own host's

    assert "/mfa/setup" not in client.get(link).headers.get("Location", ""), "opened logged out"
    log_in(client, "zoe@example.com")
    opened = client.get(link)
    assert opened.headers["Location"].endswith("/mfa/setup")
    assert 'alt="QR code' in client.get("/mfa/setup").text


@pytest.mark.parametrize("body", [{}, {"email": "zoe@example.com"}, {**ZOE, "password": "wrong"}])
def test_the_hook_refuses_a_bad_call_and_sends_nothing(
    reference: tuple[FlaskClient, MemoryOutbox], body: dict[str, str]
) -> None:
    client, outbox = reference
    assert client.post(HOOK, json=body).status_code == 400
    assert outbox.sent == []


def test_the_hook_refuses_an_account_with_2fa_on(
    reference: tuple[FlaskClient, MemoryOutbox],
) -> None:
    client, outbox = reference
    assert client.post("/_test/accounts/mfa", json=ZOE).status_code == 201
    refused = client.post(HOOK, json=ZOE)
    assert refused.status_code == 400
    assert "2FA on" in refused.get_json()["error"]
    assert outbox.sent == []


def test_a_malformed_answer_says_what_is_wrong() -> None:
    with pytest.raises(BrowserDriverError, match=r"^hook /h answered no url$"):
        setup_link_answer("/h", {"link": "x"}, "http://127.0.0.1:1")
    with pytest.raises(BrowserDriverError, match=r"^hook /h answered a url that is not a web"):
        setup_link_answer("/h", {"url": "javascript:alert(1)"}, "http://127.0.0.1:1")


def test_the_answered_link_is_a_secret_of_the_run() -> None:
    token = "k3JxQ9vR2mW8tY5nB7cD1fG4hL6pS0aZ"
    url = setup_link_answer("/h", {"url": f"/mfa/confirm/{token}"}, "http://127.0.0.1:1")
    assert url == f"http://127.0.0.1:1/mfa/confirm/{token}"
    assert token in run_secrets.known()


def test_in_the_browser_the_set_up_page_opens_through_the_hook(tmp_path: Path) -> None:
    result = mfaspec("run", "-k", SCENARIO, "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert set_up_paths(tmp_path) == [("passed", "Alice has opened the set-up page", "hook")]


def test_without_the_hook_the_set_up_page_is_reached_through_the_pages(tmp_path: Path) -> None:
    run_without_hook(tmp_path, 'start_setup = "/_test/accounts/setup"\n', SCENARIO)
    assert set_up_paths(tmp_path) == [
        ("passed", "Alice has opened the set-up page", "pages"),
        ("passed", "Alice is logged in", "hook"),
    ]
