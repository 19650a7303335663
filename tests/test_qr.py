"""QR decoding reads back exactly what segno encoded, and says so clearly when it cannot."""

from __future__ import annotations

import io

import pytest
import segno
from PIL import Image

from mfaspec.qr import QrCodeNotFound, decode_qr

URI = "otpauth://totp/mfaspec%20reference:ana%40example.test?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=mfaspec%20reference"


def png_of(text: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", **options)
    return buffer.getvalue()


def test_an_encoded_otpauth_uri_is_decoded_unchanged() -> None:
    assert decode_qr(png_of(URI, scale=4)) == URI


def test_a_qr_code_cropped_without_its_quiet_zone_is_still_read() -> None:
    assert decode_qr(png_of(URI, scale=3, border=0)) == URI


def test_a_qr_code_on_a_transparent_background_is_read() -> None:
    assert decode_qr(png_of(URI, scale=3, light=None)) == URI


def test_a_picture_without_a_qr_code_is_refused_clearly() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), "white").save(buffer, format="PNG")

    with pytest.raises(QrCodeNotFound, match="no QR code could be read in the 120x80 screenshot"):
        decode_qr(buffer.getvalue())


def test_bytes_that_are_not_an_image_are_refused_clearly() -> None:
    with pytest.raises(QrCodeNotFound, match="not a readable image"):
        decode_qr(b"<html>not a picture</html>")


def test_two_different_qr_codes_are_ambiguous() -> None:
    first = Image.open(io.BytesIO(png_of("otpauth://totp/a?secret=AAAA", scale=4)))
    second = Image.open(io.BytesIO(png_of("otpauth://totp/b?secret=BBBB", scale=4)))
    both = Image.new("RGB", (first.width + second.width, max(first.height, second.height)), "white")
    both.paste(first, (0, 0))
    both.paste(second, (first.width, 0))
    buffer = io.BytesIO()
    both.save(buffer, format="PNG")

    with pytest.raises(QrCodeNotFound, match="2 different QR codes"):
        decode_qr(buffer.getvalue())
