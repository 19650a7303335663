"""The people's mail as the profile recognises it: kinds by subject, links by their text."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable

from mfaspec import secrets as run_secrets
from mfaspec.driver import MailKind, NotApplicable, Person
from mfaspec.drivers.accounts import AccountBook
from mfaspec.drivers.errors import BrowserDriverError, TargetFailed
from mfaspec.mailbox import Message
from mfaspec.profile.model import Profile

POLL_SECONDS = 0.1


class MailReader:
    """Reads a person's messages from the mailbox, waiting for new mail only after an action."""

    def __init__(
        self, profile: Profile, read: Callable[[str], list[Message]], accounts: AccountBook
    ) -> None:
        self.mail = profile.mail
        self.source = profile.source
        self.read = read
        self.accounts = accounts
        self._seen: dict[str, int] = {}
        self._requests = 0  # what the page asked of the target: only that can send new mail
        self._requests_at_look: dict[str, int] = {}
        self._due: Counter[tuple[str, MailKind]] = Counter()  # what actions should have sent

    def expect(self, person: Person, kind: MailKind) -> None:
        """Note that an action should make the target send the person one more ``kind`` e-mail."""
        self._due[self.accounts.address(person), kind] += 1

    def note_request(self) -> None:
        """Count a page load or form post: it may make the target send mail."""
        self._requests += 1

    def kind(self, message: Message) -> MailKind | None:
        """Return the kind whose subject the message has, if the profile recognises it."""
        for kind, pattern in self.mail.subjects.items():
            if pattern.search(message.subject):
                return kind
        return None

    def messages(self, person: Person, wanted: MailKind | None = None) -> list[Message]:
        """Return the person's mail, waiting up to the profile's ``wait`` for something new.

        Of a kind the person's actions are due (``expect``), it waits until that many have
        come. Otherwise, nothing new is waited for when the page has asked nothing of the
        target since the last look and what is wanted is there already: no action, no new mail.
        """
        address = self.accounts.address(person)
        deadline = time.monotonic() + self.mail.wait
        acted = self._requests_at_look.get(address) != self._requests
        while True:
            messages = self.read(address)
            for link in (link for message in messages for link in message.links):
                run_secrets.remember_link(link.href)
            relevant = [m for m in messages if wanted is None or self.kind(m) is wanted]
            due = self._due[address, wanted] if wanted is not None else 0
            fresh = len(messages) > self._seen.get(address, 0)
            complete = len(relevant) >= due if due else relevant and (fresh or not acted)
            if complete or time.monotonic() >= deadline:
                self._seen[address] = len(messages)
                self._requests_at_look[address] = self._requests
                return messages
            time.sleep(POLL_SECONDS)

    def received(self, person: Person, awaited: MailKind) -> list[MailKind]:
        """Return the kinds of the person's messages the profile recognises, oldest first.

        The wait is for one of kind ``awaited``, as for any wanted kind.
        """
        kinds = (self.kind(message) for message in self.messages(person, awaited))
        return [kind for kind in kinds if kind is not None]

    def confirmation_link(self, person: Person, *, newest: bool = True) -> str:
        """Return the link of the newest (or the oldest) confirmation e-mail."""
        link_text = self.mail.link_text
        if link_text is None:
            raise NotApplicable("the target sends no confirmation e-mail")
        confirmations = [
            message
            for message in self.messages(person, MailKind.CONFIRM_ENABLE)
            if self.kind(message) is MailKind.CONFIRM_ENABLE
        ]
        if not confirmations:
            raise TargetFailed(f"{person.label} has no confirmation e-mail")
        message = confirmations[-1 if newest else 0]
        links = [link.href for link in message.links if link_text.search(link.text)]
        if not links:
            texts = [link.text for link in message.links]
            raise BrowserDriverError(
                f"the profile's mail.link_text ({self.source}) matched no link"
                f" of the confirmation e-mail; its links: {texts}"
            )
        return links[0]

    def newest_link(self, person: Person, text: re.Pattern[str], kind: MailKind | None) -> str:
        """Return the newest link whose text matches, in the person's mail (of ``kind``)."""
        for message in reversed(self.messages(person, kind)):
            for link in message.links:
                if text.search(link.text):
                    return link.href
        raise TargetFailed(f"no e-mail to {person.label} has a link matching {text.pattern!r}")
