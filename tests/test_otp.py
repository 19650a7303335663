"""HOTP/TOTP against the RFC 4226 and RFC 6238 test vectors, pyotp, and HMAC done by hand."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from pathlib import Path
from typing import Any

import pyotp
import pytest

from reference_impl import otp

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
HOTP_TABLE: dict[str, Any] = json.loads((FIXTURES / "rfc4226_vectors.json").read_text())
TOTP_TABLE: dict[str, Any] = json.loads((FIXTURES / "rfc6238_vectors.json").read_text())
HASHES = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
BASE32 = re.compile(r"[A-Z2-7]+=*")
WINDOW_SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a fixed 160-bit seed: the window tests repeat
WINDOW_TIME = 1_700_000_025  # mid-step


def hotp_by_hand(key: bytes, counter: int, digest: str) -> tuple[bytes, int]:
    """Return the HMAC of ``counter`` and its dynamic truncation (RFC 4226 section 5.3)."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), HASHES[digest]).digest()
    offset = mac[-1] & 0x0F
    return mac, int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF


def b32(key: bytes) -> str:
    """Return ``key`` as the base32 text pyotp takes."""
    return base64.b32encode(key).decode("ascii")


# -- RFC 4226 Appendix D -----------------------------------------------------------------------


def test_rfc4226_table_is_complete() -> None:
    assert [v["count"] for v in HOTP_TABLE["vectors"]] == list(range(10))


@pytest.mark.parametrize("vector", HOTP_TABLE["vectors"], ids=lambda v: f"count{v['count']}")
def test_rfc4226_vector(vector: dict[str, Any]) -> None:
    key = HOTP_TABLE["secret_ascii"].encode("ascii")
    mac, truncated = hotp_by_hand(key, vector["count"], "SHA1")
    assert mac.hex() == vector["hmac_sha1"]
    assert truncated == vector["truncated"]
    assert f"{truncated % 10**6:06d}" == vector["hotp"]
    assert otp.hotp(key, vector["count"]) == vector["hotp"]
    assert pyotp.HOTP(b32(key)).at(vector["count"]) == vector["hotp"]


# -- RFC 6238 Appendix B -----------------------------------------------------------------------


def test_rfc6238_table_is_complete() -> None:
    times = (59, 1111111109, 1111111111, 1234567890, 2000000000, 20000000000)
    expected = {(t, a) for t in times for a in HASHES}
    found = [(v["time"], v["algorithm"]) for v in TOTP_TABLE["vectors"]]
    assert sorted(found) == sorted(expected)


def test_rfc6238_seed_lengths_follow_the_errata() -> None:
    seeds = TOTP_TABLE["seeds_ascii"]
    assert {name: len(seed) for name, seed in seeds.items()} == {
        "SHA1": 20,
        "SHA256": 32,
        "SHA512": 64,
    }
    sha256_at_59 = next(
        v["totp"] for v in TOTP_TABLE["vectors"] if (v["time"], v["algorithm"]) == (59, "SHA256")
    )
    assert otp.totp(seeds["SHA1"].encode(), 59, digits=8, algorithm="SHA256") != sha256_at_59


@pytest.mark.parametrize(
    "vector", TOTP_TABLE["vectors"], ids=lambda v: f"{v['algorithm']}-{v['time']}"
)
def test_rfc6238_vector(vector: dict[str, Any]) -> None:
    algorithm, when, expected = vector["algorithm"], vector["time"], vector["totp"]
    key = TOTP_TABLE["seeds_ascii"][algorithm].encode("ascii")
    counter = int(vector["t_hex"], 16)
    assert counter == when // TOTP_TABLE["time_step"]
    assert otp.time_step(when) == counter
    _, truncated = hotp_by_hand(key, counter, algorithm)
    assert f"{truncated % 10**8:08d}" == expected
    assert otp.totp(key, when, digits=8, algorithm=algorithm) == expected
    by_pyotp = pyotp.TOTP(b32(key), digits=8, digest=HASHES[algorithm]).at(when)
    assert by_pyotp == expected


# -- the reference product's own use: SHA-1, 6 digits, 30 s -------------------------------------


def test_six_digit_totp_agrees_with_pyotp_over_many_steps() -> None:
    secret = otp.new_secret()
    key = otp.decode_secret(secret)
    for when in range(1_700_000_000, 1_700_000_000 + 200 * 30, 30):
        assert otp.totp(key, when) == pyotp.TOTP(secret).at(when)


def test_new_secret_is_base32_of_at_least_160_bits() -> None:
    secret = otp.new_secret()
    assert BASE32.fullmatch(secret)
    assert len(otp.decode_secret(secret)) * 8 >= 160
    assert len(base64.b32decode(secret)) * 8 >= 160


def test_new_secret_differs_between_calls() -> None:
    secrets = {otp.new_secret() for _ in range(200)}
    assert len(secrets) == 200


def test_provisioning_uri_is_read_by_pyotp_with_issuer_and_account() -> None:
    secret = otp.new_secret()
    uri = otp.provisioning_uri(secret, account="ana+mfa@example.com", issuer="mfaspec reference")
    parsed = pyotp.parse_uri(uri)
    assert isinstance(parsed, pyotp.TOTP)
    assert parsed.issuer == "mfaspec reference"
    assert parsed.name == "ana+mfa@example.com"
    assert parsed.secret == secret.rstrip("=")
    assert (parsed.digits, parsed.interval) == (6, 30)
    assert parsed.at(1_700_000_000) == otp.totp(otp.decode_secret(secret), 1_700_000_000)


def test_grouped_key_is_the_secret_in_fours() -> None:
    secret = otp.new_secret()
    groups = otp.grouped(secret).split(" ")
    assert "".join(groups) == secret.rstrip("=")
    assert all(len(group) == 4 for group in groups[:-1])


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_matching_step_accepts_codes_within_the_window(offset: int) -> None:
    code = pyotp.TOTP(WINDOW_SEED).at(WINDOW_TIME, counter_offset=offset)
    found = otp.matching_step(WINDOW_SEED, code, WINDOW_TIME, window=1)
    assert found == otp.time_step(WINDOW_TIME) + offset


@pytest.mark.parametrize("offset", [-2, 2])
def test_matching_step_refuses_codes_outside_the_window(offset: int) -> None:
    code = pyotp.TOTP(WINDOW_SEED).at(WINDOW_TIME, counter_offset=offset)
    assert otp.matching_step(WINDOW_SEED, code, WINDOW_TIME, window=1) is None


def test_matching_step_with_no_window_accepts_only_the_current_step() -> None:
    totp = pyotp.TOTP(WINDOW_SEED)
    now = otp.time_step(WINDOW_TIME)
    assert otp.matching_step(WINDOW_SEED, totp.at(WINDOW_TIME), WINDOW_TIME, window=0) == now
    later = totp.at(WINDOW_TIME, counter_offset=1)
    assert otp.matching_step(WINDOW_SEED, later, WINDOW_TIME, window=0) is None


def test_window_seed_has_five_distinct_codes_around_now() -> None:
    """The window tests above mean something only if no code repeats within two steps."""
    codes = {pyotp.TOTP(WINDOW_SEED).at(WINDOW_TIME, counter_offset=o) for o in range(-2, 3)}
    assert len(codes) == 5
