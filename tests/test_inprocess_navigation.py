"""The in-process driver goes where the web application's pages go, by the rules they share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mfaspec.authenticator import VirtualAuthenticator
from mfaspec.driver import Notice, Person, Place, Screen
from mfaspec.drivers.inprocess.driver import InProcessDriver
from mfaspec.drivers.inprocess.target import InProcessTarget

ALICE = Person("Alice", "Alice Martin", "alice@example.com", "correct horse battery")
BOB = Person("Bob", "Bob Stone", "bob@example.com", "correct horse battery")


@pytest.fixture
def driver() -> Iterator[InProcessDriver]:
    target = InProcessTarget()
    opened = target.open_driver("navigation")
    try:
        yield opened
    finally:
        target.close_driver(opened, failed=False)
        target.close()


def signed_in_with_mfa(driver: InProcessDriver) -> VirtualAuthenticator:
    """Give Alice an account with 2FA on, signed in on her dashboard; return her app."""
    driver.create_account(ALICE, email_verified=True, sso=False)
    app = VirtualAuthenticator()
    app.scan(driver.turn_on_mfa_directly(ALICE).otpauth_uri)
    driver.advance_clock(30)  # the set-up's code is used: log in with the next one
    driver.log_in(ALICE, ALICE.password)
    driver.submit_login_code(app.code(driver.now()))
    driver.advance_clock(30)
    assert driver.screen() is Screen.DASHBOARD, driver.screen()
    return app


def test_a_refused_disable_goes_back_to_account_settings(driver: InProcessDriver) -> None:
    """A wrong password for Disable shows its notice on account settings, as the page does."""
    app = signed_in_with_mfa(driver)
    driver.disable_mfa("wrong password", app.code(driver.now()))
    assert (driver.screen(), driver.notice()) == (Screen.ACCOUNT_SETTINGS, Notice.WRONG_CREDENTIALS)


def test_a_refused_new_backup_code_goes_back_to_account_settings(driver: InProcessDriver) -> None:
    """A wrong code for a new backup code shows its notice on account settings."""
    signed_in_with_mfa(driver)
    driver.regenerate_backup_code(ALICE.password, "000000")
    assert (driver.screen(), driver.notice()) == (Screen.ACCOUNT_SETTINGS, Notice.WRONG_CODE)


def test_done_after_a_new_backup_code_leads_to_account_settings(driver: InProcessDriver) -> None:
    """The new backup code's Done button leads back to account settings."""
    app = signed_in_with_mfa(driver)
    driver.regenerate_backup_code(ALICE.password, app.code(driver.now()))
    assert driver.screen() is Screen.BACKUP_CODE
    driver.finish_setup()
    assert driver.screen() is Screen.ACCOUNT_SETTINGS


def test_a_refused_enable_goes_back_to_account_settings(driver: InProcessDriver) -> None:
    """Enable sent for an account whose address is unverified: the notice on account settings."""
    driver.create_account(ALICE, email_verified=False, sso=False)
    driver.log_in(ALICE, ALICE.password)
    driver.force_enable_request()
    assert (driver.screen(), driver.notice()) == (Screen.ACCOUNT_SETTINGS, Notice.EMAIL_UNVERIFIED)


def test_a_set_up_page_opened_without_the_link_goes_back_to_account_settings(
    driver: InProcessDriver,
) -> None:
    """The set-up page before the e-mailed link is followed refuses, back on account settings."""
    driver.create_account(ALICE, email_verified=True, sso=False)
    driver.log_in(ALICE, ALICE.password)
    driver.visit(Place.SETUP)
    assert (driver.screen(), driver.notice()) == (Screen.ACCOUNT_SETTINGS, Notice.NOT_ALLOWED)


def test_cancel_changes_nothing_and_yes_turns_the_requirement_over(
    driver: InProcessDriver,
) -> None:
    """The team pop-up: Cancel leaves the requirement; each Yes turns it the other way."""
    driver.create_account(ALICE, email_verified=True, sso=False)
    driver.create_account(BOB, email_verified=True, sso=False)
    driver.create_team(ALICE, [BOB])
    driver.log_in(ALICE, ALICE.password)
    answers = []
    for confirm in (False, True, False, True):
        driver.flip_team_requirement()
        driver.answer_popup(confirm)
        answers.append(driver.team_requirement())
    assert answers == [False, True, True, False]
