"""Merge the reports of parts of one run (shards, workers) into the report of the whole run.

The scenarios come in the order a serial run has them (feature file, then line), so a merged
report reads as a serial run's; each part's evidence is copied under ``artifacts/<part>/``.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from mfaspec.report.load import ReportError, load_run
from mfaspec.report.model import Artifact, Run, ScenarioRecord
from mfaspec.report.writers import JSON_REPORT, write_reports

ARTIFACTS = "artifacts"


def serial_order(scenario: ScenarioRecord) -> tuple[str, int]:
    """Return where a serial run has the scenario: its feature file, then its line."""
    path, _, line = scenario.location.rpartition(":")
    return path, int(line) if line.isdigit() else 0


def merge_runs(runs: list[Run], *, duration: float | None = None) -> Run:
    """Return one run of every part's scenarios; the parts must be of the same run.

    Without ``duration`` (the parts ran side by side, elsewhere), the longest part's is taken.
    """
    if not runs:
        raise ReportError("no report to merge")
    first = runs[0]
    for run in runs[1:]:
        ours = (first.target_kind, first.target_name, first.profile, first.tag_selection)
        theirs = (run.target_kind, run.target_name, run.profile, run.tag_selection)
        if ours != theirs:
            raise ReportError(
                "the reports are not of the same run: "
                f"{first.target_name!r} with tags {list(first.tag_selection)}, "
                f"{run.target_name!r} with {list(run.tag_selection)}"
            )
    seen: set[str] = set()
    for scenario in (scenario for run in runs for scenario in run.scenarios):
        if scenario.id in seen:
            raise ReportError(f"the scenario {scenario.id} is in more than one report")
        seen.add(scenario.id)
    unused = [
        name for name in first.unused_deviations if all(name in r.unused_deviations for r in runs)
    ]
    return replace(
        first,
        unused_deviations=tuple(unused),
        started_at=min(run.started_at for run in runs),
        finished_at=max(run.finished_at for run in runs),
        duration=round(max(run.duration for run in runs) if duration is None else duration, 3),
        scenarios=tuple(
            sorted((s for run in runs for s in run.scenarios), key=serial_order),
        ),
    )


def with_evidence_copied(run: Run, part_dir: Path, label: str, report_dir: Path) -> Run:
    """Copy a part's evidence under the report directory; return the run with paths rewritten."""
    moved = []
    for scenario in run.scenarios:
        artifacts = []
        for artifact in scenario.artifacts:
            source = part_dir / artifact.path
            destination = report_dir / ARTIFACTS / label / Path(artifact.path).name
            if source.is_file():
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)
                path = destination.relative_to(report_dir).as_posix()
                artifacts.append(Artifact(artifact.kind, path))
            else:  # not beside the report (a file URI): it stays where it is
                artifacts.append(artifact)
        moved.append(replace(scenario, artifacts=tuple(artifacts)))
    return replace(run, scenarios=tuple(moved))


def merge_reports(part_dirs: list[Path], report_dir: Path, *, duration: float | None = None) -> Run:
    """Merge the reports in ``part_dirs`` into the three reports of ``report_dir``.

    Every part is read and checked before anything is written.
    """
    if any(d.resolve() == report_dir.resolve() for d in part_dirs):
        raise ReportError(f"{report_dir}: write the merged report outside the parts' directories")
    runs = [load_run(d / JSON_REPORT) for d in part_dirs]
    merge_runs(runs, duration=duration)
    copied = [
        with_evidence_copied(run, d, f"part-{number}", report_dir)
        for number, (run, d) in enumerate(zip(runs, part_dirs, strict=True), start=1)
    ]
    merged = merge_runs(copied, duration=duration)
    write_reports(merged, report_dir)
    return merged
