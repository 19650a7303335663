"""Declared policy: scenarios check what a profile declares, and only what it declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from mfaspec.drivers.inprocess.target import InProcessTarget
from mfaspec.drivers.launch import DEBIAN_CHROMIUM
from mfaspec.profile.loader import load_profile, parse_profile
from tests.test_cli import PROFILE, ROOT, mfaspec, report

# What a product without these features leaves out of its profile.
ABSENT = {
    "capabilities": [
        "email_confirmation",
        "team_enforcement",
        "sso",
        "clock_control",
        "admin_reset",
    ],
    "tables": ["mail", "clock", "sso", "forgery", "policy"],
    "locators": ["team_switch", "popup", "popup_yes", "popup_cancel", "member_row", "reset_member"],
}
# Scenarios that check a declared choice, and the wrong declarations a product here makes.
LIES = {
    r"code_lockout = \{ failures = 5,": "code_lockout = { failures = 6,",
    r"link_lifetime_seconds = 1800": "link_lifetime_seconds = 3600",
    r"backup_codes = 1\b": "backup_codes = 3",
    r"drift_window = 1\b": "drift_window = 2",
}
CHECKED = [
    "^After as many wrong codes as the product allows",
    "^The link lives as long as the product declares",
    "^Alice keeps the backup codes and clicks Done$",
    "^At set-up, codes inside the drift window the target claims are accepted",
    "^The drift window the product declares is at most one time step",
]
SET_UP_DRIFT = "At set-up, codes inside the drift window the target claims are accepted"
DRIFT_BOUND = (
    "The drift window the product declares is at most one time step, as RFC 6238 recommends"
)


@pytest.mark.parametrize("name", ["reference-en.toml", "reference-fr.toml"])
def test_the_reference_profiles_declare_what_the_reference_does(name: str) -> None:
    """The profiles' [policy] is the one the in-process target reads from the reference."""
    declared = load_profile(ROOT / "fixtures" / "targets" / name).policy
    assert declared == InProcessTarget().policy


def test_a_product_without_mail_teams_sso_or_clock_needs_no_key_for_them(tmp_path: Path) -> None:
    """Only what the product has is asked for: no [mail], [sso], [clock], team locators."""
    data: dict[str, Any] = tomllib.loads(PROFILE.read_text(encoding="utf-8"))
    for capability in ABSENT["capabilities"]:
        data["capabilities"][capability] = False
    for table in ABSENT["tables"]:
        del data[table]
    for key in ABSENT["locators"]:
        del data["locators"][key]
    del data["screens"]["security_settings"], data["paths"]["security_settings"]
    del data["menu"]["organisation_settings"]
    for key in [k for k in data["locators"] if k.startswith("regenerate")]:
        del data["locators"][key]

    profile = parse_profile(data, "", tmp_path / "plain.toml")

    assert profile.mail.subjects == {} and profile.mail.link_text is None
    assert profile.policy.declared() == frozenset()
    assert profile.policy.code_lockout is None


def row(scenario: dict[str, Any]) -> str | None:
    """Return what tells an outline's rows apart here: its side or its moment; None otherwise."""
    values: dict[str, str] = (scenario["example"] or {}).get("values", {})
    return values.get("side") or values.get("moment")


@pytest.mark.skipif(
    not any(Path(path).exists() for path in DEBIAN_CHROMIUM), reason="no Debian chromium"
)
def test_a_product_that_does_not_do_what_it_declares_fails_those_scenarios(
    tmp_path: Path,
) -> None:
    """The reference, declared with other choices, fails exactly the rows that check them.

    A declared drift window of 2 steps is also beyond RFC 6238's RECOMMENDED one: a warning.
    """
    text = PROFILE.read_text(encoding="utf-8")
    for pattern, lie in LIES.items():
        text, replaced = re.subn(pattern, lie, text)
        assert replaced == 1, pattern
    lying = tmp_path / "lying.toml"
    lying.write_text(text, encoding="utf-8")
    names = [arg for name in CHECKED for arg in ("--name", name)]

    result = mfaspec("run", "--target", str(lying), *names, "--report-dir", str(tmp_path / "r"))

    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    data = report(tmp_path / "r")
    outcomes = {(s["name"].split(" -- @")[0], row(s)): s["outcome"] for s in data["scenarios"]}
    lockout = next(name for name, _ in outcomes if name.startswith("After as many wrong codes"))
    assert outcomes == {
        (lockout, "before"): "failed",  # the 6th wrong code locks, not the 7th
        (lockout, "after"): "failed",
        ("The link lives as long as the product declares", "before"): "failed",  # 59 min: dead
        ("The link lives as long as the product declares", "after"): "passed",
        ("Alice keeps the backup codes and clicks Done", None): "failed",  # 1 shown, 3 declared
        (SET_UP_DRIFT, "the oldest step in the window"): "failed",  # 2 steps old: refused
        (SET_UP_DRIFT, "the newest step in the window"): "failed",
        (SET_UP_DRIFT, "one step before the window"): "passed",
        (SET_UP_DRIFT, "one step after the window"): "passed",
        (DRIFT_BOUND, None): "warning",
    }
    choices = {item["id"]: item["outcome"] for item in data["policy"]}
    assert choices == {
        "code_lockout": "failed",
        "link_lifetime": "failed",
        "backup_codes": "failed",
        "drift_window": "failed",
    }
    requirements = {item["id"]: item["outcome"] for item in data["requirements"]}
    assert requirements["rfc6238.5.2.should"] == "warning"
    page = (tmp_path / "r" / "conformance.html").read_text(encoding="utf-8")
    assert '<section id="policy"><h2>Declared policy</h2>' in page
