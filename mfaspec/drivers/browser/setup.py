"""Setting up in the browser: the confirmation e-mail, the QR code and key, the backup codes."""

from __future__ import annotations

from mfaspec.driver import MailKind, Person, Screen
from mfaspec.drivers.browser.page import ProfilePage
from mfaspec.profile.locators import Flow
from mfaspec.qr import decode_qr


class SetupPages(ProfilePage):
    """The set-up pages, from the confirmation link to the backup codes."""

    # -- e-mail -----------------------------------------------------------------------------

    def received(self, person: Person, awaited: MailKind) -> list[MailKind]:
        """Return the kinds of the person's messages the profile recognises, oldest first."""
        return self.mail.received(person, awaited)

    def follow_confirmation_link(self, person: Person, *, newest: bool = True) -> None:
        """Open the link of the newest (or the oldest) confirmation e-mail."""
        self.document.open(self.mail.confirmation_link(person, newest=newest))

    # -- set-up -----------------------------------------------------------------------------

    def qr_code_shown(self) -> bool:
        """Return whether a QR code image is visible."""
        self._settled_screen()
        return self._shown(self._control("qr_image"))

    def read_qr_code(self) -> str:
        """Screenshot the QR code image and decode it, as a phone's camera would.

        The same image (its source, in the same loaded document) is not decoded again.
        """
        image = self._revealed("qr_image")
        image.wait_for(state="visible")
        shown = (self.document.loads, image.found.get_attribute("src") or "")
        if not shown[1] or self._qr_read is None or self._qr_read[0] != shown:
            self._qr_read = (shown, decode_qr(image.screenshot()))
        return self._qr_read[1]

    def read_manual_key(self) -> str:
        """Return the key shown for typing by hand (an input's value, or the element's text)."""
        return self._revealed("manual_key").shown_text().strip()

    def submit_setup_code(self, code: str) -> None:
        """Type the code under "Verify your code" and click Verify."""
        self._control("setup_code").fill(code)
        self._control("setup_submit").click()

    def backup_codes(self) -> list[str]:
        """Return the backup codes on screen: every element the profile's locator matches."""
        self._settled_screen()
        shown = self._revealed("backup_code_text")
        if not self._shown(shown):
            return []
        # one code an element, or a list in one (a text area of lines)
        return [
            line.strip() for text in shown.texts() for line in text.splitlines() if line.strip()
        ]

    def open_backup_codes(self) -> None:
        """Go to the backup codes as the profile's flow describes, unless they are on screen."""
        if Flow.SHOW_BACKUP_CODES not in self.profile.flows:
            return
        if self._settled_screen() is not Screen.BACKUP_CODE or not self.backup_codes():
            self._run_flow(Flow.SHOW_BACKUP_CODES)

    def finish_setup(self) -> None:
        """Click Done."""
        self._control("done").click()
