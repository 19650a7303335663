"""Where a key stands in the profile's text, for problems reported with their line."""

from __future__ import annotations

import re
from pathlib import Path

from mfaspec.profile.locators import KeyPath, toml_string

# -- finding the line of a key ---------------------------------------------------------------------

_PART = r"(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")


def _split_dotted(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in re.findall(_PART, dotted))


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map each table header and key of a TOML text to its 1-based line number."""
    lines: dict[KeyPath, int] = {}
    table: KeyPath = ()
    array_lengths: dict[KeyPath, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        key = _KEY.match(line)
        if header:
            table = _split_dotted(header.group(2))
            if header.group(1) == "[[":
                array_lengths[table] = array_lengths.get(table, 0) + 1
                table = (*table, array_lengths[table] - 1)
            lines.setdefault(table, number)
        elif key:
            lines.setdefault((*table, *_split_dotted(key.group(1))), number)
    return lines


def dotted(path: KeyPath) -> str:
    """Write a key path the way TOML would: ``accounts.listed[0].email``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            bare = re.fullmatch(r"[A-Za-z0-9_-]+", part)
            text += ("." if text else "") + (part if bare else toml_string(part))
    return text


class Problems:
    """The problems found so far, each placed on the line of its key."""

    def __init__(self, source: Path, text: str) -> None:
        self.source = source
        self.lines = key_lines(text)
        self.found: list[str] = []

    def add(self, path: KeyPath, message: str) -> None:
        known = (self.lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in self.lines)
        line = next(known, None)
        where = f"{self.source}:{line}" if line is not None else f"{self.source}"
        self.found.append(f"{where}: {dotted(path)}: {message}")
