"""The evidence a target saves for a failed scenario, scrubbed of secrets and listed.

A target given ``-D artifacts=DIR`` saves a failed scenario's evidence (a screenshot, a
Playwright trace) anywhere under DIR when the scenario ends. Scenarios run one after the other,
so the files written since the previous scenario ended are this scenario's; no naming has to
be agreed with the target.
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
    """Finds the evidence files written under a directory since it last looked.

    A file counts as written when it is new or its size or modification time changed: a
    target may reuse a name from an earlier run.
    """

    def __init__(self, base: Path) -> None:
        self.base = base
        self.seen = self._stamps()

    def _stamps(self) -> dict[Path, tuple[int, int]]:
        if not self.base.is_dir():
            return {}
        files = sorted(path for path in self.base.rglob("*") if path.is_file())
        return {path: (path.stat().st_mtime_ns, path.stat().st_size) for path in files}

    def new_files(self, report_dir: Path) -> tuple[Artifact, ...]:
        """Scrub the files written since the last call; list them relative to the report."""
        written = [path for path, stamp in self._stamps().items() if self.seen.get(path) != stamp]
        for path in written:
            scrub_file(path)
        self.seen = self._stamps()
        return tuple(Artifact(kind_of(path), relative(path, report_dir)) for path in written)


def relative(path: Path, start: Path) -> str:
    """Return ``path`` relative to ``start`` (as a link in a report there), else as a file URI."""
    try:
        return path.resolve().relative_to(start.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_uri()
