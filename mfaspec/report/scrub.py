"""Remove the run's secrets from evidence files: traces, screenshots, text.

Text is scrubbed of every secret ``mfaspec.secrets`` knows, also in the encodings a browser
trace holds them in (URL-encoded form posts, JSON strings, HTML), and a trace of every cookie
its network log shows. A picture cannot be searched
for text, but a QR code in it can be read: every QR code found in a picture (the set-up page's
``otpauth://`` URI carries the TOTP seed, RFC 6238 section 3 R6) is painted over. A seed or
backup code shown as text in a picture stays: the browser driver must mask those elements
when it takes a screenshot (see docs/report.md).
"""

from __future__ import annotations

import base64
import binascii
import html
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

import zxingcpp
from PIL import Image, ImageDraw, UnidentifiedImageError

from mfaspec import secrets

PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})
DATA_URI = re.compile(rb"data:image/(?:png|jpeg|webp|gif);base64,([A-Za-z0-9+/=]+)")
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
PAINT = (128, 128, 128)


def encoded_forms(secret: str) -> set[str]:
    """Return the ways a secret may be written in a trace: as is, URL-, JSON- and HTML-encoded.

    URL-encoded as a browser posts a form (``*`` kept, ``~`` encoded, space as ``+``), as
    ``encodeURIComponent`` and RFC 3986 write it; HTML as Python and Jinja escape it.
    """
    urls = {
        quote(secret, safe=""),
        quote_plus(secret),
        quote_plus(secret, safe="*").replace("~", "%7E"),
        quote(secret, safe="!~*'()"),
    }
    markup = {
        html.escape(secret),
        html.escape(secret, quote=False),
        html.escape(secret).replace("&quot;", "&#34;").replace("&#x27;", "&#39;"),
    }
    json_strings = {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    json_strings |= {form.replace("/", "\\/") for form in json_strings}
    return {secret} | urls | markup | json_strings


def scrub_text(text: str, also: frozenset[str] = frozenset()) -> str:
    """Return ``text`` with every known secret (and ``also``), in any encoding, masked.

    Plain substring replacement, longest first: a trace holds megabytes, where one regular
    expression of every secret's alternatives would take minutes. A short code is masked
    only where it stands alone (``secrets.mask_standalone``).
    """
    forms = {form for secret in secrets.known() | also for form in encoded_forms(secret)}
    for form in sorted(forms, key=len, reverse=True):
        if not secrets.is_short(form) and form in text:
            text = text.replace(form, secrets.MASK)
    return secrets.mask_standalone(text, {form for form in forms if secrets.is_short(form)})


def cookie_values(network_log: bytes) -> frozenset[str]:
    """Return the value of every cookie a trace's network log shows sent or set."""
    values = set()
    for line in network_log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        snapshot = entry.get("snapshot") if isinstance(entry, dict) else None
        if not isinstance(snapshot, dict):
            continue
        for side in ("request", "response"):
            message = snapshot.get(side)
            cookies = message.get("cookies") if isinstance(message, dict) else None
            for cookie in cookies if isinstance(cookies, list) else []:
                value = cookie.get("value") if isinstance(cookie, dict) else None
                if isinstance(value, str) and len(value) >= secrets.SHORTEST:
                    values.add(value)
    return frozenset(values)


def paint_over_qr_codes(picture: bytes) -> bytes | None:
    """Return the picture with its QR codes painted over; None if it holds none or is no picture."""
    try:
        image = Image.open(io.BytesIO(picture))
        image.load()
    except (UnidentifiedImageError, OSError):
        return None
    codes = zxingcpp.read_barcodes(image.convert("L"), formats=QR_ONLY)
    if not codes:
        return None
    painted = image.convert("RGB")
    draw = ImageDraw.Draw(painted)
    for code in codes:
        corners = [code.position.top_left, code.position.top_right]
        corners += [code.position.bottom_left, code.position.bottom_right]
        xs, ys = [corner.x for corner in corners], [corner.y for corner in corners]
        margin = max(max(xs) - min(xs), max(ys) - min(ys)) // 8 + 2
        draw.rectangle(
            (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin), fill=PAINT
        )
    out = io.BytesIO()
    painted.save(out, format=image.format or "PNG")
    return out.getvalue()


def _scrub_data_uri(match: re.Match[bytes]) -> bytes:
    try:
        picture = base64.b64decode(match[1], validate=True)
    except binascii.Error:
        return match[0]
    painted = paint_over_qr_codes(picture)
    if painted is None:
        return match[0]
    return match[0][: match.start(1) - match.start(0)] + base64.b64encode(painted)


def scrub_bytes(content: bytes, name: str, also: frozenset[str] = frozenset()) -> bytes:
    """Return a file's content scrubbed of secrets (and ``also``), QR data URIs and QR pictures."""
    if Path(name).suffix.lower() in PICTURE_SUFFIXES:
        return paint_over_qr_codes(content) or content
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return paint_over_qr_codes(content) or content
    scrubbed = scrub_text(text, also).encode("utf-8")
    return DATA_URI.sub(_scrub_data_uri, scrubbed)


def scrub_zip(path: Path) -> None:
    """Rewrite a zip archive (a Playwright trace) with every member scrubbed.

    Every cookie the trace's network log shows is a secret of the archive too: the session
    cookies the harness never reads.
    """
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    cookies = frozenset().union(
        *(cookie_values(content) for info, content in members if info.filename.endswith(".network"))
    )
    rewritten = path.with_name(path.name + ".scrubbing")
    with zipfile.ZipFile(rewritten, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, content in members:
            archive.writestr(info, scrub_bytes(content, info.filename, cookies))
    rewritten.replace(path)


def scrub_file(path: Path) -> None:
    """Scrub one evidence file in place: a zip member by member, anything else as a whole."""
    if path.suffix.lower() == ".zip":
        scrub_zip(path)
        return
    content = path.read_bytes()
    scrubbed = scrub_bytes(content, path.name)
    if scrubbed != content:
        path.write_bytes(scrubbed)
