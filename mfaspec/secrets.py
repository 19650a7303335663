"""Every secret a run handles, so that reports and logs can mask them."""

from __future__ import annotations

import re

MASK = "[secret]"
_known: set[str] = set()
_pattern: re.Pattern[str] | None = None


def remember(secret: str) -> None:
    """Record a password, TOTP seed, backup code or session credential to mask later."""
    global _pattern
    for form in (secret, secret.replace(" ", ""), secret.replace("-", "")):
        if len(form) >= 6:
            _known.add(form)
    longest_first = sorted(_known, key=len, reverse=True)
    _pattern = re.compile("|".join(re.escape(known) for known in longest_first))


def mask(text: str) -> str:
    """Return ``text`` with every remembered secret replaced, longest first."""
    return text if _pattern is None else _pattern.sub(MASK, text)


def known() -> frozenset[str]:
    """Return the secrets remembered so far (for tests that search reports for them)."""
    return frozenset(_known)
