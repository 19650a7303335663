"""Which scenarios a shard or a worker runs: a deterministic split, balanced by expected time."""

from __future__ import annotations

import heapq
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from behave.model import ScenarioOutline
from behave.runner_util import collect_feature_locations, parse_features

from mfaspec.report.formatter import example_of, scenario_id


class PartitionError(Exception):
    """A shard or durations argument cannot be used; the message says why."""


@dataclass(frozen=True)
class Planned:
    """One selected scenario: the behave path that selects it alone, its report id, its size."""

    location: str
    id: str
    steps: int
    name: str  # as the report names it: an outline row's name ends with its values
    tags: frozenset[str]  # its own, its feature's and its outline's


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (from 1) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Read ``i/n`` with 1 ≤ i ≤ n."""
        match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
        if match is None:
            raise PartitionError(f"--shard {text}: give i/n, such as 1/4")
        index, count = int(match[1]), int(match[2])
        if not 1 <= index <= count:
            raise PartitionError(f"--shard {text}: i must be between 1 and n")
        return cls(index, count)


def planned_scenarios(config: Any) -> list[Planned]:
    """Return the scenarios the run's paths, tags and names select, in the serial run's order."""
    locations = [
        location
        for location in collect_feature_locations(config.paths)
        if not config.exclude(location)
    ]
    planned = []
    for feature in parse_features(locations, language=config.lang):
        for scenario in feature.walk_scenarios():
            if not scenario.should_run(config):
                continue
            outline = scenario.parent if isinstance(scenario.parent, ScenarioOutline) else None
            example = example_of(scenario, outline) if outline else None
            name = outline.name if outline else scenario.name.strip()
            planned.append(
                Planned(
                    f"{scenario.filename}:{scenario.line}",
                    scenario_id(feature.name, name, example),
                    len(list(scenario.all_steps)),
                    scenario.name.strip(),
                    frozenset(scenario.effective_tags),
                )
            )
    return planned


def durations_from(report: Path) -> dict[str, float]:
    """Return each scenario's duration in a previous conformance.json, by scenario id."""
    try:
        scenarios = json.loads(report.read_text(encoding="utf-8"))["scenarios"]
        return {str(s["id"]): float(s["duration_s"]) for s in scenarios}
    except (OSError, ValueError, KeyError, TypeError):
        raise PartitionError(f"--durations {report}: not a readable conformance.json") from None


def weights(scenarios: list[Planned], durations: dict[str, float]) -> dict[str, float]:
    """Return each scenario's expected time: its duration last time, else its steps' worth.

    A scenario the durations do not know is priced at the known scenarios' time per step
    (one unit per step when none is known).
    """
    known = [s for s in scenarios if s.id in durations]
    steps = sum(s.steps for s in known)
    per_step = sum(durations[s.id] for s in known) / steps if steps else 1.0
    return {s.id: durations.get(s.id, s.steps * per_step) for s in scenarios}


def partition(
    scenarios: list[Planned], parts: int, durations: dict[str, float] | None = None
) -> list[list[Planned]]:
    """Split the scenarios into ``parts`` lists of about equal expected time, deterministically.

    Longest first, each to the part with the least so far (the lowest index on a tie); every
    part keeps the serial order.
    """
    expected = weights(scenarios, durations or {})
    order = {s.location: n for n, s in enumerate(scenarios)}
    heaviest_first = sorted(scenarios, key=lambda s: (-expected[s.id], order[s.location]))
    loads = [(0.0, index) for index in range(parts)]
    chosen: list[list[Planned]] = [[] for _ in range(parts)]
    for scenario in heaviest_first:
        load, index = heapq.heappop(loads)
        chosen[index].append(scenario)
        heapq.heappush(loads, (load + expected[scenario.id], index))
    return [sorted(part, key=lambda s: order[s.location]) for part in chosen]


def shard_of(
    scenarios: list[Planned], shard: Shard, durations: dict[str, float] | None = None
) -> list[Planned]:
    """Return the scenarios of one shard."""
    return partition(scenarios, shard.count, durations)[shard.index - 1]


def every_planned() -> list[Planned]:
    """Return every scenario of the specification, one per outline row, in serial order."""
    from behave.configuration import Configuration

    from mfaspec.spec import features_dir

    return planned_scenarios(Configuration([str(features_dir())], load_config=False))


def scenario_and_outline_names() -> set[str]:
    """Return every name a profile's override may give: a scenario, an outline's row or outline."""
    planned = every_planned()
    return {p.name for p in planned} | {p.name.split(" -- @", 1)[0] for p in planned}
