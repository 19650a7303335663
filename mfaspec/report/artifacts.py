"""Where a target keeps a scenario's evidence, and how a report lists it.

A target given ``-D artifacts=DIR`` saves the evidence of a failed scenario (a screenshot, a
Playwright trace) under ``artifact_dir(DIR, scenario.name)``; the report scrubs those files of
secrets and links them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from mfaspec.report.model import Artifact
from mfaspec.report.scrub import PICTURE_SUFFIXES, scrub_file

SLUG_LENGTH = 60


def artifact_dir(base: str | Path, scenario_name: str) -> Path:
    """Return the directory for one scenario's evidence: a readable slug and a short hash.

    The hash keeps apart names the slug would merge (outline rows, long names cut short).
    """
    slug = re.sub(r"[^a-z0-9]+", "-", scenario_name.lower()).strip("-")[:SLUG_LENGTH].strip("-")
    digest = hashlib.sha256(scenario_name.encode("utf-8")).hexdigest()[:8]
    return Path(base) / f"{slug or 'scenario'}-{digest}"


def kind_of(path: Path) -> str:
    """Name what an evidence file is: a screenshot, a trace, or another file."""
    if path.suffix.lower() in PICTURE_SUFFIXES:
        return "screenshot"
    if path.suffix.lower() == ".zip":
        return "trace"
    return "file"


def collect_artifacts(base: Path, scenario_name: str, report_dir: Path) -> tuple[Artifact, ...]:
    """Scrub the scenario's evidence files of secrets and list them relative to the report."""
    directory = artifact_dir(base, scenario_name)
    if not directory.is_dir():
        return ()
    found = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        scrub_file(path)
        found.append(Artifact(kind_of(path), _relative(path, report_dir)))
    return tuple(found)


def _relative(path: Path, start: Path) -> str:
    try:
        return path.resolve().relative_to(start.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()
