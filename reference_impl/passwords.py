"""Password hashing with scrypt (RFC 7914), cost configurable."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class ScryptCost:
    """The scrypt work factors; the default follows OWASP's Password Storage Cheat Sheet."""

    n: int = 2**17
    r: int = 8
    p: int = 1


def hash_password(password: str, cost: ScryptCost) -> str:
    """Return a self-describing scrypt hash of ``password``."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, cost)
    return f"scrypt${cost.n}${cost.r}${cost.p}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """Return whether ``password`` matches the ``stored`` hash."""
    _, n, r, p, salt, digest = stored.split("$")
    cost = ScryptCost(int(n), int(r), int(p))
    return hmac.compare_digest(_scrypt(password, bytes.fromhex(salt), cost), bytes.fromhex(digest))


@cache
def stand_in_hash(cost: ScryptCost) -> str:
    """Return a hash of a random password, checked when there is no account's hash to check.

    Checking it costs as much as checking a real password, so a refusal takes as long for an
    address without a password (unknown, or single sign-on only) as for a wrong password.
    """
    return hash_password(secrets.token_urlsafe(32), cost)


def _scrypt(password: str, salt: bytes, cost: ScryptCost) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8", "surrogatepass"),
        salt=salt,
        n=cost.n,
        r=cost.r,
        p=cost.p,
        maxmem=256 * cost.n * cost.r + 2**20,
        dklen=32,
    )
