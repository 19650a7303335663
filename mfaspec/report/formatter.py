"""A behave formatter that records every scenario and writes the conformance reports.

Use it through ``mfaspec run``, or with behave itself::

    behave -f mfaspec.report.formatter:ConformanceFormatter -o reports \
           --runner mfaspec.report.runner:ConformanceRunner

``-o`` names the report directory. The runner is optional: it lets the formatter list the
people each scenario made up. Every text recorded passes through ``mfaspec.secrets.mask``.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from itertools import takewhile
from pathlib import Path
from typing import Any, TextIO

from behave.formatter.base import Formatter
from behave.model import ScenarioOutline
from behave.model_type import Status
from behave.runner_util import collect_feature_locations, parse_features

from mfaspec.driver import NotApplicable
from mfaspec.profile.loader import load_profile
from mfaspec.profile.locators import ProfileError
from mfaspec.report.artifacts import ArtifactWatch
from mfaspec.report.broken import harness_error
from mfaspec.report.deviations import NONE, Deviation, Deviations, load_deviations
from mfaspec.report.model import (
    Example,
    Failure,
    Outcome,
    Participant,
    Run,
    ScenarioRecord,
    SetUp,
    Step,
    Tags,
)
from mfaspec.report.requirements import requirement
from mfaspec.report.writers import write_reports
from mfaspec.secrets import mask

DEFAULT_REPORT_DIR = "reports"
DEFAULT_ARTIFACTS = "reports/artifacts"
IN_PROCESS_NAME = "Reference implementation (in-process)"
SUB_STEP_FAILED = "FAILED SUB-STEP: "
SUB_STEP_INFO = "Substep info: "
ASSERTION_FAILED = "ASSERT FAILED: "


class ConformanceFormatter(Formatter):  # type: ignore[misc]
    """Records each scenario, prints progress to stderr, writes the reports at the end."""

    name = "mfaspec.conformance"
    description = "Conformance reports (JSON, HTML, JUnit XML) and progress on stderr."

    def __init__(self, stream_opener: Any, config: Any) -> None:
        super().__init__(stream_opener, config)
        self.context: Any = None
        self.report_dir = Path(stream_opener.name or DEFAULT_REPORT_DIR)
        userdata = config.userdata
        deviations_file = userdata.get("expected_deviations", "")
        self.deviations: Deviations = load_deviations(deviations_file) if deviations_file else NONE
        self.artifacts = ArtifactWatch(Path(userdata.get("artifacts", DEFAULT_ARTIFACTS)))
        self.progress: TextIO = sys.stderr
        self.started_at = datetime.now(UTC)
        self.started = time.monotonic()
        self.total: int | None = None
        self.records: list[ScenarioRecord] = []
        self.names_run: set[str] = set()
        self.feature_name = ""
        self.current: Any = None
        self.current_started = 0.0
        self.people: tuple[Participant, ...] = ()
        self.set_up: tuple[SetUp, ...] = ()

    # -- behave's formatter interface ----------------------------------------------------------

    def uri(self, uri: str) -> None:
        """Count, once, the scenarios the run will go through."""
        if self.total is None:
            self.total = count_selected(self.config)

    def feature(self, feature: Any) -> None:
        """Remember the feature the next scenarios belong to."""
        self.feature_name = feature.name

    def scenario(self, scenario: Any) -> None:
        """Finish the previous scenario (its after-hooks have run) and start this one."""
        self.finish()
        self.current = scenario
        self.current_started = time.monotonic()
        self.people = ()
        self.set_up = ()

    def result(self, step: Any) -> None:
        """Note the test accounts the scenario has used so far, as the target knows them."""
        cast = getattr(self.context, "cast", None) if self.context is not None else None
        driver = getattr(self.context, "driver", None) if self.context is not None else None
        if cast is not None:
            self.set_up = tuple(SetUp(state.state, state.path.value) for state in cast.set_ups)
        if cast is not None and driver is not None:
            self.people = tuple(
                Participant(person.label, address)
                for person in cast.people()
                if (address := account_address(driver, person)) is not None
            )

    def eof(self) -> None:
        """Finish the feature's last scenario."""
        self.finish()

    def close(self) -> None:
        """Write the reports."""
        self.finish()
        finished_at = datetime.now(UTC)
        userdata = self.config.userdata
        target_kind = userdata.get("target", "inprocess")
        run = Run(
            target_kind=target_kind,
            target_name=target_name(target_kind, userdata.get("profile", "")),
            profile=userdata.get("profile") or None,
            tag_selection=tuple(self.config.tags or ()),
            deviations_file=str(self.deviations.source) if self.deviations.source else None,
            unused_deviations=tuple(self.deviations.unused(self.names_run)),
            started_at=self.started_at.isoformat(timespec="seconds"),
            finished_at=finished_at.isoformat(timespec="seconds"),
            duration=round(time.monotonic() - self.started, 3),
            scenarios=tuple(masked(record) for record in self.records),
        )
        write_reports(run, self.report_dir)
        self.close_stream()

    # -- recording -----------------------------------------------------------------------------

    def finish(self) -> None:
        """Record the current scenario, if any, and print its progress line."""
        scenario, self.current = self.current, None
        if scenario is None:
            return
        record = self.record(scenario, time.monotonic() - self.current_started)
        self.records.append(record)
        self.names_run.update(filter(None, (record.name, record.outline)))
        total = "?" if self.total is None else str(self.total)
        line = f"[{len(self.records)}/{total}] {record.feature} › {record.name} … "  # noqa: RUF001
        line += f"{record.outcome.value.replace('_', ' ')} {record.duration:.2f} s"
        print(mask(line), file=self.progress, flush=True)

    def record(self, scenario: Any, duration: float) -> ScenarioRecord:
        """Return what became of one scenario (its texts still to be masked)."""
        name = scenario.name.strip()
        outline = scenario.parent if isinstance(scenario.parent, ScenarioOutline) else None
        background = list(scenario.background_steps)
        base = self.config.base_dir
        location = located(scenario, base)
        steps = tuple(
            recorded_step(step, any(step is b for b in background), located(step, base))
            for step in scenario.all_steps
        )
        failure = failure_of(scenario, steps)
        broken = broken_reason(scenario, steps)
        if failure is not None and broken is not None:
            failure = replace(failure, message=f"{broken}\n{failure.message}", reason=broken)
        tags = Tags.split(str(tag) for tag in scenario.effective_tags)
        example = example_of(scenario, outline) if outline else None
        outcome, reason = outcome_of(
            scenario.status,
            scenario.skip_reason,
            deviation=self.deviations.listing(name, outline.name if outline else None),
            failed_step=next((step for step in steps if step.error is not None), None),
            broken=broken,
            warns_only=warns_only(tags),
        )
        return ScenarioRecord(
            id=scenario_id(self.feature_name, outline.name if outline else name, example),
            feature=self.feature_name,
            name=name,
            outline=outline.name if outline else None,
            example=example,
            location=location,
            tags=tags,
            status=scenario.status.name,
            outcome=outcome,
            reason=reason,
            duration=round(duration, 3),
            steps=steps,
            failure=failure,
            artifacts=self.artifacts.new_files(self.report_dir),
            people=self.people,
            set_up=self.set_up,
        )


def account_address(driver: Any, person: Any) -> str | None:
    """Return the address of the person's account on the target; None if it has none."""
    try:
        address: str = driver.account_address(person)
    except NotApplicable:
        return None
    return address


def outcome_of(
    status: Status,
    skip_reason: str | None,
    *,
    deviation: Deviation | None = None,
    failed_step: Step | None = None,
    broken: str | None = None,
    warns_only: bool = False,
) -> tuple[Outcome, str | None]:
    """Return a scenario's outcome and the reason that goes with it.

    A failure is broken when the harness could not do its part; an expected deviation only
    at the step it is pinned to; a warning when every clause it checks is a SHOULD.
    """
    if status.has_failed():
        if broken is not None:
            return Outcome.BROKEN, broken
        if (
            deviation is not None
            and failed_step
            and deviation.pins(failed_step.keyword, failed_step.text)
        ):
            return Outcome.EXPECTED_DEVIATION, deviation.reason
        if warns_only:
            return Outcome.WARNING, "only SHOULD-level clauses are not met"
        return Outcome.FAILED, None
    if status == Status.passed:
        if deviation is None:
            return Outcome.PASSED, None
        return Outcome.UNEXPECTED_PASS, deviation.reason
    reason = skip_reason or "not run"
    if reason.startswith("not applicable"):
        return Outcome.NOT_APPLICABLE, reason
    return Outcome.SKIPPED, reason


def broken_reason(scenario: Any, steps: tuple[Step, ...]) -> str | None:
    """Return, in one sentence, why the harness could not run the scenario; None if it could."""
    error = harness_error(scenario)
    if error is not None:
        return (str(error).strip().splitlines() or [type(error).__name__])[0]
    undefined = next((step for step in steps if step.status == Status.undefined.name), None)
    if undefined is not None:
        return f"the step “{undefined.keyword} {undefined.text}” is not defined in steps/"
    if scenario.status == Status.hook_error and all(step.error is None for step in steps):
        message = (scenario.error_message or "").strip().splitlines()
        return f"a behave hook failed: {message[-1] if message else 'no message'}"
    return None


def warns_only(tags: Tags) -> bool:
    """Return whether the scenario checks requirements, and each is a SHOULD-level clause."""
    return bool(tags.requirements) and all(requirement(tag).warns_only for tag in tags.requirements)


def located(element: Any, base_dir: str) -> str:
    """Return ``file:line`` of a scenario or step, the file relative to the project."""
    path = os.path.relpath(os.path.abspath(element.filename), base_dir)
    return f"{Path(path).as_posix()}:{element.line}"


def recorded_step(step: Any, background: bool, location: str) -> Step:
    """Return one step as it ran."""
    table: tuple[tuple[str, ...], ...] = ()
    if step.table is not None:
        rows = [step.table.headings, *(row.cells for row in step.table.rows)]
        table = tuple(tuple(row) for row in rows)
    failed = step.status.has_failed()
    return Step(
        keyword=step.keyword,
        text=step.name,
        location=location,
        status=step.status.name,
        duration=round(step.duration or 0.0, 3),
        background=background,
        table=table,
        doc_string=step.text,
        error=(step.error_message or "") if failed else None,
    )


def failure_of(scenario: Any, steps: tuple[Step, ...]) -> Failure | None:
    """Return why a scenario failed: its failing step, or the hook that failed."""
    if not scenario.status.has_failed():
        return None
    for ran, step in zip(scenario.all_steps, steps, strict=True):
        if step.error is not None:
            where = f"{step.keyword} {step.text}"
            message = cause_first(step.error)
            nested = message != step.error  # the cause is in a sub-step, not this exception
            reason = one_line_reason(
                None if nested else ran.exception, message, f"undefined step: {where}"
            )
            return Failure(where, step.location, message, reason)
    message = scenario.error_message or f"the scenario ended with status {scenario.status.name}"
    exception = getattr(scenario, "exception", None)
    return Failure(None, None, message, one_line_reason(exception, message, message))


def one_line_reason(exception: BaseException | None, message: str, fallback: str) -> str:
    """Return in one line why it failed: the exception's first line, else the message's."""
    if exception is not None:
        first = (str(exception).strip().splitlines() or [""])[0]
        if isinstance(exception, AssertionError):
            return first or "an assertion failed"
        return f"{type(exception).__name__}: {first}" if first else type(exception).__name__
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if lines and lines[0].startswith("Traceback"):
        return lines[-1]
    return lines[0] if lines else fallback


def scenario_id(feature: str, scenario: str, example: Example | None) -> str:
    """Return an id that survives editing the file: feature, scenario and Examples row names.

    ``login/a-wrong-code-is-refused``; an outline's row adds its values:
    ``login/at-login-codes-inside-the-drift-window…/the-current-time-step+she-sees-her-dashboard``.
    """
    parts = [slug(feature), slug(scenario)]
    if example is not None:
        parts.append("+".join(slug(value) or "empty" for _, value in example.values))
    return "/".join(parts)


def slug(text: str) -> str:
    """Return ``text`` in lower case, each run of characters other than letters and digits a -."""
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-")


def cause_first(message: str) -> str:
    """Return a failure message whose first line is what went wrong, also in a nested step.

    behave writes a nested step's failure as "FAILED SUB-STEP: …" then one "Substep info: …"
    line per level: the innermost one, the cause, is put first.
    """
    lines = message.splitlines()
    if not lines or SUB_STEP_FAILED not in lines[0]:
        return message
    chain = list(takewhile(lambda line: line.startswith(SUB_STEP_INFO), lines[1:]))
    if not chain:
        return message
    cause = chain[-1].removeprefix(SUB_STEP_INFO).removeprefix(ASSERTION_FAILED)
    return f"{cause}\n{message}"


def masked(record: ScenarioRecord) -> ScenarioRecord:
    """Return the record with every text that could hold a secret masked."""
    steps = tuple(
        replace(
            step,
            text=mask(step.text),
            table=tuple(tuple(mask(cell) for cell in row) for row in step.table),
            doc_string=_mask_optional(step.doc_string),
            error=_mask_optional(step.error),
        )
        for step in record.steps
    )
    failure = record.failure
    if failure is not None:
        failure = replace(
            failure,
            step=_mask_optional(failure.step),
            message=mask(failure.message),
            reason=mask(failure.reason),
        )
    return replace(
        record,
        feature=mask(record.feature),
        name=mask(record.name),
        outline=_mask_optional(record.outline),
        example=_masked_example(record.example),
        reason=_mask_optional(record.reason),
        steps=steps,
        failure=failure,
        set_up=tuple(replace(state, state=mask(state.state)) for state in record.set_up),
    )


def _mask_optional(text: str | None) -> str | None:
    return None if text is None else mask(text)


def _masked_example(example: Example | None) -> Example | None:
    if example is None:
        return None
    return replace(example, values=tuple((key, mask(value)) for key, value in example.values))


def example_of(scenario: Any, outline: Any) -> Example | None:
    """Return the Examples row an outline's scenario was made from (the row on its line)."""
    for examples in outline.examples:
        for row in examples.table.rows:
            if row.line == scenario.line:
                return Example(
                    row.id, examples.name, tuple(zip(row.headings, row.cells, strict=True))
                )
    return None


def count_selected(config: Any) -> int | None:
    """Return how many scenarios the run's paths, tags and names select, or None if unknown."""
    try:
        locations = [
            location
            for location in collect_feature_locations(config.paths)
            if not config.exclude(location)
        ]
        features = parse_features(locations, language=config.lang)
    except Exception:  # the runner itself reports unreadable features
        return None
    return sum(
        1
        for feature in features
        for scenario in feature.walk_scenarios()
        if scenario.should_run(config)
    )


def target_name(kind: str, profile: str) -> str:
    """Return the name the profile gives the target, or a description of the in-process one."""
    if kind == "inprocess":
        return IN_PROCESS_NAME
    if not profile:
        from mfaspec.drivers.browser_target import DEFAULT_PROFILE  # only now: loads Playwright

        profile = str(DEFAULT_PROFILE)
    try:
        return mask(load_profile(profile).target.name)
    except ProfileError:
        return profile
