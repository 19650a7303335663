"""Pages elsewhere that forge a form post to the target or frame it, and what they carried."""

from __future__ import annotations

import html
import ipaddress
from collections.abc import Collection, Mapping
from urllib.parse import urlsplit

from playwright.sync_api import Frame, Page, Request

from mfaspec.profile.model import FormRequest

FOREIGN_PAGE = "http://mfaspec-foreign-site.invalid/forged-form"
NEIGHBOUR_HOST = "mfaspec-neighbour"
FORGED_PATH = "/forged-form"
DEFAULT_PORTS = {"http": 80, "https": 443}


def same_site_page(base_url: str) -> str:
    """Return a page address of another origin on the target's own site.

    A site is the scheme and registrable domain, ports aside: a sub-domain of the target's
    host, or, for an IP address or a one-label host such as localhost, another port.
    """
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if "." in host and not _is_ip_address(host):
        netloc = f"{NEIGHBOUR_HOST}.{host}" + (f":{parts.port}" if parts.port else "")
        return f"{parts.scheme}://{netloc}{FORGED_PATH}"
    port = parts.port or DEFAULT_PORTS.get(parts.scheme, 80)
    other = port + 1 if port < 65535 else port - 1
    shown = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{shown}:{other}{FORGED_PATH}"


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def forged_form(action: str, method: str, fields: Mapping[str, str]) -> str:
    """Return a page whose form posts ``fields`` to ``action`` as soon as it loads."""
    inputs = "".join(
        f'<input type="hidden" name="{html.escape(name)}" value="{html.escape(value)}">'
        for name, value in fields.items()
    )
    return (
        f'<!doctype html><form method="{html.escape(method)}" action="{html.escape(action)}">'
        f"{inputs}</form><script>document.forms[0].submit()</script>"
    )


def framing_page(url: str) -> str:
    """Return a page that shows ``url`` inside a frame, as a page luring clicks would."""
    return (
        f'<!doctype html><iframe src="{html.escape(url)}" title="framed" width="1000"'
        ' height="700"></iframe>'
    )


def carries_cookies(cookie_header: str, names: Collection[str]) -> bool:
    """Return whether a Cookie request header holds one of the cookies ``names``."""
    sent = {pair.split("=", 1)[0].strip() for pair in cookie_header.split(";")}
    return any(name in sent for name in names)


def post_forged_form(page: Page, origin: str, action: str, request: FormRequest) -> Request:
    """Open ``origin``, a page whose form posts ``request`` to ``action`` at once; return the post.

    Its response may be a refusal, a redirect or the switch's own answer, but it must come
    from the target.
    """
    document = forged_form(action, request.method, request.fields)
    page.route(origin, lambda route: route.fulfill(body=document, content_type="text/html"))
    try:
        with page.expect_response(
            lambda response: (
                response.url.startswith(action) and response.request.method == request.method
            )
        ) as answer:
            page.goto(origin, wait_until="commit")
    finally:
        page.unroute(origin)
    return answer.value.request


def frames_of(page: Page, origin: str, url: str) -> list[Frame]:
    """Open ``origin``, a page that frames ``url``; return the frames it shows.

    Chromium refuses a loopback frame in an intercepted page (Local Network Access), so the
    framed page is fetched here, cookies and all, and the frame handed the target's answer,
    headers included, for the browser to judge.
    """
    document = framing_page(url)
    page.route(origin, lambda route: route.fulfill(body=document, content_type="text/html"))
    page.route(url, lambda route: route.fulfill(response=route.fetch()))
    try:
        page.goto(origin, wait_until="load")  # the frame's own load included
    finally:
        page.unroute(origin)
        page.unroute(url)
    return [frame for frame in page.frames if frame.parent_frame is not None]


def scripts_read_cookies(page: Page, names: Collection[str]) -> bool:
    """Return whether the page's scripts see one of the cookies ``names`` (names only leave)."""
    readable: list[str] = page.evaluate(
        "names => document.cookie.split(';')"
        ".map(pair => pair.split('=')[0].trim()).filter(name => names.includes(name))",
        sorted(names),
    )
    return bool(readable)
