"""Read a conformance.json back into the run it describes, to merge reports of parts of a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mfaspec.report.json_report import SCHEMA, SCHEMA_VERSION
from mfaspec.report.model import (
    Artifact,
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


class ReportError(Exception):
    """A file is not a conformance report this version can read; the message says which."""


def load_run(path: Path) -> Run:
    """Return the run a conformance.json records."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ReportError(f"{path}: not a readable JSON file ({error})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ReportError(f"{path}: not an mfaspec conformance report")
    if data.get("schema_version") != SCHEMA_VERSION:
        version = data.get("schema_version")
        raise ReportError(f"{path}: schema version {version}, this mfaspec reads {SCHEMA_VERSION}")
    try:
        return _run(data)
    except (KeyError, TypeError, ValueError) as error:
        raise ReportError(f"{path}: a field is missing or malformed ({error!r})") from None


def _run(data: dict[str, Any]) -> Run:
    run = data["run"]
    return Run(
        target_kind=run["target"]["kind"],
        target_name=run["target"]["name"],
        profile=run["target"]["profile"],
        tag_selection=tuple(run["tag_selection"]),
        deviations_file=run["expected_deviations"]["file"],
        unused_deviations=tuple(run["expected_deviations"]["unused"]),
        started_at=run["started_at"],
        finished_at=run["finished_at"],
        duration=float(run["duration_s"]),
        scenarios=tuple(_scenario(scenario) for scenario in data["scenarios"]),
    )


def _scenario(data: dict[str, Any]) -> ScenarioRecord:
    example = data["example"]
    tags = data["tags"]
    failure = data["failure"]
    return ScenarioRecord(
        id=data["id"],
        feature=data["feature"],
        name=data["name"],
        outline=data["outline"],
        example=Example(example["id"], example["table"], tuple(example["values"].items()))
        if example
        else None,
        location=data["location"],
        tags=Tags(
            tuple(tags["documented_steps"]),
            tuple(tags["requirements"]),
            tuple(tags["needs"]),
            tuple(tags["other"]),
            tuple(tags.get("policy", [])),
        ),
        status=data["status"],
        outcome=Outcome(data["outcome"]),
        reason=data["reason"],
        duration=float(data["duration_s"]),
        steps=tuple(_step(step) for step in data["steps"]),
        failure=Failure(**failure) if failure else None,
        artifacts=tuple(Artifact(**artifact) for artifact in data["artifacts"]),
        people=tuple(Participant(**person) for person in data["people"]),
        set_up=tuple(SetUp(**state) for state in data.get("set_up", [])),
    )


def _step(data: dict[str, Any]) -> Step:
    return Step(
        keyword=data["keyword"],
        text=data["text"],
        location=data["location"],
        status=data["status"],
        duration=float(data["duration_s"]),
        background=data["background"],
        table=tuple(tuple(row) for row in data["table"] or ()),
        doc_string=data["doc_string"],
        error=data["error"],
    )
