"""A profile states which single sign-on accounts exist; a missing kind makes exactly the
scenarios needing it not applicable, as the run's own before_scenario decides."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest

import environment
from mfaspec.partition import every_planned
from mfaspec.profile.loader import load_profile
from mfaspec.profile.locators import ProfileError
from mfaspec.profile.model import Profile
from mfaspec.target import Capability
from tests.test_cli import PROFILE

SSO_ONLY = {
    "An SSO user finds an explanation where the switch would be",
    "An SSO user who sends the Enable request himself is refused",
    "Team enforcement does not ask SSO users to set up 2FA",
    "Single sign-on is refused when the identity provider has not verified the address",
}
PASSWORD_MEMBERS = {
    "A member with a password may also sign in through the team's single sign-on",
    "Signing in through single sign-on still asks for the code when 2FA is on",
}


@dataclass
class PlannedScenario:
    """What before_scenario reads of a scenario: its name and tags; it notes a skip."""

    name: str
    effective_tags: frozenset[str]
    skipped: str = field(default="")

    def skip(self, reason: str) -> None:
        self.skipped = reason


class Opened(Exception):
    """before_scenario went on to open a driver: the scenario is applicable."""


def not_applicable(profile: Profile) -> set[str]:
    """Return the names of the scenarios the run's before_scenario skips for this profile."""

    def open_driver(name: str) -> None:
        raise Opened(name)

    target = SimpleNamespace(
        capabilities=profile.capabilities, policy=profile.policy, open_driver=open_driver
    )
    skipped = set()
    for planned in every_planned():
        scenario = PlannedScenario(planned.name, planned.tags)
        try:
            environment.before_scenario(SimpleNamespace(target=target), scenario)
        except Opened:
            continue
        assert scenario.skipped.startswith("not applicable"), scenario.name
        skipped.add(planned.name)
    return skipped


def profile_with(tmp_path: Path, sso: str) -> Profile:
    text = PROFILE.read_text(encoding="utf-8").replace("sso = true", f"sso = {sso}", 1)
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return load_profile(path)


def test_sso_true_offers_both_kinds_of_account(tmp_path: Path) -> None:
    profile = profile_with(tmp_path, '["sso_only", "password_members"]')

    assert profile.capabilities == load_profile(PROFILE).capabilities
    assert {Capability.SSO_ONLY, Capability.SSO_PASSWORD_MEMBERS} <= profile.capabilities


@pytest.mark.parametrize(
    ("sso", "missing"),
    [('["sso_only"]', PASSWORD_MEMBERS), ('["password_members"]', SSO_ONLY)],
    ids=["sso-only-accounts", "password-members"],
)
def test_a_missing_kind_makes_exactly_its_scenarios_not_applicable(
    tmp_path: Path, sso: str, missing: set[str]
) -> None:
    every = not_applicable(load_profile(PROFILE))

    assert not_applicable(profile_with(tmp_path, sso)) - every == missing


def test_without_sso_every_sso_scenario_is_not_applicable(tmp_path: Path) -> None:
    assert not_applicable(profile_with(tmp_path, "false")) >= SSO_ONLY | PASSWORD_MEMBERS


def test_password_members_only_need_no_notice_of_sso_only_accounts(tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8").replace("sso = true", 'sso = ["password_members"]')
    text = text.replace(
        'sso_account = { text = "Accounts that sign in with single sign-on" }\n', ""
    )
    text = text.replace('sso_refused = { text = "Single sign-on did not sign you in" }\n', "")
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")

    assert Capability.SSO_ONLY not in load_profile(path).capabilities


@pytest.mark.parametrize("sso", ['["sso_only", "admins"]', "[]", '"yes"'])
def test_an_unknown_kind_is_refused_with_its_line(tmp_path: Path, sso: str) -> None:
    with pytest.raises(ProfileError) as refused:
        profile_with(tmp_path, sso)

    line = PROFILE.read_text(encoding="utf-8").splitlines().index("sso = true") + 1
    assert refused.value.problems == [
        f"{tmp_path / 'profile.toml'}:{line}: capabilities.sso: must be true, false or a"
        ' non-empty array of "sso_only", "password_members"'
    ]
