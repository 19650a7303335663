"""A mail server that refuses or hangs changes nothing a person sees; the mail comes later."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from mfaspec.mailbox import SmtpSink, free_port
from reference_impl import otp
from reference_impl.delivery import RetryPolicy
from reference_impl.mail import SmtpOutbox
from reference_impl.web import create_app
from tests.conftest import PASSWORD, Browser, served

ALICE = "alice@example.com"
QUICK_RETRIES = RetryPolicy(first_delay=0.2, max_delay=1.0, max_attempts=100)
# How long the mail may take to arrive once the server answers again (a bounded poll).
ARRIVAL_SECONDS = 20.0
# A page that needs no mail must answer this fast while the mail server hangs.
FAST_SECONDS = 2.0


@contextmanager
def hanging_server(port: int) -> Iterator[None]:
    """Accept SMTP connections on ``port`` and never answer, until the block ends."""
    listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            accepted.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(5)
        for connection in accepted:
            connection.close()
        listener.close()


def subjects(sink: SmtpSink, address: str) -> list[str]:
    """Return the subjects of the mail the sink holds for ``address``."""
    return [message.subject for message in sink.messages(address)]


def wait_for_subjects(sink: SmtpSink, address: str, wanted: set[str]) -> list[str]:
    """Poll the sink (bounded) until every wanted subject has arrived; return what arrived."""
    deadline = time.monotonic() + ARRIVAL_SECONDS
    while not wanted <= set(subjects(sink, address)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return subjects(sink, address)


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def app(tmp_path: Path, smtp_port: int) -> Flask:
    return create_app(
        {
            "DATABASE": str(tmp_path / "mail.sqlite3"),
            "OUTBOX": SmtpOutbox("127.0.0.1", smtp_port, timeout=10),
            "MAIL_RETRY": QUICK_RETRIES,
            "TEST_MODE": True,
        }
    )


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    with served(app) as url:
        app.config["BASE_URL"] = url
        yield url


def confirmation_path(sink: SmtpSink) -> str:
    """Return the path of the newest confirmation link Alice was sent."""
    links = [
        link.href
        for message in sink.messages(ALICE)
        for link in message.links
        if "/mfa/confirm/" in link.href
    ]
    assert links, f"no confirmation link among {subjects(sink, ALICE)}"
    return "/mfa/confirm/" + links[-1].rsplit("/mfa/confirm/", 1)[1]


def code_now(browser: Browser, key: str) -> str:
    """Return the code Alice's app shows at the server's time."""
    now = float(browser.hook("/_test/clock", {"advance": 0})["now"])
    return otp.totp(otp.decode_secret(key), now)


def signed_in_with_link(browser: Browser, smtp_port: int) -> str:
    """Make Alice, sign her in, ask for 2FA and receive the link while mail works."""
    browser.hook(
        "/_test/accounts",
        {"email": ALICE, "name": "Alice", "password": PASSWORD, "email_verified": True},
    )
    browser.submit("/login", "/login", email=ALICE, password=PASSWORD)
    sink = SmtpSink(port=smtp_port)
    try:
        answer = browser.submit("/account/settings", "/mfa/enable")
        assert answer.status_code == 200 and answer.url.endswith("/mfa/check-email")
        wait_for_subjects(sink, ALICE, {"Confirm your multi-factor authentication request"})
        return confirmation_path(sink)
    finally:
        sink.close()


def test_a_refusing_mail_server_changes_nothing_a_person_sees(
    base_url: str, smtp_port: int
) -> None:
    """With nothing listening on the SMTP port: set-up, backup login, disable and enable work."""
    browser = Browser(base_url)
    link = signed_in_with_link(browser, smtp_port)
    setup = browser.get(link)
    key = re.search(r'id="manual-key"[^>]*>([^<]+)<', setup.text)
    assert key, f"no set-up page after the link: {setup.status_code}"
    secret = key.group(1).replace(" ", "")

    shown = browser.submit("/mfa/setup", "/mfa/setup", code=code_now(browser, secret))
    backup = re.search(r'id="backup-code">([^<]+)<', shown.text)
    assert shown.status_code == 200 and backup, f"set-up answered {shown.status_code}"

    browser.submit("/dashboard", "/logout")
    browser.submit("/login", "/login", email=ALICE, password=PASSWORD)
    replaced = browser.submit("/login/backup", "/login/backup", backup_code=backup.group(1))
    new_backup = re.search(r'id="backup-code">([^<]+)<', replaced.text)
    assert replaced.status_code == 200 and new_backup, f"backup login: {replaced.status_code}"
    assert new_backup.group(1) != backup.group(1)

    browser.hook("/_test/clock", {"advance": 30})
    off = browser.submit(
        "/mfa/disable", "/mfa/disable", password=PASSWORD, code=code_now(browser, secret)
    )
    assert off.status_code == 200 and off.url.endswith("/account/settings"), off.status_code
    again = browser.submit("/account/settings", "/mfa/enable")
    assert again.status_code == 200 and again.url.endswith("/mfa/check-email"), again.status_code

    sink = SmtpSink(port=smtp_port)  # the server answers again: the queued mail arrives
    try:
        wanted = {
            "Multi-factor authentication is on",
            "Your backup code was used",
            "Multi-factor authentication is off",
            "Confirm your multi-factor authentication request",
        }
        arrived = wait_for_subjects(sink, ALICE, wanted)
        assert wanted <= set(arrived), f"after the server recovered, only {arrived} arrived"
        assert len(arrived) == len(wanted), f"some mail came twice: {arrived}"
    finally:
        sink.close()


def test_a_hanging_mail_server_holds_no_worker(base_url: str, smtp_port: int) -> None:
    """While the SMTP server accepts and never answers, pages answer at once; mail comes later."""
    browser = Browser(base_url)
    signed_in_with_link(browser, smtp_port)
    with hanging_server(smtp_port):
        requests_for_mail = 8  # twice the server's threads
        with ThreadPoolExecutor(max_workers=requests_for_mail) as pool:
            started = time.monotonic()
            answers = list(
                pool.map(
                    lambda _: browser.submit("/account/settings", "/mfa/enable"),
                    range(requests_for_mail),
                )
            )
            enabling = time.monotonic() - started
        assert all(answer.status_code == 200 for answer in answers), [
            a.status_code for a in answers
        ]
        started = time.monotonic()
        login_page = Browser(base_url).get("/login")
        waited = time.monotonic() - started
        assert login_page.status_code == 200
        assert waited < FAST_SECONDS, f"GET /login took {waited:.1f} s while mail hangs"
        assert enabling < FAST_SECONDS * 2, f"{requests_for_mail} requests took {enabling:.1f} s"
    sink = SmtpSink(port=smtp_port)
    try:
        deadline = time.monotonic() + ARRIVAL_SECONDS
        while len(sink.messages(ALICE)) < requests_for_mail and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(sink.messages(ALICE)) == requests_for_mail, subjects(sink, ALICE)
    finally:
        sink.close()
