"""Team enforcement, in-process: the organisation's 2FA switch, its pop-up, member resets."""

from __future__ import annotations

from mfaspec.driver import Person
from mfaspec.drivers.inprocess.pages import SimulatedPages
from reference_impl import service as ref


class TeamPages(SimulatedPages):
    """The organisation's security settings, as its administrator sees them."""

    # -- team enforcement -----------------------------------------------------------------
    def team_requirement(self) -> bool:
        """Return the team switch's position."""
        return self.service.team(self._session).enforce_mfa

    def flip_team_requirement(self) -> None:
        """Click the switch: the pop-up opens."""
        self._popup = True

    def confirmation_popup_shown(self) -> bool:
        """Return whether the pop-up is open."""
        return self._popup

    def answer_popup(self, confirm: bool) -> None:
        """Click Yes or Cancel."""
        self._popup = False
        if confirm:
            required = not self.team_requirement()
            self.service.set_team_requirement(self._session, required)

    def reset_member_mfa(self, member: Person) -> None:
        """Reset a member's 2FA."""
        self._notice = None
        try:
            self.service.reset_member_mfa(self._session, member.email)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)
