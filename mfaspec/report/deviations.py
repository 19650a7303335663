"""Expected deviations: scenarios a target is known to fail, each with the reason.

As in the OpenID Foundation's conformance suite, a vendor lists the failures it knows of and
has accepted, so that a run shows what is new. The file is TOML::

    [deviations]
    "A backup code works only once" = "Backup codes are reusable until ticket SEC-42 ships"

A name is a scenario's name, or a Scenario Outline's name to cover all its examples.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from mfaspec.profile import dotted, key_lines

TABLE = "deviations"


class DeviationsError(ValueError):
    """An expected-deviations file that cannot be used; the message names file, line and key."""


@dataclass(frozen=True)
class Deviations:
    """Scenario name → why the target is expected to fail it."""

    source: Path | None
    reasons: dict[str, str]

    def reason_for(self, name: str, outline: str | None) -> str | None:
        """Return the reason a scenario (or its outline) is listed, or None."""
        listed = self.reasons.get(name)
        if listed is None and outline is not None:
            listed = self.reasons.get(outline)
        return listed

    def unused(self, names: set[str]) -> list[str]:
        """Return the listed names that match none of ``names`` (scenarios and outlines run)."""
        return [name for name in self.reasons if name not in names]


NONE = Deviations(None, {})


def load_deviations(path: str | Path) -> Deviations:
    """Read and check an expected-deviations file."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise DeviationsError(f"{source}: cannot read the file: {error.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DeviationsError(f"{source}: not valid TOML: {error}") from None
    lines = key_lines(text)
    problems = [
        f"{source}:{lines.get((key,), 1)}: {dotted((key,))}: unknown key; expected [{TABLE}]"
        for key in data
        if key != TABLE
    ]
    table = data.get(TABLE, {})
    if not isinstance(table, dict):
        problems.append(f"{source}:{lines.get((TABLE,), 1)}: {TABLE}: must be a table")
        table = {}
    for name, reason in table.items():
        if not isinstance(reason, str) or not reason.strip():
            where = lines.get((TABLE, name), lines.get((TABLE,), 1))
            problems.append(
                f"{source}:{where}: {dotted((TABLE, name))}: must be a non-empty string: the reason"
            )
    if problems:
        raise DeviationsError("\n".join(problems))
    return Deviations(source, dict(table))
