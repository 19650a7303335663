"""The virtual authenticator app: it scans otpauth URIs and computes codes for any time."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pyotp

from mfaspec import secrets as run_secrets

TIME_STEP = 30


@dataclass(frozen=True)
class Account:
    """One account added to the app: who issued it, for whom, and its TOTP generator."""

    issuer: str | None
    name: str
    totp: pyotp.TOTP

    def key_bits(self) -> int:
        """Return the length of the shared secret in bits."""
        secret = self.totp.secret.upper()
        return len(base64.b32decode(secret + "=" * (-len(secret) % 8))) * 8

    def __repr__(self) -> str:
        return f"Account(issuer={self.issuer!r}, name={self.name!r})"


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
        account = Account(None, name, pyotp.TOTP(key.replace(" ", "").upper()))
        self.accounts.append(account)
        return account

    def code(self, at: float, *, steps: int = 0) -> str:
        """Return the newest account's code at Unix time ``at``, ``steps`` time steps away."""
        if not self.accounts:
            raise LookupError("the authenticator app has no account yet")
        code = self.accounts[-1].totp.at(at + steps * TIME_STEP)
        run_secrets.remember(code)
        return code

    def shown_before(self, at: float) -> bool:
        """Return whether the code of ``at``'s time step was already typed somewhere."""
        return int(at // TIME_STEP) in self.used_steps

    def type_code(self, at: float, *, steps: int = 0) -> str:
        """Return the code of a time step and remember that it was typed."""
        self.used_steps.add(int(at // TIME_STEP) + steps)
        return self.code(at, steps=steps)

    def note_typed(self, at: float) -> None:
        """Remember that the code of ``at``'s time step was typed elsewhere (at enrolment)."""
        self.used_steps.add(int(at // TIME_STEP))

    def wrong_code(self, at: float) -> str:
        """Return a 6-digit code that no nearby time step (two either side) produces."""
        nearby = {self.code(at, steps=offset) for offset in range(-2, 3)}
        candidate = int(self.code(at))
        while f"{candidate:06d}" in nearby:
            candidate = (candidate + 1) % 1_000_000
        return f"{candidate:06d}"

    def __repr__(self) -> str:
        return f"VirtualAuthenticator({len(self.accounts)} accounts)"
