"""Expected deviations: scenarios a target is known to fail, each with the reason.

As in the OpenID Foundation's conformance suite, a vendor lists the failures it knows of and
has accepted, so that a run shows what is new. Each is pinned to the step that fails: a listed
scenario failing at another step is a failure. The file is TOML::

    [deviations]
    "A backup code works only once" = { step = "the code is refused", reason = "SEC-42" }

A name is a scenario's name, or a Scenario Outline's name to cover all its examples; the step
is the failing step's text, with or without its keyword.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mfaspec.profile.lines import dotted, key_lines

TABLE = "deviations"
EXAMPLE = '{ step = "the code is refused", reason = "SEC-42" }'


class DeviationsError(ValueError):
    """An expected-deviations file that cannot be used; the message names file, line and key."""


@dataclass(frozen=True)
class Deviation:
    """A failure the vendor expects: the step it fails at, and why."""

    step: str
    reason: str

    def pins(self, keyword: str, text: str) -> bool:
        """Return whether this is the step listed (its text, with or without the keyword)."""
        return self.step.strip() in (text.strip(), f"{keyword.strip()} {text.strip()}")


@dataclass(frozen=True)
class Deviations:
    """Scenario name → the step the target is expected to fail it at, and why."""

    source: Path | None
    listed: dict[str, Deviation]

    def listing(self, name: str, outline: str | None) -> Deviation | None:
        """Return the listing of a scenario (or of its outline), or None."""
        listed = self.listed.get(name)
        if listed is None and outline is not None:
            listed = self.listed.get(outline)
        return listed

    def unused(self, names: set[str]) -> list[str]:
        """Return the listed names that match none of ``names`` (scenarios and outlines run)."""
        return [name for name in self.listed if name not in names]


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
    listed: dict[str, Deviation] = {}
    for name, value in table.items():
        deviation = _deviation(value)
        if deviation is None:
            where = lines.get((TABLE, name), lines.get((TABLE,), 1))
            problems.append(
                f"{source}:{where}: {dotted((TABLE, name))}: must be {EXAMPLE}:"
                " the failing step's text and the reason, both non-empty"
            )
        else:
            listed[name] = deviation
    if problems:
        raise DeviationsError("\n".join(problems))
    return Deviations(source, listed)


def _deviation(value: Any) -> Deviation | None:
    """Return the deviation a value states, or None when it is not ``{ step, reason }``."""
    if not isinstance(value, dict) or set(value) != {"step", "reason"}:
        return None
    step, reason = value["step"], value["reason"]
    if not all(isinstance(text, str) and text.strip() for text in (step, reason)):
        return None
    return Deviation(step, reason)
