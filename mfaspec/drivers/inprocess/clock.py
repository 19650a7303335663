"""Frozen time for one in-process scenario: the same instant every run, moved only by steps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from freezegun import freeze_time

# A fixed instant ten seconds into a 30-second time step: every run sees the same codes.
START = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)
# Modules that see real time: behave's runner, reporters and formatters and mfaspec's reports,
# which time the run itself; and packages that take no part in the product's rules, which
# freezegun then need not search for clocks to replace each time a scenario freezes time.
REAL_TIME_MODULES = [
    *("behave.model", "behave.reporter", "behave.runner", "mfaspec.report"),
    *("behave.formatter", "faker", "asyncio", "parse_type", "cucumber_tag_expressions"),
]


class FrozenClock:
    """Time frozen at ``START`` from creation until ``stop``, moved forward on request."""

    def __init__(self) -> None:
        self._freezer = freeze_time(START, ignore=REAL_TIME_MODULES)
        self._frozen = self._freezer.start()

    def now(self) -> float:
        """Return the frozen time."""
        return self._frozen().timestamp()

    def advance(self, seconds: float) -> None:
        """Move the frozen time forward."""
        self._frozen.tick(timedelta(seconds=seconds))

    def stop(self) -> None:
        """Give the process its real time back."""
        self._freezer.stop()
