"""The reference application described as a product unlike it: what the profile leaves out or
describes otherwise changes verdicts only as docs/profile.md says (not applicable, never failed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mfaspec.drivers.launch import DEBIAN_CHROMIUM
from tests.test_cli import PROFILE, mfaspec, report

pytestmark = pytest.mark.skipif(
    not any(Path(path).exists() for path in DEBIAN_CHROMIUM), reason="no Debian chromium"
)
EDIT_PROFILE = 'Alice finds the switch for multi-factor authentication under "Edit profile"'
ADMINS_ONLY = 'Only organisation admins see "Organisation settings" in the menu'
PERSONAL = 'Alice asks to turn on 2FA from "Personal settings"'


def scenarios_run(tmp_path: Path, profile_text: str, *names: str) -> list[dict[str, Any]]:
    """Run the named scenarios in the browser with this profile; return their reports."""
    profile = tmp_path / "profile.toml"
    profile.write_text(profile_text, encoding="utf-8")
    reports = tmp_path / "reports"
    pattern = "|".join(f"^{name}$" for name in names).replace('"', ".").replace("(", ".")
    result = mfaspec("run", "--target", str(profile), "-k", pattern, "--report-dir", str(reports))
    assert (reports / "conformance.json").exists(), result.stdout[-2000:] + result.stderr[-2000:]
    scenarios: list[dict[str, Any]] = report(reports)["scenarios"]
    return scenarios


def outcomes(tmp_path: Path, profile_text: str, *names: str) -> dict[str, str]:
    """Run the named scenarios in the browser with this profile; return each one's outcome."""
    return {s["name"]: s["outcome"] for s in scenarios_run(tmp_path, profile_text, *names)}


def test_menu_entries_the_profile_does_not_locate_are_not_applicable(tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace('edit_profile = { role = "menuitem", name = "Edit profile" }\n', "")

    found = outcomes(tmp_path, text, EDIT_PROFILE, ADMINS_ONLY, PERSONAL)

    assert found == {
        EDIT_PROFILE: "not_applicable",
        ADMINS_ONLY: "not_applicable",
        PERSONAL: "not_applicable",
    }


NEW_CODE = "A new backup code needs the password and a current code, and replaces the old one"
TURNS_OFF = 'Alice turns 2FA off from "Personal settings"'
WRONG_PASSWORD = "A wrong password does not turn 2FA off"
NOWHERE = '{ text = "an element no page of the reference shows" }'


def test_log_out_and_disable_run_as_the_profile_s_steps(tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace(
        'disable = { role = "button", name = "Disable", exact = true }', f"disable = {NOWHERE}"
    )
    text = text.replace(
        'log_out = [\n    { role = "menuitem", name = "Log out" },\n'
        '    { role = "button", name = "Log out" },\n]',
        f"log_out = {NOWHERE}",
    )
    text += (
        "\n[flows]\n"
        'log_out = [\n    { click = { role = "button", name = "Profile menu" } },\n'
        '    { click = { role = "menuitem", name = "Log out" } },\n]\n'
        'disable = [{ click = { role = "button", name = "Disable", exact = true } }]\n'
    )

    found = outcomes(tmp_path, text, NEW_CODE, WRONG_PASSWORD)

    assert found == {NEW_CODE: "passed", WRONG_PASSWORD: "passed"}


def test_an_optional_entry_types_the_password_of_who_logged_in(tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace('disable_asks = "password_and_code"', 'disable_asks = "code"')
    text = text.replace('disable_password = { label = "Password", exact = true }\n', "")
    text += (
        "\n[[optional_steps]]\n"
        'when = { css = "input#current-password" }\n'
        'steps = [{ fill = { label = "Password", exact = true }, value = "{password}" }]\n'
    )

    assert outcomes(tmp_path, text, TURNS_OFF) == {TURNS_OFF: "passed"}


TYPED_KEY = "The key can be typed instead of scanned"
REVEAL = (
    "[reveal]\n"
    "# the key for typing by hand sits in a closed <details> under the QR code\n"
    'manual_key = [{ click = { text = "Can\'t scan the QR code?", exact = true } }]\n'
)


def test_the_key_in_a_closed_details_is_read_after_the_profile_s_reveal(tmp_path: Path) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    assert REVEAL in text, "the reference profile reveals the key"

    assert outcomes(tmp_path, text, TYPED_KEY) == {TYPED_KEY: "passed"}


def test_without_the_reveal_reading_the_hidden_key_is_broken_naming_its_key(
    tmp_path: Path,
) -> None:
    text = PROFILE.read_text(encoding="utf-8").replace(REVEAL, "")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("manual_key ="))

    [scenario] = scenarios_run(tmp_path, text, TYPED_KEY)

    first = scenario["failure"]["message"].splitlines()[0]
    assert scenario["outcome"] == "broken"
    assert first.startswith(
        f"the profile's locators.manual_key ({tmp_path / 'profile.toml'}:{line}) matched only an"
        " element hidden on http://127.0.0.1:"
    )
    assert first.endswith("/mfa/setup; a [reveal] entry for it can give the steps that show it")
