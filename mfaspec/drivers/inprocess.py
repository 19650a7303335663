"""The in-process driver: the reference service layer, a scratch database, frozen time.

There is no HTTP here, so no identity provider either: the driver stands in for one, vouching
for a person the way the web application's OpenID Connect callback reports a checked ID token.
"""

from __future__ import annotations

import hashlib
import itertools
import secrets
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from freezegun import freeze_time

from mfaspec import secrets as run_secrets
from mfaspec.driver import (
    Driver,
    Enrolment,
    MailKind,
    MenuItem,
    MfaSection,
    MfaState,
    NotApplicable,
    Notice,
    Person,
    Place,
    Screen,
)
from mfaspec.policy import AfterUse, Asks, BackupCodes, Lockout, LockShown, Policy
from mfaspec.target import Capability
from reference_impl import service as ref
from reference_impl.delivery import InlineCourier
from reference_impl.mail import MemoryOutbox
from reference_impl.passwords import ScryptCost
from reference_impl.refusals import DESTINATIONS, ENDS_LOGIN, Destination
from reference_impl.store import connect

# A fixed instant ten seconds into a 30-second time step: every run sees the same codes.
START = datetime(2026, 3, 2, 9, 0, 10, tzinfo=UTC)
# The identity provider organisations are given in-process; nothing ever calls it.
IDENTITY_PROVIDER = "https://identity-provider.example"
# Modules that time the run itself: they call the clock directly and must see real time.
REAL_TIME_MODULES = ["behave.model", "behave.reporter", "behave.runner", "mfaspec.report"]

NOTICES = {
    ref.Reason.WRONG_CREDENTIALS: Notice.WRONG_CREDENTIALS,
    ref.Reason.MALFORMED_CODE: Notice.WRONG_CODE,
    ref.Reason.WRONG_CODE: Notice.WRONG_CODE,
    ref.Reason.LOCKED_OUT: Notice.LOCKED_OUT,
    ref.Reason.LINK_REFUSED: Notice.LINK_REFUSED,
    ref.Reason.EMAIL_UNVERIFIED: Notice.EMAIL_UNVERIFIED,
    ref.Reason.SSO_ACCOUNT: Notice.SSO_ACCOUNT,
    ref.Reason.SSO_UNAVAILABLE: Notice.SSO_REFUSED,
    ref.Reason.SSO_EMAIL_UNVERIFIED: Notice.SSO_REFUSED,
    ref.Reason.SSO_NO_ACCOUNT: Notice.SSO_REFUSED,
    ref.Reason.LOGIN_EXPIRED: Notice.LOGIN_EXPIRED,
    ref.Reason.NOT_ALLOWED: Notice.NOT_ALLOWED,
    ref.Reason.WRONG_STATE: Notice.NOT_ALLOWED,
    ref.Reason.INVALID_INPUT: Notice.NOT_ALLOWED,
}
# The screen of each destination; reference_impl.refusals says which refusal goes where.
SCREENS = {
    Destination.LOG_IN: Screen.LOG_IN,
    Destination.CODE_PROMPT: Screen.CODE_PROMPT,
    Destination.REQUIRED_SETUP: Screen.REQUIRED_SETUP,
}
PLACES = {
    Place.DASHBOARD: Screen.DASHBOARD,
    Place.ACCOUNT_SETTINGS: Screen.ACCOUNT_SETTINGS,
    Place.SECURITY_SETTINGS: Screen.SECURITY_SETTINGS,
    Place.SETUP: Screen.SETUP,
}


def declared_policy(settings: ref.Settings) -> Policy:
    """Return the reference's choices, as its profiles declare them, from its own settings."""
    return Policy(
        code_lockout=Lockout(settings.max_failures, settings.lockout, LockShown.NEXT_ATTEMPT),
        password_lockout=Lockout(
            settings.max_password_failures, settings.lockout, LockShown.NEXT_ATTEMPT
        ),
        link_lifetime=settings.link_lifetime,
        half_login_lifetime=settings.half_login_lifetime,
        session_idle=settings.idle_timeout,
        session_lifetime=settings.absolute_timeout,
        notifications=frozenset(MailKind) - {MailKind.CONFIRM_ENABLE},
        backup_codes=BackupCodes(1, AfterUse.REPLACED, Asks.PASSWORD_AND_CODE),
        disable_asks=Asks.PASSWORD_AND_CODE,
        admin_under_enforcement=True,
    )


def open_scratch(database: str) -> sqlite3.Connection:
    """Open a scenario's database; it is thrown away after, so nothing is synced to disk."""
    connection = connect(database)
    connection.execute("PRAGMA synchronous = OFF")
    return connection


class InProcessTarget:
    """Every scenario gets a fresh database file and mailbox.

    A file, not ``:memory:``: concurrent requests each need a connection of their own, as the
    web application opens one per request, and only a file can be opened more than once.
    """

    capabilities = frozenset(Capability) - {Capability.WEB}

    def __init__(self, settings: ref.Settings | None = None) -> None:
        self.settings = settings or ref.Settings(password_cost=ScryptCost(n=2**4))
        self.drift_window = self.settings.drift_window
        self.policy = declared_policy(self.settings)
        self._folder = tempfile.TemporaryDirectory(prefix="mfaspec-inprocess-")
        self._numbers = itertools.count(1)

    def open_driver(self, scenario: str) -> InProcessDriver:
        """Return a driver over a new, empty reference service."""
        database = f"{self._folder.name}/scenario-{next(self._numbers)}.sqlite3"
        return InProcessDriver(database, MemoryOutbox(), self.settings)

    def close_driver(self, driver: Driver, *, failed: bool) -> None:
        """Release the database and unfreeze time."""
        assert isinstance(driver, InProcessDriver)
        driver.close()

    def close(self) -> None:
        """Remove the scenarios' database files."""
        self._folder.cleanup()


class InProcessDriver:
    """Plays the part of the web pages over the service: what a person does and sees."""

    def __init__(self, database: str, outbox: MemoryOutbox, settings: ref.Settings) -> None:
        self.database = database
        self.outbox = outbox
        self.service = ref.Service(open_scratch(database), InlineCourier(outbox), settings)
        self._freezer = freeze_time(START, ignore=REAL_TIME_MODULES)
        self._frozen = self._freezer.start()
        self._session = ""
        self._screen = Screen.LOG_IN
        self._notice: Notice | None = None
        self._menu: frozenset[MenuItem] = frozenset()
        self._enrolment: ref.Enrolment | None = None
        self._backup_code: str | None = None
        self._after_backup_code = Screen.DASHBOARD
        self._popup = False
        self._kept_session = ""
        self._unverified_at_provider: set[str] = set()

    def close(self) -> None:
        """Stop freezing time and close the database."""
        self._freezer.stop()
        self.service.db.close()

    # -- time and the world ---------------------------------------------------------------
    def now(self) -> float:
        """Return the frozen time."""
        return self._frozen().timestamp()

    def advance_clock(self, seconds: float) -> None:
        """Move the frozen time forward."""
        self._frozen.tick(timedelta(seconds=seconds))

    def account_address(self, person: Person) -> str:
        """Return the person's own address: the service knows them by it."""
        return person.email

    def create_account(self, person: Person, *, email_verified: bool, sso: bool) -> None:
        """Register the person in the service; an SSO account in an organisation with SSO."""
        user_id = self.service.register_user(
            person.email,
            person.name,
            None if sso else person.password,
            email_verified=email_verified,
            sso=sso,
        )
        if sso:
            self.service.add_member(self._organisation("Single sign-on", sso=True), user_id)

    def create_team(self, admin: Person, members: Sequence[Person], *, sso: bool = False) -> None:
        """Create an organisation administered by ``admin`` (with ``sso``, an identity provider)."""
        organisation = self._organisation(f"{admin.name}'s team", sso=sso)
        self.service.add_member(organisation, self._user_id(admin), admin=True)
        for member in members:
            self.service.add_member(organisation, self._user_id(member))

    def turn_on_mfa_directly(self, person: Person) -> Enrolment:
        """Turn 2FA on through the service, as the reference app's hook does, with no mail."""
        used_at = self.now()
        enrolment, backup_code = self.service.turn_on_for_testing(person.email, person.password)
        run_secrets.remember(backup_code)
        return Enrolment(enrolment.otpauth_uri, (backup_code,), used_at)

    def set_identity_provider_claims(self, person: Person, *, email_verified: bool) -> None:
        """Remember what the stand-in identity provider will say of the address."""
        if email_verified:
            self._unverified_at_provider.discard(person.email)
        else:
            self._unverified_at_provider.add(person.email)

    # -- logging in and out ---------------------------------------------------------------
    def log_in(self, person: Person, password: str) -> None:
        """Submit the login form."""
        self._notice = None
        try:
            session = self.service.start_login(person.email, password)
        except ref.Refused as refused:
            self._refuse(refused, Screen.LOG_IN)
            return
        self._session = session.id
        self._land(session.stage)

    def log_in_directly(self, person: Person, code: Callable[[], str] | None) -> None:
        """Not here: in process, the login's steps are already the service's own calls."""
        raise NotApplicable("the in-process target logs in through its login steps")

    def sign_in_with_sso(self, person: Person) -> None:
        """Find the person's organisation, then come back from its provider, which vouched.

        The service method is the one the web application's OpenID Connect callback calls
        once the ID token is checked; the e-mail address serves as the provider's subject.
        """
        self._notice = None
        try:
            provider = self.service.sso_provider_for(person.email)
            session = self.service.complete_sso_login(
                provider.organisation_id,
                person.email,
                email_verified=person.email not in self._unverified_at_provider,
                subject=person.email,
            )
        except ref.Refused as refused:
            self._refuse(refused, Screen.LOG_IN)
            return
        self._session = session.id
        self._land(session.stage)

    def submit_login_code(self, code: str) -> None:
        """Submit the code form at login."""
        self._notice = None
        try:
            session = self.service.submit_login_code(self._session, code)
        except ref.Refused as refused:
            self._refuse_login_code(refused)
            return
        self._session = session.id
        self._screen = Screen.DASHBOARD

    def submit_backup_code(self, code: str) -> None:
        """Submit the backup-code form at login; the replacement code is then shown."""
        self._notice = None
        try:
            result = self.service.submit_backup_code(self._session, code)
        except ref.Refused as refused:
            self._refuse_login_code(refused)
            return
        self._session = result.session.id
        self._backup_code = result.new_backup_code
        self._after_backup_code = Screen.DASHBOARD
        self._screen = Screen.BACKUP_CODE

    def log_out(self) -> None:
        """End the session."""
        self.service.log_out(self._session)
        self._session = ""
        self._screen = Screen.LOG_IN
        self._notice = None

    def visit(self, place: Place) -> None:
        """Open a page directly."""
        self._notice = None
        pages = {
            Place.DASHBOARD: self.service.whoami,
            Place.ACCOUNT_SETTINGS: self.service.mfa_status,
            Place.SECURITY_SETTINGS: self.service.team,
            Place.SETUP: self.service.enrolment,
        }
        try:
            shown = pages[place](self._session)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)
            return
        if isinstance(shown, ref.Enrolment):
            self._enrolment = shown
        self._screen = PLACES[place]

    def race_login_codes(self, person: Person, code: str, browsers: int) -> int:
        """Half-log in several times, then submit the code from that many threads at once.

        Each thread is one request: like the web application, it opens its own connection.
        """
        sessions = [
            self.service.start_login(person.email, person.password) for _ in range(browsers)
        ]
        start = threading.Barrier(browsers)

        def submit(session: ref.Session) -> bool:
            request = ref.Service(
                open_scratch(self.database), self.service.courier, self.service.settings
            )
            start.wait()
            try:
                request.submit_login_code(session.id, code)
            except ref.Refused:
                return False
            finally:
                request.db.close()
            return True

        with ThreadPoolExecutor(max_workers=browsers) as pool:
            return sum(pool.map(submit, sessions))

    # -- the session ----------------------------------------------------------------------
    def session_fingerprint(self) -> str:
        """Return a digest of the session id."""
        return hashlib.sha256(self._session.encode()).hexdigest()[:16]

    def keep_session_copy(self) -> None:
        """Remember the session id."""
        self._kept_session = self._session

    def restore_session_copy(self) -> None:
        """Use the remembered session id again."""
        self._session = self._kept_session
        self.visit(Place.DASHBOARD)

    def forge_team_switch(self, *, same_site: bool) -> bool:
        """There is no browser in-process."""
        raise NotApplicable("the in-process target has no HTTP layer to forge requests against")

    def frame_from_same_site(self, place: Place) -> bool:
        """There is no page in-process to frame."""
        raise NotApplicable("the in-process target has no pages another page could frame")

    def scripts_can_read_session(self) -> bool:
        """There is no page, and so no script, in-process."""
        raise NotApplicable("the in-process target has no pages whose scripts could read cookies")

    # -- what is on screen ----------------------------------------------------------------
    def screen(self) -> Screen:
        """Return the current screen."""
        return self._screen

    def notice(self) -> Notice | None:
        """Return the refusal shown, if any."""
        return self._notice

    # -- profile settings -----------------------------------------------------------------
    def open_profile_menu(self) -> None:
        """Open the profile menu."""
        self._menu = frozenset(MenuItem(item.value) for item in self.service.menu(self._session))

    def profile_menu(self) -> frozenset[MenuItem]:
        """Return the open menu's entries."""
        return self._menu

    def choose_menu_item(self, item: MenuItem) -> None:
        """Follow a menu entry."""
        if item not in self._menu:
            raise LookupError(f"the profile menu has no {item.value!r} entry")
        self._menu = frozenset()
        if item is MenuItem.LOG_OUT:
            self.log_out()
        elif item is MenuItem.ORGANISATION_SETTINGS:
            self.visit(Place.SECURITY_SETTINGS)
        else:
            self.visit(Place.ACCOUNT_SETTINGS)

    def open_mfa_section(self) -> None:
        """Open the settings tab."""
        self.visit(Place.ACCOUNT_SETTINGS)

    def mfa_section(self) -> MfaSection:
        """Return the multi-factor section."""
        status = self.service.mfa_status(self._session)
        on = status.state is ref.MfaState.ON
        explanation = None if status.blocked_by is None else NOTICES[status.blocked_by]
        return MfaSection(MfaState.ON if on else MfaState.OFF, status.can_enable, on, explanation)

    def ask_to_enable(self, person: Person) -> None:
        """Click Enable: in-process, the session says whose account it is."""
        self.force_enable_request()

    def force_enable_request(self) -> None:
        """Send the Enable request: in-process, clicking Enable makes the same call."""
        self._notice = None
        try:
            self.service.request_enable(self._session)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)
            return
        self._screen = Screen.CHECK_EMAIL

    def disable_mfa(self, password: str, code: str) -> None:
        """Click Disable and confirm."""
        self._notice = None
        try:
            self.service.disable(self._session, password, code)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)
            return
        self._screen = Screen.ACCOUNT_SETTINGS

    def regenerate_backup_code(self, password: str, code: str) -> None:
        """Ask for a new backup code."""
        self._notice = None
        try:
            self._backup_code = self.service.regenerate_backup_code(self._session, password, code)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)
            return
        self._after_backup_code = Screen.ACCOUNT_SETTINGS
        self._screen = Screen.BACKUP_CODE

    # -- e-mail ---------------------------------------------------------------------------
    def received(self, person: Person) -> list[MailKind]:
        """Return the kinds of mail sent to the person."""
        return [MailKind(mail.kind.value) for mail in self.outbox.sent if mail.to == person.email]

    def follow_confirmation_link(self, person: Person, *, newest: bool = True) -> None:
        """Open the link of a confirmation e-mail."""
        self._notice = None
        links = [
            mail.text.rsplit(": ", 1)[-1].strip()
            for mail in self.outbox.sent
            if mail.to == person.email and mail.kind.value == MailKind.CONFIRM_ENABLE
        ]
        link = links[-1 if newest else 0]
        run_secrets.remember_link(link)
        token = urlsplit(link).path.rsplit("/", 1)[-1]
        try:
            self._enrolment = self.service.open_confirmation_link(self._session, token)
        except ref.Refused as refused:
            self._refuse(refused, Screen.ACCOUNT_SETTINGS)
            return
        self._screen = Screen.SETUP

    # -- set-up ---------------------------------------------------------------------------
    def qr_code_shown(self) -> bool:
        """Return whether the set-up page with its QR code is on screen."""
        return self._screen in (Screen.SETUP, Screen.REQUIRED_SETUP) and self._enrolment is not None

    def read_qr_code(self) -> str:
        """Return the QR code's content."""
        return self._shown_enrolment().otpauth_uri

    def read_manual_key(self) -> str:
        """Return the key for manual entry."""
        return self._shown_enrolment().manual_key

    def submit_setup_code(self, code: str) -> None:
        """Submit the "Verify your code" form."""
        self._notice = None
        try:
            activation = self.service.activate(self._session, code)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)
            return
        self._session = activation.session.id
        self._enrolment = None
        self._backup_code = activation.backup_code
        self._after_backup_code = (
            Screen.DASHBOARD if self._screen is Screen.REQUIRED_SETUP else Screen.ACCOUNT_SETTINGS
        )
        self._screen = Screen.BACKUP_CODE

    def page_text(self) -> str:
        """There are no pages in-process, so no text to read."""
        raise NotApplicable("the target has no pages whose text could be read: it runs in-process")

    def open_backup_codes(self) -> None:
        """Nothing to open: the reference shows the backup code as soon as set-up ends."""

    def backup_codes(self) -> list[str]:
        """Return the backup code on screen (the reference shows one at a time)."""
        shown = self._screen is Screen.BACKUP_CODE
        return [self._backup_code] if shown and self._backup_code else []

    def finish_setup(self) -> None:
        """Click Done."""
        self._backup_code = None
        self._screen = self._after_backup_code

    # -- team enforcement -----------------------------------------------------------------
    def team_requirement(self) -> bool:
        """Return the team switch's position."""
        return self.service.team(self._session).enforce_mfa

    def flip_team_requirement(self) -> None:
        """Click the switch: the pop-up opens."""
        self._popup = True

    def confirmation_popup_shown(self) -> bool:
        """Return whether the pop-up is open."""
        return self._popup

    def answer_popup(self, confirm: bool) -> None:
        """Click Yes or Cancel."""
        self._popup = False
        if confirm:
            required = not self.team_requirement()
            self.service.set_team_requirement(self._session, required)

    def reset_member_mfa(self, member: Person) -> None:
        """Reset a member's 2FA."""
        self._notice = None
        try:
            self.service.reset_member_mfa(self._session, member.email)
        except ref.Refused as refused:
            self._refuse(refused, self._screen)

    # -- internals ------------------------------------------------------------------------
    def _user_id(self, person: Person) -> int:
        row = self.service.db.execute("SELECT id FROM users WHERE email = ?", (person.email,))
        user_id: int = row.fetchone()["id"]
        return user_id

    def _organisation(self, name: str, *, sso: bool) -> int:
        organisation = self.service.create_organisation(name)
        if sso:
            client_secret = secrets.token_urlsafe(32)
            self.service.configure_sso(organisation, IDENTITY_PROVIDER, name, client_secret)
        return organisation

    def _land(self, stage: ref.Stage) -> None:
        if stage is ref.Stage.SECOND_FACTOR:
            self._screen = Screen.CODE_PROMPT
        elif stage is ref.Stage.SETUP_REQUIRED:
            self._screen = Screen.REQUIRED_SETUP
            try:
                self._enrolment = self.service.enrolment(self._session)
            except ref.Refused as refused:
                self._refuse(refused, Screen.REQUIRED_SETUP)
        else:
            self._screen = Screen.DASHBOARD

    def _refuse(self, refused: ref.Refused, stay_on: Screen) -> None:
        destination = DESTINATIONS.get(refused.reason)
        self._screen = stay_on if destination is None else SCREENS[destination]
        self._notice = NOTICES.get(refused.reason)

    def _refuse_login_code(self, refused: ref.Refused) -> None:
        """A refused code at login; some refusals end the half-finished login, as the pages do."""
        if refused.reason in ENDS_LOGIN:
            self._session = ""
            self._screen, self._notice = Screen.LOG_IN, Notice.LOGIN_EXPIRED
        else:
            self._refuse(refused, self._screen)

    def _shown_enrolment(self) -> ref.Enrolment:
        if self._screen not in (Screen.SETUP, Screen.REQUIRED_SETUP) or self._enrolment is None:
            raise LookupError(f"no QR code on the {self._screen.value} screen")
        return self._enrolment
