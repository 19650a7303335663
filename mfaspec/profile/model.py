"""A checked target profile as typed data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from mfaspec.driver import MailKind, MenuItem, Notice, Screen
from mfaspec.policy import Policy
from mfaspec.profile.locators import EMBEDDED, AnyOf, Flow, OptionalSteps, Step
from mfaspec.target import Capability

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


class LoginName(StrEnum):
    """What a person types into the login form to say who they are."""

    EMAIL = "email"
    USERNAME = "username"


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
    username: str = ""


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
    log_in_with: LoginName = LoginName.EMAIL
    create_account: str = ""
    create_team: str = ""
    turn_on_mfa: str = ""
    log_in: str = ""
    start_setup: str = ""
    require_team_mfa: str = ""
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
    reveal: Mapping[str, tuple[Step, ...]] = field(default_factory=dict)  # by [locators] key
    overrides: Mapping[str, Ui] = field(default_factory=dict)

    def ui_for(self, scenario: str) -> Ui:
        """Return the locators for one scenario: its overrides or its outline's, else the defaults.

        behave names an outline's row ``<outline> -- @<row> <examples>``.
        """
        outline = scenario.split(" -- @", 1)[0]
        return self.overrides.get(scenario) or self.overrides.get(outline) or self.ui
