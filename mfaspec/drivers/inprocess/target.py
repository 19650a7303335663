"""The in-process target: a fresh reference service for every scenario."""

from __future__ import annotations

import itertools
import tempfile

from mfaspec.driver import Driver, MailKind
from mfaspec.drivers.inprocess.driver import InProcessDriver
from mfaspec.policy import AfterUse, Asks, BackupCodes, Lockout, LockShown, Policy
from mfaspec.target import Capability
from reference_impl import service as ref
from reference_impl.mail import MemoryOutbox
from reference_impl.passwords import ScryptCost


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
