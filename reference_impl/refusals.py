"""Where a refused request leaves the person: stated once, for the pages and in-process."""

from __future__ import annotations

from enum import StrEnum

from reference_impl.service import Reason


class Destination(StrEnum):
    """A page a refusal sends the person to, instead of the one they asked for."""

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
# Refusals of a code at login that end the half-finished login: the person starts again at the
# login page, told it expired (the session is gone, or is no longer waiting for a code).
ENDS_LOGIN = frozenset({Reason.LOGIN_EXPIRED, Reason.WRONG_STATE})
