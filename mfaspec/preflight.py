"""Before the first scenario: check that the target and its test hooks answer, within seconds.

A target that is down, or hangs, would otherwise fail every scenario after a timeout each.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request

from mfaspec.profile.model import AccountSource, Profile
from mfaspec.target import Capability

TIMEOUT_SECONDS = 3.0
# Statuses that show a hook is not there or refuses the harness, though the server answered.
HOOK_MISSING = {401: "refused the hook token", 403: "refused the hook token", 404: "is not there"}


class TargetUnavailable(RuntimeError):
    """The target or one of its hooks did not answer; the message says which and why."""


def preflight(profile: Profile, base_url: str) -> None:
    """Raise TargetUnavailable unless the login page and every hook the run calls answer."""
    log_in = base_url + profile.ui.paths.get("log_in", "/")
    status = _status(log_in, {})
    if status >= 400:
        raise TargetUnavailable(f"the login page {log_in} answered HTTP {status}")
    headers = {"Accept": "application/json"}
    token_env = profile.target.hook_token_env
    if token_env:
        headers["Authorization"] = f"Bearer {os.environ.get(token_env, '')}"
    for hook in hook_endpoints(profile):
        url = hook if "://" in hook else base_url + hook
        status = _status(url, headers)
        if status in HOOK_MISSING or status >= 500:
            why = HOOK_MISSING.get(status, f"answered HTTP {status}")
            raise TargetUnavailable(f"the test hook {url} {why}")


def hook_endpoints(profile: Profile) -> list[str]:
    """Return the target's hooks the run will call, as the profile gives them."""
    hooks = []
    if profile.accounts.source is AccountSource.HOOK:
        hooks += [profile.accounts.create_account, profile.accounts.create_team]
    if Capability.CLOCK_CONTROL in profile.capabilities:
        hooks.append(profile.clock_hook)
    return [hook for hook in hooks if hook]


def _status(url: str, headers: dict[str, str]) -> int:
    """Return the HTTP status a GET of ``url`` gets; raise TargetUnavailable without an answer."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status: int = response.status
            return status
    except urllib.error.HTTPError as error:
        return error.code
    except TimeoutError:
        raise TargetUnavailable(f"{url} did not answer within {TIMEOUT_SECONDS:g} s") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise TargetUnavailable(f"{url} did not answer: {reason}") from None
