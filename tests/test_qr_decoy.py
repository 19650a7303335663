"""The browser driver reads the QR code from the image itself, not from the page's text.

A decoy set-up page shows a QR code for one secret and, as the key to type, another. Scanning
(the driver's screenshot, decoded) must enrol the image's secret, so the codes differ from those
of the typed key: had the driver read the secret from the markup, they would be the same.
"""

from __future__ import annotations

import base64
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyotp
import pytest
import segno
from PIL import Image

from mfaspec.authenticator import VirtualAuthenticator
from mfaspec.driver import Place
from mfaspec.drivers.browser_target import BrowserTarget, open_browser_target
from mfaspec.drivers.launch import DEBIAN_CHROMIUM as BROWSER_CANDIDATES
from mfaspec.qr import QrCodeNotFound

TARGETS = Path(__file__).resolve().parent.parent / "fixtures" / "targets"
IMAGE_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TEXT_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"
IMAGE_URI = f"otpauth://totp/Decoy:ana%40example.test?secret={IMAGE_SECRET}&issuer=Decoy"

pytestmark = pytest.mark.skipif(
    not any(Path(path).exists() for path in BROWSER_CANDIDATES),
    reason="no Chromium installed",
)


def data_uri(picture: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(picture).decode("ascii")


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=5)
    return buffer.getvalue()


def blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def setup_page(picture: bytes | str) -> str:
    """A set-up page built like the reference one: the same alt text and key label.

    The picture is put in the page, or named by its path on the site.
    """
    source = picture if isinstance(picture, str) else data_uri(picture)
    return (
        '<!doctype html><html lang="en"><body><h1>Set up multi-factor authentication</h1>'
        f'<img src="{source}" alt="QR code for your authenticator app">'
        '<p id="key-label">Cannot scan it? Type this key into your app instead:</p>'
        f'<p><code aria-labelledby="key-label">{TEXT_SECRET}</code></p></body></html>'
    )


PAGES: dict[str, str] = {}
PICTURES: dict[str, bytes] = {}


class _DecoySite(BaseHTTPRequestHandler):
    """Serves PAGES and PICTURES by path, never to be cached."""

    def do_GET(self) -> None:
        picture = self.path in PICTURES
        body = PICTURES[self.path] if picture else PAGES.get(self.path, "").encode()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "image/png" if picture else "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def decoy(tmp_path: Path) -> Iterator[BrowserTarget]:
    """A browser target whose profile is the reference one, pointed at the decoy site."""
    PAGES["/mfa/setup"] = setup_page(qr_png(IMAGE_URI))
    # What the target's preflight asks for: the login page and the test hooks answer.
    PAGES.update(dict.fromkeys(["/login", "/_test/accounts", "/_test/teams", "/_test/clock"], "ok"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DecoySite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    text = (
        (TARGETS / "reference-en.toml")
        .read_text()
        .replace('base_url = "embedded"', f'base_url = "{site}"')
        .replace('identity_provider = "embedded"', f'identity_provider = "{site}"')
        .replace('source = "smtp-sink"', 'source = "http-api"')
    ) + f'\n[mail.http_api]\nurl = "{site}"\n'  # never called: nothing here sends mail
    profile = tmp_path / "decoy.toml"
    profile.write_text(text, encoding="utf-8")
    target = open_browser_target({"profile": str(profile), "artifacts": str(tmp_path)})
    yield target
    target.close()
    server.shutdown()
    server.server_close()


def test_scanning_enrols_the_secret_of_the_image_not_the_one_in_the_text(
    decoy: BrowserTarget,
) -> None:
    assert IMAGE_SECRET not in PAGES["/mfa/setup"]  # only the image carries it
    driver = decoy.open_driver("decoy")
    driver.visit(Place.SETUP)

    scanned, typed = VirtualAuthenticator(), VirtualAuthenticator()
    scanned.scan(driver.read_qr_code())
    typed.type_key(driver.read_manual_key(), "ana@example.test")
    decoy.close_driver(driver, failed=False)

    moment = 1_750_000_000.0
    assert scanned.code(moment) == pyotp.TOTP(IMAGE_SECRET).at(moment)
    assert typed.code(moment) == pyotp.TOTP(TEXT_SECRET).at(moment)
    assert scanned.code(moment) != typed.code(moment)


def test_an_image_without_a_qr_code_cannot_be_scanned(decoy: BrowserTarget) -> None:
    PAGES["/mfa/setup"] = setup_page(blank_png())
    driver = decoy.open_driver("blank")
    driver.visit(Place.SETUP)

    with pytest.raises(QrCodeNotFound, match="no QR code could be read"):
        driver.read_qr_code()
    decoy.close_driver(driver, failed=False)


def test_an_image_that_changes_is_read_again(decoy: BrowserTarget) -> None:
    """The same image in the same document is decoded once; a new one, or a reload, anew."""
    other_uri = IMAGE_URI.replace(IMAGE_SECRET, TEXT_SECRET)
    driver = decoy.open_driver("changing")
    driver.visit(Place.SETUP)
    assert driver.read_qr_code() == driver.read_qr_code() == IMAGE_URI

    driver.page.locator("img").evaluate(
        "(img, src) => { img.src = src }", data_uri(qr_png(other_uri))
    )
    assert driver.read_qr_code() == other_uri

    PICTURES["/qr.png"] = qr_png(IMAGE_URI)  # an image the site serves, then changes
    PAGES["/mfa/setup"] = setup_page("/qr.png")
    driver.visit(Place.SETUP)
    assert driver.read_qr_code() == IMAGE_URI
    PICTURES["/qr.png"] = qr_png(other_uri)
    driver.visit(Place.SETUP)
    assert driver.read_qr_code() == other_uri
    decoy.close_driver(driver, failed=False)
