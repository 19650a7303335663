"""Trace documented steps and requirements to the scenarios that state them."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from behave.parser import parse_file

DOCUMENTED_STEPS = [f"T{n}" for n in range(10)] + [f"A{n}" for n in range(11)]
REQUIREMENT_PREFIXES = ("asvs.", "rfc", "nist.", "wstg.")


def scenarios_by_tag(features: Path) -> dict[str, list[str]]:
    """Return, for every tag, the scenarios (``file: name``) that carry it, in file order."""
    traced: dict[str, list[str]] = defaultdict(list)
    for path in sorted(features.glob("*.feature")):
        feature = parse_file(str(path))
        for scenario in feature.scenarios:
            for tag in [*feature.tags, *scenario.tags]:
                traced[str(tag)].append(f"{path.name}: {scenario.name}")
    return traced


def documented_steps_table(features: Path) -> str:
    """Return the Markdown table: documented step ID → scenarios."""
    traced = scenarios_by_tag(features)
    rows = ["| ID | Scenarios |", "|----|-----------|"]
    for step in DOCUMENTED_STEPS:
        scenarios = traced.get(f"doc.{step}", [])
        rows.append(f"| {step} | {'<br>'.join(scenarios) or '**none**'} |")
    return "\n".join(rows)


def requirement_ids(features: Path) -> list[str]:
    """Return every requirement tag the features carry."""
    return sorted(tag for tag in scenarios_by_tag(features) if tag.startswith(REQUIREMENT_PREFIXES))


if __name__ == "__main__":
    print(documented_steps_table(Path(sys.argv[1] if len(sys.argv) > 1 else "features")))
