"""behave's runner, handing its context to the conformance formatter.

With it the formatter can list the people (test accounts) each scenario made up:
``behave --runner mfaspec.report.runner:ConformanceRunner``. ``mfaspec run`` uses it.
"""

from __future__ import annotations

from typing import Any

from behave.runner import Runner

from mfaspec.report.formatter import ConformanceFormatter


class ConformanceRunner(Runner):  # type: ignore[misc]
    """Runs the features as behave does, with the formatter told of the context."""

    def run_model(self, features: Any = None) -> bool:
        """Give the conformance formatters the context, then run."""
        for formatter in self.formatters:
            if isinstance(formatter, ConformanceFormatter):
                formatter.context = self.context
        failed: bool = super().run_model(features)
        return failed
