"""Login by user name: the profile says what the login form takes; the harness types it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mfaspec.driver import Person
from mfaspec.drivers.accounts import AccountBook
from mfaspec.drivers.hooks import Hooks
from mfaspec.profile.loader import load_profile
from mfaspec.profile.locators import ProfileError
from mfaspec.profile.model import LoginName
from tests.test_cli import PROFILE, ROOT

FLASK_SECURITY = ROOT / "fixtures" / "targets" / "flask-security-tf.toml"
ALICE = Person("Alice", "Alice Smith", "alice.smith.1a2b3c4d@example.com", "pw")


class RecordedHooks(Hooks):
    """Hooks that record what they are sent, and answer nothing."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, Any]] = []

    def call(self, path: str, body: Any = None, method: str = "POST") -> Any:
        self.sent.append((path, body))
        return {}


def by_username(tmp_path: Path, text: str) -> Path:
    text = text.replace('source = "hook"\n', 'source = "hook"\nlog_in_with = "username"\n', 1)
    text = text.replace(
        'login_email = { label = "E-mail address" }', 'login_username = { label = "User name" }'
    )
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_created_accounts_get_a_user_name_which_the_login_form_is_given(tmp_path: Path) -> None:
    profile = load_profile(by_username(tmp_path, PROFILE.read_text(encoding="utf-8")))
    hooks = RecordedHooks()
    book = AccountBook(profile, hooks, hooks)

    book.create_account(ALICE, email_verified=True, sso=False)

    [(_, body)] = hooks.sent
    assert body["username"] == "alicesmith1a2b3c4d"
    assert book.login_name(ALICE) == ("login_username", "alicesmith1a2b3c4d")
    assert book.fill_values(ALICE)["username"] == "alicesmith1a2b3c4d"


def test_by_e_mail_the_login_form_is_given_the_address_and_the_hook_no_user_name() -> None:
    hooks = RecordedHooks()
    book = AccountBook(load_profile(PROFILE), hooks, hooks)

    book.create_account(ALICE, email_verified=True, sso=False)

    assert "username" not in hooks.sent[0][1]
    assert book.login_name(ALICE) == ("login_email", ALICE.email)


def test_a_listed_account_logs_in_with_its_own_user_name() -> None:
    profile = load_profile(FLASK_SECURITY)
    book = AccountBook(profile, RecordedHooks(), RecordedHooks())

    assert profile.accounts.log_in_with is LoginName.USERNAME
    assert book.login_name(ALICE) == ("login_username", "alice")


def test_by_user_name_the_listed_accounts_and_the_form_need_one(tmp_path: Path) -> None:
    text = FLASK_SECURITY.read_text(encoding="utf-8")
    text = text.replace('username = "alice"\n', "").replace("login_username = ", "# ")
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ProfileError) as refused:
        load_profile(path)

    lines = text.splitlines()
    listed, locators = lines.index("[[accounts.listed]]") + 1, lines.index("[locators]") + 1
    assert refused.value.problems == [
        f"{path}:{listed}: accounts.listed[0].username: missing",
        f"{path}:{locators}: locators.login_username: missing: the locator of the user-name field"
        " of the login form",
    ]
