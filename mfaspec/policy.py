"""A product's declared policy: its own choices, which scenarios check as declared.

A requirement is what every conformant product must do (the clause a scenario cites gives the
bound); everything else, such as how many wrong codes lock and for how long, is the product's
own decision. A profile declares it in ``[policy]``; the reference declares the reference's.
A choice left undeclared makes the scenarios that check it not applicable, never failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from mfaspec.driver import MailKind, NotApplicable


class LockShown(StrEnum):
    """Which answer says "too many attempts": the last wrong one, or the next attempt."""

    LAST_FAILURE = "last_failure"
    NEXT_ATTEMPT = "next_attempt"


class AfterUse(StrEnum):
    """What logging in with a backup code does to the codes."""

    REPLACED = "replaced"  # the used code is spent and a new one is shown
    SPENT = "spent"  # the used code is spent; the others stay


class Asks(StrEnum):
    """What a sensitive change (turning 2FA off, new backup codes) asks for again."""

    PASSWORD_AND_CODE = "password_and_code"
    PASSWORD = "password"
    CODE = "code"
    NOTHING = "nothing"

    @property
    def password(self) -> bool:
        """Return whether the password is asked."""
        return self in (Asks.PASSWORD_AND_CODE, Asks.PASSWORD)

    @property
    def code(self) -> bool:
        """Return whether a current code is asked."""
        return self in (Asks.PASSWORD_AND_CODE, Asks.CODE)


@dataclass(frozen=True)
class Lockout:
    """Wrong answers in a row that lock, how long the lock lasts, which answer says so."""

    failures: int
    seconds: float
    shown_at: LockShown = LockShown.NEXT_ATTEMPT


@dataclass(frozen=True)
class BackupCodes:
    """How many backup codes set-up shows, what using one does, what new ones ask."""

    count: int | None = None
    after_use: AfterUse | None = None
    new_codes_ask: Asks | None = None  # None: the product offers no new codes


# The choices scenarios tagged ``@policy.<choice>`` check, as the reports name them.
CHOICES = {
    "drift_window": "how many time steps either side of the current one a code still works",
    "code_lockout": "wrong codes in a row that lock code entry, for how long, announced when",
    "password_lockout": "wrong passwords in a row that lock password login, and for how long",
    "link_lifetime": "how long the e-mailed confirmation link works",
    "half_login_lifetime": "how long a login given the password waits for the code",
    "session_idle": "after how long without use a session ends",
    "session_lifetime": "how long after login a session ends, even in use",
    "notifications": "which changes the owner is told of by e-mail",
    "backup_codes": "how many backup codes set-up shows, what using one does",
    "new_backup_codes": "whether new backup codes can be asked for, and what that asks",
    "admin_under_enforcement": "whether the team requirement covers the admin",
}


class Period(StrEnum):
    """A lifetime or lock a product declares, named as scenarios name it."""

    CODE_LOCKOUT = "the lockout for codes"
    PASSWORD_LOCKOUT = "the lockout for passwords"
    LINK = "the link's lifetime"
    HALF_LOGIN = "the half-finished login's lifetime"
    SESSION_IDLE = "the idle timeout"
    SESSION = "the session's lifetime"


@dataclass(frozen=True)
class Policy:
    """Everything a product decides for itself; None where the profile declares nothing."""

    code_lockout: Lockout | None = None
    password_lockout: Lockout | None = None
    link_lifetime: float | None = None
    half_login_lifetime: float | None = None
    session_idle: float | None = None
    session_lifetime: float | None = None
    notifications: frozenset[MailKind] = frozenset()
    backup_codes: BackupCodes = field(default_factory=BackupCodes)
    disable_asks: Asks | None = None
    admin_under_enforcement: bool | None = None

    def seconds(self, period: Period) -> float:
        """Return how long a declared period lasts; not applicable when it is not declared."""
        if period in (Period.CODE_LOCKOUT, Period.PASSWORD_LOCKOUT):
            return self.lockout(period).seconds
        value = {
            Period.LINK: self.link_lifetime,
            Period.HALF_LOGIN: self.half_login_lifetime,
            Period.SESSION_IDLE: self.session_idle,
            Period.SESSION: self.session_lifetime,
        }[period]
        if value is None:
            raise NotApplicable(f"the target's profile declares no {period.value} ([policy])")
        return value

    def lockout(self, period: Period) -> Lockout:
        """Return a declared lockout; not applicable when it is not declared."""
        lockout = self.code_lockout if period is Period.CODE_LOCKOUT else self.password_lockout
        if lockout is None:
            raise NotApplicable(f"the target's profile declares no {period.value} ([policy])")
        return lockout

    def declared(self) -> frozenset[str]:
        """Return what scenarios may need of the policy, as ``@needs.<name>`` tags name it."""
        names = {f"notify.{kind.value}" for kind in self.notifications}
        if self.backup_codes.new_codes_ask is not None:
            names.add("new_backup_codes")
        if self.backup_codes.after_use is AfterUse.REPLACED:
            names.add("backup_code_replaced")
        if self.backup_codes.count is not None:
            names.add("backup_code_count")
        for key, asks in (
            ("disable_asks", self.disable_asks),
            ("new_backup_codes_ask", self.backup_codes.new_codes_ask),
        ):
            if asks is not None:
                names.add(key)
                names |= {f"{key}.password"} if asks.password else set()
                names |= {f"{key}.code"} if asks.code else set()
        names.discard("new_backup_codes_ask")  # named new_backup_codes, above
        if self.admin_under_enforcement:
            names.add("admin_under_enforcement")
        return frozenset(names)


def margin(seconds: float) -> float:
    """Return how far before or after a declared end "just before" and "just after" are."""
    return min(60.0, seconds / 10)
