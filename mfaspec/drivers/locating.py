"""Profile locators turned into Playwright locators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playwright.sync_api import Frame, Page
from playwright.sync_api import Locator as PageLocator

from mfaspec.profile.locators import (
    AnyOf,
    Locator,
    LocatorKind,
)


def page_locator(
    scope: Page | Frame | PageLocator, locator: Locator, values: Mapping[str, str]
) -> PageLocator:
    """Turn one profile locator into a Playwright locator within ``scope``."""
    value = locator.value.format_map(values) if values else locator.value
    if locator.kind is LocatorKind.ROLE:
        role: Any = value
        name = locator.name.format_map(values) if locator.name and values else locator.name
        return scope.get_by_role(role, name=name, exact=locator.exact if name else None)
    if locator.kind is LocatorKind.LABEL:
        return scope.get_by_label(value, exact=locator.exact)
    if locator.kind is LocatorKind.TEXT:
        return scope.get_by_text(value, exact=locator.exact)
    if locator.kind is LocatorKind.PLACEHOLDER:
        return scope.get_by_placeholder(value, exact=locator.exact)
    if locator.kind is LocatorKind.TEST_ID:
        return scope.get_by_test_id(value)
    return scope.locator(value)


def find(
    where: Page | Frame | PageLocator, alternatives: AnyOf, values: Mapping[str, str] | None = None
) -> PageLocator:
    """Return a Playwright locator for a profile value: any of its alternatives, visible first."""
    found = find_every(where, alternatives, values)
    return found.filter(visible=True).first if len(alternatives) > 1 else found


def find_every(
    where: Page | Frame | PageLocator, alternatives: AnyOf, values: Mapping[str, str] | None = None
) -> PageLocator:
    """Return a Playwright locator for every element any of the alternatives matches."""
    found = page_locator(where, alternatives[0], values or {})
    for alternative in alternatives[1:]:
        found = found.or_(page_locator(where, alternative, values or {}))
    return found


def backup_code_form(controls: Mapping[str, AnyOf]) -> tuple[AnyOf, AnyOf]:
    """Return the backup-code field and its button: the code's own where none is located."""
    return (
        controls.get("backup_code_field", controls["code_field"]),
        controls.get("backup_code_submit", controls["code_submit"]),
    )
