"""The account settings in the browser: the profile menu and the multi-factor section."""

from __future__ import annotations

from mfaspec.driver import MailKind, MenuItem, MfaSection, MfaState, NotApplicable, Person, Place
from mfaspec.drivers.browser.page import ProfilePage
from mfaspec.drivers.element import Element
from mfaspec.drivers.forms import send_from_page
from mfaspec.policy import Asks
from mfaspec.profile.locators import Flow
from mfaspec.target import Capability


class SettingsPages(ProfilePage):
    """The profile menu and the multi-factor section: enable, disable, new backup codes."""

    def open_profile_menu(self) -> None:
        """Click the profile picture and wait for the menu."""
        self._control("profile_menu").click()
        self._menu_entry(MenuItem.LOG_OUT).wait_for(state="visible")

    def profile_menu(self) -> frozenset[MenuItem]:
        """Return the menu entries that are visible; not applicable unless all are located.

        An entry the profile does not locate can be neither seen nor missed, so what the menu
        offers is read only when the profile locates every entry.
        """
        unlocated = [item.value for item in MenuItem if item not in self.ui.menu]
        if unlocated:
            raise NotApplicable(f"the target profile has no menu entry {', '.join(unlocated)}")
        return frozenset(item for item in self.ui.menu if self._shown(self._menu_entry(item)))

    def choose_menu_item(self, item: MenuItem) -> None:
        """Click a visible entry of the open menu."""
        entry = self._menu_entry(item)
        if not self._shown(entry):
            raise LookupError(f"the profile menu shows no {item.value!r} entry")
        entry.click()

    def open_mfa_section(self) -> None:
        """Bring the multi-factor section on screen: open the settings, then click the tab."""
        state = self._section_state()
        if self._shown(state):
            return
        tab = self._control("mfa_tab")
        if not self._shown(tab):
            self.visit(Place.ACCOUNT_SETTINGS)
        if not self._shown(state):
            tab.click()
        state.wait_for(state="visible")

    def _section(self) -> Element | None:
        container = self.ui.mfa_section.get("container")
        return None if container is None else self._find(container)

    def _section_state(self) -> Element:
        section = self.ui.mfa_section
        return self._find((*section["on"], *section["off"]), self._section())

    def mfa_section(self) -> MfaSection:
        """Read the section: on or off, what it offers, and any explanation."""
        self._section_state().wait_for(state="visible")
        scope = self._section()
        on = self._shown(self._find(self.ui.mfa_section["on"], scope))
        explanation = self._notice_in(scope)
        return MfaSection(
            MfaState.ON if on else MfaState.OFF,
            enable_offered=self._shown(self._control("enable")),
            disable_offered=self._shown(self._control("disable")),
            explanation=explanation,
        )

    def ask_to_enable(self, person: Person) -> None:
        """Click Enable, or run its flow (opening the multi-factor section first if needed).

        With e-mail confirmation, the person is then due one more confirmation e-mail.
        """
        if Capability.EMAIL_CONFIRMATION in self.profile.capabilities:
            self.mail.expect(person, MailKind.CONFIRM_ENABLE)
        enable = self._control("enable")
        if not self._shown(enable):
            self.open_mfa_section()
        if Flow.ENABLE in self.profile.flows:
            self._run_flow(Flow.ENABLE)
        else:
            enable.click()

    def force_enable_request(self) -> None:
        """From the page on screen, send the request Enable sends, as a person could by hand.

        The form is built in the page (as in the browser's developer tools), with the fields
        the profile copies from the page, such as its anti-forgery token.
        """
        request = self.profile.enable_request
        if request is None:
            raise NotApplicable("the target profile describes no Enable request ([requests])")
        send_from_page(self.page, request, self.target.base_url)

    def disable_mfa(self, password: str, code: str) -> None:
        """Click Disable (if its form is not open yet), type what it asks as declared, confirm."""
        asks = self.profile.policy.disable_asks
        if asks is None:
            raise NotApplicable("the target profile declares not what disabling asks ([policy])")
        self._confirmed_form("disable", asks, password, code)

    def regenerate_backup_code(self, password: str, code: str) -> None:
        """Ask for a new backup code, confirming with what the profile declares it asks."""
        asks = self.profile.policy.backup_codes.new_codes_ask
        if asks is None:
            raise NotApplicable("the target profile declares no way to ask for new backup codes")
        self._confirmed_form("regenerate", asks, password, code)

    def _confirmed_form(self, name: str, asks: Asks, password: str, code: str) -> None:
        """Open the form (its flow, or one click) unless open, fill what it asks, confirm."""
        typed = [(f"{name}_password", password)] if asks.password else []
        typed += [(f"{name}_code", code)] if asks.code else []
        first = self._control(typed[0][0] if typed else f"{name}_submit")
        if name == Flow.DISABLE and Flow.DISABLE in self.profile.flows:
            self._run_flow(Flow.DISABLE)
        elif not self._shown(first):
            self._control(name).click()
        for control, value in typed:
            self._control(control).fill(value)
        self._control(f"{name}_submit").click()
