"""Listed accounts back to their starting state: the profile's reset command or HTTP call."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mfaspec.driver import HarnessError
from mfaspec.profile.model import AccountReset, ListedAccount

# How long a reset command may run before the scenario is given up.
COMMAND_SECONDS = 60
Call = Callable[[str, Mapping[str, object], str], object]


class ResetError(HarnessError):
    """The reset the profile names did not work: the scenario is broken, not failed."""


def reset_accounts(reset: AccountReset, listed: Sequence[ListedAccount], call: Call) -> None:
    """Run the reset command once, or make the reset call once per listed account."""
    if reset.command:
        _run(reset.command)
        return
    for account in listed:
        values = {"email": account.email, "label": account.label}
        call(reset.path.format_map(values), _filled(reset.body, values), reset.method)


def _run(command: Sequence[str]) -> None:
    try:
        done = subprocess.run(
            list(command), capture_output=True, text=True, timeout=COMMAND_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ResetError(
            f"the accounts' reset command {command[0]!r} did not run: {error}"
        ) from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise ResetError(
            f"the accounts' reset command {command[0]!r} exited with {done.returncode}: {said[0]}"
        )


def _filled(value: Any, values: Mapping[str, str]) -> Any:
    """Return a JSON-like value with the placeholders of its strings replaced."""
    if isinstance(value, str):
        return value.format_map(values)
    if isinstance(value, dict):
        return {key: _filled(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item, values) for item in value]
    return value
