"""What a run recorded: each scenario, its outcome, and the verdict per ID it is tagged with."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from mfaspec.report.documented import DOCUMENTED_STEPS
from mfaspec.traceability import REQUIREMENT_PREFIXES

DOC_PREFIX = "doc."
NEEDS_PREFIX = "needs."
POLICY_PREFIX = "policy."
NOT_APPLICABLE_PREFIX = "not applicable"


class Outcome(StrEnum):
    """What became of one scenario."""

    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    BROKEN = "broken"
    NOT_APPLICABLE = "not_applicable"
    EXPECTED_DEVIATION = "expected_deviation"
    UNEXPECTED_PASS = "unexpected_pass"
    SKIPPED = "skipped"


class Verdict(StrEnum):
    """What the scenarios behind one documented step or requirement add up to."""

    PASSED = "passed"
    FAILED = "failed"
    BROKEN = "broken"
    WARNING = "warning"
    EXPECTED_DEVIATION = "expected_deviation"
    NOT_APPLICABLE = "not_applicable"
    NOT_RUN = "not_run"


@dataclass(frozen=True)
class Tags:
    """A scenario's tags, sorted by what they mean."""

    documented_steps: tuple[str, ...]
    requirements: tuple[str, ...]
    needs: tuple[str, ...]
    other: tuple[str, ...]
    policy: tuple[str, ...] = ()

    @classmethod
    def split(cls, tags: Iterable[str]) -> Tags:
        """Sort ``@doc.T6``, ``@asvs.6.5.1``, ``@needs.sso``, ``@policy.code_lockout`` apart."""
        ordered = sorted(set(tags), key=_tag_order)
        return cls(
            tuple(tag.removeprefix(DOC_PREFIX) for tag in ordered if tag.startswith(DOC_PREFIX)),
            tuple(tag for tag in ordered if tag.startswith(REQUIREMENT_PREFIXES)),
            tuple(
                tag.removeprefix(NEEDS_PREFIX) for tag in ordered if tag.startswith(NEEDS_PREFIX)
            ),
            tuple(
                tag
                for tag in ordered
                if not tag.startswith(
                    (DOC_PREFIX, NEEDS_PREFIX, POLICY_PREFIX, *REQUIREMENT_PREFIXES)
                )
            ),
            tuple(
                tag.removeprefix(POLICY_PREFIX) for tag in ordered if tag.startswith(POLICY_PREFIX)
            ),
        )


def _tag_order(tag: str) -> str:
    """Order ``doc.T2`` before ``doc.T10`` and ``asvs.6.5.2`` before ``asvs.6.5.10``."""
    return re.sub(r"\d+", lambda digits: digits[0].zfill(6), tag)


@dataclass(frozen=True)
class Step:
    """One Gherkin step as it ran."""

    keyword: str
    text: str
    location: str
    status: str
    duration: float
    background: bool
    table: tuple[tuple[str, ...], ...] = ()
    doc_string: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class Example:
    """The row of a Scenario Outline's Examples table a scenario was made from."""

    id: str
    table: str
    values: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Failure:
    """Why a scenario failed: the step (if a step failed), the whole message and its gist."""

    step: str | None
    location: str | None
    message: str
    reason: str


@dataclass(frozen=True)
class Artifact:
    """Evidence the target saved for a scenario, relative to the report directory."""

    kind: str
    path: str


@dataclass(frozen=True)
class Participant:
    """A person the scenario made up, so a vendor can find the test account in its logs."""

    label: str
    email: str


@dataclass(frozen=True)
class SetUp:
    """A state the scenario started from and how it was set up: "hook" or "pages"."""

    state: str
    path: str


@dataclass(frozen=True)
class ScenarioRecord:
    """One scenario (or one row of a Scenario Outline) and what became of it."""

    id: str
    feature: str
    name: str
    outline: str | None
    example: Example | None
    location: str
    tags: Tags
    status: str
    outcome: Outcome
    reason: str | None
    duration: float
    steps: tuple[Step, ...]
    failure: Failure | None
    artifacts: tuple[Artifact, ...]
    people: tuple[Participant, ...]
    set_up: tuple[SetUp, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """The verdict on one documented step or requirement, and the scenarios behind it."""

    id: str
    verdict: Verdict
    counts: dict[str, int]
    scenarios: tuple[str, ...]


@dataclass
class Counts:
    """How many scenarios ended in each outcome."""

    by_outcome: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))

    @classmethod
    def of(cls, scenarios: Iterable[ScenarioRecord]) -> Counts:
        """Count the outcomes of ``scenarios``."""
        counts = cls()
        for scenario in scenarios:
            counts.by_outcome[scenario.outcome] += 1
        return counts

    @property
    def total(self) -> int:
        """Return the number of scenarios counted."""
        return sum(self.by_outcome.values())

    def as_dict(self) -> dict[str, int]:
        """Return every outcome's count and the total, with outcome names as keys."""
        return {**{outcome.value: n for outcome, n in self.by_outcome.items()}, "total": self.total}


def verdict(outcomes: Sequence[Outcome]) -> Verdict:
    """Add outcomes up: a failure, then broken, a warning, a deviation, a pass, the rest."""
    if Outcome.FAILED in outcomes:
        return Verdict.FAILED
    if Outcome.BROKEN in outcomes:
        return Verdict.BROKEN
    if Outcome.WARNING in outcomes:
        return Verdict.WARNING
    if Outcome.EXPECTED_DEVIATION in outcomes:
        return Verdict.EXPECTED_DEVIATION
    if Outcome.PASSED in outcomes or Outcome.UNEXPECTED_PASS in outcomes:
        return Verdict.PASSED
    if Outcome.NOT_APPLICABLE in outcomes:
        return Verdict.NOT_APPLICABLE
    return Verdict.NOT_RUN


def coverage(
    ids: Iterable[str], scenarios: Sequence[ScenarioRecord], kind: Callable[[Tags], tuple[str, ...]]
) -> list[Coverage]:
    """Return the verdict on each ID from the scenarios whose tags of that ``kind`` name it."""
    result = []
    for item in ids:
        behind = [scenario for scenario in scenarios if item in kind(scenario.tags)]
        result.append(
            Coverage(
                item,
                verdict([scenario.outcome for scenario in behind]),
                {k: n for k, n in Counts.of(behind).as_dict().items() if n},
                tuple(scenario.id for scenario in behind),
            )
        )
    return result


@dataclass(frozen=True)
class Run:
    """A whole run: where it went, when, and every scenario."""

    target_kind: str
    target_name: str
    profile: str | None
    tag_selection: tuple[str, ...]
    deviations_file: str | None
    unused_deviations: tuple[str, ...]
    started_at: str
    finished_at: str
    duration: float
    scenarios: tuple[ScenarioRecord, ...]

    @property
    def counts(self) -> Counts:
        """Return how many scenarios ended in each outcome."""
        return Counts.of(self.scenarios)

    @property
    def documented_steps(self) -> list[Coverage]:
        """Return the verdict on every documented step, T0 to T9 then A0 to A10."""
        return coverage(DOCUMENTED_STEPS, self.scenarios, lambda tags: tags.documented_steps)

    @property
    def requirements(self) -> list[Coverage]:
        """Return the verdict on every requirement some scenario of the run is tagged with."""
        tags = {tag for scenario in self.scenarios for tag in scenario.tags.requirements}
        return coverage(sorted(tags, key=_tag_order), self.scenarios, lambda t: t.requirements)

    @property
    def policy(self) -> list[Coverage]:
        """Return the verdict on every declared choice some scenario of the run checks."""
        choices = {choice for scenario in self.scenarios for choice in scenario.tags.policy}
        return coverage(sorted(choices), self.scenarios, lambda tags: tags.policy)
