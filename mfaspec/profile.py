"""Target profiles: a TOML file that maps every driver action onto one web deployment.

The format is documented in docs/profile.md. ``load_profile`` checks a file completely and
reports every problem with the file, the line and the dotted key it concerns.
"""

from __future__ import annotations

import os
import re
import string
import tomllib
import typing
import urllib.parse
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from mfaspec.driver import MailKind, MenuItem, Notice, Place, Screen
from mfaspec.policy import AfterUse, Asks, BackupCodes, Lockout, LockShown, Policy
from mfaspec.target import Capability

KeyPath = tuple[str | int, ...]
EMBEDDED = "embedded"
PLACEHOLDERS = frozenset({"email", "name", "password"})


class ProfileError(ValueError):
    """A profile that cannot be used; each problem names the file, the line and the key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# -- locators and steps ------------------------------------------------------------------------


class LocatorKind(StrEnum):
    """How a locator finds an element; the names follow Playwright's ``get_by_*`` methods."""

    ROLE = "role"
    LABEL = "label"
    TEXT = "text"
    TEST_ID = "test_id"
    PLACEHOLDER = "placeholder"
    CSS = "css"


@cache
def aria_roles() -> frozenset[str]:
    """Return the ARIA roles Playwright's ``get_by_role`` accepts."""
    from playwright.sync_api import Page

    return frozenset(typing.get_args(typing.get_type_hints(Page.get_by_role)["role"]))


@dataclass(frozen=True)
class Locator:
    """One way to find one element: a role (and accessible name), a label, a text, …"""

    kind: LocatorKind
    value: str
    name: str | None = None
    exact: bool = False
    origin: str = field(default="", compare=False)  # "locators.enable (profile.toml:57)"

    def to_toml(self) -> str:
        """Return the locator as a TOML inline table."""
        parts = [f"{self.kind.value} = {_toml_string(self.value)}"]
        if self.name is not None:
            parts.append(f"name = {_toml_string(self.name)}")
        if self.exact:
            parts.append("exact = true")
        return "{ " + ", ".join(parts) + " }"


AnyOf = tuple[Locator, ...]
"""A profile value: one locator, or an array of them of which any may match."""


class StepAction(StrEnum):
    """What one step of a described flow does."""

    GOTO = "goto"
    CLICK = "click"
    FILL = "fill"


@dataclass(frozen=True)
class Step:
    """One step of a flow the profile describes (SSO, sign-up, a banner to dismiss)."""

    action: StepAction
    locator: AnyOf = ()
    value: str = ""


@dataclass(frozen=True)
class OptionalSteps:
    """Steps run whenever ``when`` shows after a page load, a click or a step (a banner, a
    "confirm your password" page); ``{password}`` is the password of who last logged in."""

    when: AnyOf
    steps: tuple[Step, ...]


class Flow(StrEnum):
    """An action the profile may describe as steps instead of one click."""

    LOG_OUT = "log_out"
    ENABLE = "enable"
    DISABLE = "disable"


# -- what each table may hold --------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """A key a table may hold: what it stands for, an example, and when it is required."""

    meaning: str
    example: Locator
    needs: str | None = None  # a capability, or a choice the policy declares
    optional: bool = False

    def required(self, offered: frozenset[str]) -> bool:
        """Return whether a profile offering these capabilities and choices must give this key."""
        return not self.optional and (self.needs is None or self.needs in offered)


def _role(role: str, name: str) -> Locator:
    return Locator(LocatorKind.ROLE, role, name)


def _label(label: str) -> Locator:
    return Locator(LocatorKind.LABEL, label)


def _text(text: str) -> Locator:
    return Locator(LocatorKind.TEXT, text)


MAIL = Capability.EMAIL_CONFIRMATION
NEW_CODES = "new_backup_codes"  # the policy declares that new backup codes can be asked for
TEAM = Capability.TEAM_ENFORCEMENT
SCREENS: dict[str, Spec] = {
    Screen.LOG_IN: Spec("the login form", _role("heading", "Log in")),
    Screen.CODE_PROMPT: Spec("login asking for the 6-digit code", _label("6-digit code")),
    Screen.REQUIRED_SETUP: Spec("set-up demanded at login", _text("Your team requires"), TEAM),
    Screen.DASHBOARD: Spec("the dashboard", _role("heading", "Dashboard")),
    Screen.ACCOUNT_SETTINGS: Spec("the account settings", _role("heading", "Account settings")),
    Screen.CHECK_EMAIL: Spec("'check your e-mail' after Enable", _text("Check your e-mail"), MAIL),
    Screen.SETUP: Spec("the set-up page with the QR code", _role("heading", "Set up")),
    Screen.BACKUP_CODE: Spec("the page showing a backup code", _role("heading", "Backup code")),
    Screen.SECURITY_SETTINGS: Spec("Security & SSO", _role("heading", "Security & SSO"), TEAM),
}
CONTROLS: dict[str, Spec] = {
    "login_email": Spec("the e-mail field of the login form", _label("E-mail")),
    "login_password": Spec("the password field of the login form", _label("Password")),
    "login_submit": Spec("the button sending the login form", _role("button", "Log in")),
    "code_field": Spec("the 6-digit code field at login", _label("6-digit code")),
    "code_submit": Spec("the button sending the code at login", _role("button", "Log in")),
    "use_backup_code": Spec(
        "the switch to the backup-code form", _role("link", "Backup code"), optional=True
    ),
    "backup_code_field": Spec(
        "the backup-code field at login", _label("Backup code"), optional=True
    ),
    "backup_code_submit": Spec(
        "the button sending the backup code", _role("button", "Log in"), optional=True
    ),
    "profile_menu": Spec(
        "the profile picture opening the menu", _role("button", "Profile"), optional=True
    ),
    "mfa_tab": Spec("the settings tab or submenu holding MFA", _role("link", "Settings")),
    "enable": Spec("Enable in the MFA section", _role("button", "Enable")),
    "disable": Spec("Disable in the MFA section", _role("button", "Disable")),
    "disable_password": Spec(
        "the password asked to disable", _label("Current password"), "disable_asks.password"
    ),
    "disable_code": Spec(
        "the code asked to disable", _label("Current 6-digit code"), "disable_asks.code"
    ),
    "disable_submit": Spec("the button confirming Disable", _role("button", "Turn off")),
    "qr_image": Spec("the QR code (read from a screenshot)", _role("img", "QR code")),
    "manual_key": Spec("the key shown for typing by hand", Locator(LocatorKind.TEST_ID, "key")),
    "setup_code": Spec("the field under 'Verify your code'", _label("Verify your code")),
    "setup_submit": Spec("the Verify button", _role("button", "Verify")),
    "backup_code_text": Spec("the backup code", Locator(LocatorKind.TEST_ID, "backup-code")),
    "done": Spec("Done under the backup code", _role("button", "Done")),
    "regenerate": Spec(
        "the button asking for a new backup code", _role("button", "New code"), NEW_CODES
    ),
    "regenerate_password": Spec(
        "the password asked for a new code", _label("Password"), "new_backup_codes_ask.password"
    ),
    "regenerate_code": Spec(
        "the 6-digit code asked for a new code", _label("6-digit code"), "new_backup_codes_ask.code"
    ),
    "regenerate_submit": Spec(
        "the button confirming a new code", _role("button", "New code"), NEW_CODES
    ),
    "security_tab": Spec(
        "the Security & SSO submenu, when the switch is not shown at once",
        _role("link", "Security & SSO"),
        TEAM,
        optional=True,
    ),
    "team_switch": Spec("the team 2FA switch", _role("switch", "Require 2FA"), TEAM),
    "popup": Spec("the confirmation pop-up", _role("dialog", "Are you sure?"), TEAM),
    "popup_yes": Spec("Yes in the pop-up", _role("button", "Yes"), TEAM),
    "popup_cancel": Spec("Cancel in the pop-up", _role("button", "Cancel"), TEAM),
    "member_row": Spec(
        "a member's row on Security & SSO; {email} and {name} stand for the member",
        _role("row", "{email}"),
        Capability.ADMIN_RESET,
    ),
    "reset_member": Spec(
        "the reset button within the member's row",
        _role("button", "Reset 2FA"),
        Capability.ADMIN_RESET,
    ),
    "reset_confirm": Spec(
        "the button confirming a reset, if one is asked",
        _role("button", "Yes"),
        Capability.ADMIN_RESET,
        optional=True,
    ),
}
MEMBER_PLACEHOLDERS = frozenset({"email", "name"})
MENU: dict[str, Spec] = {
    MenuItem.EDIT_PROFILE: Spec("Edit profile", _role("link", "Edit profile"), optional=True),
    MenuItem.PERSONAL_SETTINGS: Spec(
        "Personal settings", _role("link", "Personal settings"), optional=True
    ),
    MenuItem.ORGANISATION_SETTINGS: Spec(
        "Organisation settings", _role("link", "Organisation settings"), TEAM
    ),
    MenuItem.LOG_OUT: Spec("Log out", _role("button", "Log out")),
}
NOTICES: dict[str, Spec] = {
    Notice.WRONG_CREDENTIALS: Spec("wrong e-mail or password", _text("Wrong e-mail or password")),
    Notice.WRONG_CODE: Spec("the code is refused", _text("This code is not valid")),
    Notice.LOCKED_OUT: Spec("too many attempts", _text("Too many attempts"), optional=True),
    Notice.LINK_REFUSED: Spec("the e-mailed link is refused", _text("link is not valid"), MAIL),
    Notice.EMAIL_UNVERIFIED: Spec(
        "verify your e-mail first", _text("Verify your e-mail"), optional=True
    ),
    Notice.SSO_ACCOUNT: Spec("SSO accounts cannot use it", _text("single sign-on"), Capability.SSO),
    Notice.SSO_REFUSED: Spec(
        "single sign-on did not sign the person in", _text("Single sign-on failed"), Capability.SSO
    ),
    Notice.LOGIN_EXPIRED: Spec("the half-done login expired", _text("expired"), optional=True),
    Notice.NOT_ALLOWED: Spec("not allowed", _text("not allowed"), TEAM),
}
MFA_SECTION: dict[str, Spec] = {
    "on": Spec("what shows MFA is on", _text("Multi-factor authentication is on")),
    "off": Spec("what shows MFA is off", _text("Multi-factor authentication is off")),
    "container": Spec("the section, to scope the search", _role("region", "MFA"), optional=True),
}
PATHS: dict[str, tuple[str, Capability | None]] = {
    "log_in": ("/login", None),
    Place.DASHBOARD: ("/", None),
    Place.ACCOUNT_SETTINGS: ("/settings", None),
    Place.SECURITY_SETTINGS: ("/organisation/security", TEAM),
    Place.SETUP: ("/mfa/setup", None),
}
SUBJECTS: dict[str, tuple[str, str | None]] = {
    MailKind.CONFIRM_ENABLE: ("^Confirm your multi-factor", MAIL),
    MailKind.MFA_ENABLED: ("authentication is on", "notify.mfa_enabled"),
    MailKind.MFA_DISABLED: ("authentication is off", "notify.mfa_disabled"),
    MailKind.BACKUP_CODE_USED: ("backup code was used", "notify.backup_code_used"),
    MailKind.MFA_RESET: ("was reset", "notify.mfa_reset"),
}


# -- the profile as typed data ---------------------------------------------------------------------


@dataclass(frozen=True)
class Ui:
    """Everything that finds things on the pages; a scenario override may replace parts."""

    paths: Mapping[str, str]
    screens: Mapping[Screen, AnyOf]
    controls: Mapping[str, AnyOf]
    menu: Mapping[MenuItem, AnyOf]
    notices: Mapping[Notice, AnyOf]
    mfa_section: Mapping[str, AnyOf]

    def merged(self, override: Ui) -> Ui:
        """Return these locators with those of ``override`` taking precedence."""
        return Ui(
            {**self.paths, **override.paths},
            {**self.screens, **override.screens},
            {**self.controls, **override.controls},
            {**self.menu, **override.menu},
            {**self.notices, **override.notices},
            {**self.mfa_section, **override.mfa_section},
        )


class AccountSource(StrEnum):
    """How test accounts come to exist."""

    HOOK = "hook"
    LISTED = "listed"
    SIGNUP = "signup"


@dataclass(frozen=True)
class ListedAccount:
    """An account that already exists, used for the scenario person with its label."""

    label: str
    email: str
    password_env: str
    email_verified: bool
    sso: bool


@dataclass(frozen=True)
class ListedTeam:
    """An organisation that already exists: its admin and members, by label; with SSO or not."""

    admin: str
    members: tuple[str, ...]
    sso: bool = False


@dataclass(frozen=True)
class Signup:
    """A sign-up flow: its steps, what shows it worked, and the e-mail verification link."""

    steps: tuple[Step, ...]
    done: AnyOf
    verify_link_text: re.Pattern[str] | None


@dataclass(frozen=True)
class AccountReset:
    """How listed accounts go back to their starting state before each scenario.

    Either ``command`` (a command line the harness runs once) or an HTTP call per listed
    account: ``method``, ``path`` (a path on the target or a URL) and a JSON ``body`` whose
    strings may hold ``{email}`` and ``{label}``.
    """

    command: tuple[str, ...] = ()
    method: str = "POST"
    path: str = ""
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Accounts:
    """How the harness obtains the accounts a scenario needs."""

    source: AccountSource
    email_domain: str
    locale: str
    create_account: str = ""
    create_team: str = ""
    turn_on_mfa: str = ""
    listed: tuple[ListedAccount, ...] = ()
    teams: tuple[ListedTeam, ...] = ()
    signup: Signup | None = None
    reset: AccountReset | None = None


class MailSource(StrEnum):
    """Where the target's e-mail is read back."""

    SMTP_SINK = "smtp-sink"
    IMAP = "imap"
    HTTP_API = "http-api"


@dataclass(frozen=True)
class ImapSettings:
    """An IMAP account receiving the target's mail; the password comes from the environment."""

    host: str
    port: int
    username: str
    password_env: str
    tls: bool
    folder: str


@dataclass(frozen=True)
class HttpApiSettings:
    """A Mailpit-compatible mail API; the optional password comes from the environment."""

    url: str
    username: str
    password_env: str


@dataclass(frozen=True)
class Mail:
    """Where mail is read, how long it may take, and how each kind is recognised."""

    source: MailSource
    subjects: Mapping[MailKind, re.Pattern[str]]
    link_text: re.Pattern[str] | None
    wait: float
    sink_host: str = "127.0.0.1"
    sink_port: int = 0
    imap: ImapSettings | None = None
    http_api: HttpApiSettings | None = None


@dataclass(frozen=True)
class TargetInfo:
    """The deployment: its name, address, browser language and patience."""

    name: str
    base_url: str
    locale: str
    timeout: float
    hook_token_env: str
    session_cookie: str

    @property
    def embedded(self) -> bool:
        """Return whether the harness starts the reference server itself."""
        return self.base_url == EMBEDDED


@dataclass(frozen=True)
class FormRequest:
    """A form's request made without its page: action, method, fields, and fields copied.

    ``page_fields`` names fields whose values are copied from the page on screen (such as an
    anti-forgery token) when the person sends the request by hand; a page on another site
    cannot know them, so a forgery has none.
    """

    action: str
    method: str
    fields: Mapping[str, str]
    page_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class SingleSignOn:
    """How a person signs in through the identity provider, and how to tell it what to say.

    ``identity_provider`` is "embedded" (the harness runs a mock OpenID Connect provider), the
    provider's URL, or empty; ``claims_hook`` is relative to it.
    """

    steps: tuple[Step, ...]
    identity_provider: str = ""
    claims_hook: str = ""

    @property
    def embedded(self) -> bool:
        """Return whether the harness starts the identity provider itself."""
        return self.identity_provider == EMBEDDED


@dataclass(frozen=True)
class Profile:
    """A checked target profile."""

    source: Path
    target: TargetInfo
    capabilities: frozenset[Capability]
    drift_window: int
    accounts: Accounts
    mail: Mail
    clock_hook: str
    team_switch_forgery: FormRequest | None
    enable_request: FormRequest | None
    sso: SingleSignOn
    policy: Policy
    optional_steps: tuple[OptionalSteps, ...]
    flows: Mapping[Flow, tuple[Step, ...]]
    ui: Ui
    overrides: Mapping[str, Ui] = field(default_factory=dict)

    def ui_for(self, scenario: str) -> Ui:
        """Return the locators for one scenario: its overrides, else the defaults."""
        return self.overrides.get(scenario, self.ui)


# -- finding the line of a key ---------------------------------------------------------------------

_PART = r"(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")


def _split_dotted(dotted: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in re.findall(_PART, dotted))


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map each table header and key of a TOML text to its 1-based line number."""
    lines: dict[KeyPath, int] = {}
    table: KeyPath = ()
    array_lengths: dict[KeyPath, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        key = _KEY.match(line)
        if header:
            table = _split_dotted(header.group(2))
            if header.group(1) == "[[":
                array_lengths[table] = array_lengths.get(table, 0) + 1
                table = (*table, array_lengths[table] - 1)
            lines.setdefault(table, number)
        elif key:
            lines.setdefault((*table, *_split_dotted(key.group(1))), number)
    return lines


def dotted(path: KeyPath) -> str:
    """Write a key path the way TOML would: ``accounts.listed[0].email``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            bare = re.fullmatch(r"[A-Za-z0-9_-]+", part)
            text += ("." if text else "") + (part if bare else _toml_string(part))
    return text


class _Problems:
    """The problems found so far, each placed on the line of its key."""

    def __init__(self, source: Path, text: str) -> None:
        self.source = source
        self.lines = key_lines(text)
        self.found: list[str] = []

    def add(self, path: KeyPath, message: str) -> None:
        known = (self.lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in self.lines)
        line = next(known, None)
        where = f"{self.source}:{line}" if line is not None else f"{self.source}"
        self.found.append(f"{where}: {dotted(path)}: {message}")


# -- reading one table -----------------------------------------------------------------------------


class _Table:
    """One table of the profile being read; every reading reports its own problems."""

    def __init__(
        self, problems: _Problems, path: KeyPath, value: object, allowed: Collection[str]
    ) -> None:
        self.problems = problems
        self.path = path
        self.values: dict[str, Any] = {}
        if isinstance(value, dict):
            self.values = value
        elif value is not None:
            problems.add(path, "must be a table")
        for key in self.values:
            if key not in allowed:
                self.problem(key, f"unknown key; expected one of {', '.join(sorted(allowed))}")

    def problem(self, key: str | int, message: str) -> None:
        self.problems.add((*self.path, key), message)

    def has(self, key: str) -> bool:
        return key in self.values

    def table(self, key: str, allowed: Collection[str]) -> _Table:
        return _Table(self.problems, (*self.path, key), self.values.get(key), allowed)

    def tables(self, key: str, allowed: Collection[str]) -> list[_Table]:
        """Return the tables of an array of tables (``[[key]]``)."""
        value = self.values.get(key, [])
        if not isinstance(value, list):
            self.problem(key, f"must be an array of tables ([[{dotted((*self.path, key))}]])")
            return []
        path = (*self.path, key)
        return [_Table(self.problems, (*path, n), item, allowed) for n, item in enumerate(value)]

    def string(self, key: str, default: str | None = None) -> str:
        value = self.values.get(key, default)
        if value is None:
            self.problem(key, "missing")
            return ""
        if not isinstance(value, str) or (not value and default is None):
            self.problem(key, "must be a non-empty string")
            return ""
        return value

    def boolean(self, key: str, default: bool) -> bool:
        value = self.values.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, "must be true or false")
            return default
        return value

    def number(self, key: str, default: float, least: float) -> float:
        value = self.values.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < least:
            self.problem(key, f"must be a number no less than {least}")
            return default
        return float(value)

    def choice(self, key: str, choices: list[str]) -> str | None:
        """Return the value if it is one of ``choices``; otherwise report it and return None."""
        value = self.string(key)
        if value and value not in choices:
            self.problem(key, f"{value!r} is not one of {', '.join(choices)}")
        return value if value in choices else None

    def url(self, key: str) -> str:
        value = self.string(key)
        parts = urllib.parse.urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.problem(key, f"{value!r} is not an http(s) URL")
        elif parts.query or parts.fragment:
            self.problem(key, f"{value!r} must have no query and no fragment")
        return value.rstrip("/")

    def page(self, key: str) -> str:
        """Return a path on the target, such as ``/login``."""
        value = self.string(key)
        if value and not value.startswith("/"):
            self.problem(key, f"{value!r} is not a path starting with '/'")
        return value

    def endpoint(self, key: str) -> str:
        """Return a hook address: a path on the target or a full http(s) URL."""
        return self.url(key) if "://" in str(self.values.get(key, "")) else self.page(key)

    def pattern(self, key: str) -> re.Pattern[str] | None:
        value = self.string(key)
        try:
            return re.compile(value)
        except re.error as error:
            self.problem(key, f"not a valid regular expression: {error}")
            return None

    def find(self, key: str | int, value: object) -> AnyOf:
        """Return a locator, or an array of locators any of which may match."""
        if isinstance(value, list) and value:
            return tuple(self.locator(key, item) for item in value)
        return (self.locator(key, value),)

    def locator(self, key: str | int, value: object) -> Locator:
        one_of = ", ".join(kind.value for kind in LocatorKind)
        fallback = Locator(LocatorKind.CSS, "html")
        if not isinstance(value, dict):
            self.problem(key, 'must be a locator, an inline table such as { label = "E-mail" }')
            return fallback
        unknown = sorted(set(value) - {kind.value for kind in LocatorKind} - {"name", "exact"})
        kinds = [kind for kind in LocatorKind if kind.value in value]
        if unknown or len(kinds) != 1:
            wrong = f"unknown locator key {unknown[0]!r}; " if unknown else ""
            self.problem(key, f"{wrong}a locator has exactly one of {one_of}")
            return fallback
        kind = kinds[0]
        text, name, exact = value[kind.value], value.get("name"), value.get("exact", False)
        if not isinstance(text, str) or not text:
            self.problem(key, f"{kind.value} must be a non-empty string")
        elif kind is LocatorKind.ROLE and text not in aria_roles():
            self.problem(key, f"{text!r} is not an ARIA role")
        elif name is not None and (kind is not LocatorKind.ROLE or not isinstance(name, str)):
            self.problem(key, "name (a string) goes only with role")
        elif not isinstance(exact, bool) or (
            exact and kind in (LocatorKind.TEST_ID, LocatorKind.CSS)
        ):
            self.problem(key, "exact (true or false) goes only with role, label, text, placeholder")
        else:
            return Locator(kind, text, name, exact, self.origin(key))
        return fallback

    def origin(self, key: str | int) -> str:
        """Return where the profile states a key: ``locators.enable (profile.toml:57)``."""
        path = (*self.path, key)
        line = self.problems.lines.get(path)
        return f"{dotted(path)} ({self.problems.source}:{line})" if line else dotted(path)

    def locators(
        self, specs: Mapping[str, Spec], offered: frozenset[str], *, partial: bool
    ) -> dict[str, AnyOf]:
        """Return the locators of this table; unless ``partial``, report the required missing."""
        found = {key: self.find(key, value) for key, value in self.values.items() if key in specs}
        for key, spec in specs.items():
            if not partial and key not in found and spec.required(offered):
                self.problem(key, f"missing: the locator of {spec.meaning}")
        return found

    def steps(self, key: str) -> tuple[Step, ...]:
        value = self.values.get(key)
        if not isinstance(value, list):
            self.problem(key, 'missing: an array of steps such as [{ click = { text = "OK" } }]')
            return ()
        steps = _Table(self.problems, (*self.path, key), {}, ())
        return tuple(steps.step(index, item) for index, item in enumerate(value))

    def step(self, key: str | int, value: object) -> Step:
        actions = [a for a in StepAction if isinstance(value, dict) and a.value in value]
        if not isinstance(value, dict) or len(actions) != 1:
            self.problem(key, "a step has exactly one of goto, click, fill")
            return Step(StepAction.GOTO, value="/")
        action = actions[0]
        step = _Table(self.problems, (*self.path, key), value, {action.value, "value"})
        if action is StepAction.GOTO:
            return Step(action, value=step.page("goto"))
        locator = step.find(action.value, value[action.value])
        if action is StepAction.CLICK:
            return Step(action, locator)
        text = step.string("value")
        if not placeholders(text) <= PLACEHOLDERS:
            step.problem("value", "unknown placeholder; use {email}, {name} or {password}")
        return Step(action, locator, text)


# -- the sections ----------------------------------------------------------------------------------

TARGET_KEYS = ("name", "base_url", "locale", "timeout", "hook_token_env", "session_cookie")
TOP_LEVEL = (
    *("target", "capabilities", "accounts", "mail", "clock", "sso", "forgery", "requests"),
    "policy",
    "optional_steps",
    "flows",
    *("paths", "screens", "locators", "menu", "notices", "mfa_section", "overrides"),
)
UI_TABLES = ("paths", "screens", "locators", "menu", "notices", "mfa_section")
CLOCK_KEYS = ("hook",)
SSO_KEYS = ("identity_provider", "claims_hook", "steps")
FORM_KEYS = ("action", "method", "fields")
ENABLE_REQUEST_KEYS = (*FORM_KEYS, "page_fields")
ACCOUNT_SOURCE_KEYS = {
    AccountSource.HOOK: ("create_account", "create_team", "turn_on_mfa"),
    AccountSource.LISTED: ("listed", "teams", "reset"),
    AccountSource.SIGNUP: ("signup",),
}
ACCOUNTS_KEYS = ("source", "email_domain", "locale", *sum(ACCOUNT_SOURCE_KEYS.values(), ()))
LISTED_ACCOUNT_KEYS = ("label", "email", "password_env", "email_verified", "sso")
LISTED_TEAM_KEYS = ("admin", "members", "sso")
RESET_KEYS = ("command", "method", "path", "body")
RESET_PLACEHOLDERS = frozenset({"email", "label"})
SIGNUP_KEYS = ("steps", "done", "verify_link_text")
MAIL_SECTIONS = {
    MailSource.SMTP_SINK: "smtp_sink",
    MailSource.IMAP: "imap",
    MailSource.HTTP_API: "http_api",
}
MAIL_KEYS = ("source", "wait", "link_text", "subjects", *MAIL_SECTIONS.values())
LOCKOUT_KEYS = ("failures", "seconds", "shown_at")
POLICY_SECONDS = {
    "link_lifetime_seconds": "link_lifetime",
    "half_login_seconds": "half_login_lifetime",
    "session_idle_seconds": "session_idle",
    "session_lifetime_seconds": "session_lifetime",
}
POLICY_KEYS = (
    *("code_lockout", "password_lockout", *POLICY_SECONDS, "notifications"),
    *("backup_codes", "backup_code_after_use", "new_backup_codes_ask", "disable_asks"),
    "admin_under_enforcement",
)
NOTIFICATIONS = [kind.value for kind in MailKind if kind is not MailKind.CONFIRM_ENABLE]


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
    problems = _Problems(source, text)
    root = _Table(problems, (), data, TOP_LEVEL)
    if not root.has("target"):
        root.problem("target", "missing: the [target] table")
    target = _target(root.table("target", TARGET_KEYS))
    able = root.table("capabilities", [*Capability, "drift_window"])
    capabilities = frozenset(c for c in Capability if able.boolean(c, False))
    accounts = _accounts(root, target, capabilities)
    policy = _policy(root.table("policy", POLICY_KEYS))
    offered = frozenset({c.value for c in capabilities} | policy.declared())
    mail = _mail(root, target, offered)
    clock = root.table("clock", CLOCK_KEYS)
    sso = root.table("sso", SSO_KEYS)
    optional = root.values.get("optional_steps", [])
    optional_steps = _Table(problems, ("optional_steps",), {}, ())
    flows = root.table("flows", list(Flow))
    ui = _ui(root, offered, partial=False)
    overrides = root.table("overrides", list(root.values.get("overrides", {})))
    profile = Profile(
        source=source,
        target=target,
        capabilities=capabilities,
        drift_window=int(able.number("drift_window", 1, 0)),
        accounts=accounts,
        mail=mail,
        clock_hook=clock.endpoint("hook") if Capability.CLOCK_CONTROL in capabilities else "",
        team_switch_forgery=_forgery(root) if {Capability.WEB, TEAM} <= capabilities else None,
        enable_request=_enable_request(root),
        policy=policy,
        sso=_sso(sso, target) if Capability.SSO in capabilities else SingleSignOn(()),
        optional_steps=tuple(
            _optional_step(optional_steps, index, item)
            for index, item in enumerate(optional if isinstance(optional, list) else [optional])
        ),
        flows={Flow(key): flows.steps(key) for key in flows.values if key in list(Flow)},
        ui=ui,
        overrides={
            scenario: ui.merged(_ui(overrides.table(scenario, UI_TABLES), offered, partial=True))
            for scenario in overrides.values
        },
    )
    if problems.found:
        raise ProfileError(problems.found)
    return profile


def _policy(table: _Table) -> Policy:
    """Read the product's declared choices; what is left out is simply not declared."""
    seconds = {
        field: table.number(key, 1, 1) if table.has(key) else None
        for key, field in POLICY_SECONDS.items()
    }
    notifications = table.values.get("notifications", [])
    if not isinstance(notifications, list) or not set(notifications) <= set(NOTIFICATIONS):
        table.problem("notifications", f"must be an array of: {', '.join(NOTIFICATIONS)}")
        notifications = []
    after_use = (
        table.choice("backup_code_after_use", list(AfterUse))
        if table.has("backup_code_after_use")
        else None
    )
    new_codes = _asks(table, "new_backup_codes_ask")
    backup_codes = BackupCodes(
        count=int(table.number("backup_codes", 1, 1)) if table.has("backup_codes") else None,
        after_use=AfterUse(after_use) if after_use else None,
        new_codes_ask=new_codes,
    )
    admin = (
        table.boolean("admin_under_enforcement", False)
        if table.has("admin_under_enforcement")
        else None
    )
    return Policy(
        code_lockout=_lockout(table, "code_lockout"),
        password_lockout=_lockout(table, "password_lockout"),
        notifications=frozenset(MailKind(kind) for kind in notifications),
        backup_codes=backup_codes,
        disable_asks=_asks(table, "disable_asks"),
        admin_under_enforcement=admin,
        **seconds,
    )


def _lockout(policy: _Table, key: str) -> Lockout | None:
    if not policy.has(key):
        return None
    table = policy.table(key, LOCKOUT_KEYS)
    for needed in ("failures", "seconds"):
        if not table.has(needed):
            table.problem(needed, "missing")
    shown = table.choice("shown_at", list(LockShown)) if table.has("shown_at") else None
    return Lockout(
        failures=int(table.number("failures", 1, 1)),
        seconds=table.number("seconds", 1, 1),
        shown_at=LockShown(shown) if shown else LockShown.NEXT_ATTEMPT,
    )


def _asks(table: _Table, key: str) -> Asks | None:
    value = table.choice(key, list(Asks)) if table.has(key) else None
    return Asks(value) if value else None


def _optional_step(table: _Table, index: int, value: object) -> OptionalSteps:
    """Read one optional entry: a click or fill run when its element shows, or when + steps."""
    if isinstance(value, dict) and "when" in value:
        group = _Table(table.problems, (*table.path, index), value, ("when", "steps"))
        return OptionalSteps(group.find("when", value["when"]), group.steps("steps"))
    step = table.step(index, value)
    if step.action is StepAction.GOTO:
        table.problem(index, "an optional step clicks or fills; it cannot go to a page")
    return OptionalSteps(step.locator, (step,))


def _target(table: _Table) -> TargetInfo:
    base_url = table.string("base_url")
    if base_url != EMBEDDED:
        base_url = table.url("base_url")
    locale = table.string("locale", "en-GB")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", locale):
        table.problem("locale", f"{locale!r} is not a language tag such as en-GB")
    return TargetInfo(
        name=table.string("name"),
        base_url=base_url,
        locale=locale,
        timeout=table.number("timeout", 5.0, 0.1),
        hook_token_env=table.string("hook_token_env", ""),
        session_cookie=table.string("session_cookie", ""),
    )


def _forgery(root: _Table) -> FormRequest:
    table = root.table("forgery", ("team_switch",))
    if not table.has("team_switch"):
        table.problem("team_switch", "missing: the form a page on another site forges")
    return _form_request(table.table("team_switch", FORM_KEYS))


def _enable_request(root: _Table) -> FormRequest | None:
    table = root.table("requests", ("enable",))
    if not table.has("enable"):
        return None
    form = table.table("enable", ENABLE_REQUEST_KEYS)
    return replace(_form_request(form), page_fields=_strings(form, "page_fields"))


def _form_request(form: _Table) -> FormRequest:
    fields = form.values.get("fields", {})
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        form.problem("fields", 'must be an inline table of strings, such as { required = "on" }')
        fields = {}
    method = form.choice("method", ["POST", "GET"]) or "POST"
    return FormRequest(form.page("action"), method, fields)


def _sso(table: _Table, target: TargetInfo) -> SingleSignOn:
    provider = table.string("identity_provider", "")
    if provider and provider != EMBEDDED:
        provider = table.url("identity_provider")
    elif provider == EMBEDDED and not target.embedded:
        table.problem("identity_provider", '"embedded" goes with base_url = "embedded"')
    claims_hook = ""
    if table.has("claims_hook"):
        claims_hook = table.endpoint("claims_hook")
        if not provider:
            table.problem("claims_hook", "needs the identity_provider it is relative to")
        if not placeholders(claims_hook) <= {"email"}:
            table.problem("claims_hook", "unknown placeholder; use {email}")
    return SingleSignOn(table.steps("steps"), provider, claims_hook)


def _accounts(root: _Table, target: TargetInfo, capabilities: frozenset[Capability]) -> Accounts:
    belongs = ACCOUNT_SOURCE_KEYS
    table = root.table("accounts", ACCOUNTS_KEYS)
    chosen = table.choice("source", list(AccountSource))
    email_domain = table.string("email_domain", "example.com")
    locale = table.string("locale", target.locale.split("-")[0])
    if chosen is None:
        return Accounts(AccountSource.HOOK, email_domain, locale)
    source = AccountSource(chosen)
    for other, keys in belongs.items():
        for key in keys:
            if other is not source and table.has(key):
                table.problem(key, f"does not go with source = {source.value!r}")
    if source is AccountSource.HOOK:
        needs_team = Capability.TEAM_ENFORCEMENT in capabilities
        return Accounts(
            source,
            email_domain,
            locale,
            create_account=table.endpoint("create_account"),
            create_team=table.endpoint("create_team") if needs_team else "",
            turn_on_mfa=table.endpoint("turn_on_mfa") if table.has("turn_on_mfa") else "",
        )
    if source is AccountSource.LISTED:
        listed = [_listed_account(entry) for entry in table.tables("listed", LISTED_ACCOUNT_KEYS)]
        if not listed:
            table.problem("listed", "missing: at least one [[accounts.listed]] entry")
        teams = [
            ListedTeam(
                entry.string("admin"), _strings(entry, "members"), entry.boolean("sso", False)
            )
            for entry in table.tables("teams", LISTED_TEAM_KEYS)
        ]
        reset = _reset(table.table("reset", RESET_KEYS)) if table.has("reset") else None
        return Accounts(
            source, email_domain, locale, listed=tuple(listed), teams=tuple(teams), reset=reset
        )
    if not table.has("signup"):
        table.problem("signup", "missing: the [accounts.signup] table")
    signup = table.table("signup", SIGNUP_KEYS)
    verify = signup.pattern("verify_link_text") if signup.has("verify_link_text") else None
    flow = Signup(signup.steps("steps"), signup.find("done", signup.values.get("done")), verify)
    return Accounts(source, email_domain, locale, signup=flow)


def _reset(table: _Table) -> AccountReset:
    """Read ``[accounts.reset]``: a command line, or an HTTP call made for each listed account."""
    if table.has("command") == table.has("path"):
        table.problem("command", "give either command (a command line) or path (an HTTP call)")
        return AccountReset()
    if table.has("command"):
        for key in ("method", "body"):
            if table.has(key):
                table.problem(key, "goes with path, not with command")
        command = table.values["command"]
        if (
            not isinstance(command, list)
            or not command
            or not all(isinstance(word, str) and word for word in command)
        ):
            table.problem("command", 'must be a non-empty array of strings, such as ["reset-qa"]')
            return AccountReset()
        return AccountReset(command=tuple(command))
    body = table.values.get("body", {})
    if not isinstance(body, dict):
        table.problem("body", "must be an inline table (the JSON object sent)")
        body = {}
    if not _placeholders_in(body) <= RESET_PLACEHOLDERS:
        table.problem("body", "unknown placeholder; use {email} or {label}")
    path = table.endpoint("path")
    if not placeholders(path) <= RESET_PLACEHOLDERS:
        table.problem("path", "unknown placeholder; use {email} or {label}")
    method = (
        table.choice("method", ["POST", "PUT", "PATCH", "DELETE"])
        if table.has("method")
        else "POST"
    )
    return AccountReset(method=method or "POST", path=path, body=body)


def _placeholders_in(value: object) -> set[str]:
    """Return the placeholders in every string of a JSON-like value."""
    if isinstance(value, str):
        return placeholders(value)
    if isinstance(value, dict):
        return set().union(*(_placeholders_in(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_placeholders_in(item) for item in value))
    return set()


def _listed_account(entry: _Table) -> ListedAccount:
    sso = entry.boolean("sso", False)
    return ListedAccount(
        label=entry.string("label"),
        email=entry.string("email"),
        password_env=entry.string("password_env", "") if sso else entry.string("password_env"),
        email_verified=entry.boolean("email_verified", True),
        sso=sso,
    )


def _strings(table: _Table, key: str) -> tuple[str, ...]:
    value = table.values.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        table.problem(key, "must be a list of strings")
        return ()
    return tuple(value)


def _mail(root: _Table, target: TargetInfo, offered: frozenset[str]) -> Mail:
    sections = MAIL_SECTIONS
    mailed = any(needs is None or needs in offered for _, needs in SUBJECTS.values())
    if not mailed and not root.has("mail"):
        return Mail(MailSource.SMTP_SINK, {}, None, 0.0)  # the product sends no mail we read
    table = root.table("mail", MAIL_KEYS)
    chosen = table.choice("source", list(MailSource))
    source = MailSource(chosen or MailSource.SMTP_SINK)
    for other, key in sections.items():
        if chosen is not None and other is not source and table.has(key):
            table.problem(key, f"does not go with source = {source.value!r}")
    subjects_table = table.table("subjects", list(SUBJECTS))
    subjects = {}
    for kind, (_, needs) in SUBJECTS.items():
        if subjects_table.has(kind) or needs is None or needs in offered:
            pattern = subjects_table.pattern(kind)
            if pattern is not None:
                subjects[MailKind(kind)] = pattern
    confirming = Capability.EMAIL_CONFIRMATION in offered or table.has("link_text")
    mail = Mail(
        source,
        subjects,
        table.pattern("link_text") if confirming else None,
        table.number("wait", 0.0, 0.0),
    )
    if chosen is None:
        return mail
    settings = table.table(sections[source], _SETTINGS[source])
    if target.embedded and source is not MailSource.SMTP_SINK:
        table.problem("source", 'base_url = "embedded" sends its mail to source = "smtp-sink"')
    if source is MailSource.SMTP_SINK:
        port = int(settings.number("port", 0, 0))
        if port == 0 and not target.embedded:
            settings.problem("port", "missing: the fixed port the deployment sends its mail to")
        return replace(mail, sink_host=settings.string("host", "127.0.0.1"), sink_port=port)
    if source is MailSource.IMAP:
        imap = ImapSettings(
            host=settings.string("host"),
            port=int(settings.number("port", 993, 1)),
            username=settings.string("username"),
            password_env=settings.string("password_env"),
            tls=settings.boolean("tls", True),
            folder=settings.string("folder", "INBOX"),
        )
        return replace(mail, imap=imap)
    api = HttpApiSettings(
        settings.url("url"), settings.string("username", ""), settings.string("password_env", "")
    )
    return replace(mail, http_api=api)


_SETTINGS = {
    MailSource.SMTP_SINK: ("host", "port"),
    MailSource.IMAP: ("host", "port", "username", "password_env", "tls", "folder"),
    MailSource.HTTP_API: ("url", "username", "password_env"),
}


def _ui(table: _Table, offered: frozenset[str], *, partial: bool) -> Ui:
    """Read the locator tables under ``table``; an override (``partial``) may give only some."""
    paths_table = table.table("paths", list(PATHS))
    paths = {
        key: paths_table.page(key)
        for key, (_, needs) in PATHS.items()
        if paths_table.has(key) or (not partial and (needs is None or needs in offered))
    }

    def read(key: str, specs: Mapping[str, Spec]) -> dict[str, AnyOf]:
        return table.table(key, list(specs)).locators(specs, offered, partial=partial)

    controls = read("locators", CONTROLS)
    for locator in controls.get("member_row", ()):
        if not placeholders(locator.value + (locator.name or "")) <= MEMBER_PLACEHOLDERS:
            where = (*table.path, "locators", "member_row")
            table.problems.add(where, "unknown placeholder; use {email} or {name}")

    return Ui(
        paths=paths,
        screens={Screen(key): value for key, value in read("screens", SCREENS).items()},
        controls=controls,
        menu={MenuItem(key): value for key, value in read("menu", MENU).items()},
        notices={Notice(key): value for key, value in read("notices", NOTICES).items()},
        mfa_section=read("mfa_section", MFA_SECTION),
    )


def placeholders(text: str) -> set[str]:
    """Return the ``{names}`` in a text; a stray brace counts as an unknown placeholder."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- a commented template for ``mfaspec profile init`` -------------------------------------------


def profile_template(name: str = "My product (staging)") -> str:
    """Return a commented profile listing every key; it loads as is, and is edited from there."""
    lines = [
        "# mfaspec target profile: how the scenarios reach one deployment (see docs/profile.md).",
        "# Every locator is an inline table with exactly one of: role (+ name, exact), label,",
        "# text, test_id, placeholder, css. Prefer role and label: they are what a person sees.",
        "",
        "[target]",
        f"name = {_toml_string(name)}",
        'base_url = "https://staging.example.com"  # or "embedded": the reference server',
        'locale = "en-GB"  # the browser language, sent as Accept-Language',
        "timeout = 5.0  # seconds any one wait may take before the step fails",
        '# hook_token_env = "MFASPEC_HOOK_TOKEN"  # sent to hooks as "Authorization: Bearer …"',
        '# session_cookie = "session"  # the cookie holding the session (default: all cookies)',
        "",
        "[capabilities]  # scenarios tagged @needs.<name> are not applicable without it",
        *(f"{capability.value} = true" for capability in Capability),
        "drift_window = 1  # time steps accepted either side of the current one (RFC 6238 5.2)",
        "",
        "[policy]  # the product's own choices, checked as declared; leave out what it lacks",
        'code_lockout = { failures = 5, seconds = 900, shown_at = "next_attempt" }',
        'password_lockout = { failures = 10, seconds = 900, shown_at = "next_attempt" }',
        "link_lifetime_seconds = 1800  # the e-mailed link (with email_confirmation)",
        "half_login_seconds = 300  # a login given the password, waiting for the code",
        "session_idle_seconds = 1800  # NIST SP 800-63B 4.2.3 asks at most 30 min for AAL2",
        "session_lifetime_seconds = 43200  # ... and at most 12 hours",
        'notifications = ["mfa_enabled", "mfa_disabled", "backup_code_used", "mfa_reset"]',
        "backup_codes = 1  # how many set-up shows",
        'backup_code_after_use = "replaced"  # or "spent": the others stay',
        'new_backup_codes_ask = "password_and_code"  # leave out if new codes cannot be asked',
        'disable_asks = "password_and_code"',
        "admin_under_enforcement = true",
        "",
        "[accounts]",
        'source = "hook"  # "hook", "listed" (accounts given here) or "signup" (a flow)',
        'email_domain = "example.com"  # domain of the test people\'s e-mail addresses',
        'create_account = "/_test/accounts"  # see docs/profile.md for the JSON it is sent',
        'create_team = "/_test/teams"',
        '# turn_on_mfa = "/_test/accounts/mfa"  # optional: an account with 2FA on, in one call',
        "",
        "[mail]",
        'source = "smtp-sink"  # "smtp-sink", "imap" or "http-api"',
        "wait = 0.0  # seconds a message may take to arrive",
        'link_text = "Set up multi-factor authentication"  # the confirmation link (a regex)',
        "",
        "[mail.smtp_sink]  # the harness listens here; point the deployment's SMTP at it",
        'host = "127.0.0.1"',
        "port = 2525",
        "",
        "[mail.subjects]  # a regular expression per kind of message, searched in the subject",
        *(f"{kind} = {_toml_string(example)}" for kind, (example, _) in SUBJECTS.items()),
        "",
        "[clock]",
        'hook = "/_test/clock"  # GET -> {"now": unix time}; POST {"advance": seconds}',
        "",
        "[forgery.team_switch]  # the form a page on another site submits (capability web)",
        'action = "/organisation/security/two-factor"',
        'method = "POST"',
        'fields = { required = "on" }',
        "",
        "[sso]  # signing in through the identity provider; placeholders {email}, {name}",
        'identity_provider = "https://idp.staging.example.com"  # or "embedded": a mock one',
        '# claims_hook = "/users/{email}"  # PUT {"email", "email_verified"}: what it will say',
        "steps = [  # from the login page, through the provider's own login page, and back",
        '    { click = { role = "button", name = "Sign in with SSO" } },',
        '    { fill = { label = "E-mail" }, value = "{email}" },',
        '    { click = { role = "button", name = "Continue" } },',
        '    { fill = { label = "Username" }, value = "{email}" },',
        '    { fill = { label = "Password" }, value = "{password}" },',
        '    { click = { role = "button", name = "Sign in" } },',
        "]",
        "",
        "[requests.enable]  # the request Enable sends, sent by hand where Enable is not offered",
        'action = "/mfa/enable"',
        'method = "POST"',
        "fields = {}",
        'page_fields = ["csrf_token"]  # copied from the page on screen (anti-forgery token)',
        "",
        "[paths]  # pages opened directly, relative to base_url",
        *(f"{key} = {_toml_string(example)}" for key, (example, _) in PATHS.items()),
    ]
    for table, specs in (
        ("screens", SCREENS),
        ("locators", CONTROLS),
        ("menu", MENU),
        ("notices", NOTICES),
        ("mfa_section", MFA_SECTION),
    ):
        lines += ["", f"[{table}]"]
        lines += [
            f"{key} = {spec.example.to_toml()}  # {spec.meaning}" for key, spec in specs.items()
        ]
    lines += [
        "",
        "# Optional: clicked after each page load when visible (a cookie banner, a tour).",
        "# [[optional_steps]]",
        '# click = { role = "button", name = "Accept cookies" }',
        "",
        "# Optional: other locators for one scenario, by its exact name.",
        '# [overrides."Alice logs in with her password".screens]',
        '# dashboard = { role = "heading", name = "Welcome back" }',
        "",
    ]
    return "\n".join(lines)


def secret_variables(profile: Profile) -> dict[str, str]:
    """Return the environment variables the profile reads secrets from, with what each holds."""
    wanted = {profile.target.hook_token_env: "the bearer token of the test hooks"}
    if profile.mail.imap is not None:
        wanted[profile.mail.imap.password_env] = "the IMAP password"
    if profile.mail.http_api is not None:
        wanted[profile.mail.http_api.password_env] = "the mail API password"
    for account in profile.accounts.listed:
        wanted[account.password_env] = f"the password of {account.label}"
    return {name: what for name, what in wanted.items() if name}


def unset_secret_variables(profile: Profile) -> list[str]:
    """Return the environment variables the profile needs that are not set, with what each holds."""
    wanted = secret_variables(profile).items()
    return [f"{name} ({what})" for name, what in wanted if not os.environ.get(name)]
