"""Loading a profile: read the file, check every table, report every problem at once."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mfaspec.profile.accounts import read_accounts
from mfaspec.profile.capabilities import read_capabilities
from mfaspec.profile.keys import (
    CLOCK_KEYS,
    POLICY_KEYS,
    REVEALED,
    SSO_KEYS,
    TARGET_KEYS,
    TEAM,
    TOP_LEVEL,
    UI_TABLES,
)
from mfaspec.profile.lines import Problems
from mfaspec.profile.locators import Flow, ProfileError
from mfaspec.profile.model import Profile, SingleSignOn
from mfaspec.profile.sections import (
    read_enable_request,
    read_forgery,
    read_mail,
    read_optional_step,
    read_policy,
    read_reveal,
    read_sso,
    read_target,
    read_ui,
)
from mfaspec.profile.table import Table
from mfaspec.target import SWITCHES, Capability


def load_profile(path: str | Path) -> Profile:
    """Read and check a target profile; every problem is reported at once."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError([f"{source}: cannot read the profile: {error.strerror}"]) from None
    except UnicodeDecodeError as error:
        line = error.object.count(b"\n", 0, error.start) + 1
        bad = error.object[error.start]
        raise ProfileError(
            [f"{source}: not UTF-8: byte 0x{bad:02x} on line {line}; save the profile as UTF-8"]
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError([f"{source}: not valid TOML: {error}"]) from None
    return parse_profile(data, text, source)


def parse_profile(data: Mapping[str, Any], text: str, source: Path) -> Profile:
    """Check parsed TOML; ``text`` is the file's text, where problems are placed by line."""
    problems = Problems(source, text)
    root = Table(problems, (), data, TOP_LEVEL)
    if not root.has("target"):
        root.problem("target", "missing: the [target] table")
    target = read_target(root.table("target", TARGET_KEYS))
    able = root.table("capabilities", [*SWITCHES, "drift_window"])
    capabilities = read_capabilities(able)
    accounts = read_accounts(root, target, capabilities)
    policy = read_policy(root.table("policy", POLICY_KEYS))
    logs_in = f"log_in_with.{accounts.log_in_with.value}"
    offered = frozenset({c.value for c in capabilities} | policy.declared() | {logs_in})
    mail = read_mail(root, target, offered)
    clock = root.table("clock", CLOCK_KEYS)
    sso = root.table("sso", SSO_KEYS)
    optional = root.values.get("optional_steps", [])
    optional_steps = Table(problems, ("optional_steps",), {}, ())
    flows = root.table("flows", list(Flow))
    ui = read_ui(root, offered, partial=False)
    overrides = root.table("overrides", list(root.values.get("overrides", {})))
    profile = Profile(
        source=source,
        target=target,
        capabilities=capabilities,
        drift_window=int(able.number("drift_window", 1, 0)),
        accounts=accounts,
        mail=mail,
        clock_hook=clock.endpoint("hook") if Capability.CLOCK_CONTROL in capabilities else "",
        team_switch_forgery=read_forgery(root) if {Capability.WEB, TEAM} <= capabilities else None,
        enable_request=read_enable_request(root),
        policy=policy,
        sso=read_sso(sso, target) if Capability.SSO in capabilities else SingleSignOn(()),
        optional_steps=tuple(
            read_optional_step(optional_steps, index, item)
            for index, item in enumerate(optional if isinstance(optional, list) else [optional])
        ),
        flows={Flow(key): flows.steps(key) for key in flows.values if key in list(Flow)},
        reveal=read_reveal(root.table("reveal", list(REVEALED))),
        ui=ui,
        overrides={
            scenario: ui.merged(
                read_ui(overrides.table(scenario, UI_TABLES), offered, partial=True)
            )
            for scenario in overrides.values
        },
    )
    if problems.found:
        raise ProfileError(problems.found)
    return profile
