"""Where the reference's pages send a person, and what the team pop-up does: stated once.

The web application turns each destination into a redirect, the in-process driver into the
screen it reports; neither keeps a copy of these rules.
"""

from __future__ import annotations

from enum import StrEnum

from reference_impl.service import Reason, Stage


class Destination(StrEnum):
    """A page the person is sent to, instead of the one they asked for or after an action."""

    LOG_IN = "log_in"
    CODE_PROMPT = "code_prompt"
    REQUIRED_SETUP = "required_setup"
    DASHBOARD = "dashboard"
    ACCOUNT_SETTINGS = "account_settings"
    CHECK_EMAIL = "check_email"
    SETUP = "setup"
    SECURITY_SETTINGS = "security_settings"


class Action(StrEnum):
    """Something a person asks of a page, which the service accepts or refuses."""

    ENABLE = "enable"
    OPEN_LINK = "open_link"
    SET_UP = "set_up"
    SET_UP_REQUIRED = "set_up_required"
    DISABLE = "disable"
    NEW_BACKUP_CODE = "new_backup_code"
    LOG_IN_WITH_BACKUP_CODE = "log_in_with_backup_code"
    RESET_MEMBER = "reset_member"
    ANSWER_TEAM_POPUP = "answer_team_popup"
    LOG_OUT = "log_out"


# Where a finished login goes (unless the person was on their way to another page).
HOME = Destination.DASHBOARD

# A session that cannot see the page asked for goes where its login continues.
DESTINATIONS: dict[Reason, Destination] = {
    Reason.NOT_SIGNED_IN: Destination.LOG_IN,
    Reason.LOGIN_EXPIRED: Destination.LOG_IN,
    Reason.SECOND_FACTOR_REQUIRED: Destination.CODE_PROMPT,
    Reason.SETUP_REQUIRED: Destination.REQUIRED_SETUP,
}
# Refusals that only send the person on, with no notice: the page they land on asks what it needs.
UNANNOUNCED = frozenset(
    {Reason.NOT_SIGNED_IN, Reason.SECOND_FACTOR_REQUIRED, Reason.SETUP_REQUIRED}
)
# Where a login still at a stage before the end goes on; a finished one goes ``HOME``.
CONTINUES_AT: dict[Stage, Destination] = {
    Stage.SECOND_FACTOR: Destination.CODE_PROMPT,
    Stage.SETUP_REQUIRED: Destination.REQUIRED_SETUP,
}
# Refusals of a code at login that end the half-finished login: the person starts again at the
# login page, told it expired (the session is gone, or is no longer waiting for a code).
ENDS_LOGIN = frozenset({Reason.LOGIN_EXPIRED, Reason.WRONG_STATE})
# The refusal an ended login is shown as, wherever it was noticed.
ENDED_LOGIN = Reason.LOGIN_EXPIRED

# Where an accepted action leads: straight there, or, for one that shows a backup code (set-up,
# a new backup code, a login with the backup code), where that page's Done button leads.
LEADS_TO: dict[Action, Destination] = {
    Action.ENABLE: Destination.CHECK_EMAIL,
    Action.OPEN_LINK: Destination.SETUP,
    Action.SET_UP: Destination.ACCOUNT_SETTINGS,
    Action.SET_UP_REQUIRED: HOME,
    Action.DISABLE: Destination.ACCOUNT_SETTINGS,
    Action.NEW_BACKUP_CODE: Destination.ACCOUNT_SETTINGS,
    Action.LOG_IN_WITH_BACKUP_CODE: HOME,
    Action.RESET_MEMBER: Destination.SECURITY_SETTINGS,
    Action.ANSWER_TEAM_POPUP: Destination.SECURITY_SETTINGS,
    Action.LOG_OUT: Destination.LOG_IN,
}
# Where a refused action goes back to, showing the refusal's notice (a session that cannot see
# the page at all is sent on as ``DESTINATIONS`` says instead).
REFUSED_RETURNS_TO: dict[Action, Destination] = {
    Action.ENABLE: Destination.ACCOUNT_SETTINGS,
    Action.OPEN_LINK: Destination.ACCOUNT_SETTINGS,
    Action.SET_UP: Destination.ACCOUNT_SETTINGS,
    Action.SET_UP_REQUIRED: Destination.REQUIRED_SETUP,
    Action.DISABLE: Destination.ACCOUNT_SETTINGS,
    Action.NEW_BACKUP_CODE: Destination.ACCOUNT_SETTINGS,
    Action.RESET_MEMBER: Destination.SECURITY_SETTINGS,
}
# Refusals a set-up form shows in place, so the person can type another code.
SHOWN_ON_SETUP_FORM = frozenset({Reason.WRONG_CODE, Reason.MALFORMED_CODE, Reason.LOCKED_OUT})


def team_requirement_after(required_now: bool, *, yes: bool) -> bool:
    """Return the team requirement once the pop-up is answered: Yes flips it, Cancel keeps it."""
    return not required_now if yes else required_now
