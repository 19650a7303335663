"""Sessions end on the server after idle and absolute timeouts, and their rows are purged."""

from __future__ import annotations

import sqlite3

from reference_impl import store
from reference_impl.service import Reason, Refused, Service, Settings
from tests.conftest import Accounts, Clock

ALICE = "alice@example.com"
BOB = "bob@example.com"


def session_rows(db: sqlite3.Connection) -> int:
    """Return how many session rows the database holds."""
    count: int = db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    return count


def refusal(service: Service, session_id: str) -> Reason | None:
    """Return why the dashboard does not open for the session, or None when it opens."""
    try:
        service.whoami(session_id)
    except Refused as refused:
        return refused.reason
    return None


def test_an_idle_session_ends_after_the_idle_timeout(
    accounts: Accounts, service: Service, clock: Clock, settings: Settings
) -> None:
    """A session unused for longer than the idle timeout opens nothing; in use, it stays."""
    accounts.person(ALICE)
    session = accounts.log_in(ALICE)
    clock.advance(settings.idle_timeout - 1)
    assert refusal(service, session.id) is None
    clock.advance(settings.idle_timeout - 1)
    assert refusal(service, session.id) is None, "use did not restart the idle timeout"
    clock.advance(settings.idle_timeout + 1)
    assert refusal(service, session.id) is Reason.NOT_SIGNED_IN


def test_a_session_in_use_ends_at_the_absolute_timeout(
    accounts: Accounts, service: Service, clock: Clock, settings: Settings
) -> None:
    """Used every quarter of an hour, a session still ends once its absolute lifetime is over."""
    accounts.person(ALICE)
    session = accounts.log_in(ALICE)
    stretch = settings.idle_timeout / 2
    elapsed = 0.0
    while elapsed + stretch < settings.absolute_timeout:
        clock.advance(stretch)
        elapsed += stretch
        assert refusal(service, session.id) is None, f"the session ended after {elapsed:g} s"
    clock.advance(settings.absolute_timeout - elapsed + 1)
    assert refusal(service, session.id) is Reason.NOT_SIGNED_IN


def test_ended_sessions_are_purged_at_the_next_login(
    accounts: Accounts, service: Service, db: sqlite3.Connection, clock: Clock, settings: Settings
) -> None:
    """Rows of sessions nobody came back to are deleted, not kept for ever."""
    accounts.person(ALICE)
    accounts.person(BOB)
    for _ in range(3):
        accounts.log_in(ALICE)
    assert session_rows(db) == 3
    clock.advance(settings.idle_timeout + 1)
    accounts.log_in(BOB)
    assert session_rows(db) == 1, "expired session rows were kept"


def test_a_database_from_before_the_timeouts_gets_the_column(tmp_path: object) -> None:
    """An older database without last_seen_at is brought up to the schema on open."""
    path = f"{tmp_path}/old.sqlite3"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL,"
        " stage TEXT NOT NULL, created_at REAL NOT NULL)"
    )
    old.execute("INSERT INTO sessions VALUES ('h', 1, 'active', 1.0)")
    old.commit()
    old.close()
    upgraded = store.connect(path)
    row = upgraded.execute("SELECT last_seen_at FROM sessions").fetchone()
    upgraded.close()
    assert row[0] == 0, "a session from before the upgrade must count as long idle"
