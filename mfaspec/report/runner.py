"""behave's runner, handing its context to the conformance formatter.

With it the formatter can list the people (test accounts) each scenario used:
``behave --runner mfaspec.report.runner:ConformanceRunner``. ``mfaspec run`` uses it, and
gives it the target it has already opened (and checked), which ``before_all`` then uses.
"""

from __future__ import annotations

from typing import Any

from behave.runner import Runner

from mfaspec.report.formatter import ConformanceFormatter
from mfaspec.target import Target


class ConformanceRunner(Runner):  # type: ignore[misc]
    """Runs the features as behave does, with the formatter told of the context."""

    def __init__(self, config: Any, target: Target | None = None) -> None:
        super().__init__(config)
        self.target = target

    def run_model(self, features: Any = None) -> bool:
        """Give the conformance formatters the context, and the context the target; then run."""
        for formatter in self.formatters:
            if isinstance(formatter, ConformanceFormatter):
                formatter.context = self.context
        if self.target is not None:
            self.context.target = self.target
        failed: bool = super().run_model(features)
        return failed
