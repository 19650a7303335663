"""Team enforcement, in-process: the organisation's 2FA switch, its pop-up, member resets."""

from __future__ import annotations

from collections.abc import Callable

from mfaspec.driver import NotApplicable, Person
from mfaspec.drivers.inprocess.pages import SimulatedPages
from reference_impl import service as ref
from reference_impl.navigation import Action, team_requirement_after


class TeamPages(SimulatedPages):
    """The organisation's security settings, as its administrator sees them."""

    # -- team enforcement -----------------------------------------------------------------
    def require_team_mfa_directly(self, admin: Person, code: Callable[[], str] | None) -> None:
        """Not here: in process, the admin's pages are already the service's own calls."""
        raise NotApplicable("the in-process target requires 2FA through the admin's steps")

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
        """Click Yes or Cancel: the requirement becomes what the pop-up rule says."""
        self._popup = False
        required_now = self.team_requirement()
        required = team_requirement_after(required_now, yes=confirm)
        if required != required_now:
            self.service.set_team_requirement(self._session, required)
            self._accepted(Action.ANSWER_TEAM_POPUP)

    def reset_member_mfa(self, member: Person) -> None:
        """Reset a member's 2FA."""
        self._notice = None
        try:
            self.service.reset_member_mfa(self._session, member.email)
        except ref.Refused as refused:
            self._refuse_action(Action.RESET_MEMBER, refused)
            return
        self._accepted(Action.RESET_MEMBER)
