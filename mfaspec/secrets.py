"""Every secret a run handles, so that reports, logs and evidence can mask them.

A secret is remembered in the forms pages show and people type: as given, without its spaces
or hyphens, and a long key or backup code grouped by four (space or hyphen, either case). A
short secret made of letters and digits (a six- or eight-digit code) is masked only where it
stands alone: not inside a longer word or number, nor where a JSON number stands, so that a
trace's timings and sizes stay intact.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

MASK = "[secret]"
SHORTEST = 6
SHORT = 8
GROUPED_FROM = 16
STANDALONE = re.compile(r"(?<![0-9A-Za-z.:,\[])[0-9A-Za-z]{6,8}(?![0-9A-Za-z.])")
TOKEN_LOOK = re.compile(r"[0-9A-Z]")
_known: set[str] = set()
_short: set[str] = set()
_longest_first: list[str] | None = None


def shown_forms(secret: str) -> set[str]:
    """Return the forms of a secret as shown and typed (long enough to mask)."""
    forms = {secret, secret.replace(" ", ""), secret.replace("-", "")}
    compact = re.sub(r"[\s-]", "", secret)
    if compact.isalnum() and len(compact) >= GROUPED_FROM:
        groups = [compact[i : i + 4] for i in range(0, len(compact), 4)]
        grouped = {compact, " ".join(groups), "-".join(groups)}
        forms |= grouped | {form.lower() for form in grouped}
    return {form for form in forms if len(form) >= SHORTEST}


def is_short(form: str) -> bool:
    """Return whether a form is masked only where it stands alone (a code)."""
    return len(form) <= SHORT and form.isascii() and form.isalnum()


def remember(secret: str) -> None:
    """Record a password, TOTP seed, code, backup code or session credential to mask later."""
    global _longest_first
    forms = shown_forms(secret)
    if forms <= _known:
        return
    _known.update(forms)
    _short.update(form for form in forms if is_short(form))
    _longest_first = None


def remember_link(href: str) -> None:
    """Record the token of a link sent by e-mail: a long path segment or query value."""
    parts = urlsplit(href)
    values = [*parts.path.split("/"), *(value for _, value in parse_qsl(parts.query))]
    for value in values:
        if len(value) >= GROUPED_FROM and TOKEN_LOOK.search(value):
            remember(value)


def mask_standalone(text: str, short: frozenset[str] | set[str]) -> str:
    """Return ``text`` with each short secret that stands alone replaced by the mask."""
    if not short:
        return text
    return STANDALONE.sub(lambda found: MASK if found[0] in short else found[0], text)


def mask(text: str) -> str:
    """Return ``text`` with every remembered secret replaced, longest first.

    Plain substring replacement: a run remembers hundreds of forms, and a regular expression of
    them all would be compiled again after every scenario.
    """
    global _longest_first
    if _longest_first is None:
        long = (form for form in _known if not is_short(form))
        _longest_first = sorted(long, key=lambda form: (-len(form), form))
    for form in _longest_first:
        if form in text:
            text = text.replace(form, MASK)
    return mask_standalone(text, _short)


def known() -> frozenset[str]:
    """Return the secrets remembered so far (for tests that search reports for them)."""
    return frozenset(_known)
