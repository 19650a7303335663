"""One login code sent from several browsers at one instant, as a replay race would."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page

from mfaspec.driver import Screen
from mfaspec.drivers.locating import find
from mfaspec.profile.model import Ui

# How far ahead of now (milliseconds) every browser is told to click Log in.
CLICK_DELAY_MS = 300


def race_login_codes(
    new_context: Callable[[], BrowserContext],
    ui: Ui,
    *,
    login_url: str,
    login: tuple[str, str],
    password: str,
    code: str,
    browsers: int,
) -> int:
    """Log in with the password in several browsers, click Log in in all at one instant.

    ``login`` is the login form's field saying who the person is, and what is typed in it.
    Return how many of them reached the dashboard.
    """
    field, name = login
    contexts = [new_context() for _ in range(browsers)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.goto(login_url, wait_until="domcontentloaded")
            find(page, ui.controls[field]).fill(name)
            find(page, ui.controls["login_password"]).fill(password)
            find(page, ui.controls["login_submit"]).click()
            find(page, ui.controls["code_field"]).fill(code)
        submits = [find(page, ui.controls["code_submit"]) for page in pages]
        instant = pages[0].evaluate(f"Date.now() + {CLICK_DELAY_MS}")
        for button in submits:
            button.evaluate("(el, at) => setTimeout(() => el.click(), at - Date.now())", instant)
        return sum(_landed_on_dashboard(page, ui) for page in pages)
    finally:
        for context in contexts:
            context.close()


def _landed_on_dashboard(page: Page, ui: Ui) -> bool:
    """Wait for the dashboard or a notice; return whether it is the dashboard."""
    dashboard = ui.screens[Screen.DASHBOARD]
    outcomes = [dashboard, *ui.notices.values()]
    find(page, tuple(locator for found in outcomes for locator in found)).wait_for()
    return find(page, dashboard).filter(visible=True).count() > 0
