"""A target: where a run's scenarios go, and what it can do."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from mfaspec.driver import Driver
from mfaspec.policy import Policy


class Capability(StrEnum):
    """Optional features a target may lack; scenarios that need one are tagged ``@needs.<name>``.

    ``web`` means the target is reached over HTTP by a browser, so browser-level attacks (a
    cross-site form) can be tried; the in-process target has no HTTP layer. ``sso`` is single
    sign-on of either kind of account below (``sso.<kind>``), each of which a profile may list.
    """

    EMAIL_CONFIRMATION = "email_confirmation"
    TEAM_ENFORCEMENT = "team_enforcement"
    SSO = "sso"
    SSO_ONLY = "sso.sso_only"  # accounts that sign in only through single sign-on
    SSO_PASSWORD_MEMBERS = "sso.password_members"  # password accounts that may also use it
    CLOCK_CONTROL = "clock_control"
    ADMIN_RESET = "admin_reset"
    WEB = "web"


# The kinds of single sign-on account a profile's ``sso`` may list, by the name it lists them.
SSO_KINDS = {
    "sso_only": Capability.SSO_ONLY,
    "password_members": Capability.SSO_PASSWORD_MEMBERS,
}
# The switches of a profile's [capabilities]; ``sso`` is a switch or a list of SSO_KINDS.
SWITCHES = tuple(capability for capability in Capability if capability not in SSO_KINDS.values())


class Target(Protocol):
    """Opens one driver per scenario and cleans up after the run."""

    capabilities: frozenset[Capability]
    drift_window: int
    policy: Policy

    def open_driver(self, scenario: str) -> Driver:
        """Return a driver with a fresh state (database, browser context) for one scenario."""

    def close_driver(self, driver: Driver, *, failed: bool) -> None:
        """Release the scenario's driver; keep evidence when it failed."""

    def close(self) -> None:
        """Release everything the run held (browsers, servers, mail sinks)."""
