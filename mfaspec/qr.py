"""Read the QR code in a screenshot, as an authenticator app's camera would."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image, UnidentifiedImageError


class QrCodeNotFound(Exception):
    """The picture holds no readable QR code, or more than one."""


def decode_qr(png: bytes) -> str:
    """Return the text of the single QR code in a PNG (or any Pillow-readable) image."""
    try:
        picture = Image.open(io.BytesIO(png))
        picture.load()
    except (UnidentifiedImageError, OSError) as error:
        raise QrCodeNotFound(f"the screenshot is not a readable image: {error}") from None
    only_qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    codes = zxingcpp.read_barcodes(with_quiet_zone(picture), formats=only_qr)
    texts = sorted({code.text for code in codes})
    if not texts:
        size = f"{picture.width}x{picture.height}"
        raise QrCodeNotFound(f"no QR code could be read in the {size} screenshot")
    if len(texts) > 1:
        raise QrCodeNotFound(f"{len(texts)} different QR codes in one screenshot; expected one")
    text: str = texts[0]
    return text


def with_quiet_zone(picture: Image.Image) -> Image.Image:
    """Return the picture in greyscale on a white margin, since pages often crop the QR's border."""
    rgba = picture.convert("RGBA")
    margin = max(16, max(picture.size) // 8)
    canvas = Image.new("RGBA", (rgba.width + 2 * margin, rgba.height + 2 * margin), "white")
    canvas.alpha_composite(rgba, (margin, margin))
    return canvas.convert("L")
