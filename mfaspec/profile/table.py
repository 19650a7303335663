"""Reading one table of a profile, every problem recorded with its key and line."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Collection, Mapping
from typing import Any

from mfaspec.profile.keys import Spec
from mfaspec.profile.lines import Problems, dotted
from mfaspec.profile.locators import (
    PLACEHOLDERS,
    AnyOf,
    KeyPath,
    Locator,
    LocatorKind,
    Step,
    StepAction,
    aria_roles,
    placeholders,
)

# -- reading one table -----------------------------------------------------------------------------


class Table:
    """One table of the profile being read; every reading reports its own problems."""

    def __init__(
        self, problems: Problems, path: KeyPath, value: object, allowed: Collection[str]
    ) -> None:
        self.problems = problems
        self.path = path
        self.values: dict[str, Any] = {}
        if isinstance(value, dict):
            self.values = value
        elif value is not None:
            problems.add(path, "must be a table")
        for key in self.values:
            if key not in allowed:
                self.problem(key, f"unknown key; expected one of {', '.join(sorted(allowed))}")

    def problem(self, key: str | int, message: str) -> None:
        self.problems.add((*self.path, key), message)

    def has(self, key: str) -> bool:
        return key in self.values

    def table(self, key: str, allowed: Collection[str]) -> Table:
        return Table(self.problems, (*self.path, key), self.values.get(key), allowed)

    def tables(self, key: str, allowed: Collection[str]) -> list[Table]:
        """Return the tables of an array of tables (``[[key]]``)."""
        value = self.values.get(key, [])
        if not isinstance(value, list):
            self.problem(key, f"must be an array of tables ([[{dotted((*self.path, key))}]])")
            return []
        path = (*self.path, key)
        return [Table(self.problems, (*path, n), item, allowed) for n, item in enumerate(value)]

    def string(self, key: str, default: str | None = None) -> str:
        value = self.values.get(key, default)
        if value is None:
            self.problem(key, "missing")
            return ""
        if not isinstance(value, str) or (not value and default is None):
            self.problem(key, "must be a non-empty string")
            return ""
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.values.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, "must be true or false")
            return default
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        """Return an array of strings; left out, none."""
        value = self.values.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(key, "must be a list of strings")
            return ()
        return tuple(value)

    def number(self, key: str, default: float, least: float) -> float:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < least:
            self.problem(key, f"must be a number no less than {least}")
            return default
        return float(value)

    def choice(self, key: str, choices: list[str]) -> str | None:
        """Return the value if it is one of ``choices``; otherwise report it and return None."""
        value = self.string(key)
        if value and value not in choices:
            self.problem(key, f"{value!r} is not one of {', '.join(choices)}")
        return value if value in choices else None

    def url(self, key: str) -> str:
        value = self.string(key)
        parts = urllib.parse.urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.problem(key, f"{value!r} is not an http(s) URL")
        elif parts.query or parts.fragment:
            self.problem(key, f"{value!r} must have no query and no fragment")
        return value.rstrip("/")

    def page(self, key: str) -> str:
        """Return a path on the target, such as ``/login``."""
        value = self.string(key)
        if value and not value.startswith("/"):
            self.problem(key, f"{value!r} is not a path starting with '/'")
        return value

    def endpoint(self, key: str) -> str:
        """Return a hook address: a path on the target or a full http(s) URL."""
        return self.url(key) if "://" in str(self.values.get(key, "")) else self.page(key)

    def pattern(self, key: str) -> re.Pattern[str] | None:
        value = self.string(key)
        try:
            return re.compile(value)
        except re.error as error:
            self.problem(key, f"not a valid regular expression: {error}")
            return None

    def find(self, key: str | int, value: object) -> AnyOf:
        """Return a locator, or an array of locators any of which may match."""
        if isinstance(value, list) and value:
            return tuple(self.locator(key, item) for item in value)
        return (self.locator(key, value),)

    def locator(self, key: str | int, value: object) -> Locator:
        one_of = ", ".join(kind.value for kind in LocatorKind)
        fallback = Locator(LocatorKind.CSS, "html")
        if not isinstance(value, dict):
            self.problem(key, 'must be a locator, an inline table such as { label = "E-mail" }')
            return fallback
        unknown = sorted(set(value) - {kind.value for kind in LocatorKind} - {"name", "exact"})
        kinds = [kind for kind in LocatorKind if kind.value in value]
        if unknown or len(kinds) != 1:
            wrong = f"unknown locator key {unknown[0]!r}; " if unknown else ""
            self.problem(key, f"{wrong}a locator has exactly one of {one_of}")
            return fallback
        kind = kinds[0]
        text, name, exact = value[kind.value], value.get("name"), value.get("exact", False)
        if not isinstance(text, str) or not text:
            self.problem(key, f"{kind.value} must be a non-empty string")
        elif kind is LocatorKind.ROLE and text not in aria_roles():
            self.problem(key, f"{text!r} is not an ARIA role")
        elif name is not None and (kind is not LocatorKind.ROLE or not isinstance(name, str)):
            self.problem(key, "name (a string) goes only with role")
        elif not isinstance(exact, bool) or (
            exact and kind in (LocatorKind.TEST_ID, LocatorKind.CSS)
        ):
            self.problem(key, "exact (true or false) goes only with role, label, text, placeholder")
        else:
            return Locator(kind, text, name, exact, self.origin(key))
        return fallback

    def origin(self, key: str | int) -> str:
        """Return where the profile states a key: ``locators.enable (profile.toml:57)``."""
        path = (*self.path, key)
        line = self.problems.lines.get(path)
        return f"{dotted(path)} ({self.problems.source}:{line})" if line else dotted(path)

    def locators(
        self, specs: Mapping[str, Spec], offered: frozenset[str], *, partial: bool
    ) -> dict[str, AnyOf]:
        """Return the locators of this table; unless ``partial``, report the required missing."""
        found = {key: self.find(key, value) for key, value in self.values.items() if key in specs}
        for key, spec in specs.items():
            if not partial and key not in found and spec.required(offered):
                self.problem(key, f"missing: the locator of {spec.meaning}")
        return found

    def steps(self, key: str) -> tuple[Step, ...]:
        value = self.values.get(key)
        if not isinstance(value, list):
            self.problem(key, 'missing: an array of steps such as [{ click = { text = "OK" } }]')
            return ()
        steps = Table(self.problems, (*self.path, key), {}, ())
        return tuple(steps.step(index, item) for index, item in enumerate(value))

    def step(self, key: str | int, value: object) -> Step:
        actions = [a for a in StepAction if isinstance(value, dict) and a.value in value]
        if not isinstance(value, dict) or len(actions) != 1:
            self.problem(key, "a step has exactly one of goto, click, fill")
            return Step(StepAction.GOTO, value="/")
        action = actions[0]
        step = Table(self.problems, (*self.path, key), value, {action.value, "value"})
        if action is StepAction.GOTO:
            return Step(action, value=step.page("goto"))
        locator = step.find(action.value, value[action.value])
        if action is StepAction.CLICK:
            return Step(action, locator)
        text = step.string("value")
        if not placeholders(text) <= PLACEHOLDERS:
            step.problem(
                "value", "unknown placeholder; use {email}, {username}, {name} or {password}"
            )
        return Step(action, locator, text)
