"""Choices made at start-up: where mail goes when no SMTP server is configured."""

from __future__ import annotations

import logging

from reference_impl.mail import Mail, MailKind

log = logging.getLogger("reference_impl.mail")


class ConsoleOutbox:
    """Logs who was written to and about what; the confirmation link only when allowed.

    The link is a capability (whoever opens it while signed in continues the set-up), so it is
    logged only in demo mode, where a person at the console needs it to click through.
    """

    def __init__(self, *, show_links: bool) -> None:
        self.show_links = show_links

    def send(self, mail: Mail) -> None:
        """Log the recipient and subject, and the link if this outbox may show it."""
        log.info("mail to %s: %s", mail.to, mail.subject)
        if self.show_links and mail.kind is MailKind.CONFIRM_ENABLE:
            link = mail.text.rstrip().rsplit(" ", 1)[-1]
            log.info("  link: %s", link)
