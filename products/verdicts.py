"""Each product's expected verdicts: what the specification finds in it, and why.

``products/<product>/verdicts.toml`` lists the scenarios that are not applicable to the product,
and each failure and warning with its step, the clause it breaks and the property it shows;
every other scenario passes. ``tests/test_product_verdicts.py`` runs the specification against
the product and compares; ``python -m products.verdicts`` prints the README's tables.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PRODUCTS = {"allauth_mfa": "django-allauth MFA", "flask_security_tf": "Flask-Security-Too"}
# The outcomes a product's table lists by name; the rest pass, and none may be broken.
EXPLAINED = ("failed", "warning")


@dataclass(frozen=True)
class Finding:
    """A scenario the product fails or warns on: the step, the clause and what it shows."""

    scenario: str
    outcome: str
    step: str
    clause: str
    property: str


@dataclass(frozen=True)
class Verdicts:
    """A product's expected verdicts."""

    product: str
    not_applicable: frozenset[str]
    findings: tuple[Finding, ...]

    def expected(self, scenarios: list[str]) -> dict[str, str]:
        """Return the outcome expected of each scenario of a run."""
        listed = {finding.scenario: finding.outcome for finding in self.findings}
        listed |= dict.fromkeys(self.not_applicable, "not_applicable")
        return {scenario: listed.get(scenario, "passed") for scenario in scenarios}


def load_verdicts(product: str) -> Verdicts:
    """Read ``products/<product>/verdicts.toml``."""
    data = tomllib.loads((HERE / product / "verdicts.toml").read_text(encoding="utf-8"))
    findings = tuple(
        Finding(scenario, outcome, entry["step"], entry["clause"], entry["property"])
        for outcome in EXPLAINED
        for scenario, entry in data.get(outcome, {}).items()
    )
    return Verdicts(product, frozenset(data["not_applicable"]), findings)


def differences(verdicts: Verdicts, report: dict[str, Any]) -> list[str]:
    """Return, one line each, where a run's report differs from the expected verdicts."""
    scenarios = {scenario["id"]: scenario for scenario in report["scenarios"]}
    expected = verdicts.expected(list(scenarios))
    lines = [
        f"{verdicts.product}: {name} is expected but did not run"
        for name in sorted({f.scenario for f in verdicts.findings} | verdicts.not_applicable)
        if name not in scenarios
    ]
    steps = {finding.scenario: finding.step for finding in verdicts.findings}
    for name, scenario in scenarios.items():
        outcome = scenario["outcome"]
        failure = scenario.get("failure") or {}
        said = (failure.get("message") or scenario.get("reason") or "").partition("\n")[0]
        if outcome != expected[name]:
            because = f": {said}" if said else ""
            lines.append(f"{name}: {outcome}, expected {expected[name]}{because}")
        elif name in steps and failure.get("step") != steps[name]:
            lines.append(
                f"{name}: {outcome} at {failure.get('step')!r}, expected at {steps[name]!r}"
            )
    return lines


def counts(verdicts: Verdicts, total: int) -> dict[str, int]:
    """Return how many scenarios each outcome expects, out of ``total``."""
    tally = {outcome: sum(f.outcome == outcome for f in verdicts.findings) for outcome in EXPLAINED}
    tally["not_applicable"] = len(verdicts.not_applicable)
    tally["passed"] = total - sum(tally.values())
    return tally


def scenario_names() -> dict[str, str]:
    """Return the name of every scenario the specification runs (one per outline row), by id."""
    from mfaspec.partition import every_planned

    return {scenario.id: scenario.name for scenario in every_planned()}


def markdown() -> str:
    """Return the README's tables: the counts per product, then each finding."""
    names = scenario_names()
    total = len(names)
    lines = [
        "| Product | Passed | Failed | Warning | Not applicable | Broken |",
        "|---|---|---|---|---|---|",
    ]
    every = [load_verdicts(product) for product in PRODUCTS]
    for verdicts in every:
        tally = counts(verdicts, total)
        lines.append(
            f"| {PRODUCTS[verdicts.product]} | {tally['passed']} | {tally['failed']} |"
            f" {tally['warning']} | {tally['not_applicable']} | 0 |"
        )
    lines += [
        "",
        "| Product | Scenario | Verdict | Clause | What the product does |",
        "|---|---|---|---|---|",
    ]
    for verdicts in every:
        for finding in verdicts.findings:
            lines.append(
                f"| {PRODUCTS[verdicts.product]} | {names[finding.scenario]} | {finding.outcome} |"
                f" {finding.clause} | {finding.property} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(markdown())
