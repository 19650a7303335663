"""Logging in and out, in-process: the service's login calls, as the login pages make them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from mfaspec.driver import NotApplicable, Person, Screen
from mfaspec.drivers.inprocess.pages import SimulatedPages, open_scratch
from reference_impl import service as ref
from reference_impl.navigation import Action


class LoginPages(SimulatedPages):
    """The login pages: password, code, backup code, single sign-on, and a race of codes."""

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

    def log_in_without_account(self, person: Person) -> None:
        """Submit the login form with the address of a person the service has no account for."""
        self.log_in(person, person.password)

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
        self._land(session.stage)

    def submit_backup_code(self, code: str) -> None:
        """Submit the backup-code form at login; the replacement code is then shown."""
        self._notice = None
        try:
            result = self.service.submit_backup_code(self._session, code)
        except ref.Refused as refused:
            self._refuse_login_code(refused)
            return
        self._session = result.session.id
        self._show_backup_code(result.new_backup_code, Action.LOG_IN_WITH_BACKUP_CODE)

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
