"""The deployment's test hooks: JSON over HTTP, as the profile names them."""

from __future__ import annotations

import http.client
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from mfaspec import secrets as run_secrets
from mfaspec.driver import (
    Enrolment,
)
from mfaspec.drivers.errors import BrowserDriverError

ENROLMENT_FIELDS = ("otpauth_uri", "backup_codes", "code_used_at")
# The fields of a cookie a log_in hook answers, and their types; name and value are required.
COOKIE_FIELDS: dict[str, type] = {
    "name": str,
    "value": str,
    "domain": str,
    "path": str,
    "httpOnly": bool,
    "secure": bool,
    "sameSite": str,
}
SAME_SITE = ("Strict", "Lax", "None")


def secret_from_environment(name: str) -> str:
    """Return a secret from the environment (checked to be set when the target opened)."""
    return os.environ.get(name, "") if name else ""


class Hooks:
    """Calls the deployment's test hooks (JSON over HTTP), as the profile names them."""

    def __init__(self, base_url: str, token_env: str, *, timeout: float) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self._headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token_env:
            self._headers["Authorization"] = f"Bearer {secret_from_environment(token_env)}"

    def call(
        self, endpoint: str, body: Mapping[str, object] | None = None, *, method: str = ""
    ) -> dict[str, Any]:
        """GET ``endpoint`` (no body) or POST the body to it (or ``method``); return the answer."""
        url = endpoint if "://" in endpoint else self.base_url + endpoint
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            url, data=data, headers=self._headers, method=method or None
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:300].decode("utf-8", "replace")
            raise BrowserDriverError(f"hook {endpoint} answered {error.code}: {detail}") from None
        except (OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", error)
            raise BrowserDriverError(f"hook {endpoint} unreachable: {reason}") from None
        try:
            decoded = json.loads(answer) if answer.strip() else {}
        except ValueError:
            raise BrowserDriverError(
                f"hook {endpoint} answered with no JSON: {answer[:80]!r}"
            ) from None
        return decoded if isinstance(decoded, dict) else {}


def enrolment_answer(hook: str, answer: Mapping[str, Any]) -> Enrolment:
    """Return the enrolment a turn_on_mfa hook answered; fail saying which field is wrong."""
    uri, codes, used_at = (answer.get(key) for key in ENROLMENT_FIELDS)
    if not isinstance(uri, str) or not uri.startswith("otpauth://totp/"):
        raise BrowserDriverError(f"hook {hook} answered no otpauth_uri of a TOTP account")
    if not isinstance(codes, list) or not all(isinstance(code, str) and code for code in codes):
        raise BrowserDriverError(f"hook {hook} answered no backup_codes list of strings")
    if used_at is not None and not isinstance(used_at, int | float):
        raise BrowserDriverError(f"hook {hook} answered a code_used_at that is not a number")
    for code in codes:
        run_secrets.remember(code)
    return Enrolment(uri, tuple(codes), None if used_at is None else float(used_at))


def session_cookies_answer(hook: str, answer: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the cookies a log_in hook answered, values registered as secrets; fail saying why."""
    cookies = answer.get("cookies")
    if not isinstance(cookies, list) or not cookies:
        raise BrowserDriverError(f"hook {hook} answered no cookies list")
    for cookie in cookies:
        if not isinstance(cookie, dict):
            raise BrowserDriverError(f"hook {hook} answered a cookie that is no JSON object")
        if isinstance(cookie.get("value"), str):
            run_secrets.remember(cookie["value"])  # before any failure could show it
        for field, kind in COOKIE_FIELDS.items():
            if field in cookie and not isinstance(cookie[field], kind):
                raise BrowserDriverError(
                    f"hook {hook} answered a cookie whose {field} is no {kind.__name__}"
                )
        if not cookie.get("name") or not cookie.get("value"):
            raise BrowserDriverError(f"hook {hook} answered a cookie without a name and value")
        if cookie.get("sameSite", "Lax") not in SAME_SITE:
            raise BrowserDriverError(f"hook {hook} answered a sameSite that is none of {SAME_SITE}")
    return [
        {field: cookie[field] for field in COOKIE_FIELDS if field in cookie} for cookie in cookies
    ]


def setup_link_answer(hook: str, answer: Mapping[str, Any], base_url: str) -> str:
    """Return the link a start_setup hook answered, its token a secret; fail saying why."""
    url = answer.get("url")
    if not isinstance(url, str) or not url:
        raise BrowserDriverError(f"hook {hook} answered no url")
    run_secrets.remember_link(url)  # before any failure could show it
    absolute = urllib.parse.urljoin(base_url + "/", url)
    if urllib.parse.urlsplit(absolute).scheme not in ("http", "https"):
        raise BrowserDriverError(f"hook {hook} answered a url that is not a web address")
    return absolute
