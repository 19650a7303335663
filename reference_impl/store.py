"""SQLite storage: one connection per unit of work, schema created on open."""

from __future__ import annotations

import sqlite3

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    locale TEXT NOT NULL DEFAULT 'en',
    password_hash TEXT,
    email_verified INTEGER NOT NULL DEFAULT 0,
    sso INTEGER NOT NULL DEFAULT 0,
    mfa_state TEXT NOT NULL DEFAULT 'off',
    totp_secret TEXT,
    last_used_step INTEGER,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0,
    backup_code_hash TEXT
);
CREATE TABLE IF NOT EXISTS confirmation_links (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    expires_at REAL NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    stage TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_seen_at REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    enforce_mfa INTEGER NOT NULL DEFAULT 0,
    oidc_issuer TEXT,
    oidc_client_id TEXT,
    oidc_client_secret TEXT
);
CREATE TABLE IF NOT EXISTS memberships (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    oidc_subject TEXT,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE TABLE IF NOT EXISTS password_failures (
    email TEXT PRIMARY KEY COLLATE NOCASE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text TEXT NOT NULL,
    html TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL DEFAULT 0
);
"""
# Columns added after the first release: databases made before get them on open.
ADDED_COLUMNS = {
    ("sessions", "last_seen_at"): "REAL NOT NULL DEFAULT 0",
}


def connect(path: str, *, durable: bool = True) -> sqlite3.Connection:
    """Open the database at ``path`` (``:memory:`` allowed) and make sure the schema exists.

    A connection belongs to the thread that opened it (sqlite3 refuses it elsewhere): threads
    sharing one would read each other's row counts, and a compare-and-set would lie. A database
    that is not ``durable`` (a test's, thrown away after) is never synced to disk.
    """
    connection = sqlite3.connect(path, isolation_level=None, timeout=10)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    if not durable:
        connection.execute("PRAGMA synchronous = OFF")
    if path != ":memory:":
        connection.execute("PRAGMA journal_mode = WAL")
    connection.executescript(SCHEMA)
    _add_missing_columns(connection)
    return connection


def _add_missing_columns(connection: sqlite3.Connection) -> None:
    """Bring a database made by an earlier version up to the schema."""
    for (table, column), declaration in ADDED_COLUMNS.items():
        present = {row["name"] for row in connection.execute(f"PRAGMA table_info({table})")}
        if column not in present:
            connection.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
