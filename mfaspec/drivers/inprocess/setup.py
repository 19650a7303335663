"""Setting up, in-process: the confirmation e-mail, the QR code and key, the backup code."""

from __future__ import annotations

from urllib.parse import urlsplit

from mfaspec import secrets as run_secrets
from mfaspec.driver import MailKind, NotApplicable, Person, Screen
from mfaspec.drivers.inprocess.pages import SimulatedPages
from reference_impl import service as ref
from reference_impl.navigation import SHOWN_ON_SETUP_FORM, Action


class SetupPages(SimulatedPages):
    """The set-up pages, from the confirmation link to the backup code."""

    # -- e-mail ---------------------------------------------------------------------------
    def received(self, person: Person, awaited: MailKind) -> list[MailKind]:
        """Return the kinds of mail sent to the person: in process, sent before the call ends."""
        return [MailKind(mail.kind.value) for mail in self.outbox.sent if mail.to == person.email]

    def open_setup_directly(self, person: Person) -> None:
        """Not here: in process, the set-up request's steps are already the service's own calls."""
        raise NotApplicable("the in-process target opens the set-up page through its steps")

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
            self._refuse_action(Action.OPEN_LINK, refused)
            return
        self._accepted(Action.OPEN_LINK)

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
        required = self._screen is Screen.REQUIRED_SETUP
        action = Action.SET_UP_REQUIRED if required else Action.SET_UP
        try:
            activation = self.service.activate(self._session, code)
        except ref.Refused as refused:
            if refused.reason in SHOWN_ON_SETUP_FORM:
                self._refuse(refused, self._screen)
            else:
                self._refuse_action(action, refused)
            return
        self._session = activation.session.id
        self._enrolment = None
        self._show_backup_code(activation.backup_code, action)

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

    def _shown_enrolment(self) -> ref.Enrolment:
        if self._screen not in (Screen.SETUP, Screen.REQUIRED_SETUP) or self._enrolment is None:
            raise LookupError(f"no QR code on the {self._screen.value} screen")
        return self._enrolment
