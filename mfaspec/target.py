"""A target: where a run's scenarios go, and what it can do."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from mfaspec.driver import Driver
from mfaspec.policy import Policy


class Capability(StrEnum):
    """Optional features a target may lack; scenarios that need one are tagged ``@needs.<name>``.

    ``web`` means the target is reached over HTTP by a browser, so browser-level attacks (a
    cross-site form) can be tried; the in-process target has no HTTP layer.
    """

    EMAIL_CONFIRMATION = "email_confirmation"
    TEAM_ENFORCEMENT = "team_enforcement"
    SSO = "sso"
    CLOCK_CONTROL = "clock_control"
    ADMIN_RESET = "admin_reset"
    WEB = "web"


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
