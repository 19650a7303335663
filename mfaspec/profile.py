"""Target profiles: a TOML file that maps every driver action onto one web deployment.

The format is documented in docs/profile.md. ``load_profile`` validates a file completely and
reports every problem with the key and the line it is on.
"""

from __future__ import annotations

import re
import string
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from mfaspec.driver import MailKind, MenuItem, Notice, Place, Screen
from mfaspec.target import Capability

KeyPath = tuple[str | int, ...]
EMBEDDED = "embedded"


class ProfileError(ValueError):
    """A profile that cannot be used; each problem names the file, the line and the key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# -- the vocabulary of a profile -----------------------------------------------------------


class LocatorKind(StrEnum):
    """How a locator finds an element; the names follow Playwright's ``get_by_*`` methods."""

    ROLE = "role"
    LABEL = "label"
    TEXT = "text"
    TEST_ID = "test_id"
    PLACEHOLDER = "placeholder"
    CSS = "css"


ARIA_ROLES = frozenset(
    [
        "alert",
        "alertdialog",
        "application",
        "article",
        "banner",
        "blockquote",
        "button",
        "caption",
        "cell",
        "checkbox",
        "code",
        "columnheader",
        "combobox",
        "complementary",
        "contentinfo",
        "definition",
        "deletion",
        "dialog",
        "directory",
        "document",
        "emphasis",
        "feed",
        "figure",
        "form",
        "generic",
        "grid",
        "gridcell",
        "group",
        "heading",
        "img",
        "insertion",
        "link",
        "list",
        "listbox",
        "listitem",
        "log",
        "main",
        "marquee",
        "math",
        "menu",
        "menubar",
        "menuitem",
        "menuitemcheckbox",
        "menuitemradio",
        "meter",
        "navigation",
        "none",
        "note",
        "option",
        "paragraph",
        "presentation",
        "progressbar",
        "radio",
        "radiogroup",
        "region",
        "row",
        "rowgroup",
        "rowheader",
        "scrollbar",
        "search",
        "searchbox",
        "separator",
        "slider",
        "spinbutton",
        "status",
        "strong",
        "subscript",
        "superscript",
        "switch",
        "tab",
        "table",
        "tablist",
        "tabpanel",
        "term",
        "textbox",
        "time",
        "timer",
        "toolbar",
        "tooltip",
        "tree",
        "treegrid",
        "treeitem",
    ]
)


@dataclass(frozen=True)
class Locator:
    """One way to find one element: a role (with its accessible name), a label, a text …"""

    kind: LocatorKind
    value: str
    name: str | None = None
    exact: bool = False

    def __str__(self) -> str:
        named = f" named {self.name!r}" if self.name is not None else ""
        return f"{self.kind.value} {self.value!r}{named}{' (exact)' if self.exact else ''}"

    def to_toml(self) -> str:
        """Return the locator as a TOML inline table."""
        parts = [f"{self.kind.value} = {_toml_string(self.value)}"]
        if self.name is not None:
            parts.append(f"name = {_toml_string(self.name)}")
        if self.exact:
            parts.append("exact = true")
        return "{ " + ", ".join(parts) + " }"


class StepAction(StrEnum):
    """What one step of a described flow does."""

    GOTO = "goto"
    CLICK = "click"
    FILL = "fill"


@dataclass(frozen=True)
class Step:
    """One step of a flow the profile describes (sign-up, SSO, a banner to dismiss)."""

    action: StepAction
    locator: Locator | None = None
    value: str = ""


@dataclass(frozen=True)
class Spec:
    """A key a profile section may hold: what it means, an example, and when it is required."""

    meaning: str
    example: Locator
    needs: Capability | None = None
    optional: bool = False

    def required(self, capabilities: frozenset[Capability]) -> bool:
        """Return whether a profile with these capabilities must give this key."""
        return not self.optional and (self.needs is None or self.needs in capabilities)


def _role(role: str, name: str) -> Locator:
    return Locator(LocatorKind.ROLE, role, name)


def _label(label: str) -> Locator:
    return Locator(LocatorKind.LABEL, label)


def _text(text: str) -> Locator:
    return Locator(LocatorKind.TEXT, text)


TEAM = Capability.TEAM_ENFORCEMENT
SCREENS: dict[str, Spec] = {
    Screen.LOG_IN: Spec("the login form", _role("heading", "Log in")),
    Screen.CODE_PROMPT: Spec("login asks for the 6-digit code", _label("6-digit code")),
    Screen.REQUIRED_SETUP: Spec(
        "login demands 2FA set-up before anything else", _text("Your team requires"), TEAM
    ),
    Screen.DASHBOARD: Spec("the dashboard", _role("heading", "Dashboard")),
    Screen.ACCOUNT_SETTINGS: Spec("the account settings", _role("heading", "Account settings")),
    Screen.CHECK_EMAIL: Spec(
        "'check your e-mail' after Enable",
        _text("Check your e-mail"),
        Capability.EMAIL_CONFIRMATION,
    ),
    Screen.SETUP: Spec("the set-up page with the QR code", _role("heading", "Set up")),
    Screen.BACKUP_CODE: Spec("the page showing the backup code", _role("heading", "Backup code")),
    Screen.SECURITY_SETTINGS: Spec(
        "the organisation's Security & SSO page", _role("heading", "Security & SSO"), TEAM
    ),
}
CONTROLS: dict[str, Spec] = {
    "login_email": Spec("e-mail field of the login form", _label("E-mail")),
    "login_password": Spec("password field of the login form", _label("Password")),
    "login_submit": Spec("button that sends the login form", _role("button", "Log in")),
    "code_field": Spec("6-digit code field at login", _label("6-digit code")),
    "code_submit": Spec("button that sends the code at login", _role("button", "Log in")),
    "use_backup_code": Spec(
        "switch to the backup-code form at login", _role("link", "Use a backup code")
    ),
    "backup_code_field": Spec("backup code field at login", _label("Backup code")),
    "backup_code_submit": Spec("button that sends the backup code", _role("button", "Log in")),
    "profile_menu": Spec("the profile picture that opens the menu", _role("button", "Profile")),
    "mfa_tab": Spec(
        "settings tab or submenu holding MFA", _role("link", "Two-factor authentication")
    ),
    "enable": Spec("Enable button of the MFA section", _role("button", "Enable")),
    "disable": Spec("Disable button of the MFA section", _role("button", "Disable")),
    "disable_password": Spec("password asked when disabling", _label("Password")),
    "disable_code": Spec("code asked when disabling", _label("6-digit code")),
    "disable_submit": Spec("button confirming Disable", _role("button", "Turn off")),
    "qr_image": Spec("the QR code image (read from a screenshot)", _role("img", "QR code")),
    "manual_key": Spec("the key shown for typing by hand", Locator(LocatorKind.TEST_ID, "key")),
    "setup_code": Spec("code field under 'Verify your code'", _label("Verify your code")),
    "setup_submit": Spec("the Verify button", _role("button", "Verify")),
    "backup_code_text": Spec(
        "the backup code shown once", Locator(LocatorKind.TEST_ID, "backup-code")
    ),
    "done": Spec("the Done button under the backup code", _role("button", "Done")),
    "security_tab": Spec(
        "submenu opening Security & SSO, if the switch is not shown at once",
        _role("link", "Security & SSO"),
        TEAM,
        optional=True,
    ),
    "team_switch": Spec("the team 2FA switch", _role("switch", "Two-factor authentication"), TEAM),
    "popup": Spec("the confirmation pop-up", _role("dialog", "Require two-factor"), TEAM),
    "popup_yes": Spec("Yes in the pop-up", _role("button", "Yes"), TEAM),
    "popup_cancel": Spec("Cancel in the pop-up", _role("button", "Cancel"), TEAM),
}
MENU: dict[str, Spec] = {
    MenuItem.EDIT_PROFILE: Spec("'Edit profile'", _role("menuitem", "Edit profile"), optional=True),
    MenuItem.PERSONAL_SETTINGS: Spec(
        "'Personal settings'", _role("menuitem", "Personal settings"), optional=True
    ),
    MenuItem.ORGANISATION_SETTINGS: Spec(
        "'Organisation settings' (admins only)", _role("menuitem", "Organisation settings"), TEAM
    ),
    MenuItem.LOG_OUT: Spec("'Log out'", _role("menuitem", "Log out")),
}
NOTICES: dict[str, Spec] = {
    Notice.WRONG_CREDENTIALS: Spec("wrong e-mail or password", _text("wrong e-mail or password")),
    Notice.WRONG_CODE: Spec("the code is refused", _text("code is not valid")),
    Notice.LOCKED_OUT: Spec("too many attempts", _text("Too many attempts"), optional=True),
    Notice.LINK_REFUSED: Spec(
        "the e-mailed link is refused", _text("link is not valid"), Capability.EMAIL_CONFIRMATION
    ),
    Notice.EMAIL_UNVERIFIED: Spec(
        "verify your e-mail first", _text("Verify your e-mail address"), optional=True
    ),
    Notice.SSO_ACCOUNT: Spec(
        "SSO accounts cannot use 2FA", _text("single sign-on"), Capability.SSO
    ),
    Notice.LOGIN_EXPIRED: Spec("the half-done login expired", _text("expired"), optional=True),
    Notice.NOT_ALLOWED: Spec("not allowed", _text("not allowed"), TEAM),
}
MFA_SECTION: dict[str, Spec] = {
    "on": Spec("shown when MFA is on", _text("Multi-factor authentication is on")),
    "off": Spec("shown when MFA is off", _text("Multi-factor authentication is off")),
    "container": Spec(
        "the section itself, to scope 'on'/'off'", _role("region", "Security"), optional=True
    ),
}
PATHS: dict[str, tuple[str, Capability | None]] = {
    "log_in": ("/login", None),
    Place.DASHBOARD: ("/", None),
    Place.ACCOUNT_SETTINGS: ("/settings", None),
    Place.SECURITY_SETTINGS: ("/organisation/security", TEAM),
}
SUBJECTS: dict[str, Capability | None] = {
    MailKind.CONFIRM_ENABLE: Capability.EMAIL_CONFIRMATION,
    MailKind.MFA_ENABLED: None,
    MailKind.MFA_DISABLED: None,
    MailKind.BACKUP_CODE_USED: None,
}
PLACEHOLDERS = frozenset({"email", "name", "password"})


# -- the profile as typed data -------------------------------------------------------------


@dataclass(frozen=True)
class Ui:
    """Everything that finds things on the pages; a scenario override may replace parts."""

    paths: Mapping[str, str]
    screens: Mapping[Screen, Locator]
    controls: Mapping[str, Locator]
    menu: Mapping[MenuItem, Locator]
    notices: Mapping[Notice, Locator]
    mfa_section: Mapping[str, Locator]


@dataclass(frozen=True)
class ListedAccount:
    """An account that already exists on the target, used for the scenario person of its label."""

    label: str
    email: str
    password_env: str
    email_verified: bool
    sso: bool


@dataclass(frozen=True)
class ListedTeam:
    """An organisation that already exists: its admin and members, by label."""

    admin: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Signup:
    """A sign-up flow: the steps that create an account and what shows it worked."""

    steps: tuple[Step, ...]
    done: Locator
    verify_link_text: re.Pattern[str] | None


class AccountSource(StrEnum):
    """How test accounts come to exist."""

    HOOK = "hook"
    LISTED = "listed"
    SIGNUP = "signup"


@dataclass(frozen=True)
class Accounts:
    """How the harness obtains the accounts a scenario needs."""

    source: AccountSource
    email_domain: str
    locale: str
    create_account: str = ""
    create_team: str = ""
    listed: tuple[ListedAccount, ...] = ()
    teams: tuple[ListedTeam, ...] = ()
    signup: Signup | None = None


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
    """Where mail is read and how each kind of message is recognised."""

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

    @property
    def embedded(self) -> bool:
        """Return whether the harness starts the reference server itself."""
        return self.base_url == EMBEDDED


@dataclass(frozen=True)
class Profile:
    """A validated target profile."""

    source: Path
    target: TargetInfo
    capabilities: frozenset[Capability]
    accounts: Accounts
    mail: Mail
    clock_hook: str
    sso_steps: tuple[Step, ...]
    optional_steps: tuple[Step, ...]
    ui: Ui
    overrides: Mapping[str, Ui] = field(default_factory=dict)

    def ui_for(self, scenario: str) -> Ui:
        """Return the locators for one scenario: the overrides it has, else the defaults."""
        return self.overrides.get(scenario, self.ui)


# -- finding the line of a key ---------------------------------------------------------------

_PART = r"(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(rf"^\s*({_DOTTED})\s*=")


def _split_dotted(dotted: str) -> tuple[str, ...]:
    parts = re.findall(_PART, dotted)
    return tuple(part[1:-1] if part[:1] in "\"'" else part for part in parts)


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map each table header and key of a TOML text to its 1-based line number."""
    lines: dict[KeyPath, int] = {}
    table: KeyPath = ()
    array_counts: dict[KeyPath, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            path: KeyPath = _split_dotted(header.group(2))
            if header.group(1) == "[[":
                array_counts[path] = array_counts.get(path, -1) + 1
                path = (*path, array_counts[path])
            table = path
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            lines.setdefault((*table, *_split_dotted(key.group(1))), number)
    return lines


def _dotted(path: KeyPath) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            bare = re.fullmatch(r"[A-Za-z0-9_-]+", part)
            text += ("." if text else "") + (part if bare else f'"{part}"')
    return text


# -- reading and checking ----------------------------------------------------------------------


class _Reader:
    """Reads values out of the parsed TOML, recording each problem with its key and line."""

    def __init__(self, source: Path, text: str) -> None:
        self.source = source
        self.lines = key_lines(text)
        self.problems: list[str] = []

    def problem(self, path: KeyPath, message: str) -> None:
        line = next(
            (self.lines[path[:n]] for n in range(len(path), 0, -1) if path[:n] in self.lines), 1
        )
        self.problems.append(f"{self.source}:{line}: {_dotted(path)}: {message}")

    def table(self, data: Mapping[str, Any], path: KeyPath, allowed: set[str]) -> dict[str, Any]:
        """Return the table at ``path`` (empty if absent), reporting keys it may not hold."""
        value = _get(data, path)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(path, "must be a table")
            return {}
        for key in value:
            if key not in allowed:
                self.problem(
                    (*path, key), f"unknown key; expected one of {', '.join(sorted(allowed))}"
                )
        return value

    def string(self, table: Mapping[str, Any], path: KeyPath, default: str | None = None) -> str:
        value = table.get(str(path[-1]), default)
        if value is None:
            self.problem(path, "missing")
            return ""
        if not isinstance(value, str) or (not value and default is None):
            self.problem(path, "must be a non-empty string")
            return ""
        return value

    def boolean(self, table: Mapping[str, Any], path: KeyPath, default: bool) -> bool:
        value = table.get(str(path[-1]), default)
        if not isinstance(value, bool):
            self.problem(path, "must be true or false")
            return default
        return value

    def number(self, table: Mapping[str, Any], path: KeyPath, default: float, low: float) -> float:
        value = table.get(str(path[-1]), default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
            self.problem(path, f"must be a number of at least {low}")
            return default
        return float(value)

    def choice(self, table: Mapping[str, Any], path: KeyPath, choices: list[str]) -> str:
        value = self.string(table, path)
        if value and value not in choices:
            self.problem(path, f"{value!r} is not one of {', '.join(choices)}")
        return value if value in choices else choices[0]

    def url(self, value: str, path: KeyPath) -> str:
        parts = urllib.parse.urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.problem(path, f"{value!r} is not an http(s) URL")
        elif parts.query or parts.fragment:
            self.problem(path, f"{value!r} must not have a query or a fragment")
        return value.rstrip("/")

    def page_path(self, value: str, path: KeyPath, *, absolute_ok: bool = False) -> str:
        if absolute_ok and "://" in value:
            return self.url(value, path)
        if not value.startswith("/"):
            self.problem(path, f"{value!r} must start with '/'")
        return value

    def pattern(self, table: Mapping[str, Any], path: KeyPath) -> re.Pattern[str] | None:
        value = self.string(table, path)
        try:
            return re.compile(value)
        except re.error as error:
            self.problem(path, f"not a valid regular expression: {error}")
            return None

    def locator(self, value: object, path: KeyPath) -> Locator:
        fallback = Locator(LocatorKind.CSS, "*")
        if not isinstance(value, dict):
            self.problem(path, 'a locator is an inline table such as { label = "E-mail" }')
            return fallback
        kinds = [kind for kind in LocatorKind if kind.value in value]
        unknown = sorted(set(value) - {kind.value for kind in LocatorKind} - {"name", "exact"})
        one_of = ", ".join(kind.value for kind in LocatorKind)
        if unknown:
            self.problem(path, f"unknown locator key {unknown[0]!r}; use one of {one_of}")
            return fallback
        if len(kinds) != 1:
            self.problem(path, f"a locator needs exactly one of {one_of}")
            return fallback
        kind = kinds[0]
        text, name, exact = value[kind.value], value.get("name"), value.get("exact", False)
        if not isinstance(text, str) or not text:
            self.problem(path, f"{kind.value} must be a non-empty string")
            return fallback
        if kind is LocatorKind.ROLE and text not in ARIA_ROLES:
            self.problem(path, f"{text!r} is not an ARIA role")
        if name is not None and (kind is not LocatorKind.ROLE or not isinstance(name, str)):
            self.problem(path, "name (a string) goes only with role")
            return fallback
        if not isinstance(exact, bool) or (
            exact and kind in (LocatorKind.TEST_ID, LocatorKind.CSS)
        ):
            self.problem(
                path, "exact (true or false) goes only with role, label, text, placeholder"
            )
            return fallback
        return Locator(kind, text, name, exact)

    def locators(
        self,
        data: Mapping[str, Any],
        path: KeyPath,
        specs: Mapping[str, Spec],
        capabilities: frozenset[Capability],
        *,
        partial: bool = False,
    ) -> dict[str, Locator]:
        table = self.table(data, path, set(specs))
        found = {
            key: self.locator(value, (*path, key)) for key, value in table.items() if key in specs
        }
        if not partial:
            for key, spec in specs.items():
                if key not in found and spec.required(capabilities):
                    self.problem((*path, key), f"missing: the locator of {spec.meaning}")
        return found

    def steps(self, value: object, path: KeyPath) -> tuple[Step, ...]:
        if not isinstance(value, list):
            self.problem(path, 'must be an array of steps such as { click = { text = "OK" } }')
            return ()
        return tuple(self.step(item, (*path, index)) for index, item in enumerate(value))

    def step(self, value: object, path: KeyPath) -> Step:
        actions = [
            action for action in StepAction if isinstance(value, dict) and action.value in value
        ]
        if not isinstance(value, dict) or len(actions) != 1:
            self.problem(path, "a step has exactly one of goto, click, fill")
            return Step(StepAction.GOTO, value="/")
        action = actions[0]
        allowed = {action.value, "value"} if action is StepAction.FILL else {action.value}
        for key in set(value) - allowed:
            self.problem(path, f"unknown step key {key!r}")
        if action is StepAction.GOTO:
            return Step(action, value=self.page_path(self.string(value, (*path, "goto")), path))
        locator = self.locator(value[action.value], path)
        if action is StepAction.CLICK:
            return Step(action, locator)
        text = self.string(value, (*path, "value"))
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        if fields - PLACEHOLDERS:
            self.problem(path, "unknown placeholder in value; use {email}, {name}, {password}")
        return Step(action, locator, text)


def _get(data: Mapping[str, Any], path: KeyPath) -> Any:
    value: Any = data
    for part in path:
        if isinstance(part, int):
            value = value[part] if isinstance(value, list) and part < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


# -- the sections ------------------------------------------------------------------------------

TOP_LEVEL = {
    "target",
    "capabilities",
    "accounts",
    "mail",
    "clock",
    "sso",
    "paths",
    "screens",
    "locators",
    "menu",
    "notices",
    "mfa_section",
    "optional_steps",
    "overrides",
}
UI_TABLES = {"paths", "screens", "locators", "menu", "notices", "mfa_section"}


def load_profile(path: str | Path) -> Profile:
    """Read and validate a target profile; every problem is reported at once."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError([f"{source}: cannot read the profile: {error.strerror}"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError([f"{source}: not valid TOML: {error}"]) from None
    return parse_profile(data, text, source)


def parse_profile(data: Mapping[str, Any], text: str, source: Path) -> Profile:
    """Validate parsed TOML (``text`` is the file's text, for line numbers)."""
    reader = _Reader(source, text)
    for key in data:
        if key not in TOP_LEVEL:
            reader.problem((key,), f"unknown key; expected one of {', '.join(sorted(TOP_LEVEL))}")
    target = _target(reader, data)
    capabilities = _capabilities(reader, data)
    accounts = _accounts(reader, data, target, capabilities)
    mail = _mail(reader, data, target, capabilities)
    clock = reader.table(data, ("clock",), {"hook"})
    clock_hook = ""
    if Capability.CLOCK_CONTROL in capabilities:
        clock_hook = reader.page_path(
            reader.string(clock, ("clock", "hook")), ("clock", "hook"), absolute_ok=True
        )
    sso = reader.table(data, ("sso",), {"steps"})
    sso_steps: tuple[Step, ...] = ()
    if Capability.SSO in capabilities:
        sso_steps = reader.steps(sso.get("steps"), ("sso", "steps"))
    optional = data.get("optional_steps", [])
    optional_steps = tuple(
        reader.step(item, ("optional_steps", index))
        for index, item in enumerate(optional if isinstance(optional, list) else [optional])
    )
    ui = _ui(reader, data, (), capabilities, None)
    overrides_table = reader.table(data, ("overrides",), set(data.get("overrides", {})))
    overrides = {
        scenario: _ui(reader, data, ("overrides", scenario), capabilities, ui)
        for scenario in overrides_table
    }
    if reader.problems:
        raise ProfileError(reader.problems)
    return Profile(
        source,
        target,
        capabilities,
        accounts,
        mail,
        clock_hook,
        sso_steps,
        optional_steps,
        ui,
        overrides,
    )


def _target(reader: _Reader, data: Mapping[str, Any]) -> TargetInfo:
    table = reader.table(
        data, ("target",), {"name", "base_url", "locale", "timeout", "hook_token_env"}
    )
    if "target" not in data:
        reader.problem(("target",), "missing: the [target] table")
    base_url = reader.string(table, ("target", "base_url"))
    if base_url and base_url != EMBEDDED:
        base_url = reader.url(base_url, ("target", "base_url"))
    locale = reader.string(table, ("target", "locale"), "en-GB")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", locale):
        reader.problem(("target", "locale"), f"{locale!r} is not a language tag such as en-GB")
    return TargetInfo(
        name=reader.string(table, ("target", "name")),
        base_url=base_url,
        locale=locale,
        timeout=reader.number(table, ("target", "timeout"), 5.0, 0.1),
        hook_token_env=reader.string(table, ("target", "hook_token_env"), ""),
    )


def _capabilities(reader: _Reader, data: Mapping[str, Any]) -> frozenset[Capability]:
    table = reader.table(data, ("capabilities",), {capability.value for capability in Capability})
    return frozenset(
        capability
        for capability in Capability
        if reader.boolean(table, ("capabilities", capability.value), False)
    )


def _accounts(
    reader: _Reader,
    data: Mapping[str, Any],
    target: TargetInfo,
    capabilities: frozenset[Capability],
) -> Accounts:
    here: KeyPath = ("accounts",)
    allowed = {
        "source",
        "email_domain",
        "locale",
        "create_account",
        "create_team",
        "listed",
        "teams",
        "signup",
    }
    table = reader.table(data, here, allowed)
    source = AccountSource(
        reader.choice(table, (*here, "source"), [s.value for s in AccountSource])
    )
    domain = reader.string(table, (*here, "email_domain"), "example.com")
    locale = reader.string(table, (*here, "locale"), target.locale.split("-")[0])
    accounts = Accounts(source, domain, locale)
    present = {
        key
        for key in ("create_account", "create_team", "listed", "teams", "signup")
        if key in table
    }
    belongs = {
        AccountSource.HOOK: {"create_account", "create_team"},
        AccountSource.LISTED: {"listed", "teams"},
        AccountSource.SIGNUP: {"signup"},
    }[source]
    for key in sorted(present - belongs):
        reader.problem((*here, key), f"does not go with source = {source.value!r}")
    if source is AccountSource.HOOK:
        create_team = ""
        if Capability.TEAM_ENFORCEMENT in capabilities:
            create_team = reader.page_path(
                reader.string(table, (*here, "create_team")),
                (*here, "create_team"),
                absolute_ok=True,
            )
        return replace(
            accounts,
            create_account=reader.page_path(
                reader.string(table, (*here, "create_account")),
                (*here, "create_account"),
                absolute_ok=True,
            ),
            create_team=create_team,
        )
    if source is AccountSource.LISTED:
        return replace(accounts, listed=_listed(reader, data), teams=_teams(reader, data))
    signup = reader.table(data, (*here, "signup"), {"steps", "done", "verify_link_text"})
    if "signup" not in table:
        reader.problem((*here, "signup"), "missing: the [accounts.signup] table")
    verify = (
        reader.pattern(signup, (*here, "signup", "verify_link_text"))
        if "verify_link_text" in signup
        else None
    )
    return replace(
        accounts,
        signup=Signup(
            reader.steps(signup.get("steps"), (*here, "signup", "steps")),
            reader.locator(signup.get("done"), (*here, "signup", "done")),
            verify,
        ),
    )


def _listed(reader: _Reader, data: Mapping[str, Any]) -> tuple[ListedAccount, ...]:
    entries = _get(data, ("accounts", "listed")) or []
    found = []
    for index in range(len(entries) if isinstance(entries, list) else 0):
        here: KeyPath = ("accounts", "listed", index)
        table = reader.table(
            data, here, {"label", "email", "password_env", "email_verified", "sso"}
        )
        sso = reader.boolean(table, (*here, "sso"), False)
        found.append(
            ListedAccount(
                label=reader.string(table, (*here, "label")),
                email=reader.string(table, (*here, "email")),
                password_env="" if sso else reader.string(table, (*here, "password_env")),
                email_verified=reader.boolean(table, (*here, "email_verified"), True),
                sso=sso,
            )
        )
    if not found:
        reader.problem(("accounts", "listed"), "missing: at least one [[accounts.listed]] entry")
    return tuple(found)


def _teams(reader: _Reader, data: Mapping[str, Any]) -> tuple[ListedTeam, ...]:
    entries = _get(data, ("accounts", "teams")) or []
    found = []
    for index in range(len(entries) if isinstance(entries, list) else 0):
        here: KeyPath = ("accounts", "teams", index)
        table = reader.table(data, here, {"admin", "members"})
        members = table.get("members", [])
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            reader.problem((*here, "members"), "must be a list of labels")
            members = []
        found.append(ListedTeam(reader.string(table, (*here, "admin")), tuple(members)))
    return tuple(found)


def _mail(
    reader: _Reader,
    data: Mapping[str, Any],
    target: TargetInfo,
    capabilities: frozenset[Capability],
) -> Mail:
    here: KeyPath = ("mail",)
    allowed = {"source", "wait", "link_text", "subjects", "smtp_sink", "imap", "http_api"}
    table = reader.table(data, here, allowed)
    source = MailSource(reader.choice(table, (*here, "source"), [s.value for s in MailSource]))
    subjects_table = reader.table(data, (*here, "subjects"), set(SUBJECTS))
    subjects: dict[MailKind, re.Pattern[str]] = {}
    for kind, needs in SUBJECTS.items():
        if kind in subjects_table or needs is None or needs in capabilities:
            pattern = reader.pattern(subjects_table, (*here, "subjects", kind))
            if pattern is not None:
                subjects[MailKind(kind)] = pattern
    link_text = None
    if Capability.EMAIL_CONFIRMATION in capabilities or "link_text" in table:
        link_text = reader.pattern(table, (*here, "link_text"))
    mail = Mail(source, subjects, link_text, reader.number(table, (*here, "wait"), 0.0, 0.0))
    for key in ("smtp_sink", "imap", "http_api"):
        if key in table and key != source.value.replace("-", "_"):
            reader.problem((*here, key), f"does not go with source = {source.value!r}")
    if source is MailSource.SMTP_SINK:
        sink = reader.table(data, (*here, "smtp_sink"), {"host", "port"})
        port = int(reader.number(sink, (*here, "smtp_sink", "port"), 0, 0))
        if port == 0 and not target.embedded:
            reader.problem(
                (*here, "smtp_sink", "port"), "missing: a fixed port the deployment sends mail to"
            )
        return replace(
            mail,
            sink_host=reader.string(sink, (*here, "smtp_sink", "host"), "127.0.0.1"),
            sink_port=port,
        )
    if source is MailSource.IMAP:
        imap_path: KeyPath = (*here, "imap")
        imap = reader.table(
            data, imap_path, {"host", "port", "username", "password_env", "tls", "folder"}
        )
        settings = ImapSettings(
            host=reader.string(imap, (*imap_path, "host")),
            port=int(reader.number(imap, (*imap_path, "port"), 993, 1)),
            username=reader.string(imap, (*imap_path, "username")),
            password_env=reader.string(imap, (*imap_path, "password_env")),
            tls=reader.boolean(imap, (*imap_path, "tls"), True),
            folder=reader.string(imap, (*imap_path, "folder"), "INBOX"),
        )
        return replace(mail, imap=settings)
    api_path: KeyPath = (*here, "http_api")
    api = reader.table(data, api_path, {"url", "username", "password_env"})
    url = reader.url(reader.string(api, (*api_path, "url")), (*api_path, "url"))
    username = reader.string(api, (*api_path, "username"), "")
    return replace(
        mail,
        http_api=HttpApiSettings(
            url, username, reader.string(api, (*api_path, "password_env"), "")
        ),
    )


def _ui(
    reader: _Reader,
    data: Mapping[str, Any],
    prefix: KeyPath,
    capabilities: frozenset[Capability],
    base: Ui | None,
) -> Ui:
    """Read the locator tables at ``prefix``; for an override, merge them over ``base``."""
    partial = base is not None
    if partial:
        reader.table(data, prefix, UI_TABLES)
    paths_table = reader.table(data, (*prefix, "paths"), set(PATHS))
    paths = {}
    for key, (_, needs) in PATHS.items():
        if key in paths_table or (not partial and (needs is None or needs in capabilities)):
            paths[key] = reader.page_path(
                reader.string(paths_table, (*prefix, "paths", key)), (*prefix, "paths", key)
            )
    screens = reader.locators(data, (*prefix, "screens"), SCREENS, capabilities, partial=partial)
    controls = reader.locators(data, (*prefix, "locators"), CONTROLS, capabilities, partial=partial)
    menu = reader.locators(data, (*prefix, "menu"), MENU, capabilities, partial=partial)
    notices = reader.locators(data, (*prefix, "notices"), NOTICES, capabilities, partial=partial)
    section = reader.locators(
        data, (*prefix, "mfa_section"), MFA_SECTION, capabilities, partial=partial
    )
    ui = Ui(
        paths=paths,
        screens={Screen(key): value for key, value in screens.items()},
        controls=controls,
        menu={MenuItem(key): value for key, value in menu.items()},
        notices={Notice(key): value for key, value in notices.items()},
        mfa_section=section,
    )
    if base is None:
        return ui
    return Ui(
        paths={**base.paths, **ui.paths},
        screens={**base.screens, **ui.screens},
        controls={**base.controls, **ui.controls},
        menu={**base.menu, **ui.menu},
        notices={**base.notices, **ui.notices},
        mfa_section={**base.mfa_section, **ui.mfa_section},
    )


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
