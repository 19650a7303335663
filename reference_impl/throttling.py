"""Counting guesses so that no more are checked than the limit, also when they arrive at once.

An attempt is charged before it is checked, in one statement that counts it only while the
account (or address) is not locked and under the limit: of any number of concurrent attempts,
at most the limit get checked. A right answer resets the count, a wrong one that reaches the
limit locks, and an attempt that was not a guess (a right code already used) is refunded.
"""

from __future__ import annotations

import sqlite3


def charge_account(db: sqlite3.Connection, user_id: int, now: float, limit: int) -> bool:
    """Count an attempt at the account's second factor; False when it may not be checked."""
    cursor = db.execute(
        "UPDATE users SET failed_attempts = failed_attempts + 1"
        " WHERE id = ? AND locked_until <= ? AND failed_attempts < ?",
        (user_id, now, limit),
    )
    return cursor.rowcount == 1


def refund_account(db: sqlite3.Connection, user_id: int) -> None:
    """Take back a charged attempt that was not a wrong guess."""
    db.execute(
        "UPDATE users SET failed_attempts = MAX(failed_attempts - 1, 0) WHERE id = ?", (user_id,)
    )


def lock_account_at_limit(db: sqlite3.Connection, user_id: int, until: float, limit: int) -> None:
    """After a wrong guess: lock the account until ``until`` if it has reached the limit."""
    db.execute(
        "UPDATE users SET failed_attempts = 0, locked_until = ?"
        " WHERE id = ? AND failed_attempts >= ?",
        (until, user_id, limit),
    )


def charge_address(db: sqlite3.Connection, email: str, now: float, limit: int) -> bool:
    """Count a password attempt for the address typed, account or not; False when locked."""
    cursor = db.execute(
        "INSERT INTO password_failures (email, failed_attempts) VALUES (?, 1)"
        " ON CONFLICT (email) DO UPDATE SET failed_attempts = failed_attempts + 1"
        " WHERE locked_until <= ? AND failed_attempts < ?",
        (email, now, limit),
    )
    return cursor.rowcount == 1


def clear_address(db: sqlite3.Connection, email: str) -> None:
    """After a right password: start the address's count again."""
    db.execute("DELETE FROM password_failures WHERE email = ?", (email,))


def lock_address_at_limit(db: sqlite3.Connection, email: str, until: float, limit: int) -> None:
    """After a wrong password: lock the address until ``until`` if it has reached the limit."""
    db.execute(
        "UPDATE password_failures SET failed_attempts = 0, locked_until = ?"
        " WHERE email = ? AND failed_attempts >= ?",
        (until, email, limit),
    )
