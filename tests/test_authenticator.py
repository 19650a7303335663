"""The virtual authenticator follows the URI it scanned; backup codes' entropy is estimated."""

from __future__ import annotations

import hashlib
import math

import pyotp
import pytest

from mfaspec.authenticator import VirtualAuthenticator
from mfaspec.codes import estimated_entropy

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
AT = 1_700_000_000.0


def test_a_scanned_uri_sets_digits_period_and_algorithm() -> None:
    """An 8-digit, 60-second SHA-256 account gives the codes such an app shows."""
    uri = pyotp.TOTP(SEED, digits=8, interval=60, digest=hashlib.sha256).provisioning_uri(
        name="alice@example.com", issuer_name="Example"
    )
    phone = VirtualAuthenticator()
    phone.scan(uri)

    expected = pyotp.TOTP(SEED, digits=8, interval=60, digest=hashlib.sha256)
    assert phone.code(AT) == expected.at(AT)
    assert phone.code(AT, steps=1) == expected.at(AT + 60)
    assert len(phone.wrong_code(AT)) == 8
    assert phone.wrong_code(AT) not in {expected.at(AT + 60 * k) for k in range(-2, 3)}


def test_the_step_of_a_code_follows_the_scanned_period() -> None:
    """Two moments 40 s apart share one 60-second step, so the code counts as shown before."""
    uri = pyotp.TOTP(SEED, interval=60).provisioning_uri(name="alice@example.com", issuer_name="X")
    phone = VirtualAuthenticator()
    phone.scan(uri)
    start = 60 * (AT // 60)
    phone.type_code(start + 5)
    assert phone.shown_before(start + 45)
    assert not phone.shown_before(start + 65)


def test_a_typed_key_gets_six_digits_every_30_seconds() -> None:
    """A key typed by hand carries no parameters: an app's defaults apply."""
    phone = VirtualAuthenticator()
    phone.type_key(" ".join(SEED[i : i + 4] for i in range(0, len(SEED), 4)), "alice")
    assert phone.code(AT) == pyotp.TOTP(SEED).at(AT)


def test_an_empty_app_has_no_code() -> None:
    """Reading a code before any account is added is an error, not a made-up code."""
    with pytest.raises(LookupError):
        VirtualAuthenticator().code(AT)


def test_the_entropy_of_backup_codes_is_estimated_from_length_and_alphabet() -> None:
    """16 symbols of digits and capitals: 16 log2(36) bits; 8 digits: 8 log2(10)."""
    assert estimated_entropy(["ABCD-EFGH-2345-6789"]) == pytest.approx(16 * math.log2(36))
    assert estimated_entropy(["1234 5678", "9012 3456"]) == pytest.approx(8 * math.log2(10))
    assert estimated_entropy(["12345678", "123"]) == pytest.approx(3 * math.log2(10))
    assert estimated_entropy(["aaaa"]) == pytest.approx(4 * math.log2(26))


def test_a_key_grouped_with_hyphens_is_typed_without_them() -> None:
    phone = VirtualAuthenticator()
    phone.type_key("-".join(SEED[i : i + 4] for i in range(0, len(SEED), 4)).lower(), "alice")

    assert phone.code(AT) == pyotp.TOTP(SEED).at(AT)


def test_a_key_that_is_not_base32_is_refused_in_one_sentence() -> None:
    with pytest.raises(ValueError, match=r"^the key shown for typing by hand is not a base32 key$"):
        VirtualAuthenticator().type_key("Scan this QR code (or type 0189)", "alice")


class CountingAuthenticator(VirtualAuthenticator):
    """An app whose code at each step is 100000 plus the step's offset: neighbours collide."""

    def code(self, at: float, *, steps: int = 0) -> str:
        return f"{100000 + steps:06d}"


@pytest.mark.parametrize(("window", "wrong"), [(0, "100002"), (1, "100003"), (4, "100006")])
def test_a_wrong_code_is_none_the_target_s_window_could_accept(window: int, wrong: str) -> None:
    phone = CountingAuthenticator()
    phone.type_key(SEED, "alice")

    assert phone.wrong_code(AT, window=window) == wrong
