"""Team enforcement in the browser: the organisation's 2FA switch, its pop-up, member resets."""

from __future__ import annotations

from mfaspec.driver import NotApplicable, Person
from mfaspec.drivers.browser.page import ProfilePage
from mfaspec.drivers.element import Element, origin_of
from mfaspec.drivers.locating import find


class TeamPages(ProfilePage):
    """The organisation's security settings, as its administrator sees them."""

    def _team_switch(self) -> Element:
        switch = self._control("team_switch")
        if "security_tab" in self.ui.controls and not self._shown(switch):
            self._control("security_tab").click()
        switch.wait_for(state="visible")
        return switch

    def team_requirement(self) -> bool:
        """Return whether the team 2FA switch is on."""
        return self._team_switch().is_checked()

    def flip_team_requirement(self) -> None:
        """Click the team 2FA switch."""
        self._team_switch().click()

    def confirmation_popup_shown(self) -> bool:
        """Return whether the confirmation pop-up is visible."""
        return self._shown(self._control("popup"))

    def answer_popup(self, confirm: bool) -> None:
        """Click Yes or Cancel in the pop-up."""
        popup = self._control("popup")
        answer = self.ui.controls["popup_yes" if confirm else "popup_cancel"]
        self._find(answer, popup).click()

    def reset_member_mfa(self, member: Person) -> None:
        """In the member's row, click the reset button (and confirm, if the profile says so)."""
        if "member_row" not in self.ui.controls:
            raise NotApplicable("the target profile has no member rows to reset 2FA from")
        member_row = self.ui.controls["member_row"]
        row = find(self.page, member_row, self.accounts.fill_values(member))
        self._find(
            self.ui.controls["reset_member"], Element(row, origin_of(member_row), self.page)
        ).click()
        if "reset_confirm" in self.ui.controls:
            self._control("reset_confirm").click()
