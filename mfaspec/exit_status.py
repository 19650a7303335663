"""The exit statuses of ``mfaspec``, documented in README.md and docs/report.md."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """What a run amounts to, for CI."""

    CONFORMANT = 0  # no scenario failed unexpectedly or was broken (warnings allowed)
    PRODUCT_FAILED = 1  # a scenario failed: the product does not do what the scenario says
    USAGE = 2  # a usage, profile or expected-deviations error: nothing ran
    BROKEN = 3  # none failed, but some were broken: the harness or profile could not run them
    NOTHING_RAN = 5  # no scenario was selected, or none could be run on this target
