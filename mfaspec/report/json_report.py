"""conformance.json: the run as data, in the schema docs/report.md documents."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import mfaspec
from mfaspec.policy import CHOICES
from mfaspec.report.documented import DOCUMENTED_STEPS
from mfaspec.report.model import Coverage, Run, ScenarioRecord
from mfaspec.report.requirements import requirement

SCHEMA = "mfaspec-conformance"
SCHEMA_VERSION = 4


def conformance(run: Run) -> dict[str, Any]:
    """Return the whole report as JSON-ready data."""
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "run": {
            "mfaspec_version": mfaspec.__version__,
            "target": {"kind": run.target_kind, "name": run.target_name, "profile": run.profile},
            "tag_selection": list(run.tag_selection),
            "expected_deviations": {
                "file": run.deviations_file,
                "unused": list(run.unused_deviations),
            },
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "duration_s": run.duration,
            "scenario_time_s": round(sum(s.duration for s in run.scenarios), 3),
            "counts": run.counts.as_dict(),
        },
        "documented_steps": [_documented_step(item) for item in run.documented_steps],
        "requirements": [_requirement(item) for item in run.requirements],
        "policy": [_choice(item) for item in run.policy],
        "scenarios": [_scenario(scenario) for scenario in run.scenarios],
    }


def _coverage(item: Coverage) -> dict[str, Any]:
    return {"outcome": item.verdict.value, "counts": item.counts, "scenarios": list(item.scenarios)}


def _documented_step(item: Coverage) -> dict[str, Any]:
    step = DOCUMENTED_STEPS[item.id]
    article = asdict(step.article)
    return {"id": item.id, "article": article, "text": step.text, **_coverage(item)}


def _choice(item: Coverage) -> dict[str, Any]:
    return {"id": item.id, "meaning": CHOICES.get(item.id, ""), **_coverage(item)}


def _requirement(item: Coverage) -> dict[str, Any]:
    cited = requirement(item.id)
    clause = cited.clause
    return {
        "id": item.id,
        "standard": cited.standard,
        "section": cited.section,
        "title": clause.title if clause else None,
        "strength": clause.strength.value if clause else None,
        "url": clause.url if clause else None,
        **_coverage(item),
    }


def _scenario(scenario: ScenarioRecord) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "feature": scenario.feature,
        "name": scenario.name,
        "outline": scenario.outline,
        "example": {
            "id": scenario.example.id,
            "table": scenario.example.table,
            "values": dict(scenario.example.values),
        }
        if scenario.example
        else None,
        "location": scenario.location,
        "tags": {
            "documented_steps": list(scenario.tags.documented_steps),
            "requirements": list(scenario.tags.requirements),
            "policy": list(scenario.tags.policy),
            "needs": list(scenario.tags.needs),
            "other": list(scenario.tags.other),
        },
        "status": scenario.status,
        "outcome": scenario.outcome.value,
        "reason": scenario.reason,
        "duration_s": scenario.duration,
        "steps": [
            {
                "keyword": step.keyword,
                "text": step.text,
                "location": step.location,
                "background": step.background,
                "status": step.status,
                "duration_s": step.duration,
                "table": [list(row) for row in step.table] or None,
                "doc_string": step.doc_string,
                "error": step.error,
            }
            for step in scenario.steps
        ],
        "failure": asdict(scenario.failure) if scenario.failure else None,
        "artifacts": [asdict(artifact) for artifact in scenario.artifacts],
        "people": [asdict(person) for person in scenario.people],
        "set_up": [asdict(state) for state in scenario.set_up],
    }
