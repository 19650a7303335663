"""Concurrent requests: never more guesses checked than the limit, one winner of each race.

Each racer has its own connection to one database file, as each request of the web
application has; the last tests race over HTTP against the app served by waitress.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pyotp
import pytest
from flask import Flask

from reference_impl import otp, store
from reference_impl.delivery import InlineCourier
from reference_impl.mail import MemoryOutbox
from reference_impl.passwords import ScryptCost, check_password
from reference_impl.service import (
    Activation,
    BackupLogin,
    Reason,
    Refused,
    Service,
    Session,
    Settings,
)
from reference_impl.web import create_app
from tests.conftest import PASSWORD, Accounts, Browser, Clock, served

T = TypeVar("T")
ALICE = "alice@example.com"
SETTINGS = Settings(password_cost=ScryptCost(n=2**10))


class Checks:
    """Counts how often a checking function runs, from any thread."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def counting(self, check: Callable[..., T]) -> Callable[..., T]:
        """Return ``check`` that also counts its calls."""

        def counted(*args: object, **kwargs: object) -> T:
            with self._lock:
                self.count += 1
            return check(*args, **kwargs)

        return counted


@pytest.fixture
def database(tmp_path: Path) -> str:
    return str(tmp_path / "race.sqlite3")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def setup_service(database: str, clock: Clock, outbox: MemoryOutbox) -> Iterator[Service]:
    connection = store.connect(database)
    yield Service(connection, InlineCourier(outbox), SETTINGS, clock=clock.now)
    connection.close()


@pytest.fixture
def people(setup_service: Service, outbox: MemoryOutbox, clock: Clock) -> Accounts:
    return Accounts(setup_service, outbox, clock)


@pytest.fixture
def code_checks(monkeypatch: pytest.MonkeyPatch) -> Checks:
    checks = Checks()
    monkeypatch.setattr(otp, "matching_step", checks.counting(otp.matching_step))
    return checks


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> Checks:
    checks = Checks()
    monkeypatch.setattr("reference_impl.service.check_password", checks.counting(check_password))
    return checks


def race(database: str, clock: Clock, attempts: list[Callable[[Service], T]]) -> list[T | Reason]:
    """Run each attempt in its own thread and connection, all released at once."""
    start = threading.Barrier(len(attempts))

    def run(attempt: Callable[[Service], T]) -> T | Reason:
        connection = store.connect(database)
        rules = Service(connection, InlineCourier(MemoryOutbox()), SETTINGS, clock=clock.now)
        start.wait()
        try:
            return attempt(rules)
        except Refused as refused:
            return refused.reason
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
        return list(pool.map(run, attempts))


def login_code(session_id: str, code: str) -> Callable[[Service], Session]:
    """Return an attempt to finish a login with a code."""
    return lambda rules: rules.submit_login_code(session_id, code)


def backup_login(session_id: str, code: str) -> Callable[[Service], BackupLogin]:
    """Return an attempt to finish a login with a backup code."""
    return lambda rules: rules.submit_backup_code(session_id, code)


def activation(session_id: str, code: str) -> Callable[[Service], Activation]:
    """Return an attempt to verify the set-up with a code."""
    return lambda rules: rules.activate(session_id, code)


def wins(results: Sequence[object]) -> int:
    """Return how many results are not refusals."""
    return sum(not isinstance(result, Reason) for result in results)


def test_twenty_concurrent_wrong_codes_get_five_checked(
    people: Accounts, setup_service: Service, database: str, clock: Clock, code_checks: Checks
) -> None:
    """Of 20 wrong codes at once, at most 5 are checked; the account is then locked."""
    secret = people.enable_mfa(ALICE).secret
    clock.advance(30)
    sessions = [people.log_in(ALICE).id for _ in range(20)]
    wrong = people.wrong_code(secret)
    code_checks.count = 0
    results = race(database, clock, [login_code(sid, wrong) for sid in sessions])
    assert code_checks.count <= SETTINGS.max_failures, f"{code_checks.count} codes checked"
    assert set(results) == {Reason.WRONG_CODE, Reason.LOCKED_OUT}, results
    late = race(database, clock, [login_code(sessions[0], people.code(secret))])
    assert late == [Reason.LOCKED_OUT]


def test_forty_concurrent_wrong_passwords_get_ten_checked(
    people: Accounts, database: str, clock: Clock, password_checks: Checks
) -> None:
    """Of 40 wrong passwords at once, at most 10 are checked; the address is then locked."""
    people.person(ALICE)
    results = race(database, clock, [lambda s: s.start_login(ALICE, "wrong password")] * 40)
    checked = password_checks.count
    assert checked <= SETTINGS.max_password_failures, f"{checked} passwords checked"
    assert set(results) == {Reason.WRONG_CREDENTIALS, Reason.LOCKED_OUT}, results
    assert race(database, clock, [lambda s: s.start_login(ALICE, PASSWORD)]) == [Reason.LOCKED_OUT]


def test_concurrent_wrong_backup_codes_get_five_checked(
    people: Accounts, database: str, clock: Clock, password_checks: Checks
) -> None:
    """Wrong backup codes at once are throttled like codes: at most 5 are checked."""
    people.enable_mfa(ALICE)
    sessions = [people.log_in(ALICE).id for _ in range(20)]
    password_checks.count = 0
    wrong = "AAAA-BBBB-CCCC-DDDD"
    results = race(database, clock, [backup_login(sid, wrong) for sid in sessions])
    assert password_checks.count <= SETTINGS.max_failures, f"{password_checks.count} checked"
    assert Reason.LOCKED_OUT in results


def test_concurrent_set_up_verifications_turn_mfa_on_once(
    people: Accounts, setup_service: Service, database: str, clock: Clock
) -> None:
    """Codes of steps -1, 0 and +1, three times each, at once: exactly one turns MFA on."""
    session, secret = people.enrol(ALICE)
    codes = [people.code(secret, steps) for steps in (-1, 0, 1)] * 3
    results = race(database, clock, [activation(session.id, code) for code in codes])
    assert wins(results) == 1, results
    winner = next(result for result in results if not isinstance(result, Reason))
    clock.advance(60)
    half = people.log_in(ALICE)
    setup_service.submit_backup_code(half.id, winner.backup_code)


def test_a_valid_code_replayed_by_concurrent_logins_locks_nobody_out(
    people: Accounts, setup_service: Service, database: str, clock: Clock
) -> None:
    """Decision: a right code already used is refused but is no guess, so 19 losers lock nobody."""
    secret = people.enable_mfa(ALICE).secret
    clock.advance(30)
    sessions = [people.log_in(ALICE).id for _ in range(20)]
    code = people.code(secret)
    results = race(database, clock, [login_code(sid, code) for sid in sessions])
    assert wins(results) == 1, results
    # Refused as a used code, or for a moment as locked while the limit's attempts are in flight.
    losers = {result for result in results if isinstance(result, Reason)}
    assert losers <= {Reason.WRONG_CODE, Reason.LOCKED_OUT}, losers
    row = setup_service.db.execute("SELECT failed_attempts FROM users WHERE email = ?", (ALICE,))
    assert row.fetchone()[0] == 0, "the losers of the race were counted as wrong guesses"
    clock.advance(30)
    setup_service.submit_login_code(people.log_in(ALICE).id, people.code(secret))


def test_a_backup_code_raced_by_concurrent_logins_works_once(
    people: Accounts, setup_service: Service, database: str, clock: Clock
) -> None:
    """Twenty logins with one backup code at once: exactly one gets in.

    Racers that read the account after the winner replaced the code hold a code that no longer
    matches, and count as wrong backup codes, as a spent code always does: no old hash is kept.
    """
    enabled = people.enable_mfa(ALICE)
    sessions = [people.log_in(ALICE).id for _ in range(20)]
    results = race(
        database,
        clock,
        [backup_login(sid, enabled.backup_code) for sid in sessions],
    )
    assert wins(results) == 1, results


# -- over HTTP, against the app served by waitress with its threads ---------------------------


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return create_app(
        {
            "DATABASE": str(tmp_path / "served.sqlite3"),
            "OUTBOX": MemoryOutbox(),
            "MAIL_DELIVERY": "inline",
            "TEST_MODE": True,
        }
    )


def set_up_page(browser: Browser, outbox: MemoryOutbox) -> str:
    """Make Alice, sign her in, follow the e-mailed link; return the key the page shows."""
    browser.hook(
        "/_test/accounts",
        {"email": ALICE, "name": "Alice", "password": PASSWORD, "email_verified": True},
    )
    browser.submit("/login", "/login", email=ALICE, password=PASSWORD)
    browser.submit("/account/settings", "/mfa/enable")
    link = re.search(r"/mfa/confirm/\S+", outbox.sent[-1].text)
    assert link, "no link in the confirmation e-mail"
    found = re.search(r'id="manual-key"[^>]*>([^<]+)<', browser.get(link.group(0)).text)
    assert found, "no key on the set-up page"
    return found.group(1).replace(" ", "")


def test_served_set_up_verification_wins_once(app: Flask) -> None:
    """Twelve browsers of one session post codes of steps -1, 0, +1 at once: one backup code."""
    with served(app) as base_url:
        browser = Browser(base_url)
        key = set_up_page(browser, app.config["OUTBOX"])
        now = float(browser.hook("/_test/clock", {"advance": 0})["now"])
        codes = [pyotp.TOTP(key).at(now, counter_offset=steps) for steps in (-1, 0, 1)] * 4
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/mfa/setup").text)
        assert token

        def verify(code: str) -> bool:
            answer = browser.http.post(
                base_url + "/mfa/setup", data={"csrf_token": token.group(1), "code": code}
            )
            return 'id="backup-code"' in answer.text

        with ThreadPoolExecutor(max_workers=len(codes)) as pool:
            shown = sum(pool.map(verify, codes))
    assert shown == 1, f"{shown} answers showed a backup code"


def test_served_concurrent_wrong_passwords_get_ten_checked(
    app: Flask, password_checks: Checks
) -> None:
    """Forty wrong passwords at once over HTTP: at most 10 are checked."""
    with served(app) as base_url:
        Browser(base_url).hook(
            "/_test/accounts",
            {"email": ALICE, "name": "Alice", "password": PASSWORD, "email_verified": True},
        )
        browsers = [Browser(base_url) for _ in range(40)]
        tokens = [re.search(r'csrf_token" value="([^"]+)"', b.get("/login").text) for b in browsers]

        def wrong(index: int) -> int:
            token = tokens[index]
            assert token
            data = {"csrf_token": token.group(1), "email": ALICE, "password": "wrong password"}
            return browsers[index].http.post(base_url + "/login", data=data).status_code

        password_checks.count = 0
        with ThreadPoolExecutor(max_workers=40) as pool:
            statuses = list(pool.map(wrong, range(40)))
    assert all(status < 500 for status in statuses), statuses
    checked = password_checks.count
    assert checked <= SETTINGS.max_password_failures, f"{checked} passwords checked"
