"""Which screen is shown: the first of the profile's screens, in file order, that is visible."""

from __future__ import annotations

from mfaspec.driver import Place, Screen
from mfaspec.drivers.browser_target import BrowserTarget
from tests.test_qr_decoy import PAGES, decoy, pytestmark  # noqa: F401 (the fixture, the skip)

BOTH = (
    '<!doctype html><html lang="en"><body><h1>Log in</h1><h2>Dashboard</h2>'
    "<p>A page whose locators match two screens of the profile.</p></body></html>"
)


def test_of_two_screens_shown_the_earlier_in_the_profile_is_the_one(
    decoy: BrowserTarget,  # noqa: F811
) -> None:
    PAGES["/dashboard"] = BOTH
    driver = decoy.open_driver("both")
    driver.visit(Place.DASHBOARD)

    assert driver.screen() is Screen.LOG_IN  # log_in comes before dashboard in the profile
    assert driver.shows(Screen.LOG_IN)
    assert not driver.shows(Screen.DASHBOARD)
    decoy.close_driver(driver, failed=False)


def test_a_screen_shown_alone_is_the_one(decoy: BrowserTarget) -> None:  # noqa: F811
    PAGES["/dashboard"] = BOTH.replace("<h1>Log in</h1>", "")
    driver = decoy.open_driver("alone")
    driver.visit(Place.DASHBOARD)

    assert driver.shows(Screen.DASHBOARD)
    assert not driver.shows(Screen.LOG_IN)
    decoy.close_driver(driver, failed=False)
