"""How a person reads a code off their app: a new one, never one they have already typed."""

from __future__ import annotations

from mfaspec.authenticator import VirtualAuthenticator
from mfaspec.driver import Driver, NotApplicable


def fresh_code(driver: Driver, phone: VirtualAuthenticator) -> str:
    """Return the app's current code; if it was already typed, the next one.

    A person waits for the next code; here the target's clock moves one time step instead.
    A target without clock control gets the code its next time step will show, which it
    accepts if it allows one step of drift (RFC 6238 section 5.2).
    """
    now = driver.now()
    if not phone.shown_before(now):
        return phone.type_code(now)
    try:
        driver.advance_clock(phone.newest.period)
    except NotApplicable:
        return phone.type_code(now, steps=1)
    return phone.type_code(driver.now())
