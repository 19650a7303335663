"""The mail reader waits for the e-mails a person's actions are due, and for nothing else."""

from __future__ import annotations

import threading
import time

import pytest

from mfaspec.driver import MailKind, Person
from mfaspec.drivers.accounts import AccountBook
from mfaspec.drivers.mail import MailReader
from mfaspec.mailbox import Link, Message
from mfaspec.profile.loader import load_profile
from mfaspec.spec import reference_profile

ALICE = Person("Alice", "Alice Martin", "alice@example.test", "a password")


def confirmation(token: str) -> Message:
    """Return a confirmation e-mail as the reference sends it, its link ending in ``token``."""
    link = Link("Set up multi-factor authentication", f"http://127.0.0.1/mfa/confirm/{token}")
    return Message("Confirm your multi-factor authentication request", "", "", (link,))


class Inbox:
    """Alice's mailbox, filled by the test, possibly from another thread."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    def read(self, address: str) -> list[Message]:
        with self._lock:
            return list(self.messages)

    def deliver(self, message: Message, after: float = 0.0) -> None:
        def later() -> None:
            time.sleep(after)
            with self._lock:
                self.messages.append(message)

        threading.Thread(target=later, daemon=True).start() if after else later()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def reader(inbox: Inbox) -> MailReader:
    profile = load_profile(reference_profile())
    accounts = AccountBook(profile, hooks=None, identity_provider_hooks=None)  # type: ignore[arg-type]
    return MailReader(profile, inbox.read, accounts)


def test_a_link_read_again_after_other_requests_is_not_waited_for(
    reader: MailReader, inbox: Inbox
) -> None:
    reader.expect(ALICE, MailKind.CONFIRM_ENABLE)
    inbox.deliver(confirmation("first"))
    assert reader.confirmation_link(ALICE).endswith("first")
    reader.note_request()  # she opened the link: a page load, which sends no confirmation
    started = time.monotonic()
    assert reader.confirmation_link(ALICE).endswith("first")
    assert time.monotonic() - started < 0.5, "waited for a confirmation no action was due"


def test_a_second_request_waits_for_its_own_confirmation(reader: MailReader, inbox: Inbox) -> None:
    reader.expect(ALICE, MailKind.CONFIRM_ENABLE)
    inbox.deliver(confirmation("first"))
    assert reader.confirmation_link(ALICE).endswith("first")
    reader.expect(ALICE, MailKind.CONFIRM_ENABLE)
    reader.note_request()
    inbox.deliver(confirmation("second"), after=0.3)
    assert reader.confirmation_link(ALICE).endswith("second")
    assert reader.confirmation_link(ALICE, newest=False).endswith("first")


def test_a_confirmation_that_never_comes_is_waited_for_at_most_the_profile_s_wait(
    reader: MailReader, inbox: Inbox
) -> None:
    reader.expect(ALICE, MailKind.CONFIRM_ENABLE)
    inbox.deliver(confirmation("first"))
    reader.confirmation_link(ALICE)
    reader.expect(ALICE, MailKind.CONFIRM_ENABLE)  # the target sends no second one
    started = time.monotonic()
    assert reader.confirmation_link(ALICE).endswith("first")
    assert reader.mail.wait <= time.monotonic() - started < reader.mail.wait + 1


def test_an_awaited_kind_is_waited_for_behind_mail_nobody_read(
    reader: MailReader, inbox: Inbox
) -> None:
    """A confirmation nobody read is already there; the notification that follows is awaited."""
    inbox.deliver(confirmation("first"))
    reader.note_request()
    notice = Message("Multi-factor authentication is on", "", "", ())
    inbox.deliver(notice, after=0.3)
    assert reader.received(ALICE, MailKind.MFA_ENABLED) == [
        MailKind.CONFIRM_ENABLE,
        MailKind.MFA_ENABLED,
    ]
