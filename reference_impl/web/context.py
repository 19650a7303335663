"""Per-request plumbing: the database, the Service, the signed-in session and the CSRF token."""

from __future__ import annotations

import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, current_app, g, request, session

from reference_impl import store
from reference_impl.service import MenuItem, Reason, Service, Session, Settings


@dataclass(frozen=True)
class Viewer:
    """The signed-in person as every authenticated page shows them (sidebar and menu)."""

    name: str
    initials: str
    menu: list[MenuItem]


def database() -> sqlite3.Connection:
    """Return this request's connection, opened on first use."""
    if "db" not in g:
        g.db = store.connect(current_app.config["DATABASE"])
    connection: sqlite3.Connection = g.db
    return connection


def close_database(_error: BaseException | None = None) -> None:
    """Close this request's connection, if one was opened."""
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


def service() -> Service:
    """Return the rules over this request's connection, with the app's settings and clock."""
    config = current_app.config
    settings = Settings(base_url=config["BASE_URL"], password_cost=config["PASSWORD_COST"])
    return Service(database(), current_app.extensions["courier"], settings, config["CLOCK"])


def session_id() -> str:
    """Return the service session id the cookie carries, or an empty string."""
    value = session.get("sid", "")
    return value if isinstance(value, str) else ""


def begin(new: Session, next_path: str = "") -> None:
    """Hold a new service session: the old cookie contents (and CSRF token) are dropped."""
    session.clear()
    session["sid"] = new.id
    if next_path:
        session["next"] = next_path


def viewer() -> Viewer:
    """Return the signed-in person; the service refuses (and the app redirects) otherwise."""
    rules = service()
    name = rules.whoami(session_id())
    initials = "".join(word[0] for word in name.split()[:2]).upper() or "?"
    return Viewer(name, initials, rules.menu(session_id()))


def alert_key(reason: Reason) -> str:
    """Return the text key of the message shown for a refusal."""
    return f"reason.{reason.value}"


def csrf_token() -> str:
    """Return this session's CSRF token, made on first use."""
    token = session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def check_csrf() -> None:
    """Refuse (400) a form POST whose token is missing or does not match the session's."""
    if request.method != "POST" or request.blueprint == "testing":
        return
    if request.routing_exception is not None:
        return  # no such page (404/405): nothing to protect
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf")
    if not isinstance(expected, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400)


def safe_next(value: str | None) -> str:
    """Return ``value`` if it is a path on this site, else the empty string (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in value):
        return ""
    parts = urlsplit(value)
    return value if not parts.scheme and not parts.netloc else ""
