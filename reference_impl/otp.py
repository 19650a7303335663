"""HOTP (RFC 4226) and TOTP (RFC 6238), written against the RFCs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
SECRET_BYTES = 20  # 160 bits, RFC 4226 section 4 R6 recommends 160
TIME_STEP = 30
DIGITS = 6


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, algorithm: str = "SHA1") -> str:
    """Return the HOTP value of ``counter`` (RFC 4226 section 5.3)."""
    mac = hmac.new(key, struct.pack(">Q", counter), DIGESTS[algorithm]).digest()
    offset = mac[-1] & 0x0F
    binary = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def time_step(unix_time: float, *, step: int = TIME_STEP) -> int:
    """Return the RFC 6238 counter T for a Unix time."""
    return int(unix_time // step)


def totp(key: bytes, unix_time: float, *, digits: int = DIGITS, algorithm: str = "SHA1") -> str:
    """Return the TOTP value at ``unix_time`` (RFC 6238 section 4)."""
    return hotp(key, time_step(unix_time), digits=digits, algorithm=algorithm)


def new_secret() -> str:
    """Return a fresh base32 seed of 160 bits from the operating system's CSPRNG."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def decode_secret(secret: str) -> bytes:
    """Return the key bytes of a base32 seed."""
    return base64.b32decode(secret)


def matching_step(secret: str, code: str, unix_time: float, *, window: int) -> int | None:
    """Return the time step within ``window`` steps of now whose code is ``code``, if any."""
    key = decode_secret(secret)
    now = time_step(unix_time)
    for candidate in range(now - window, now + window + 1):
        if hmac.compare_digest(hotp(key, candidate), code):
            return candidate
    return None


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """Return the otpauth:// URI an authenticator app scans (Key Uri Format)."""
    label = f"{quote(issuer)}:{quote(account)}"
    query = urlencode(
        {
            "secret": secret.rstrip("="),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": DIGITS,
            "period": TIME_STEP,
        }
    )
    return f"otpauth://totp/{label}?{query}"


def grouped(secret: str) -> str:
    """Return a seed in groups of four characters, for typing by hand."""
    bare = secret.rstrip("=")
    return " ".join(bare[i : i + 4] for i in range(0, len(bare), 4))
