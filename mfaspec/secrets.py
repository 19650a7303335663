"""Every secret a run handles, so that reports and logs can mask them."""

from __future__ import annotations

import re

MASK = "[secret]"
_known: set[str] = set()


def remember(secret: str) -> None:
    """Record a password, TOTP seed, backup code or session credential to mask later."""
    for form in (secret, secret.replace(" ", ""), secret.replace("-", "")):
        if len(form) >= 6:
            _known.add(form)


def mask(text: str) -> str:
    """Return ``text`` with every remembered secret replaced, longest first."""
    if not _known:
        return text
    pattern = "|".join(re.escape(secret) for secret in sorted(_known, key=len, reverse=True))
    return re.sub(pattern, MASK, text)


def known() -> frozenset[str]:
    """Return the secrets remembered so far (for tests that search reports for them)."""
    return frozenset(_known)
