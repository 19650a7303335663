"""The outbox table: mail is queued in the transaction of the change it tells about, sent after.

What a person sees never waits for, nor depends on, the mail server: a request only writes a
row. A courier delivers the rows once their transaction has committed, and retries a message
the server refused or did not answer, with a growing delay, a bounded number of times.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from reference_impl import store
from reference_impl.mail import Mail, MailKind, Outbox

log = logging.getLogger("reference_impl.delivery")

# A message being sent is not picked up again before this (longer than any SMTP timeout).
LEASE_SECONDS = 120.0
# The background courier also looks for due mail this often (retries, other processes' mail).
IDLE_SECONDS = 5.0


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a message the server did not take is tried again."""

    first_delay: float = 2.0
    max_delay: float = 600.0
    max_attempts: int = 12

    def delay(self, attempts: int) -> float:
        """Return the wait before the next try, after ``attempts`` failed ones."""
        return float(min(self.first_delay * 2 ** (attempts - 1), self.max_delay))


def enqueue(db: sqlite3.Connection, mail: Mail) -> None:
    """Queue a message; call it inside the transaction of the change the message tells about."""
    db.execute(
        "INSERT INTO outbox (kind, recipient, subject, text, html) VALUES (?, ?, ?, ?, ?)",
        (mail.kind.value, mail.to, mail.subject, mail.text, mail.html),
    )


def deliver_due(
    db: sqlite3.Connection, transport: Outbox, policy: RetryPolicy, now: Callable[[], float]
) -> float | None:
    """Send every message that is due, once each; return the seconds until the next is due."""
    due = db.execute(
        "SELECT * FROM outbox WHERE next_attempt_at <= ? ORDER BY id", (now(),)
    ).fetchall()
    for row in due:
        claimed = db.execute(
            "UPDATE outbox SET next_attempt_at = ? WHERE id = ? AND next_attempt_at <= ?",
            (now() + LEASE_SECONDS, row["id"], now()),
        )
        if claimed.rowcount == 1:  # another courier may have taken it meanwhile
            _attempt(db, row, transport, policy, now)
    following = db.execute("SELECT MIN(next_attempt_at) FROM outbox").fetchone()[0]
    return None if following is None else max(following - now(), 0.0)


def _attempt(
    db: sqlite3.Connection,
    row: sqlite3.Row,
    transport: Outbox,
    policy: RetryPolicy,
    now: Callable[[], float],
) -> None:
    mail = Mail(MailKind(row["kind"]), row["recipient"], row["subject"], row["text"], row["html"])
    try:
        transport.send(mail)
    except Exception as error:  # refused, timed out, unreachable: the courier carries on
        attempts = row["attempts"] + 1
        if attempts >= policy.max_attempts:
            db.execute("DELETE FROM outbox WHERE id = ?", (row["id"],))
            log.error("gave up on the %s mail to %s after %d tries", mail.kind, mail.to, attempts)
            return
        delay = policy.delay(attempts)
        db.execute(
            "UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE id = ?",
            (attempts, now() + delay, row["id"]),
        )
        log.warning(
            "the %s mail to %s was not sent (%s); trying again in %g s",
            mail.kind,
            mail.to,
            type(error).__name__,
            delay,
        )
        return
    db.execute("DELETE FROM outbox WHERE id = ?", (row["id"],))


class Courier(Protocol):
    """Delivers the outbox once a transaction that queued mail has committed."""

    def mail_queued(self, db: sqlite3.Connection) -> None:
        """Called after the commit of a transaction that queued mail on ``db``."""


class InlineCourier:
    """Delivers at once, in the caller's thread: for tests, with an outbox that cannot hang."""

    def __init__(self, transport: Outbox, policy: RetryPolicy | None = None) -> None:
        self.transport = transport
        self.policy = policy or RetryPolicy()

    def mail_queued(self, db: sqlite3.Connection) -> None:
        """Deliver what is due now over the caller's connection."""
        deliver_due(db, self.transport, self.policy, time.time)


class BackgroundCourier:
    """A thread with its own connection that delivers as soon as it is told mail was queued."""

    def __init__(self, database: str, transport: Outbox, policy: RetryPolicy | None = None) -> None:
        self.database = database
        self.transport = transport
        self.policy = policy or RetryPolicy()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def mail_queued(self, db: sqlite3.Connection) -> None:
        """Wake the thread (started on first use)."""
        self.start()
        self._wake.set()

    def start(self) -> None:
        """Start the thread, unless it runs already."""
        with self._starting:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="mail courier", daemon=True)
                self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the thread to finish and wait for it up to ``timeout`` seconds."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        db = store.connect(self.database)
        try:
            while not self._stopping.is_set():
                self._wake.clear()
                try:
                    following = deliver_due(db, self.transport, self.policy, time.time)
                except sqlite3.Error:
                    log.exception("the outbox could not be read; trying again")
                    following = IDLE_SECONDS
                wait = IDLE_SECONDS if following is None else min(following, IDLE_SECONDS)
                self._wake.wait(wait)
        finally:
            db.close()
