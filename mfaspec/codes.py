"""Codes as a person sees them: a fresh one off the app, and how hard backup codes are to guess."""

from __future__ import annotations

import math
import re
import string

from mfaspec.authenticator import VirtualAuthenticator
from mfaspec.driver import Driver, NotApplicable


def fresh_code(driver: Driver, phone: VirtualAuthenticator, drift_window: int) -> str:
    """Return the app's current code; if it was already typed, the next one.

    A person waits for the next code; here the target's clock moves one time step instead.
    A target without clock control gets the code its next time step will show, which it
    accepts if it allows one step of drift (RFC 6238 section 5.2); one that allows none
    cannot be given a second code in the same step without waiting, which the harness never
    does, so the scenario is not applicable to it.
    """
    now = driver.now()
    if not phone.shown_before(now):
        return phone.type_code(now)
    try:
        driver.advance_clock(phone.newest.period)
    except NotApplicable:
        if drift_window < 1:
            raise NotApplicable(
                "a second code within one time step needs clock control or a drift window"
                " of at least one step, and the target declares neither"
            ) from None
        return phone.type_code(now, steps=1)
    return phone.type_code(driver.now())


# Character classes an alphabet is estimated from: a class seen at all counts whole.
CHARACTER_CLASSES = (string.digits, string.ascii_uppercase, string.ascii_lowercase)
SEPARATORS = re.compile(r"[\s-]")


def compact(code: str) -> str:
    """Return a code without the spaces and hyphens that group it for reading."""
    return SEPARATORS.sub("", code)


def estimated_entropy(codes: list[str]) -> float:
    """Return the bits of the weakest code, from its length and the alphabet the codes show.

    An upper bound: a product may use fewer symbols than the classes it draws from (the
    reference leaves out 0, O, 1, I, L and U).
    """
    symbols = [compact(code) for code in codes]
    seen = set("".join(symbols))
    classes = [chars for chars in CHARACTER_CLASSES if seen & set(chars)]
    others = seen - set("".join(classes))
    size = sum(len(chars) for chars in classes) + len(others)
    return min(len(code) for code in symbols) * math.log2(size) if size > 1 else 0.0
