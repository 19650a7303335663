"""What can go wrong reaching a target: the harness could not, or the target did not."""

from __future__ import annotations

from mfaspec.driver import (
    HarnessError,
)


class BrowserDriverError(HarnessError):
    """The browser could not do what the profile says: the target or a hook did not answer."""


class TargetFailed(AssertionError):
    """The target did not do what its profile declares: a server error, a declared e-mail."""
