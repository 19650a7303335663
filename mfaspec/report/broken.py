"""Which scenarios are broken: the harness or the profile could not do what they needed.

``environment.after_step`` notes the first :class:`HarnessError` a scenario's steps raise,
nested steps included (behave passes only their text up); the formatter reads it back.
"""

from __future__ import annotations

from typing import Any

from mfaspec.driver import HarnessError

NOTED = "mfaspec_harness_error"


def note_harness_error(scenario: Any, error: BaseException | None) -> None:
    """Remember on the scenario the first harness error one of its steps raised."""
    if isinstance(error, HarnessError) and getattr(scenario, NOTED, None) is None:
        setattr(scenario, NOTED, error)


def harness_error(scenario: Any) -> HarnessError | None:
    """Return the harness error noted on the scenario, if any."""
    error = getattr(scenario, NOTED, None)
    return error if isinstance(error, HarnessError) else None
