"""Locators and steps as a profile writes them, and the error a bad profile raises."""

from __future__ import annotations

import string
import typing
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

KeyPath = tuple[str | int, ...]
EMBEDDED = "embedded"
PLACEHOLDERS = frozenset({"email", "username", "name", "password"})


class ProfileError(ValueError):
    """A profile that cannot be used; each problem names the file, the line and the key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# -- locators and steps ------------------------------------------------------------------------


class LocatorKind(StrEnum):
    """How a locator finds an element; the names follow Playwright's ``get_by_*`` methods."""

    ROLE = "role"
    LABEL = "label"
    TEXT = "text"
    TEST_ID = "test_id"
    PLACEHOLDER = "placeholder"
    CSS = "css"


@cache
def aria_roles() -> frozenset[str]:
    """Return the ARIA roles Playwright's ``get_by_role`` accepts."""
    from playwright.sync_api import Page

    return frozenset(typing.get_args(typing.get_type_hints(Page.get_by_role)["role"]))


@dataclass(frozen=True)
class Locator:
    """One way to find one element: a role (and accessible name), a label, a text, …"""

    kind: LocatorKind
    value: str
    name: str | None = None
    exact: bool = False
    origin: str = field(default="", compare=False)  # "locators.enable (profile.toml:57)"

    def to_toml(self) -> str:
        """Return the locator as a TOML inline table."""
        parts = [f"{self.kind.value} = {toml_string(self.value)}"]
        if self.name is not None:
            parts.append(f"name = {toml_string(self.name)}")
        if self.exact:
            parts.append("exact = true")
        return "{ " + ", ".join(parts) + " }"


AnyOf = tuple[Locator, ...]
"""A profile value: one locator, or an array of them of which any may match."""


class StepAction(StrEnum):
    """What one step of a described flow does."""

    GOTO = "goto"
    CLICK = "click"
    FILL = "fill"


@dataclass(frozen=True)
class Step:
    """One step of a flow the profile describes (SSO, sign-up, a banner to dismiss)."""

    action: StepAction
    locator: AnyOf = ()
    value: str = ""


@dataclass(frozen=True)
class OptionalSteps:
    """Steps run whenever ``when`` shows after a page load, a click or a step (a banner, a
    "confirm your password" page); ``{password}`` is the password of who last logged in."""

    when: AnyOf
    steps: tuple[Step, ...]


class Flow(StrEnum):
    """An action the profile may describe as steps instead of one click."""

    LOG_OUT = "log_out"
    ENABLE = "enable"
    DISABLE = "disable"
    SHOW_BACKUP_CODES = "show_backup_codes"
    USE_BACKUP_CODE = "use_backup_code"


def placeholders(text: str) -> set[str]:
    """Return the ``{names}`` in a text; a stray brace counts as an unknown placeholder."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}


def toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
