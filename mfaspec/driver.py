"""The Driver Protocol: every user action and observation the scenarios need, and nothing else.

A driver reaches one target (the reference service in-process, or any web deployment in a
browser). It holds no product rule: it performs what a person would do and reports what a
person would see, in the vocabulary below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


@dataclass(frozen=True)
class Person:
    """Someone in a scenario: the label the scenario uses and the account's particulars."""

    label: str
    name: str
    email: str
    password: str


class Screen(StrEnum):
    """What the person is looking at."""

    LOG_IN = "log_in"
    CODE_PROMPT = "code_prompt"
    REQUIRED_SETUP = "required_setup"
    DASHBOARD = "dashboard"
    ACCOUNT_SETTINGS = "account_settings"
    CHECK_EMAIL = "check_email"
    SETUP = "setup"
    BACKUP_CODE = "backup_code"
    SECURITY_SETTINGS = "security_settings"


class Place(StrEnum):
    """Pages a person can try to open directly (by bookmark or typed address)."""

    DASHBOARD = "dashboard"
    ACCOUNT_SETTINGS = "account_settings"
    SECURITY_SETTINGS = "security_settings"
    SETUP = "setup"


class Notice(StrEnum):
    """The message shown when something is refused."""

    WRONG_CREDENTIALS = "wrong_credentials"
    WRONG_CODE = "wrong_code"
    LOCKED_OUT = "locked_out"
    LINK_REFUSED = "link_refused"
    EMAIL_UNVERIFIED = "email_unverified"
    SSO_ACCOUNT = "sso_account"
    SSO_REFUSED = "sso_refused"
    LOGIN_EXPIRED = "login_expired"
    NOT_ALLOWED = "not_allowed"


class MenuItem(StrEnum):
    """Entries of the profile-picture menu."""

    EDIT_PROFILE = "edit_profile"
    PERSONAL_SETTINGS = "personal_settings"
    ORGANISATION_SETTINGS = "organisation_settings"
    LOG_OUT = "log_out"


class MailKind(StrEnum):
    """Why the target wrote to a person."""

    CONFIRM_ENABLE = "confirm_enable"
    MFA_ENABLED = "mfa_enabled"
    MFA_DISABLED = "mfa_disabled"
    BACKUP_CODE_USED = "backup_code_used"
    MFA_RESET = "mfa_reset"


class MfaState(StrEnum):
    """What the multi-factor section says about the account."""

    ON = "on"
    OFF = "off"


@dataclass(frozen=True)
class MfaSection:
    """The multi-factor section of the account settings as a person sees it."""

    state: MfaState
    enable_offered: bool
    disable_offered: bool
    explanation: Notice | None


@dataclass(frozen=True)
class Enrolment:
    """What a set-up hook hands over: the QR code's content, the backup codes, the code's time.

    ``code_used_at`` is the moment whose code the enrolment typed (None if it says nothing).
    """

    otpauth_uri: str
    backup_codes: tuple[str, ...]
    code_used_at: float | None


class Driver(Protocol):
    """One way of reaching a target; scenarios run unchanged over any implementation."""

    # -- time and the world ---------------------------------------------------------------
    def now(self) -> float:
        """Return the target's current Unix time."""

    def advance_clock(self, seconds: float) -> None:
        """Move the target's clock forward."""

    def account_address(self, person: Person) -> str:
        """Return the e-mail address of the person's account on this target."""

    def create_account(self, person: Person, *, email_verified: bool, sso: bool) -> None:
        """Make sure an account exists for ``person``."""

    def create_team(self, admin: Person, members: Sequence[Person], *, sso: bool = False) -> None:
        """Make sure an organisation exists with this admin and these members.

        With ``sso``, its members may sign in through the organisation's identity provider.
        """

    def set_identity_provider_claims(self, person: Person, *, email_verified: bool) -> None:
        """Set whether the identity provider will say the person's e-mail address is verified."""

    def turn_on_mfa_directly(self, person: Person) -> Enrolment:
        """Turn 2FA on for the person's account in one call, without the pages.

        Raise NotApplicable when the target offers no such hook.
        """

    def open_setup_directly(self, person: Person) -> None:
        """Ask to turn 2FA on in one call, then open the page that follows, logged in as the person.

        The page is the one the confirmation e-mail's link opens (or, without e-mail
        confirmation, the set-up page). Raise NotApplicable when the target offers no such hook
        or no log_in hook, before doing anything.
        """

    def require_team_mfa_directly(self, admin: Person, code: Callable[[], str] | None) -> None:
        """Require 2FA for the admin's team in one call, as the admin's Yes in the pop-up would.

        ``code`` gives the admin's app's current code when the admin has 2FA on. Raise
        NotApplicable when the target offers no such hook.
        """

    # -- logging in and out ---------------------------------------------------------------
    def log_in_directly(self, person: Person, code: Callable[[], str] | None) -> None:
        """Log the person in in one call, without the pages, and open the dashboard.

        ``code`` gives the app's current code when 2FA is on; it is called only once the
        target is known to offer the call. Raise NotApplicable when it offers none.
        """

    def log_in(self, person: Person, password: str) -> None:
        """Enter the e-mail address and a password on the login page."""

    def log_in_without_account(self, person: Person) -> None:
        """Log in as someone who was given no account: a name no account has, and a password."""

    def sign_in_with_sso(self, person: Person) -> None:
        """Sign in through the organisation's identity provider, starting at the login page."""

    def submit_login_code(self, code: str) -> None:
        """Enter a 6-digit code where login asks for it and click Log in."""

    def submit_backup_code(self, code: str) -> None:
        """Choose to use a backup code at login, enter it and click Log in."""

    def log_out(self) -> None:
        """Log out from the profile menu."""

    def visit(self, place: Place) -> None:
        """Open a page directly, as from a bookmark."""

    def race_login_codes(self, person: Person, code: str, browsers: int) -> int:
        """Log in with the password in several browsers, submit one code in all at once.

        Return how many of them got in.
        """

    # -- the session ----------------------------------------------------------------------
    def session_fingerprint(self) -> str:
        """Return a digest of the session credential the browser holds (never the credential)."""

    def keep_session_copy(self) -> None:
        """Copy the session credential aside, as a thief with access to the browser would."""

    def restore_session_copy(self) -> None:
        """Put the copied session credential back and open the dashboard with it."""

    def forge_team_switch(self, *, same_site: bool) -> bool:
        """From a page elsewhere, make the browser submit the team 2FA switch at once.

        The page is on another site, or with ``same_site`` on another origin of the target's
        own site (another host or port), whose requests carry its cookies whatever their
        SameSite. Return whether the forged request carried the session.
        """

    def frame_from_same_site(self, place: Place) -> bool:
        """Open a page at another address of the target's site that shows ``place`` in a frame.

        Return whether the page shows inside it, where a person could be lured into clicking.
        """

    def scripts_can_read_session(self) -> bool:
        """Return whether the page's own scripts can read the session credential."""

    # -- what is on screen ----------------------------------------------------------------
    def screen(self) -> Screen:
        """Return which screen the person is looking at."""

    def shows(self, screen: Screen) -> bool:
        """Return whether the person is looking at ``screen`` (what ``screen()`` would return)."""

    def ways_out(self, person: Person) -> list[tuple[str, Screen]]:
        """Click each link and button of the screen shown, each time from that screen anew.

        Return the words on each and the screen it led to. The person logs in again when one
        logged them out. Raise NotApplicable for a target without pages to click.
        """

    def notice(self) -> Notice | None:
        """Return the refusal message on screen, if any."""

    # -- profile settings -----------------------------------------------------------------
    def open_profile_menu(self) -> None:
        """Click the profile picture."""

    def profile_menu(self) -> frozenset[MenuItem]:
        """Return the entries of the open profile menu."""

    def choose_menu_item(self, item: MenuItem) -> None:
        """Click an entry of the open profile menu."""

    def open_mfa_section(self) -> None:
        """Open the settings tab (or submenu) holding multi-factor authentication."""

    def mfa_section(self) -> MfaSection:
        """Return what the multi-factor section shows."""

    def ask_to_enable(self, person: Person) -> None:
        """Click Enable in the multi-factor section, as ``person`` (the one logged in)."""

    def force_enable_request(self) -> None:
        """Send the request Enable would send, from the page on screen, though it offers none."""

    def disable_mfa(self, password: str, code: str) -> None:
        """Click Disable, confirm with the password and a current code."""

    def regenerate_backup_code(self, password: str, code: str) -> None:
        """Ask for a new backup code, confirming with the password and a current code."""

    # -- e-mail ---------------------------------------------------------------------------
    def received(self, person: Person, awaited: MailKind) -> list[MailKind]:
        """Return the kinds of the messages in the person's mailbox, oldest first.

        A target whose mail takes time to arrive is given it for one of kind ``awaited``.
        """

    def follow_confirmation_link(self, person: Person, *, newest: bool = True) -> None:
        """Open the set-up link of a confirmation e-mail (the newest, or the oldest)."""

    # -- set-up ---------------------------------------------------------------------------
    def qr_code_shown(self) -> bool:
        """Return whether a QR code is on screen."""

    def read_qr_code(self) -> str:
        """Return the otpauth URI the set-up page's QR code encodes."""

    def read_manual_key(self) -> str:
        """Return the key the set-up page shows for typing by hand."""

    def submit_setup_code(self, code: str) -> None:
        """Enter a code under "Verify your code" and click Verify."""

    def page_text(self) -> str:
        """Return all the text the page on screen shows a person."""

    def answer(self) -> str:
        """Return how the target answered the last action, to compare with another answer.

        In a browser: the status of the page's document and all its text; in process, the
        screen and the notice.
        """

    def open_backup_codes(self) -> None:
        """Go to where the backup codes are shown, when the product shows them apart."""

    def backup_codes(self) -> list[str]:
        """Return the backup codes on screen (one, or a list), none when none is shown."""

    def finish_setup(self) -> None:
        """Click Done on the backup-code page."""

    # -- team enforcement -----------------------------------------------------------------
    def team_requirement(self) -> bool:
        """Return whether the team 2FA switch on Security & SSO is on."""

    def flip_team_requirement(self) -> None:
        """Click the team 2FA switch."""

    def confirmation_popup_shown(self) -> bool:
        """Return whether a confirmation pop-up is open."""

    def answer_popup(self, confirm: bool) -> None:
        """Click Yes (``confirm``) or Cancel in the pop-up."""

    def reset_member_mfa(self, member: Person) -> None:
        """On Security & SSO, reset a member's 2FA (they lost their phone)."""


class NotApplicable(Exception):
    """The target lacks a capability a scenario needs; the scenario is not applicable."""


class HarnessError(Exception):
    """The harness or the profile could not do what a scenario needed; the scenario is broken.

    A locator of the profile matched nothing, the target or a test hook did not answer: the
    product is not judged, and the message's first line says what could not be done and where.
    """
