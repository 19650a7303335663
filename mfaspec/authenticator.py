"""The virtual authenticator app: it scans otpauth URIs and computes codes for any time.

The digits, period and algorithm are the ones the scanned URI states (RFC 6238 section 4 and
the otpauth URI format); a key typed by hand gets an app's defaults, 6 digits every 30 s.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

import pyotp

from mfaspec import secrets as run_secrets

DEFAULT_PERIOD = 30


@dataclass(frozen=True)
class Account:
    """One account added to the app: who issued it, for whom, and its TOTP generator."""

    issuer: str | None
    name: str
    totp: pyotp.TOTP

    @property
    def period(self) -> int:
        """Return the seconds each code lasts (the URI's ``period``)."""
        return int(self.totp.interval)

    @property
    def digits(self) -> int:
        """Return how many digits a code has (the URI's ``digits``)."""
        return int(self.totp.digits)

    def key_bits(self) -> int:
        """Return the length of the shared secret in bits."""
        secret = self.totp.secret.upper()
        return len(base64.b32decode(secret + "=" * (-len(secret) % 8))) * 8

    def __repr__(self) -> str:
        return (
            f"Account(issuer={self.issuer!r}, name={self.name!r},"
            f" digits={self.digits}, period={self.period})"
        )


class VirtualAuthenticator:
    """A phone's authenticator app (Google Authenticator, Authy, …) in software."""

    def __init__(self) -> None:
        self.accounts: list[Account] = []
        self.used_steps: set[int] = set()

    def scan(self, otpauth_uri: str) -> Account:
        """Add the account a QR code carries ("+" / "Add account")."""
        otp = pyotp.parse_uri(otpauth_uri)
        if not isinstance(otp, pyotp.TOTP):
            raise ValueError("the QR code does not carry a time-based (TOTP) account")
        run_secrets.remember(otp.secret)
        account = Account(otp.issuer, otp.name, otp)
        self.accounts.append(account)
        return account

    def type_key(self, key: str, name: str) -> Account:
        """Add an account by typing the key shown for manual entry."""
        run_secrets.remember(key)
        typed = re.sub(r"[\s-]", "", key).upper()  # apps ignore the spaces and hyphens of groups
        run_secrets.remember(typed)
        try:
            base64.b32decode(typed + "=" * (-len(typed) % 8))
        except ValueError:
            raise ValueError("the key shown for typing by hand is not a base32 key") from None
        totp = pyotp.TOTP(typed, interval=DEFAULT_PERIOD)
        account = Account(None, name, totp)
        self.accounts.append(account)
        return account

    @property
    def newest(self) -> Account:
        """Return the account added last, whose codes the person reads."""
        if not self.accounts:
            raise LookupError("the authenticator app has no account yet")
        return self.accounts[-1]

    def code(self, at: float, *, steps: int = 0) -> str:
        """Return the newest account's code at Unix time ``at``, ``steps`` time steps away."""
        account = self.newest
        code = account.totp.at(at + steps * account.period)
        run_secrets.remember(code)
        return code

    def step(self, at: float) -> int:
        """Return the number of the newest account's time step at Unix time ``at``."""
        return int(at // self.newest.period)

    def shown_before(self, at: float) -> bool:
        """Return whether the code of ``at``'s time step was already typed somewhere."""
        return self.step(at) in self.used_steps

    def type_code(self, at: float, *, steps: int = 0) -> str:
        """Return the code of a time step and remember that it was typed."""
        self.used_steps.add(self.step(at) + steps)
        return self.code(at, steps=steps)

    def note_typed(self, at: float) -> None:
        """Remember that the code of ``at``'s time step was typed elsewhere (at enrolment)."""
        self.used_steps.add(self.step(at))

    def wrong_code(self, at: float, *, window: int = 1) -> str:
        """Return a code of the right length that no time step the target may accept makes.

        ``window`` is the target's drift window; one step more either side is avoided too.
        """
        digits = self.newest.digits
        nearby = {self.code(at, steps=offset) for offset in range(-window - 1, window + 2)}
        candidate = int(self.code(at))
        while f"{candidate:0{digits}d}" in nearby:
            candidate = (candidate + 1) % 10**digits
        return f"{candidate:0{digits}d}"
