"""The reference web application over HTTP: flows, CSRF, sessions, hooks, errors, languages."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from mfaspec.qr import decode_qr
from reference_impl import otp
from reference_impl.clock import ControlledClock
from reference_impl.mail import MailKind, MemoryOutbox
from reference_impl.passwords import ScryptCost
from reference_impl.web import create_app
from reference_impl.web.context import safe_next, service
from reference_impl.web.i18n import TEXTS
from tests.conftest import csrf_from

# Ten seconds into a 30-second time step, so a code stays valid for the whole test.
START = 1_767_225_610.0
PASSWORD = "correct horse battery"
ALICE = "alice@example.com"
# Digits Python's str.isdigit() accepts but a 6-digit code must not: they are refused, not mapped.
ARABIC_INDIC_DIGITS = "\u0661\u0662\u0663\u0664\u0665\u0666"
FULLWIDTH_DIGITS = "\uff11\uff12\uff13\uff14\uff15\uff16"
WRONG_CODE_MESSAGE = "That code is not valid. Enter the current 6-digit code from your app."


@pytest.fixture
def outbox() -> MemoryOutbox:
    return MemoryOutbox()


@pytest.fixture
def clock() -> ControlledClock:
    return ControlledClock(START)


@pytest.fixture
def app(tmp_path: Path, outbox: MemoryOutbox, clock: ControlledClock) -> Iterator[Flask]:
    application = create_app(
        {
            "DATABASE": str(tmp_path / "web.sqlite3"),
            "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
            "OUTBOX": outbox,
            "MAIL_DELIVERY": "inline",
            "CLOCK": clock,
            "PASSWORD_COST": ScryptCost(n=2**4),
            "BASE_URL": "http://localhost",
        }
    )
    with application.app_context():
        rules = service()
        rules.register_user(ALICE, "Alice Martin", PASSWORD, email_verified=True)
        rules.register_user("bob@example.com", "Bob Stone", PASSWORD, email_verified=True)
    yield application


# -- helpers ------------------------------------------------------------------------------------


def post_form(client: FlaskClient, page: str, action: str, **fields: str) -> TestResponse:
    """Open ``page``, then submit a form to ``action`` with that page's CSRF token."""
    token = csrf_from(client.get(page))
    return client.post(action, data={"csrf_token": token, **fields})


def log_in(client: FlaskClient, email: str = ALICE, password: str = PASSWORD) -> TestResponse:
    return post_form(client, "/login", "/login", email=email, password=password)


def alert(page: TestResponse) -> str:
    found = re.search(r'role="alert">([^<]*)<', page.text)
    return found.group(1) if found else ""


def confirmation_link(outbox: MemoryOutbox, to: str = ALICE) -> str:
    mails = [m for m in outbox.sent if m.to == to and m.kind is MailKind.CONFIRM_ENABLE]
    return mails[-1].text.rstrip().rsplit(" ", 1)[-1]


def manual_key(page: TestResponse) -> str:
    found = re.search(r'id="manual-key"[^>]*>([^<]+)<', page.text)
    assert found, "the page shows no key"
    return found.group(1).replace(" ", "")


def code_for(key: str, clock: ControlledClock, offset: int = 0) -> str:
    return otp.totp(otp.decode_secret(key), clock() + offset * otp.TIME_STEP)


def open_setup_page(client: FlaskClient, outbox: MemoryOutbox) -> TestResponse:
    """Log in, click Enable, follow the e-mailed link; return the set-up page."""
    log_in(client)
    enabled = post_form(client, "/account/settings", "/mfa/enable")
    assert enabled.location == "/mfa/check-email"
    opened = client.get(urlsplit(confirmation_link(outbox)).path)
    assert opened.location == "/mfa/setup"
    return client.get("/mfa/setup")


def turn_mfa_on(client: FlaskClient, outbox: MemoryOutbox, clock: ControlledClock) -> str:
    """Run the whole enable flow; return the key (the test's authenticator app)."""
    key = manual_key(open_setup_page(client, outbox))
    done = post_form(client, "/mfa/setup", "/mfa/setup", code=code_for(key, clock))
    assert done.status_code == 200 and "Your backup code" in done.text
    return key


def backup_code_on(page: TestResponse) -> str:
    found = re.search(r'id="backup-code">([^<]+)<', page.text)
    assert found, "no backup code on the page"
    return found.group(1)


def session_id(client: FlaskClient) -> str:
    with client.session_transaction() as cookie_session:
        value: str = cookie_session.get("sid", "")
    return value


# -- the enable flow ----------------------------------------------------------------------------


def test_the_whole_enable_flow_over_http(
    client: FlaskClient, outbox: MemoryOutbox, clock: ControlledClock
) -> None:
    assert log_in(client).location == "/dashboard"
    dashboard = client.get("/dashboard")
    assert 'aria-label="Profile menu"' in dashboard.text and "Edit profile" in dashboard.text
    settings = client.get("/account/settings")
    assert 'id="mfa-status" class="state off">Off<' in settings.text
    assert ">Enable</button>" in settings.text

    assert post_form(client, "/account/settings", "/mfa/enable").location == "/mfa/check-email"
    assert "Check your e-mail" in client.get("/mfa/check-email").text
    assert [m.kind for m in outbox.sent] == [MailKind.CONFIRM_ENABLE]

    link = confirmation_link(outbox)
    assert link.startswith("http://localhost/mfa/confirm/")
    assert client.get(urlsplit(link).path).location == "/mfa/setup"
    setup = client.get("/mfa/setup")
    assert "Verify your code" in setup.text and 'autocomplete="one-time-code"' in setup.text
    qr = re.search(r'<img class="qr" src="data:image/png;base64,([^"]+)" alt="([^"]+)"', setup.text)
    assert qr and qr.group(2) == "QR code for your authenticator app"
    scanned = decode_qr(base64.b64decode(qr.group(1)))
    key = manual_key(setup)
    assert scanned.startswith("otpauth://totp/") and f"secret={key}" in scanned

    done = post_form(client, "/mfa/setup", "/mfa/setup", code=code_for(key, clock))
    backup = backup_code_on(done)
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", backup)
    assert done.headers["Cache-Control"] == "no-store"
    assert 'action="/account/settings"' in done.text and ">Done</button>" in done.text
    after = client.get("/account/settings")
    assert 'id="mfa-status" class="state on">On<' in after.text
    assert backup not in after.text
    assert outbox.sent[-1].kind is MailKind.MFA_ENABLED

    post_form(client, "/dashboard", "/logout")
    assert log_in(client).location == "/login/code"
    assert "Enter the 6-digit code from your authenticator app." in client.get("/login/code").text
    clock.advance(30)
    landed = post_form(client, "/login/code", "/login/code", code=code_for(key, clock))
    assert landed.location == "/dashboard"
    assert client.get("/dashboard").status_code == 200


def test_the_link_asks_for_login_first_and_comes_back(
    client: FlaskClient, outbox: MemoryOutbox
) -> None:
    log_in(client)
    post_form(client, "/account/settings", "/mfa/enable")
    post_form(client, "/dashboard", "/logout")
    path = urlsplit(confirmation_link(outbox)).path

    to_login = client.get(path)
    assert to_login.location.startswith("/login?next=")
    login_page = client.get(to_login.location)
    assert f'name="next" value="{path}"' in login_page.text
    back = client.post(
        "/login",
        data={
            "csrf_token": csrf_from(login_page),
            "email": ALICE,
            "password": PASSWORD,
            "next": path,
        },
    )
    assert back.location == path
    assert client.get(path).location == "/mfa/setup"


def test_a_refused_link_shows_a_message_and_changes_nothing(
    client: FlaskClient, outbox: MemoryOutbox
) -> None:
    open_setup_page(client, outbox)
    again = client.get(urlsplit(confirmation_link(outbox)).path, follow_redirects=True)
    assert "This link cannot be used" in alert(again)
    assert client.get("/mfa/setup").status_code == 200


def test_someone_else_cannot_use_the_link(client: FlaskClient, outbox: MemoryOutbox) -> None:
    log_in(client)
    post_form(client, "/account/settings", "/mfa/enable")
    post_form(client, "/dashboard", "/logout")
    log_in(client, "bob@example.com")
    refused = client.get(urlsplit(confirmation_link(outbox)).path, follow_redirects=True)
    assert "This link cannot be used" in alert(refused)
    assert 'class="state off">Off<' in refused.text


def test_unicode_digits_are_refused_with_a_message_and_change_nothing(
    client: FlaskClient, outbox: MemoryOutbox, clock: ControlledClock
) -> None:
    key = manual_key(open_setup_page(client, outbox))
    for typed in (ARABIC_INDIC_DIGITS, FULLWIDTH_DIGITS, "12345", ""):
        refused = post_form(client, "/mfa/setup", "/mfa/setup", code=typed)
        assert refused.status_code == 422
        assert alert(refused) == WRONG_CODE_MESSAGE
        assert manual_key(refused) == key
    assert [m.kind for m in outbox.sent] == [MailKind.CONFIRM_ENABLE]
    assert 'class="state off">Off<' in client.get("/account/settings").text
    accepted = post_form(client, "/mfa/setup", "/mfa/setup", code=code_for(key, clock))
    assert accepted.status_code == 200


def test_the_backup_code_logs_in_once_and_its_replacement_is_shown_once(
    client: FlaskClient, outbox: MemoryOutbox, clock: ControlledClock
) -> None:
    key = manual_key(open_setup_page(client, outbox))
    first = backup_code_on(post_form(client, "/mfa/setup", "/mfa/setup", code=code_for(key, clock)))
    post_form(client, "/dashboard", "/logout")

    log_in(client)
    assert 'href="/login/backup"' in client.get("/login/code").text
    shown = post_form(client, "/login/backup", "/login/backup", backup_code=first.lower())
    second = backup_code_on(shown)
    assert second != first and "no longer works" in shown.text
    assert outbox.sent[-1].kind is MailKind.BACKUP_CODE_USED
    assert second not in client.get("/dashboard").text

    post_form(client, "/dashboard", "/logout")
    log_in(client)
    reused = post_form(client, "/login/backup", "/login/backup", backup_code=first)
    assert reused.status_code == 422 and alert(reused).startswith("That code is not valid.")


def test_disabling_asks_for_the_password_and_a_code(
    client: FlaskClient, outbox: MemoryOutbox, clock: ControlledClock
) -> None:
    key = turn_mfa_on(client, outbox, clock)
    assert 'action="/mfa/disable"' in client.get("/account/settings").text
    clock.advance(30)
    wrong = post_form(
        client, "/mfa/disable", "/mfa/disable", password="nope", code=code_for(key, clock)
    )
    assert "incorrect" in alert(client.get(wrong.location))
    post_form(
        client, "/account/settings", "/mfa/disable", password=PASSWORD, code=code_for(key, clock)
    )
    page = client.get("/account/settings")
    assert 'class="state off">Off<' in page.text and ">Enable</button>" in page.text
    assert outbox.sent[-1].kind is MailKind.MFA_DISABLED


def test_a_new_backup_code_needs_the_password_and_a_code(
    client: FlaskClient, outbox: MemoryOutbox, clock: ControlledClock
) -> None:
    key = turn_mfa_on(client, outbox, clock)
    settings = client.get("/account/settings").text
    assert 'action="/mfa/backup-code"' in settings and "Get a new backup code" in settings
    form = client.get("/mfa/backup-code")
    assert 'for="current-password"' in form.text and 'for="current-code"' in form.text
    clock.advance(30)
    refused = post_form(
        client, "/mfa/backup-code", "/mfa/backup-code", password="nope", code=code_for(key, clock)
    )
    assert refused.location == "/account/settings"
    assert "incorrect" in alert(client.get("/account/settings"))
    shown = post_form(
        client, "/mfa/backup-code", "/mfa/backup-code", password=PASSWORD, code=code_for(key, clock)
    )
    assert backup_code_on(shown) and 'action="/account/settings"' in shown.text


def test_an_admin_resets_a_members_2fa(
    client: FlaskClient, app: Flask, outbox: MemoryOutbox, clock: ControlledClock
) -> None:
    turn_mfa_on(client, outbox, clock)
    with app.app_context():
        rules = service()
        bob = rules.user_id("bob@example.com")
        team = rules.create_organisation("Acme")
        rules.add_member(team, bob, admin=True)
        rules.add_member(team, rules.user_id(ALICE))
    post_form(client, "/dashboard", "/logout")
    log_in(client, "bob@example.com")
    page = client.get("/organisation/security")
    assert "<td>alice@example.com</td>" in page.text and ">Reset</button>" in page.text
    post_form(client, "/organisation/security", "/organisation/security/members/reset", email=ALICE)
    after = client.get("/organisation/security")
    assert "was reset" in after.text and ">Reset</button>" not in after.text
    assert outbox.sent[-1].kind is MailKind.MFA_RESET
    again = post_form(
        client, "/organisation/security", "/organisation/security/members/reset", email=ALICE
    )
    assert "not allowed" in alert(client.get(again.location))


# -- sessions and CSRF --------------------------------------------------------------------------


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(
    client: FlaskClient, outbox: MemoryOutbox
) -> None:
    log_in(client)
    assert client.post("/mfa/enable").status_code == 400
    forged = client.post("/mfa/enable", data={"csrf_token": "x" * 43})
    assert forged.status_code == 400 and "Bad request" in forged.text
    assert outbox.sent == []
    assert ">Enable</button>" in client.get("/account/settings").text
    assert client.post("/login", data={"email": ALICE, "password": PASSWORD}).status_code == 400


def test_the_session_changes_at_each_login_step(
    client: FlaskClient, outbox: MemoryOutbox, clock: ControlledClock, app: Flask
) -> None:
    key = turn_mfa_on(client, outbox, clock)
    post_form(client, "/dashboard", "/logout")
    anonymous_token = csrf_from(client.get("/login"))
    log_in(client)
    half = session_id(client)
    assert half and csrf_from(client.get("/login/code")) != anonymous_token
    clock.advance(30)
    post_form(client, "/login/code", "/login/code", code=code_for(key, clock))
    full = session_id(client)
    assert full and full != half
    with app.app_context():
        assert service().stage(half) is None


def test_logging_out_ends_the_server_session(client: FlaskClient) -> None:
    log_in(client)
    cookie = client.get_cookie("mfaspec_session")
    assert cookie is not None
    old = cookie.value
    post_form(client, "/dashboard", "/logout")
    client.set_cookie("mfaspec_session", old)
    replayed = client.get("/dashboard")
    assert replayed.status_code == 302 and replayed.location.startswith("/login")


def test_pages_need_the_second_factor(
    client: FlaskClient, outbox: MemoryOutbox, clock: ControlledClock
) -> None:
    turn_mfa_on(client, outbox, clock)
    post_form(client, "/dashboard", "/logout")
    log_in(client)
    for page in ("/dashboard", "/account/settings", "/mfa/setup", "/mfa/check-email"):
        assert client.get(page).location == "/login/code"
    clock.advance(301)
    expired = client.get("/login/code", follow_redirects=True)
    assert "Your login has expired" in alert(expired)


def test_the_cookie_is_http_only_and_same_site(client: FlaskClient) -> None:
    cookie = log_in(client).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_next_accepts_only_local_paths() -> None:
    assert safe_next("/mfa/confirm/abc") == "/mfa/confirm/abc"
    for unsafe in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "x", "/\nx"):
        assert safe_next(unsafe) == ""


def test_security_headers_are_set(client: FlaskClient) -> None:
    page = client.get("/login")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in page.text and "style=" not in page.text


def test_the_static_files_are_kept_by_browsers_under_an_address_that_changes_with_them(
    client: FlaskClient, app: Flask
) -> None:
    page = client.get("/login")
    assert page.headers["Cache-Control"] == "no-store"
    for name in ("style.css", "app.js"):
        assert app.static_folder is not None
        content = (Path(app.static_folder) / name).read_bytes()
        address = f"/static/{name}?v={hashlib.sha256(content).hexdigest()[:16]}"
        assert f'"{address}"' in page.text, f"the page does not name {address}"
        kept = client.get(address)
        assert kept.status_code == 200
        assert "max-age=31536000" in kept.headers["Cache-Control"]
        assert "no-cache" not in kept.headers["Cache-Control"]


# -- organisations ------------------------------------------------------------------------------


def test_the_team_requirement_sends_members_to_set_up_at_next_login(
    client: FlaskClient, app: Flask, clock: ControlledClock
) -> None:
    with app.app_context():
        rules = service()
        team = rules.create_organisation("Acme")
        rules.add_member(team, rules.user_id(ALICE), admin=True)
        rules.add_member(team, rules.user_id("bob@example.com"))
    log_in(client)
    assert "Organisation settings" in client.get("/dashboard").text
    page = client.get("/organisation/security")
    assert 'role="switch"' in page.text and 'aria-checked="false"' in page.text
    assert "<dialog" in page.text and ">Yes</button>" in page.text
    post_form(client, "/organisation/security", "/organisation/security/two-factor", required="on")
    assert 'aria-checked="true"' in client.get("/organisation/security").text
    post_form(client, "/dashboard", "/logout")

    assert log_in(client, "bob@example.com").location == "/mfa/required"
    assert "Organisation settings" not in client.get("/mfa/required").text
    for page_path in ("/dashboard", "/account/settings", "/mfa/setup"):
        assert client.get(page_path).location == "/mfa/required"
    required = client.get("/mfa/required")
    assert "Set up two-factor authentication" in required.text
    done = post_form(
        client, "/mfa/required", "/mfa/required", code=code_for(manual_key(required), clock)
    )
    assert 'action="/dashboard"' in done.text and backup_code_on(done)
    assert client.get("/dashboard").status_code == 200


def test_members_cannot_open_the_security_page(client: FlaskClient) -> None:
    log_in(client, "bob@example.com")
    refused = client.get("/organisation/security")
    assert refused.status_code == 403 and "not allowed" in alert(refused)


# -- test hooks, errors, languages --------------------------------------------------------------


def test_the_test_hooks_do_not_exist_without_test_mode(client: FlaskClient) -> None:
    assert client.post("/_test/accounts", json={"email": "x@example.com"}).status_code == 404
    assert client.get("/_test/clock").status_code == 404
    assert client.post("/_test/clock", json={"advance": 60}).status_code == 404


def test_the_test_hooks_make_accounts_and_teams_and_move_the_clock(tmp_path: Path) -> None:
    outbox = MemoryOutbox()
    app = create_app(
        {
            "DATABASE": str(tmp_path / "hooks.sqlite3"),
            "OUTBOX": outbox,
            "MAIL_DELIVERY": "inline",
            "TEST_MODE": True,
        }
    )
    client = app.test_client()
    account = {
        "email": "zoe@example.com",
        "name": "Zoé",
        "password": PASSWORD,
        "email_verified": True,
        "sso": False,
        "locale": "fr",
    }
    assert client.post("/_test/accounts", json=account).status_code == 201
    assert client.post("/_test/accounts", json=account).get_json() == {"error": "invalid_input"}
    assert client.post("/_test/accounts", json={"email": 1}).status_code == 400
    sso = {"email": "sam@example.com", "name": "Sam", "password": None, "sso": True}
    assert client.post("/_test/accounts", json=sso).status_code == 201
    team = {"admin_email": "zoe@example.com", "member_emails": ["sam@example.com"]}
    assert client.post("/_test/teams", json=team).status_code == 201

    now = client.get("/_test/clock").get_json()["now"]
    assert client.post("/_test/clock", json={"advance": 90}).get_json() == {"now": now + 90}
    assert client.post("/_test/clock", json={"set": 1e9}).get_json() == {"now": 1e9}
    assert client.post("/_test/clock", json={"advance": -5}).status_code == 400

    log_in(client, "zoe@example.com")
    post_form(client, "/account/settings", "/mfa/enable")
    assert outbox.sent[-1].subject.startswith("Confirmez")


def test_error_pages_never_show_a_traceback(client: FlaskClient, tmp_path: Path) -> None:
    pages = [
        client.get("/no-such-page"),
        client.get("/logout"),
        client.post("/login", data={}),
    ]
    broken = create_app(
        {
            "DATABASE": str(tmp_path / "missing" / "dir" / "db.sqlite3"),
            "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
        }
    )
    pages.append(broken.test_client().get("/dashboard"))
    assert [page.status_code for page in pages] == [404, 405, 400, 500]
    for page in pages:
        assert "Traceback" not in page.text and "<h1>" in page.text


def test_pages_are_in_french_when_the_browser_asks_for_it(client: FlaskClient) -> None:
    french = {"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}
    login = client.get("/login", headers=french)
    assert '<html lang="fr">' in login.text and "Se connecter" in login.text
    token = csrf_from(login)
    client.post("/login", data={"csrf_token": token, "email": ALICE, "password": PASSWORD})
    settings = client.get("/account/settings", headers=french).text
    for words in (
        "Paramètres du compte",
        "Authentification multifacteur",
        ">Activer</button>",
        "Modifier le profil",
        "Paramètres personnels",
    ):
        assert words in settings
    assert '<html lang="en">' in client.get("/dashboard", headers={"Accept-Language": "de"}).text


def test_both_languages_have_every_text() -> None:
    assert TEXTS["en"].keys() == TEXTS["fr"].keys()
    assert all(text.strip() for language in TEXTS.values() for text in language.values())


# -- the test-mode clock ------------------------------------------------------------------------


def test_the_controlled_clock_moves_only_when_told() -> None:
    clock = ControlledClock(100.0)
    assert clock() == clock() == 100.0
    assert clock.advance(30) == 130.0
    assert clock.set(5.0) == clock() == 5.0
    for bad in (float("nan"), float("inf"), -1.0):
        with pytest.raises(ValueError):
            clock.advance(bad)
