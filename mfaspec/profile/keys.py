"""What each table of a profile may hold: its keys, their meanings and when required."""

from __future__ import annotations

from dataclasses import dataclass

from mfaspec.driver import MailKind, MenuItem, Notice, Place, Screen
from mfaspec.profile.locators import Locator, LocatorKind
from mfaspec.profile.model import AccountSource, LoginName, MailSource
from mfaspec.target import Capability

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


def role(role: str, name: str) -> Locator:
    return Locator(LocatorKind.ROLE, role, name)


def label(label: str) -> Locator:
    return Locator(LocatorKind.LABEL, label)


def text_of(text: str) -> Locator:
    return Locator(LocatorKind.TEXT, text)


MAIL = Capability.EMAIL_CONFIRMATION
NEW_CODES = "new_backup_codes"  # the policy declares that new backup codes can be asked for
TEAM = Capability.TEAM_ENFORCEMENT
# what the login form takes, as [accounts] log_in_with declares it
BY_EMAIL = f"log_in_with.{LoginName.EMAIL.value}"
BY_USERNAME = f"log_in_with.{LoginName.USERNAME.value}"
SCREENS: dict[str, Spec] = {
    Screen.LOG_IN: Spec("the login form", role("heading", "Log in")),
    Screen.CODE_PROMPT: Spec("login asking for the 6-digit code", label("6-digit code")),
    Screen.REQUIRED_SETUP: Spec("set-up demanded at login", text_of("Your team requires"), TEAM),
    Screen.DASHBOARD: Spec("the dashboard", role("heading", "Dashboard")),
    Screen.ACCOUNT_SETTINGS: Spec("the account settings", role("heading", "Account settings")),
    Screen.CHECK_EMAIL: Spec(
        "'check your e-mail' after Enable", text_of("Check your e-mail"), MAIL
    ),
    Screen.SETUP: Spec("the set-up page with the QR code", role("heading", "Set up")),
    Screen.BACKUP_CODE: Spec("the page showing a backup code", role("heading", "Backup code")),
    Screen.SECURITY_SETTINGS: Spec("Security & SSO", role("heading", "Security & SSO"), TEAM),
}
CONTROLS: dict[str, Spec] = {
    "login_email": Spec("the e-mail field of the login form", label("E-mail"), BY_EMAIL),
    "login_username": Spec("the user-name field of the login form", label("Username"), BY_USERNAME),
    "login_password": Spec("the password field of the login form", label("Password")),
    "login_submit": Spec("the button sending the login form", role("button", "Log in")),
    "code_field": Spec("the 6-digit code field at login", label("6-digit code")),
    "code_submit": Spec("the button sending the code at login", role("button", "Log in")),
    "use_backup_code": Spec(
        "the switch to the backup-code form", role("link", "Backup code"), optional=True
    ),
    "backup_code_field": Spec(
        "the backup-code field at login", label("Backup code"), optional=True
    ),
    "backup_code_submit": Spec(
        "the button sending the backup code", role("button", "Log in"), optional=True
    ),
    "profile_menu": Spec(
        "the profile picture opening the menu", role("button", "Profile"), optional=True
    ),
    "mfa_tab": Spec("the settings tab or submenu holding MFA", role("link", "Settings")),
    "enable": Spec("Enable in the MFA section", role("button", "Enable")),
    "disable": Spec("Disable in the MFA section", role("button", "Disable")),
    "disable_password": Spec(
        "the password asked to disable", label("Current password"), "disable_asks.password"
    ),
    "disable_code": Spec(
        "the code asked to disable", label("Current 6-digit code"), "disable_asks.code"
    ),
    "disable_submit": Spec("the button confirming Disable", role("button", "Turn off")),
    "qr_image": Spec("the QR code (read from a screenshot)", role("img", "QR code")),
    "manual_key": Spec("the key shown for typing by hand", Locator(LocatorKind.TEST_ID, "key")),
    "setup_code": Spec("the field under 'Verify your code'", label("Verify your code")),
    "setup_submit": Spec("the Verify button", role("button", "Verify")),
    "backup_code_text": Spec("the backup code", Locator(LocatorKind.TEST_ID, "backup-code")),
    "done": Spec("Done under the backup code", role("button", "Done")),
    "regenerate": Spec(
        "the button asking for a new backup code", role("button", "New code"), NEW_CODES
    ),
    "regenerate_password": Spec(
        "the password asked for a new code", label("Password"), "new_backup_codes_ask.password"
    ),
    "regenerate_code": Spec(
        "the 6-digit code asked for a new code", label("6-digit code"), "new_backup_codes_ask.code"
    ),
    "regenerate_submit": Spec(
        "the button confirming a new code", role("button", "New code"), NEW_CODES
    ),
    "security_tab": Spec(
        "the Security & SSO submenu, when the switch is not shown at once",
        role("link", "Security & SSO"),
        TEAM,
        optional=True,
    ),
    "team_switch": Spec("the team 2FA switch", role("switch", "Require 2FA"), TEAM),
    "popup": Spec("the confirmation pop-up", role("dialog", "Are you sure?"), TEAM),
    "popup_yes": Spec("Yes in the pop-up", role("button", "Yes"), TEAM),
    "popup_cancel": Spec("Cancel in the pop-up", role("button", "Cancel"), TEAM),
    "member_row": Spec(
        "a member's row on Security & SSO; {email} and {name} stand for the member",
        role("row", "{email}"),
        Capability.ADMIN_RESET,
    ),
    "reset_member": Spec(
        "the reset button within the member's row",
        role("button", "Reset 2FA"),
        Capability.ADMIN_RESET,
    ),
    "reset_confirm": Spec(
        "the button confirming a reset, if one is asked",
        role("button", "Yes"),
        Capability.ADMIN_RESET,
        optional=True,
    ),
}
MEMBER_PLACEHOLDERS = frozenset({"email", "name"})
MENU: dict[str, Spec] = {
    MenuItem.EDIT_PROFILE: Spec("Edit profile", role("link", "Edit profile"), optional=True),
    MenuItem.PERSONAL_SETTINGS: Spec(
        "Personal settings", role("link", "Personal settings"), optional=True
    ),
    MenuItem.ORGANISATION_SETTINGS: Spec(
        "Organisation settings", role("link", "Organisation settings"), TEAM
    ),
    MenuItem.LOG_OUT: Spec("Log out", role("button", "Log out")),
}
NOTICES: dict[str, Spec] = {
    Notice.WRONG_CREDENTIALS: Spec("wrong e-mail or password", text_of("Wrong e-mail or password")),
    Notice.WRONG_CODE: Spec("the code is refused", text_of("This code is not valid")),
    Notice.LOCKED_OUT: Spec("too many attempts", text_of("Too many attempts"), optional=True),
    Notice.LINK_REFUSED: Spec("the e-mailed link is refused", text_of("link is not valid"), MAIL),
    Notice.EMAIL_UNVERIFIED: Spec(
        "verify your e-mail first", text_of("Verify your e-mail"), optional=True
    ),
    Notice.SSO_ACCOUNT: Spec(
        "SSO accounts cannot use it", text_of("single sign-on"), Capability.SSO_ONLY
    ),
    Notice.SSO_REFUSED: Spec(
        "single sign-on did not sign the person in",
        text_of("Single sign-on failed"),
        Capability.SSO_ONLY,
    ),
    Notice.LOGIN_EXPIRED: Spec("the half-done login expired", text_of("expired"), optional=True),
    Notice.NOT_ALLOWED: Spec("not allowed", text_of("not allowed"), TEAM),
}
MFA_SECTION: dict[str, Spec] = {
    "on": Spec("what shows MFA is on", text_of("Multi-factor authentication is on")),
    "off": Spec("what shows MFA is off", text_of("Multi-factor authentication is off")),
    "container": Spec("the section, to scope the search", role("region", "MFA"), optional=True),
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


# -- the sections ----------------------------------------------------------------------------------

TARGET_KEYS = ("name", "base_url", "locale", "timeout", "hook_token_env", "session_cookie")
TOP_LEVEL = (
    *("target", "capabilities", "accounts", "mail", "clock", "sso", "forgery", "requests"),
    "policy",
    "optional_steps",
    "flows",
    "reveal",
    *("paths", "screens", "locators", "menu", "notices", "mfa_section", "overrides"),
)
# The elements the driver reads, which a [reveal] entry may have to show first.
REVEALED = {
    "manual_key": "the key shown for typing by hand",
    "qr_image": "the QR code",
    "backup_code_text": "the backup codes",
}
UI_TABLES = ("paths", "screens", "locators", "menu", "notices", "mfa_section")
CLOCK_KEYS = ("hook",)
SSO_KEYS = ("identity_provider", "claims_hook", "steps")
FORM_KEYS = ("action", "method", "fields")
ENABLE_REQUEST_KEYS = (*FORM_KEYS, "page_fields")
ACCOUNT_SOURCE_KEYS = {
    AccountSource.HOOK: (
        *("create_account", "create_team", "turn_on_mfa", "log_in", "start_setup"),
        "require_team_mfa",
    ),
    AccountSource.LISTED: ("listed", "teams", "reset"),
    AccountSource.SIGNUP: ("signup",),
}
ACCOUNTS_KEYS = (
    *("source", "email_domain", "locale", "log_in_with"),
    *sum(ACCOUNT_SOURCE_KEYS.values(), ()),
)
LISTED_ACCOUNT_KEYS = ("label", "email", "username", "password_env", "email_verified", "sso")
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
# The settings of each source of mail ([mail.smtp_sink], [mail.imap], [mail.http_api]).
MAIL_SETTINGS_KEYS = {
    MailSource.SMTP_SINK: ("host", "port"),
    MailSource.IMAP: ("host", "port", "username", "password_env", "tls", "folder"),
    MailSource.HTTP_API: ("url", "username", "password_env"),
}
