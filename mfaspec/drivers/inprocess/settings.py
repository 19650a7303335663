"""The account settings, in-process: the profile menu and the multi-factor section."""

from __future__ import annotations

from mfaspec.driver import MenuItem, MfaSection, MfaState, Person, Place, Screen
from mfaspec.drivers.inprocess.pages import NOTICES, SimulatedPages
from reference_impl import service as ref


class SettingsPages(SimulatedPages):
    """The profile menu and the multi-factor section: enable, disable, a new backup code."""

    # -- profile settings -----------------------------------------------------------------
    def open_profile_menu(self) -> None:
        """Open the profile menu."""
        self._menu = frozenset(MenuItem(item.value) for item in self.service.menu(self._session))

    def profile_menu(self) -> frozenset[MenuItem]:
        """Return the open menu's entries."""
        return self._menu

    def choose_menu_item(self, item: MenuItem) -> None:
        """Follow a menu entry."""
        if item not in self._menu:
            raise LookupError(f"the profile menu has no {item.value!r} entry")
        self._menu = frozenset()
        if item is MenuItem.LOG_OUT:
            self.log_out()
        elif item is MenuItem.ORGANISATION_SETTINGS:
            self.visit(Place.SECURITY_SETTINGS)
        else:
            self.visit(Place.ACCOUNT_SETTINGS)

    def open_mfa_section(self) -> None:
        """Open the settings tab."""
        self.visit(Place.ACCOUNT_SETTINGS)

    def mfa_section(self) -> MfaSection:
        """Return the multi-factor section."""
        status = self.service.mfa_status(self._session)
        on = status.state is ref.MfaState.ON
        explanation = None if status.blocked_by is None else NOTICES[status.blocked_by]
        return MfaSection(MfaState.ON if on else MfaState.OFF, status.can_enable, on, explanation)

    def ask_to_enable(self, person: Person) -> None:
        """Click Enable: in-process, the session says whose account it is."""
        self.force_enable_request()

    def force_enable_request(self) -> None:
        """Send the Enable request: in-process, clicking Enable makes the same call."""
        self._notice = None
        try:
            self.service.request_enable(self._session)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)
            return
        self._screen = Screen.CHECK_EMAIL

    def disable_mfa(self, password: str, code: str) -> None:
        """Click Disable and confirm."""
        self._notice = None
        try:
            self.service.disable(self._session, password, code)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)
            return
        self._screen = Screen.ACCOUNT_SETTINGS

    def regenerate_backup_code(self, password: str, code: str) -> None:
        """Ask for a new backup code."""
        self._notice = None
        try:
            self._backup_code = self.service.regenerate_backup_code(self._session, password, code)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)
            return
        self._after_backup_code = Screen.ACCOUNT_SETTINGS
        self._screen = Screen.BACKUP_CODE
