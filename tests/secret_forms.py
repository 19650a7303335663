"""How browsers, servers and traces write a secret, and where a file's bytes may hide one.

Derived from the standards, not from ``mfaspec.report.scrub``, so that the secrets test does not
search with the scrubber's own encodings: a form body as Chromium sends it (WHATWG URL,
application/x-www-form-urlencoded: ``*-._`` and alphanumerics kept, space as ``+``),
``encodeURIComponent`` and RFC 3986 percent-encoding, HTML as Jinja, Python and the DOM
serializer escape it, JSON strings. A short code (six digits) would turn up by chance among
a trace's numbers, so it is searched for only where typed text goes: not inside a longer run of
digits or letters, and not where a JSON number stands.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import string
import zipfile
import zlib
from collections.abc import Iterator

ALPHANUMERIC = string.ascii_letters + string.digits
FORM_URLENCODED_KEPT = frozenset(ALPHANUMERIC + "*-._")
URI_COMPONENT_KEPT = frozenset(ALPHANUMERIC + "-_.!~*'()")
RFC3986_UNRESERVED = frozenset(ALPHANUMERIC + "-._~")
HTML_STYLES = (
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"},
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"},
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"},
    {"&": "&#38;", "<": "&#60;", ">": "&#62;", '"': "&#34;", "'": "&#39;"},
)
SHORT = 8
GZIP_MAGIC = b"\x1f\x8b"
NOT_AFTER_TEXT = frozenset((ALPHANUMERIC + ".").encode())
NOT_BEFORE_TEXT = frozenset((ALPHANUMERIC + ".:,[").encode())


def percent_encoded(value: str, kept: frozenset[str], *, space: str) -> set[str]:
    """Return ``value`` percent-encoded byte by byte (upper- and lower-case hex)."""
    forms = set()
    for hex_format in ("%{:02X}", "%{:02x}"):
        out = []
        for char in value:
            if char == " " and space:
                out.append(space)
            elif char in kept:
                out.append(char)
            else:
                out.extend(hex_format.format(byte) for byte in char.encode("utf-8"))
        forms.add("".join(out))
    return forms


def html_escaped(value: str) -> set[str]:
    """Return ``value`` as the usual HTML escapers write it."""
    return {"".join(style.get(char, char) for char in value) for style in HTML_STYLES}


def json_escaped(value: str) -> set[str]:
    """Return ``value`` inside a JSON string, ASCII-only or not, with ``/`` escaped or not."""
    plain = {json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    return plain | {form.replace("/", "\\/") for form in plain}


def browser_forms(value: str) -> set[str]:
    """Return every form a browser, a server or a trace may write ``value`` in."""
    urls = percent_encoded(value, FORM_URLENCODED_KEPT, space="+")
    urls |= percent_encoded(value, URI_COMPONENT_KEPT, space="")
    urls |= percent_encoded(value, RFC3986_UNRESERVED, space="")
    urls |= percent_encoded(value, RFC3986_UNRESERVED, space="+")
    forms = {value} | urls | html_escaped(value)
    return forms | {escaped for form in forms for escaped in json_escaped(form)}


def displayed(value: str) -> set[str]:
    """Return a key or code as pages show it: compact, and grouped by four (space or hyphen)."""
    compact = re.sub(r"[\s-]", "", value)
    groups = [compact[i : i + 4] for i in range(0, len(compact), 4)]
    shown = {value, compact, " ".join(groups), "-".join(groups)}
    return shown | {form.lower() for form in shown}


def forms(secret: str) -> set[bytes]:
    """Return every encoded form of ``secret``, in UTF-8."""
    return {form.encode("utf-8") for form in browser_forms(secret)}


def holds(data: bytes, secret: str) -> bool:
    """Return whether ``data`` holds ``secret`` in any form (a short one where text is typed)."""
    for form in forms(secret):
        start = data.find(form)
        while start >= 0:
            if len(secret) > SHORT or typed_text_at(data, start, start + len(form)):
                return True
            start = data.find(form, start + 1)
    return False


def typed_text_at(data: bytes, start: int, end: int) -> bool:
    """Return whether ``data[start:end]`` stands on its own, not in a longer word or a number."""
    before = data[start - 1] if start > 0 else None
    after = data[end] if end < len(data) else None
    return before not in NOT_BEFORE_TEXT and after not in NOT_AFTER_TEXT


def unpacked(name: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    """Yield a file's bytes, and each member of an archive or compressed stream, nested too."""
    yield name, data
    if data.startswith(b"PK") and zipfile.is_zipfile(io.BytesIO(data)):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                yield from unpacked(f"{name}!{info.filename}", archive.read(info))
    elif data.startswith(GZIP_MAGIC):
        try:
            inflated = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return
        yield from unpacked(f"{name}!gunzip", inflated)
