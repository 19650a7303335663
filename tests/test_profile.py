"""Target profiles: the reference ones load; a broken one is refused with the key and its line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mfaspec.driver import MailKind, MenuItem, Notice, Place, Screen
from mfaspec.drivers.locating import backup_code_form
from mfaspec.profile.lines import key_lines
from mfaspec.profile.loader import load_profile
from mfaspec.profile.locators import Locator, LocatorKind, ProfileError, StepAction
from mfaspec.profile.model import AccountSource, MailSource
from mfaspec.profile.template import profile_template
from mfaspec.target import Capability

TARGETS = Path(__file__).resolve().parent.parent / "fixtures" / "targets"
ENGLISH = TARGETS / "reference-en.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str) -> int:
    """Return the 1-based number of the only line containing ``fragment``."""
    [number] = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return number


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ProfileError) as refused:
        load_profile(path)
    return refused.value.problems


@pytest.mark.parametrize("name", ["reference-en.toml", "reference-fr.toml"])
def test_the_reference_profiles_load_with_every_capability(name: str) -> None:
    profile = load_profile(TARGETS / name)

    assert profile.target.embedded
    assert profile.capabilities == frozenset(Capability)
    assert profile.accounts.source is AccountSource.HOOK
    assert profile.mail.source is MailSource.SMTP_SINK
    assert set(profile.mail.subjects) == set(MailKind)
    assert set(profile.ui.screens) == set(Screen)
    assert set(profile.ui.notices) == set(Notice)
    assert set(profile.ui.menu) == set(MenuItem)
    assert {place.value for place in Place} <= set(profile.ui.paths)
    assert profile.sso.embedded
    assert profile.enable_request is not None
    assert [step.action for step in profile.sso.steps] == [
        StepAction.CLICK,
        StepAction.FILL,
        StepAction.CLICK,
        StepAction.FILL,
        StepAction.CLICK,
    ]


def test_the_french_profile_differs_from_the_english_one_only_in_words() -> None:
    english, french = load_profile(ENGLISH), load_profile(TARGETS / "reference-fr.toml")

    assert french.target.locale == "fr-FR"
    assert french.accounts.locale == "fr"
    assert french.ui.paths == english.ui.paths
    assert set(french.ui.controls) == set(english.ui.controls)
    assert french.ui.controls["setup_submit"] == (
        Locator(LocatorKind.ROLE, "button", "Vérifier", exact=True),
    )


def test_the_generated_template_is_itself_a_valid_profile(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, profile_template("Acme")))

    assert profile.target.name == "Acme"
    assert profile.mail.sink_port == 2525
    assert profile.team_switch_forgery is not None


def test_an_unknown_key_is_named_with_its_line(tmp_path: Path) -> None:
    text = ENGLISH.read_text().replace('locale = "en-GB"', 'locale = "en-GB"\ncolour = "blue"')
    path = write(tmp_path, text)

    assert problems_of(path) == [
        f"{path}:{line_of(text, 'colour')}: target.colour: unknown key; expected one of"
        " base_url, hook_token_env, locale, name, session_cookie, timeout"
    ]


def test_a_missing_locator_is_named_with_the_line_of_its_table(tmp_path: Path) -> None:
    original = ENGLISH.read_text()
    text = original.replace('enable = { role = "button", name = "Enable", exact = true }\n', "")
    path = write(tmp_path, text)

    assert problems_of(path) == [
        f"{path}:{line_of(text, '[locators]')}: locators.enable:"
        " missing: the locator of Enable in the MFA section"
    ]


def test_a_bad_url_is_named_with_its_line(tmp_path: Path) -> None:
    text = ENGLISH.read_text().replace('base_url = "embedded"', 'base_url = "ftp://example.com"')
    path = write(tmp_path, text)

    assert problems_of(path)[0] == (
        f"{path}:{line_of(text, 'ftp://')}: target.base_url:"
        " 'ftp://example.com' is not an http(s) URL"
    )


def test_a_bad_locator_is_named_with_its_line(tmp_path: Path) -> None:
    text = ENGLISH.read_text().replace(
        'done = { role = "button", name = "Done", exact = true }', 'done = { id = "done" }'
    )
    path = write(tmp_path, text)

    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:{line_of(text, 'id = ')}: locators.done: unknown locator")


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        ENGLISH.read_text()
        .replace("timeout = 5.0", 'timeout = "soon"')
        .replace('role = "switch"', 'role = "toggle"')
        .replace('mfa_enabled = "^Multi', 'mfa_enabled = "(^Multi')
    )
    path = write(tmp_path, text)

    problems = problems_of(path)

    assert [problem.split(": ")[1] for problem in problems] == [
        "target.timeout",
        "mail.subjects.mfa_enabled",
        "locators.team_switch",
    ]
    assert "'toggle' is not an ARIA role" in problems[2]


def test_without_a_capability_its_locators_may_be_left_out(tmp_path: Path) -> None:
    text = ENGLISH.read_text().replace("team_enforcement = true", "team_enforcement = false")
    kept = [line for line in text.splitlines() if not line.startswith(("team_switch", "popup"))]
    profile = load_profile(write(tmp_path, "\n".join(kept)))

    assert Capability.TEAM_ENFORCEMENT not in profile.capabilities
    assert "team_switch" not in profile.ui.controls


def test_a_secret_is_named_by_an_environment_variable_never_written_inline(tmp_path: Path) -> None:
    text = ENGLISH.read_text().replace(
        '[mail]\nsource = "smtp-sink"',
        '[mail]\nsource = "imap"\n\n[mail.imap]\nhost = "mail.example.com"\nusername = "qa"\n'
        'password = "hunter2"\n',
    )
    path = write(tmp_path, text)

    problems = problems_of(path)

    assert any(": mail.imap.password: unknown key" in problem for problem in problems)
    assert any(": mail.imap.password_env: missing" in problem for problem in problems)


def test_listed_accounts_are_placed_by_their_entry(tmp_path: Path) -> None:
    listed = (
        '[accounts]\nsource = "listed"\n\n'
        '[[accounts.listed]]\nlabel = "Alice"\nemail = "alice@example.com"\n'
        'password_env = "ALICE_PASSWORD"\n\n'
        '[[accounts.listed]]\nlabel = "Bob"\npassword_env = "BOB_PASSWORD"\n'
    )
    text = ENGLISH.read_text().replace(
        '[accounts]\nsource = "hook"\ncreate_account = "/_test/accounts"\n'
        'create_team = "/_test/teams"\nturn_on_mfa = "/_test/accounts/mfa"\n'
        'start_setup = "/_test/accounts/setup"\nrequire_team_mfa = "/_test/teams/requirement"\n'
        'log_in = "/_test/sessions"\n',
        listed,
    )
    path = write(tmp_path, text)

    problems = problems_of(path)

    second_entry = [n for n, line in enumerate(text.splitlines(), 1) if "[[accounts" in line][1]
    assert problems == [f"{path}:{second_entry}: accounts.listed[1].email: missing"]


def test_an_override_replaces_locators_for_one_scenario_only(tmp_path: Path) -> None:
    text = ENGLISH.read_text() + (
        '\n[overrides."Alice logs in with her password".screens]\n'
        'dashboard = { text = "Welcome back" }\n'
    )
    profile = load_profile(write(tmp_path, text))

    changed = profile.ui_for("Alice logs in with her password")
    assert changed.screens[Screen.DASHBOARD] == (Locator(LocatorKind.TEXT, "Welcome back"),)
    assert changed.screens[Screen.LOG_IN] == profile.ui.screens[Screen.LOG_IN]
    assert profile.ui_for("another scenario") is profile.ui


def test_an_override_by_an_outline_name_applies_to_each_of_its_rows(tmp_path: Path) -> None:
    outline = "Until the code is given, no page of the account opens"
    text = (
        ENGLISH.read_text() + f'\n[overrides."{outline}".screens]\ndashboard = {{ text = "Hi" }}\n'
    )
    profile = load_profile(write(tmp_path, text))

    for row in (f"{outline} -- @1.1 ", f"{outline} -- @1.2 "):
        assert profile.ui_for(row).screens[Screen.DASHBOARD] == (Locator(LocatorKind.TEXT, "Hi"),)
    assert profile.ui_for("Another -- @1.1 ") is profile.ui


def test_profile_check_warns_of_an_override_that_matches_no_scenario(tmp_path: Path) -> None:
    text = ENGLISH.read_text() + (
        '\n[overrides."Alice logs in with her pasword".screens]\ndashboard = { text = "Hi" }\n'
        '\n[overrides."Alice logs in with her password".screens]\ndashboard = { text = "Hi" }\n'
    )
    path = write(tmp_path, text)
    checked = subprocess.run(
        ["mfaspec", "profile", "check", str(path)], capture_output=True, text=True, check=False
    )

    assert checked.returncode == 0, checked.stderr
    warnings = [line for line in checked.stdout.splitlines() if "warning" in line]
    assert warnings == [
        f"{path}: warning: overrides.'Alice logs in with her pasword' matches no scenario"
        " or outline name"
    ]


def test_key_lines_follow_headers_arrays_and_quoted_names() -> None:
    text = '[a]\nx = 1\n[[b.c]]\ny = 2\n[[b.c]]\ny = 3\n[overrides."Some name".screens]\nz = 4\n'

    lines = key_lines(text)

    assert lines[("a", "x")] == 2
    assert lines[("b", "c", 1, "y")] == 6
    assert lines[("overrides", "Some name", "screens", "z")] == 8


def test_text_that_is_not_toml_is_refused_with_its_position(tmp_path: Path) -> None:
    path = write(tmp_path, "[target\nname = 1\n")

    [problem] = problems_of(path)
    assert problem.startswith(f"{path}: not valid TOML:") and "line 1" in problem


def test_a_key_of_a_missing_table_is_named_without_a_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[target]\nname = "x"\nbase_url = "https://app.example.com"\n')

    problems = problems_of(path)

    assert f"{path}: accounts.source: missing" in problems
    assert (
        f"{path}: locators.login_email: missing: the locator of the e-mail field of the"
        " login form" in problems
    )
    assert not any("smtp_sink" in problem for problem in problems)  # mail.source is unknown


def test_the_embedded_identity_provider_goes_with_the_embedded_application(tmp_path: Path) -> None:
    text = ENGLISH.read_text().replace('base_url = "embedded"', 'base_url = "https://qa.example"')
    text += "\n[mail.smtp_sink]\nport = 2525\n"
    path = write(tmp_path, text)

    assert problems_of(path) == [
        f"{path}:{line_of(text, 'identity_provider = ')}: sso.identity_provider:"
        ' "embedded" goes with base_url = "embedded"'
    ]


def test_a_claims_hook_needs_its_identity_provider_and_knows_only_the_email(
    tmp_path: Path,
) -> None:
    text = ENGLISH.read_text().replace('identity_provider = "embedded"\n', "")
    text = text.replace('claims_hook = "/users/{email}"', 'claims_hook = "/users/{name}"')
    path = write(tmp_path, text)

    hook = f"{path}:{line_of(text, 'claims_hook = ')}: sso.claims_hook:"
    assert problems_of(path) == [
        f"{hook} needs the identity_provider it is relative to",
        f"{hook} unknown placeholder; use {{email}}",
    ]


def test_the_enable_request_copies_named_fields_from_the_page(tmp_path: Path) -> None:
    profile = load_profile(ENGLISH)
    assert profile.enable_request is not None
    assert profile.enable_request.page_fields == ("csrf_token",)

    text = ENGLISH.read_text().replace('page_fields = ["csrf_token"]', 'page_fields = "csrf_token"')
    path = write(tmp_path, text)
    assert problems_of(path) == [
        f"{path}:{line_of(text, 'page_fields = ')}: requests.enable.page_fields:"
        " must be a list of strings"
    ]


def latin1_profile(tmp_path: Path) -> Path:
    """Write the English profile with its name in Latin-1: an é that is not UTF-8."""
    text = ENGLISH.read_text(encoding="utf-8").replace('name = "mfaspec', 'name = "Société mfaspec')
    path = tmp_path / "latin1.toml"
    path.write_bytes(text.encode("latin-1"))
    return path


def test_a_profile_that_is_not_utf8_is_refused_with_the_line_of_the_bad_byte(
    tmp_path: Path,
) -> None:
    path = latin1_profile(tmp_path)

    [problem] = problems_of(path)
    assert problem.startswith(f"{path}: not UTF-8: byte 0xe9 on line 5"), problem


@pytest.mark.parametrize("command", [["profile", "check"], ["run", "--target"]])
def test_the_commands_refuse_a_profile_that_is_not_utf8_as_a_profile_error(
    tmp_path: Path, command: list[str]
) -> None:
    path = latin1_profile(tmp_path)

    result = subprocess.run(
        ["mfaspec", *command, str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert f"{path}: not UTF-8" in result.stderr and "Traceback" not in result.stderr


LISTED_ALICE = (
    '[accounts]\nsource = "listed"\n\n'
    '[[accounts.listed]]\nlabel = "Alice"\nemail = "alice@example.com"\n'
    'password_env = "ALICE_PASSWORD"\n\n'
)
HOOKED = (
    '[accounts]\nsource = "hook"\ncreate_account = "/_test/accounts"\n'
    'create_team = "/_test/teams"\nturn_on_mfa = "/_test/accounts/mfa"\n'
    'start_setup = "/_test/accounts/setup"\nrequire_team_mfa = "/_test/teams/requirement"\n'
    'log_in = "/_test/sessions"\n'
)


def with_reset(reset: str) -> str:
    """Return the English profile with a listed Alice and this [accounts.reset] table."""
    return ENGLISH.read_text().replace(HOOKED, LISTED_ALICE + "[accounts.reset]\n" + reset)


def test_listed_accounts_may_name_a_reset_command(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, with_reset('command = ["qa-reset", "--all"]\n')))

    assert profile.accounts.reset is not None
    assert profile.accounts.reset.command == ("qa-reset", "--all")


def test_listed_accounts_may_name_a_reset_call(tmp_path: Path) -> None:
    text = with_reset('method = "PUT"\npath = "/admin/{label}"\nbody = { email = "{email}" }\n')
    reset = load_profile(write(tmp_path, text)).accounts.reset

    assert reset is not None
    assert (reset.method, reset.path, dict(reset.body)) == (
        "PUT",
        "/admin/{label}",
        {"email": "{email}"},
    )


@pytest.mark.parametrize(
    ("reset", "problem"),
    [
        ('command = ["a"]\npath = "/reset"\n', "accounts.reset.command: give either command"),
        ('method = "PUT"\n', "accounts.reset.command: give either command"),
        ("command = []\n", "accounts.reset.command: must be a non-empty array of strings"),
        ('path = "/reset/{password}"\n', "accounts.reset.path: unknown placeholder"),
        (
            'path = "/reset"\nbody = { who = "{name}" }\n',
            "accounts.reset.body: unknown placeholder",
        ),
        ('command = ["a"]\nmethod = "PUT"\n', "accounts.reset.method: goes with path"),
    ],
)
def test_a_wrong_reset_is_refused_on_its_line(tmp_path: Path, reset: str, problem: str) -> None:
    text = with_reset(reset)
    path = write(tmp_path, text)

    problems = problems_of(path)

    assert len(problems) == 1 and problem in problems[0], problems
    assert problems[0].startswith(f"{path}:"), problems


def test_a_reset_goes_only_with_listed_accounts(tmp_path: Path) -> None:
    text = ENGLISH.read_text().replace(HOOKED, HOOKED + 'reset = { command = ["a"] }\n')

    problems = problems_of(write(tmp_path, text))

    assert any("accounts.reset: does not go with source = 'hook'" in p for p in problems), problems


def test_a_product_with_one_field_for_either_code_needs_no_backup_code_form(
    tmp_path: Path,
) -> None:

    kept = [
        line
        for line in ENGLISH.read_text().splitlines()
        if not line.startswith(("use_backup_code", "backup_code_field", "backup_code_submit"))
    ]
    profile = load_profile(write(tmp_path, "\n".join(kept)))

    assert backup_code_form(profile.ui.controls) == (
        profile.ui.controls["code_field"],
        profile.ui.controls["code_submit"],
    )
    reference = load_profile(ENGLISH).ui.controls
    assert backup_code_form(reference) == (
        reference["backup_code_field"],
        reference["backup_code_submit"],
    )


def test_a_reveal_shows_an_element_on_its_page_and_only_one_the_driver_reads(
    tmp_path: Path,
) -> None:
    text = ENGLISH.read_text(encoding="utf-8").replace(
        "manual_key = [{ click = {", 'manual_key = [{ goto = "/mfa/setup" }, { click = {'
    )
    text = text.replace("[reveal]\n", '[reveal]\nenable = [{ click = { text = "More" } }]\n')
    path = write(tmp_path, text)

    assert problems_of(path) == [
        f"{path}:{line_of(text, 'enable = [{ click')}: reveal.enable: unknown key; expected one of"
        " backup_code_text, manual_key, qr_image",
        f"{path}:{line_of(text, 'manual_key = [{ goto')}: reveal.manual_key: a reveal clicks or"
        " fills on the element's page; it cannot go to one",
    ]


def test_the_reference_profiles_reveal_the_key_before_reading_it() -> None:
    [step] = load_profile(ENGLISH).reveal["manual_key"]

    assert step.action is StepAction.CLICK
    assert step.locator == (Locator(LocatorKind.TEXT, "Can't scan the QR code?", exact=True),)
