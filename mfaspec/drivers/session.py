"""The session cookie(s) a browser context holds: a digest of them, and a copy set aside."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext


class SessionCookies:
    """The cookies of the target's session (all the target's, when the profile names none)."""

    def __init__(self, context: BrowserContext, base_url: str, name: str) -> None:
        self.context = context
        self.base_url = base_url
        self.name = name
        self._kept: list[Any] = []

    def held(self) -> list[Any]:
        """Return the session cookie(s) the browser holds now."""
        cookies = self.context.cookies(self.base_url)
        return [cookie for cookie in cookies if not self.name or cookie["name"] == self.name]

    def fingerprint(self) -> str:
        """Return a digest of the session cookie(s) the browser holds."""
        held = sorted(f"{cookie['name']}={cookie['value']}" for cookie in self.held())
        return hashlib.sha256("\n".join(held).encode()).hexdigest()[:16]

    def keep_copy(self) -> None:
        """Copy the session cookie(s) aside."""
        self._kept = self.held()

    def restore_copy(self) -> None:
        """Replace the browser's cookies by the copy."""
        self.context.clear_cookies()
        self.context.add_cookies(self._kept)

    def plant(self, cookies: Sequence[Mapping[str, Any]]) -> None:
        """Give the browser cookies a hook answered, for the target's host unless they name one."""
        host = urlsplit(self.base_url).hostname or ""
        planted: list[Any] = [{"domain": host, "path": "/", **cookie} for cookie in cookies]
        self.context.add_cookies(planted)
