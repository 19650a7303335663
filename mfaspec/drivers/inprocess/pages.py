"""The reference service's pages, simulated: what is on screen, and where a page leads."""

from __future__ import annotations

import sqlite3

from mfaspec.driver import MenuItem, NotApplicable, Notice, Person, Place, Screen
from mfaspec.drivers.inprocess.clock import FrozenClock
from reference_impl import service as ref
from reference_impl.delivery import InlineCourier
from reference_impl.mail import MemoryOutbox
from reference_impl.navigation import (
    CONTINUES_AT,
    DESTINATIONS,
    ENDED_LOGIN,
    ENDS_LOGIN,
    HOME,
    LEADS_TO,
    REFUSED_RETURNS_TO,
    UNANNOUNCED,
    Action,
    Destination,
)
from reference_impl.store import connect

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
# The screen of each destination; reference_impl.navigation says what leads where.
SCREENS = {
    Destination.LOG_IN: Screen.LOG_IN,
    Destination.CODE_PROMPT: Screen.CODE_PROMPT,
    Destination.REQUIRED_SETUP: Screen.REQUIRED_SETUP,
    Destination.DASHBOARD: Screen.DASHBOARD,
    Destination.ACCOUNT_SETTINGS: Screen.ACCOUNT_SETTINGS,
    Destination.CHECK_EMAIL: Screen.CHECK_EMAIL,
    Destination.SETUP: Screen.SETUP,
    Destination.SECURITY_SETTINGS: Screen.SECURITY_SETTINGS,
}
PLACES = {
    Place.DASHBOARD: Screen.DASHBOARD,
    Place.ACCOUNT_SETTINGS: Screen.ACCOUNT_SETTINGS,
    Place.SECURITY_SETTINGS: Screen.SECURITY_SETTINGS,
    Place.SETUP: Screen.SETUP,
}


def open_scratch(database: str) -> sqlite3.Connection:
    """Open a scenario's database; it is thrown away after, so nothing is synced to disk."""
    return connect(database, durable=False)


class SimulatedPages:
    """The screen and notice a person would see, kept over the service's answers."""

    def __init__(self, database: str, outbox: MemoryOutbox, settings: ref.Settings) -> None:
        self.database = database
        self.outbox = outbox
        self.service = ref.Service(open_scratch(database), InlineCourier(outbox), settings)
        self.clock = FrozenClock()
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
        self.clock.stop()
        self.service.db.close()

    # -- what is on screen ----------------------------------------------------------------
    def screen(self) -> Screen:
        """Return the current screen."""
        return self._screen

    def answer(self) -> str:
        """Return the screen and the notice: in process, what a refusal shows."""
        return f"{self._screen.value}: {self._notice.value if self._notice else 'no notice'}"

    def ways_out(self, person: Person) -> list[tuple[str, Screen]]:
        """Not here: in process, there are no links or buttons to click."""
        raise NotApplicable("the target has no links or buttons to click: it runs in process")

    def shows(self, screen: Screen) -> bool:
        """Return whether ``screen`` is the current screen."""
        return self._screen is screen

    def notice(self) -> Notice | None:
        """Return the refusal shown, if any."""
        return self._notice

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
            if place is Place.SETUP:
                self._refuse_action(Action.SET_UP, refused)
            else:
                self._refuse(refused, self._screen)
            return
        if isinstance(shown, ref.Enrolment):
            self._enrolment = shown
        self._screen = PLACES[place]

    def log_out(self) -> None:
        """End the session."""
        self.service.log_out(self._session)
        self._session = ""
        self._notice = None
        self._accepted(Action.LOG_OUT)

    def _land(self, stage: ref.Stage) -> None:
        continues = CONTINUES_AT.get(stage)
        self._screen = SCREENS[HOME if continues is None else continues]
        if continues is Destination.REQUIRED_SETUP:
            try:
                self._enrolment = self.service.enrolment(self._session)
            except ref.Refused as refused:
                self._refuse(refused, Screen.REQUIRED_SETUP)

    def _accepted(self, action: Action) -> None:
        """Go where the accepted ``action`` leads, as the page's redirect does."""
        self._screen = SCREENS[LEADS_TO[action]]

    def _show_backup_code(self, code: str, action: Action) -> None:
        """Show a backup code; the page's Done button leads where ``action`` leads."""
        self._backup_code = code
        self._after_backup_code = SCREENS[LEADS_TO[action]]
        self._screen = Screen.BACKUP_CODE

    def _refuse_action(self, action: Action, refused: ref.Refused) -> None:
        """Go back where the refused ``action`` returns to, with its notice, as the pages do."""
        self._refuse(refused, SCREENS[REFUSED_RETURNS_TO[action]])

    def _refuse(self, refused: ref.Refused, stay_on: Screen) -> None:
        destination = DESTINATIONS.get(refused.reason)
        self._screen = stay_on if destination is None else SCREENS[destination]
        self._notice = None if refused.reason in UNANNOUNCED else NOTICES[refused.reason]

    def _refuse_login_code(self, refused: ref.Refused) -> None:
        """A refused code at login; some refusals end the half-finished login, as the pages do."""
        if refused.reason in ENDS_LOGIN:
            self._session = ""
            refused = ref.Refused(ENDED_LOGIN)
        self._refuse(refused, self._screen)
