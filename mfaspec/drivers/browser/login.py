"""Logging in and out in the browser: password, code, backup code, single sign-on."""

from __future__ import annotations

from collections.abc import Callable

from mfaspec.driver import MenuItem, NotApplicable, Person, Place
from mfaspec.drivers.browser.page import ProfilePage
from mfaspec.drivers.locating import backup_code_form
from mfaspec.drivers.race import race_login_codes
from mfaspec.profile.locators import Flow


class LoginPages(ProfilePage):
    """The login pages: what a person types and clicks to log in and out."""

    def log_in(self, person: Person, password: str) -> None:
        """Open the login page (unless on screen), type the e-mail or user name and password."""
        password = self.accounts.password(person, password)
        self._submit_login(*self.accounts.login_name(person), password)
        self._typed = {**self.accounts.fill_values(person), "password": password}

    def log_in_without_account(self, person: Person) -> None:
        """Log in, as above, with a name no account has: the person was given none."""
        self._submit_login(*self.accounts.unknown_login_name(person), person.password)
        self._typed = {}

    def _submit_login(self, field: str, name: str, password: str) -> None:
        if not self._shown(self._control(field)):
            self._goto(self._path("log_in"))
        self._control(field).fill(name)
        self._control("login_password").fill(password)
        self._control("login_submit").click()

    def log_in_directly(self, person: Person, code: Callable[[], str] | None) -> None:
        """Log in through the profile's log_in hook: its cookies set, the dashboard opened."""
        self.session.plant(self.accounts.log_in_directly(person, code))
        self._typed = self.accounts.fill_values(person)
        self.visit(Place.DASHBOARD)

    def sign_in_with_sso(self, person: Person) -> None:
        """Tell the provider what to say (with a claims hook), then follow the profile's steps.

        The steps go from the login page to the identity provider's own page and back, through
        the real redirects.
        """
        sso = self.profile.sso
        if not sso.steps:
            raise NotApplicable("the target offers no single sign-on")
        self.accounts.tell_identity_provider(person)
        self._goto(self._path("log_in"))
        values = self.accounts.fill_values(person)
        for step in sso.steps:
            self._run(step, values)

    def submit_login_code(self, code: str) -> None:
        """Type the code where login asks for it and click Log in."""
        self._control("code_field").fill(code)
        self._control("code_submit").click()

    def submit_backup_code(self, code: str) -> None:
        """Switch to the backup-code form if there is one and it is hidden, type, click Log in."""
        field_locator, submit_locator = backup_code_form(self.ui.controls)
        field = self._find(field_locator)
        if not self._shown(field):
            if Flow.USE_BACKUP_CODE in self.profile.flows:
                self._run_flow(Flow.USE_BACKUP_CODE)
            elif "use_backup_code" in self.ui.controls:
                self._control("use_backup_code").click()
        field.fill(code)
        self._find(submit_locator).click()

    def log_out(self) -> None:
        """Run the log-out flow, or click Log out, opening the profile menu first when needed."""
        if Flow.LOG_OUT in self.profile.flows:
            self._run_flow(Flow.LOG_OUT)
            return
        entry = self._menu_entry(MenuItem.LOG_OUT)
        if not self._shown(entry) and "profile_menu" in self.ui.controls:
            self._control("profile_menu").click()
        entry.click()

    def race_login_codes(self, person: Person, code: str, browsers: int) -> int:
        """Log in with the password in several browsers, then click Log in in all at one instant."""
        return race_login_codes(
            self.target.new_context,
            self.ui,
            login_url=self.target.base_url + self._path("log_in"),
            login=self.accounts.login_name(person),
            password=self.accounts.password(person, person.password),
            code=code,
            browsers=browsers,
        )
