"""The two real products stay servable: each site starts on loopback, and its listed account
logs in with its password through the product's own login page."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from mfaspec.profile.loader import load_profile
from products.site import CLOCK_HOOKS, EMAIL, PASSWORD, Site

ROOT = Path(__file__).resolve().parent.parent
PROFILES = {"allauth_mfa": "allauth-mfa.toml", "flask_security_tf": "flask-security-tf.toml"}


@dataclass(frozen=True)
class LoginForm:
    """The names of the fields of a product's login form."""

    csrf: str
    email: str
    password: str


FORMS = {
    "allauth_mfa": LoginForm(csrf="csrfmiddlewaretoken", email="login", password="password"),
    "flask_security_tf": LoginForm(csrf="csrf_token", email="email", password="password"),
}
DASHBOARD = re.compile(r"<h1>\s*Dashboard\s*</h1>")


@pytest.fixture(scope="module", params=sorted(FORMS))
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """Serve one product on free loopback ports with its listed account."""
    database = tmp_path_factory.mktemp(request.param) / "site.sqlite3"
    with Site(request.param, database) as served:
        yield served


def log_in(site: Site, password: str) -> requests.Response:
    """Fill the product's login page as a browser would post it, and follow the redirects."""
    form = FORMS[site.product]
    session = requests.Session()
    page = session.get(site.login_url, timeout=10)
    token = re.search(rf'name="{form.csrf}"[^>]*value="([^"]+)"', page.text)
    assert token, f"{site.product}: the login page at {site.login_url} has no {form.csrf} field"
    data = {form.csrf: token.group(1), form.email: EMAIL, form.password: password}
    return session.post(site.login_url, data=data, timeout=10)


def test_the_login_page_answers(site: Site) -> None:
    response = requests.get(site.login_url, timeout=10)
    assert response.status_code == 200, f"{site.product}: {site.login_url} answered {response}"
    assert 'type="password"' in response.text


def test_the_listed_account_logs_in_with_its_password(site: Site) -> None:
    response = log_in(site, PASSWORD)
    assert response.status_code == 200
    assert DASHBOARD.search(response.text), f"{site.product}: login did not reach the dashboard"


def test_a_wrong_password_does_not_log_in(site: Site) -> None:
    response = log_in(site, PASSWORD + " wrong")
    assert not DASHBOARD.search(response.text), f"{site.product}: a wrong password logged in"


def test_the_reset_command_leaves_the_account_able_to_log_in(site: Site) -> None:
    site.reset()
    assert DASHBOARD.search(log_in(site, PASSWORD).text), f"{site.product}: reset broke login"


def test_the_profile_resets_the_site_with_its_own_command(site: Site, tmp_path: Path) -> None:
    source = ROOT / "fixtures" / "targets" / PROFILES[site.product]
    reset = load_profile(site.profile(source, tmp_path / "profile.toml")).accounts.reset

    assert reset is not None
    assert reset.command == (
        sys.executable,
        "-m",
        f"products.{site.product}",
        "reset",
        "--database",
        str(site.database),
    )


def test_served_without_test_clock_a_site_has_no_clock_hook(site: Site) -> None:
    hook = site.base_url + CLOCK_HOOKS["allauth_mfa"]

    assert requests.get(hook, timeout=10).status_code == 404, f"{site.product}: {hook} answered"
    moved = requests.post(hook, json={"advance": 30}, timeout=10)
    assert moved.status_code == 404, f"{site.product}: POST {hook} answered {moved.status_code}"
