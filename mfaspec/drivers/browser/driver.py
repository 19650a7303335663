"""The browser driver: a real browser (Playwright) on any deployment a target profile describes.

The pages' flows come from the modules beside this one; the accounts, clock, mail and session
are handed to the helpers the profile's hooks drive. The QR code is read from a screenshot of
the image, never from the page's markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mfaspec.driver import Enrolment, MailKind, NotApplicable, Person, Place, Screen
from mfaspec.drivers.browser.login import LoginPages
from mfaspec.drivers.browser.settings import SettingsPages
from mfaspec.drivers.browser.setup import SetupPages
from mfaspec.drivers.browser.team import TeamPages
from mfaspec.drivers.errors import BrowserDriverError
from mfaspec.drivers.forgery import (
    FOREIGN_PAGE,
    carries_cookies,
    frames_of,
    post_forged_form,
    same_site_page,
    scripts_read_cookies,
)
from mfaspec.drivers.locating import find
from mfaspec.profile.model import AccountSource
from mfaspec.target import Capability

# What a person may click to go somewhere: links and buttons (a summary only opens its details).
CONTROLS = (
    "a[href], button, input[type=submit], input[type=button], input[type=image],"
    " [role=button], [role=link]"
)
# The words on each (its text, a button input's value, or its label), and whether it may lead
# elsewhere on the site: not a link to another site, nor to a part of this page ("Skip to content").
NAMES = """controls => controls.map(control => {
    const words = (control.innerText || control.value || control.getAttribute("aria-label") || "?");
    if (!control.href) return [words.trim(), true];
    const target = new URL(control.href, location.href), page = new URL(location.href);
    const samePage = target.hash && target.href.split("#")[0] === page.href.split("#")[0];
    return [words.trim(), target.origin === page.origin && !samePage];
})"""


class BrowserDriver(LoginPages, SettingsPages, SetupPages, TeamPages):
    """What a person does and sees in one browser context, following the profile."""

    # -- accounts, time and the world -------------------------------------------------------

    def now(self) -> float:
        """Return the target's time (its clock hook), or this machine's without clock control."""
        return self.clock.now()

    def advance_clock(self, seconds: float) -> None:
        """Move the target's clock forward through its clock hook."""
        self.clock.advance(seconds)

    def account_address(self, person: Person) -> str:
        """Return the e-mail address of the person's account on this target."""
        return self.accounts.address(person)

    def create_account(self, person: Person, *, email_verified: bool, sso: bool) -> None:
        """Create the account through the hook or the sign-up flow, or check it is listed."""
        if self.profile.accounts.source is AccountSource.SIGNUP:
            self._sign_up(person, email_verified=email_verified, sso=sso)
        else:
            self.accounts.create_account(person, email_verified=email_verified, sso=sso)

    def _sign_up(self, person: Person, *, email_verified: bool, sso: bool) -> None:
        signup = self.profile.accounts.signup
        assert signup is not None
        if sso:
            raise NotApplicable("single sign-on accounts cannot be made by signing up")
        values = self.accounts.fill_values(person)
        for step in signup.steps:
            self._run(step, values)
        self._find(signup.done).wait_for(state="visible")
        if email_verified and signup.verify_link_text is not None:
            link = self.mail.newest_link(person, signup.verify_link_text, None)
            self.document.open(link)
        self.context.clear_cookies()

    def create_team(self, admin: Person, members: Sequence[Person], *, sso: bool = False) -> None:
        """Create the organisation through the hook, or check it is listed."""
        self.accounts.create_team(admin, members, sso=sso)

    def turn_on_mfa_directly(self, person: Person) -> Enrolment:
        """Turn 2FA on through the profile's turn_on_mfa hook; return what it hands over."""
        return self.accounts.turn_on_mfa_directly(person)

    def open_setup_directly(self, person: Person) -> None:
        """Ask through the start_setup hook, log in through the log_in hook, open the link."""
        link = self.accounts.start_setup_directly(person, self.target.base_url)
        if Capability.EMAIL_CONFIRMATION in self.profile.capabilities:
            self.mail.expect(person, MailKind.CONFIRM_ENABLE)
        self.session.plant(self.accounts.log_in_directly(person, None))
        self._typed = self.accounts.fill_values(person)
        self.document.open(link)
        self._optional_steps()

    def require_team_mfa_directly(self, admin: Person, code: Callable[[], str] | None) -> None:
        """Require 2FA for the admin's team through the profile's require_team_mfa hook."""
        self.accounts.require_team_mfa_directly(admin, code)

    def set_identity_provider_claims(self, person: Person, *, email_verified: bool) -> None:
        """Remember what the provider's claims hook will be told before the person signs in."""
        self.accounts.set_identity_provider_claims(person, email_verified=email_verified)

    # -- leaving a screen -------------------------------------------------------------------

    def ways_out(self, person: Person) -> list[tuple[str, Screen]]:
        """Click each link and button of the screen shown, each from that screen anew.

        Links to other sites are left alone (they leave the product, they do not go around it),
        and so are links to a part of the same page.
        """
        screen, here = self.screen(), self.page.url
        controls = self.page.locator(CONTROLS).filter(visible=True)
        found: list[tuple[str, bool]] = controls.evaluate_all(NAMES)
        led: list[tuple[str, Screen]] = []
        for index, (name, may_lead_elsewhere) in enumerate(found):
            if not may_lead_elsewhere:
                continue
            if led:
                if self.shows(Screen.LOG_IN):  # the last one logged the person out
                    self.log_in(person, person.password)
                self.document.open(here)
                self._optional_steps()
                if not self.shows(screen):
                    raise BrowserDriverError(f"{here} no longer shows the {screen.value} screen")
            controls.nth(index).click()
            led.append((name, self.screen()))
        return led

    # -- the session ------------------------------------------------------------------------

    def session_fingerprint(self) -> str:
        """Return a digest of the session cookie(s) the browser holds."""
        return self.session.fingerprint()

    def keep_session_copy(self) -> None:
        """Copy the session cookie(s) aside."""
        self.session.keep_copy()

    def restore_session_copy(self) -> None:
        """Replace the browser's cookies by the copy and open the dashboard."""
        self.session.restore_copy()
        self.visit(Place.DASHBOARD)

    def forge_team_switch(self, *, same_site: bool) -> bool:
        """Open a page elsewhere whose form posts the team switch to the target at once.

        Return whether the request carried the session cookie(s).
        """
        forgery = self.profile.team_switch_forgery
        if forgery is None:
            raise NotApplicable("the target profile describes no cross-site form")
        base_url = self.target.base_url
        origin = same_site_page(base_url) if same_site else FOREIGN_PAGE
        sent = post_forged_form(self.page, origin, base_url + forgery.action, forgery)
        names = {cookie["name"] for cookie in self.session.held()}
        return carries_cookies(sent.all_headers().get("cookie", ""), names)

    def frame_from_same_site(self, place: Place) -> bool:
        """Frame ``place`` in a page at another address of the target's site.

        Return whether any screen of the profile shows inside the frame (it was not refused).
        """
        url = self.target.base_url + self._path(place.value)
        frames = frames_of(self.page, same_site_page(self.target.base_url), url)
        screens = self.ui.screens.values()
        return any(
            find(frame, screen).filter(visible=True).count()
            for frame in frames
            for screen in screens
        )

    def scripts_can_read_session(self) -> bool:
        """Return whether the page's scripts see a session cookie."""
        return scripts_read_cookies(self.page, {cookie["name"] for cookie in self.session.held()})
