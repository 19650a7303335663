"""The evidence a target saves for a failed scenario, scrubbed of secrets and listed.

A target given ``-D artifacts=DIR`` saves a failed scenario's evidence (a screenshot, a
Playwright trace) anywhere under DIR when the scenario ends. Scenarios run one after the other,
so the files that appeared since the previous scenario ended are this scenario's; no naming
has to be agreed with the target.
"""

from __future__ import annotations

from pathlib import Path

from mfaspec.report.model import Artifact
from mfaspec.report.scrub import PICTURE_SUFFIXES, scrub_file


def kind_of(path: Path) -> str:
    """Name what an evidence file is: a screenshot, a trace, or another file."""
    if path.suffix.lower() in PICTURE_SUFFIXES:
        return "screenshot"
    if path.suffix.lower() == ".zip":
        return "trace"
    return "file"


class ArtifactWatch:
    """Finds the evidence files that appeared under a directory since it last looked."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.seen = set(self._files())

    def _files(self) -> list[Path]:
        if not self.base.is_dir():
            return []
        return sorted(path for path in self.base.rglob("*") if path.is_file())

    def new_files(self, report_dir: Path) -> tuple[Artifact, ...]:
        """Scrub the files new since the last call; list them relative to the report directory."""
        new = [path for path in self._files() if path not in self.seen]
        self.seen.update(new)
        for path in new:
            scrub_file(path)
        return tuple(Artifact(kind_of(path), relative(path, report_dir)) for path in new)


def relative(path: Path, start: Path) -> str:
    """Return ``path`` relative to ``start`` (as a link in a report there), else as a file URI."""
    try:
        return path.resolve().relative_to(start.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()
