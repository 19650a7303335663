"""Where the reference's pages send a person: stated once, for the pages and in-process."""

from __future__ import annotations

from enum import StrEnum

from reference_impl.service import Reason, Stage


class Destination(StrEnum):
    """A page the person is sent to, instead of the one they asked for."""

    LOG_IN = "log_in"
    CODE_PROMPT = "code_prompt"
    REQUIRED_SETUP = "required_setup"


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
# Where a login still at a stage before the end goes on; a finished one goes where it was going.
CONTINUES_AT: dict[Stage, Destination] = {
    Stage.SECOND_FACTOR: Destination.CODE_PROMPT,
    Stage.SETUP_REQUIRED: Destination.REQUIRED_SETUP,
}
# Refusals of a code at login that end the half-finished login: the person starts again at the
# login page, told it expired (the session is gone, or is no longer waiting for a code).
ENDS_LOGIN = frozenset({Reason.LOGIN_EXPIRED, Reason.WRONG_STATE})
# The refusal an ended login is shown as, wherever it was noticed.
ENDED_LOGIN = Reason.LOGIN_EXPIRED
