"""The allauth site's test clock: it starts at real time, stands still, and moves every rule.

allauth accepts only the current 30-second step's code (MFA_TOTP_TOLERANCE 0) and refuses a
used one within its step; through the clock hook the harness moves to the next step instead of
waiting. The lockout, login-stage and session checks show the clock moves allauth's rate
limits, its login timeout and Django's sessions too, all through the product's own pages.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import pytest
import requests

from mfaspec.preflight import preflight
from mfaspec.profile.loader import load_profile
from mfaspec.target import Capability
from products.site import CLOCK_HOOKS, EMAIL, PASSWORD, Site

ROOT = Path(__file__).resolve().parent.parent
STEP = 30
# allauth's defaults: ACCOUNT_LOGIN_TIMEOUT, ACCOUNT_LOGIN_ATTEMPTS_LIMIT and _TIMEOUT.
LOGIN_STAGE_SECONDS = 15 * 60
PASSWORD_FAILURES = 5
PASSWORD_LOCKOUT_SECONDS = 5 * 60
# Django's SESSION_COOKIE_AGE.
SESSION_SECONDS = 14 * 24 * 60 * 60
DASHBOARD = re.compile(r"<h1>\s*Dashboard\s*</h1>")
CODE_PROMPT = "Your account is protected by two-factor authentication"


@dataclass
class Clock:
    """The site's clock hook, with how far this module has moved it since the site started."""

    url: str
    started_after: float
    listening_by: float
    advanced: float = 0.0

    def now(self) -> float:
        response = requests.get(self.url, timeout=10)
        assert response.status_code == 200, f"GET {self.url} answered {response.status_code}"
        now: float = response.json()["now"]
        return now

    def post(self, body: object) -> requests.Response:
        """Post ``body`` as JSON, as the harness's hooks do."""
        headers = {"Content-Type": "application/json"}
        return requests.post(self.url, data=json.dumps(body), headers=headers, timeout=10)

    def advance(self, seconds: float) -> float:
        response = self.post({"advance": seconds})
        assert response.status_code == 200, f"advancing {seconds} s answered {response.text}"
        self.advanced += seconds
        now: float = response.json()["now"]
        return now


@dataclass
class Visitor:
    """One browser's session on the site: it fills the product's forms as a browser posts them."""

    site: Site
    session: requests.Session = field(default_factory=requests.Session)

    def submit(self, path: str, **fields: str) -> requests.Response:
        """Open the page at ``path`` and post its form with ``fields`` and its CSRF token."""
        return self.post(self.session.get(self.site.base_url + path, timeout=10), **fields)

    def post(self, page: requests.Response, **fields: str) -> requests.Response:
        """Post the form of ``page`` (already open) with ``fields`` and its CSRF token."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"the page at {page.url} has no CSRF token"
        data = {"csrfmiddlewaretoken": token.group(1), **fields}
        return self.session.post(page.url, data=data, timeout=10)

    def log_in(self, password: str = PASSWORD) -> requests.Response:
        return self.submit("/accounts/login/", login=EMAIL, password=password)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Clock]]:
    """Serve the allauth site with its test clock, noting the real times it was started between."""
    database = tmp_path_factory.mktemp("clock") / "site.sqlite3"
    started_after = time.time()
    with Site("allauth_mfa", database, test_clock=True) as site:
        hook = site.base_url + CLOCK_HOOKS[site.product]
        yield site, Clock(hook, started_after, listening_by=time.time())


@pytest.fixture(scope="module")
def site(served: tuple[Site, Clock]) -> Site:
    return served[0]


@pytest.fixture(scope="module")
def module_clock(served: tuple[Site, Clock]) -> Clock:
    return served[1]


@pytest.fixture
def clock(site: Site, module_clock: Clock) -> Clock:
    """The site's clock, with every account back to MFA off and no session or used code."""
    site.reset()
    return module_clock


def turn_on_totp(site: Site, clock: Clock) -> pyotp.TOTP:
    """Activate an authenticator app for Alice through allauth's pages; return her app."""
    visitor = Visitor(site)
    assert on_dashboard(visitor.log_in()), "Alice's password did not log her in"
    page = visitor.session.get(site.base_url + "/accounts/2fa/totp/activate/", timeout=10)
    if "/accounts/reauthenticate/" in page.url:
        page = visitor.post(page, password=PASSWORD)
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page.text)
    assert secret, "the activation page shows no authenticator secret"
    app = pyotp.TOTP(secret.group(1))
    visitor.post(page, code=app.at(clock.now()))
    assert (
        "Authentication using an authenticator app is active."
        in visitor.session.get(site.base_url + "/accounts/2fa/", timeout=10).text
    ), "activating the authenticator app did not turn it on"
    return app


def half_logged_in(site: Site) -> Visitor:
    """Return a visitor who has given Alice's password and is asked for her code."""
    visitor = Visitor(site)
    assert CODE_PROMPT in visitor.log_in().text, "the password did not lead to the code prompt"
    return visitor


def on_dashboard(page: requests.Response) -> bool:
    return DASHBOARD.search(page.text) is not None


def logs_in_with(visitor: Visitor, code: str) -> bool:
    """Enter ``code`` at the code prompt; return whether it led to the dashboard.

    Its result is asserted from a variable, so that a failing assertion does not show the code.
    """
    return on_dashboard(visitor.submit("/accounts/2fa/authenticate/", code=code))


def test_the_clock_starts_at_real_time_and_stands_still(module_clock: Clock) -> None:
    first, second = module_clock.now(), module_clock.now()

    assert first == second, f"the clock moved by itself from {first} to {second}"
    earliest = module_clock.started_after + module_clock.advanced
    latest = module_clock.listening_by + module_clock.advanced
    assert earliest <= first <= latest, (
        f"the clock started at {first}, not in [{earliest}, {latest}]"
    )


def test_every_serving_thread_reads_the_moved_clock(module_clock: Clock) -> None:
    moved = module_clock.advance(1.5)
    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = set(pool.map(lambda _: module_clock.now(), range(32)))

    assert answers == {moved}, (
        f"threads answered {sorted(answers)} after the clock moved to {moved}"
    )


def test_a_time_step_later_the_next_code_is_accepted_and_the_current_one_refused(
    site: Site, clock: Clock
) -> None:
    app = turn_on_totp(site, clock)
    visitor = half_logged_in(site)
    now = clock.now()
    early = logs_in_with(visitor, app.at(now + STEP))
    assert not early, "the next step's code was accepted before the clock moved: tolerance not 0"

    assert clock.advance(STEP) == pytest.approx(now + STEP)

    late = logs_in_with(visitor, app.at(now))
    assert not late, "the previous step's code was still accepted after the clock moved a step"
    current = logs_in_with(visitor, app.at(now + STEP))
    assert current, "the code of the step the clock moved to was refused"


def test_a_used_code_is_refused_in_its_step_and_the_next_step_logs_in_again(
    site: Site, clock: Clock
) -> None:
    app = turn_on_totp(site, clock)
    code = app.at(clock.now())
    first_login = logs_in_with(half_logged_in(site), code)
    assert first_login, "the code was refused at the first login"
    second = half_logged_in(site)
    again = logs_in_with(second, code)
    assert not again, "a used code logged in again"

    clock.advance(STEP)

    next_step = logs_in_with(second, app.at(clock.now()))
    assert next_step, "a second login was refused the code of the next step"


def test_the_password_lockout_ends_when_the_clock_passes_it(site: Site, clock: Clock) -> None:
    for _ in range(PASSWORD_FAILURES):
        Visitor(site).log_in(PASSWORD + " wrong")
    locked = Visitor(site).log_in()
    assert "Too many failed login attempts" in locked.text, "the lockout did not start"

    clock.advance(PASSWORD_LOCKOUT_SECONDS - 10)
    assert "Too many failed login attempts" in Visitor(site).log_in().text, "it ended too soon"
    clock.advance(10)

    assert on_dashboard(Visitor(site).log_in()), "the lockout outlived its 5 minutes"


def test_a_half_done_login_expires_with_the_login_timeout(site: Site, clock: Clock) -> None:
    app = turn_on_totp(site, clock)
    visitor = half_logged_in(site)

    clock.advance(LOGIN_STAGE_SECONDS + 1)

    expired = logs_in_with(visitor, app.at(clock.now()))
    assert not expired, "the code logged in after the login stage expired"


def test_a_session_ends_when_the_clock_passes_its_age(site: Site, clock: Clock) -> None:
    visitor = Visitor(site)
    assert on_dashboard(visitor.log_in()), "Alice's password did not log her in"

    clock.advance(SESSION_SECONDS + 1)

    dashboard = visitor.session.get(site.base_url + "/", timeout=10)
    assert not on_dashboard(dashboard), "the session outlived SESSION_COOKIE_AGE"


@pytest.mark.parametrize(
    "body",
    [
        {"advance": -1},
        {"advance": "30"},
        {"advance": True},
        {"advance": None},
        {"advance": 10**12},
        {"advance": 30, "set": 0},
        {},
        [30],
    ],
    ids=repr,
)
def test_a_bad_advance_is_refused_and_moves_nothing(module_clock: Clock, body: object) -> None:
    before = module_clock.now()

    answer = module_clock.post(body)

    assert answer.status_code == 400, f"{body!r} answered {answer.status_code}"
    assert "the clock did not move" in answer.json()["error"]
    assert module_clock.now() == before


@pytest.mark.parametrize(
    ("data", "content_type"),
    [('{"advance": NaN}', "application/json"), ("{", "application/json"), ("advance=30", "")],
    ids=["nan", "broken-json", "form"],
)
def test_an_advance_that_is_not_json_is_refused(
    module_clock: Clock, data: str, content_type: str
) -> None:
    before = module_clock.now()
    headers = {"Content-Type": content_type} if content_type else {}

    answer = requests.post(module_clock.url, data=data, headers=headers, timeout=10)

    assert answer.status_code == 400, f"{data!r} answered {answer.status_code}"
    assert "the clock did not move" in answer.json()["error"]
    assert module_clock.now() == before


def test_the_profile_points_its_clock_hook_at_the_site(site: Site, tmp_path: Path) -> None:
    source = ROOT / "fixtures" / "targets" / "allauth-mfa.toml"
    profile = load_profile(site.profile(source, tmp_path / "profile.toml"))

    assert Capability.CLOCK_CONTROL in profile.capabilities
    assert profile.clock_hook == CLOCK_HOOKS[site.product]
    preflight(profile, site.base_url)


def test_a_product_without_a_test_clock_is_refused_one(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="flask_security_tf has no test clock"):
        Site("flask_security_tf", tmp_path / "site.sqlite3", test_clock=True)
