"""The rules: accounts, sessions, the MFA state machine, login and organisations."""

from __future__ import annotations

import hashlib
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit

from reference_impl import otp, throttling
from reference_impl.delivery import Courier, enqueue
from reference_impl.mail import MailKind, compose
from reference_impl.passwords import ScryptCost, check_password, hash_password, stand_in_hash

Clock = Callable[[], float]


def system_clock() -> float:
    """Return the current Unix time (looked up at call time, so freezegun can replace it)."""
    return time.time()


class Reason(StrEnum):
    """Why the service refused a request; each has a message the web layer shows."""

    WRONG_CREDENTIALS = "wrong_credentials"
    MALFORMED_CODE = "malformed_code"
    WRONG_CODE = "wrong_code"
    LOCKED_OUT = "locked_out"
    LINK_REFUSED = "link_refused"
    EMAIL_UNVERIFIED = "email_unverified"
    SSO_ACCOUNT = "sso_account"
    SSO_UNAVAILABLE = "sso_unavailable"
    SSO_EMAIL_UNVERIFIED = "sso_email_unverified"
    SSO_NO_ACCOUNT = "sso_no_account"
    NOT_SIGNED_IN = "not_signed_in"
    SECOND_FACTOR_REQUIRED = "second_factor_required"
    SETUP_REQUIRED = "setup_required"
    LOGIN_EXPIRED = "login_expired"
    NOT_ALLOWED = "not_allowed"
    WRONG_STATE = "wrong_state"
    INVALID_INPUT = "invalid_input"


class Refused(Exception):
    """A request the rules do not allow; nothing was changed."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason.value)
        self.reason = reason


class MfaState(StrEnum):
    """Where an account is in the MFA state machine."""

    OFF = "off"
    REQUESTED = "requested"
    PENDING = "pending"
    ON = "on"


class Stage(StrEnum):
    """How far a session has come through login."""

    SECOND_FACTOR = "second_factor"
    SETUP_REQUIRED = "setup_required"
    ACTIVE = "active"


class MenuItem(StrEnum):
    """Entries of the profile-picture menu."""

    EDIT_PROFILE = "edit_profile"
    PERSONAL_SETTINGS = "personal_settings"
    ORGANISATION_SETTINGS = "organisation_settings"
    LOG_OUT = "log_out"


@dataclass(frozen=True)
class Settings:
    """Tunable policy; the defaults are the reference product's decisions."""

    issuer: str = "mfaspec reference"
    base_url: str = "http://127.0.0.1:5000"
    link_lifetime: int = 30 * 60
    half_login_lifetime: int = 5 * 60
    idle_timeout: int = 30 * 60
    absolute_timeout: int = 12 * 60 * 60
    drift_window: int = 1
    max_failures: int = 5
    max_password_failures: int = 10
    lockout: int = 15 * 60
    password_cost: ScryptCost = field(default_factory=ScryptCost)


@dataclass(frozen=True)
class Session:
    """A session id (given to the client once, stored hashed) and its login stage."""

    id: str
    stage: Stage


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the otpauth URI (as a QR code) and the key for typing."""

    otpauth_uri: str
    manual_key: str


@dataclass(frozen=True)
class Activation:
    """The result of a verified set-up code: the backup code, shown once, and the new session."""

    backup_code: str
    session: Session


@dataclass(frozen=True)
class BackupLogin:
    """The result of logging in with a backup code: the replacement code, shown once."""

    new_backup_code: str
    session: Session


@dataclass(frozen=True)
class MfaStatus:
    """What the multi-factor section of the settings shows."""

    state: MfaState
    can_enable: bool
    blocked_by: Reason | None


@dataclass(frozen=True)
class IdentityProvider:
    """An organisation's OpenID Connect provider and how the application is registered there."""

    organisation_id: int
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)


@dataclass(frozen=True)
class Member:
    """A member as the admin sees them: whether 2FA is on, so a lost phone can be reset."""

    email: str
    name: str
    mfa_on: bool


@dataclass(frozen=True)
class Team:
    """An organisation as its admin sees it on the Security & SSO page."""

    id: int
    name: str
    enforce_mfa: bool


CODE_PATTERN = re.compile(r"[0-9]{6}")
BACKUP_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U
BACKUP_LENGTH = 16  # 16 symbols of a 30-letter alphabet: 78 bits
MAX_INPUT = 64
MAX_EMAIL = 320
MAX_PASSWORD = 1024
MAX_SUBJECT = 255  # OpenID Connect Core 1.0 section 2: a "sub" is at most 255 ASCII characters
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def normalise_code(raw: str) -> str:
    """Return the 6 ASCII digits of a code; spaces between digits are allowed, as apps show them."""
    if len(raw) > MAX_INPUT:
        raise Refused(Reason.MALFORMED_CODE)
    compact = raw.replace(" ", "")
    if not CODE_PATTERN.fullmatch(compact):
        raise Refused(Reason.MALFORMED_CODE)
    return compact


def normalise_backup_code(raw: str) -> str:
    """Return a backup code without separators, upper-cased; anything else is malformed."""
    if len(raw) > MAX_INPUT:
        raise Refused(Reason.MALFORMED_CODE)
    compact = raw.replace(" ", "").replace("-", "")
    if not compact.isascii():
        raise Refused(Reason.MALFORMED_CODE)
    compact = compact.upper()
    if len(compact) != BACKUP_LENGTH or any(c not in BACKUP_ALPHABET for c in compact):
        raise Refused(Reason.MALFORMED_CODE)
    return compact


def valid_issuer(issuer: str) -> bool:
    """Return whether an issuer is an HTTPS URL (or HTTP on loopback) without query or fragment."""
    parts = urlsplit(issuer)
    secure = parts.scheme == "https" or (
        parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
    )
    return secure and bool(parts.hostname) and not parts.query and not parts.fragment


def _well_formed_credentials(email: str, password: str) -> bool:
    """Return whether an account could have this address and password, so a try counts."""
    if not 0 < len(email) <= MAX_EMAIL or not 0 < len(password) <= MAX_PASSWORD:
        return False
    if "@" not in email or not email.isprintable() or any(c.isspace() for c in email):
        return False
    try:
        password.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no form sends one
        return False
    return True


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def _new_backup_code() -> str:
    symbols = "".join(secrets.choice(BACKUP_ALPHABET) for _ in range(BACKUP_LENGTH))
    return "-".join(symbols[i : i + 4] for i in range(0, BACKUP_LENGTH, 4))


class Service:
    """The reference product's rules over one database connection."""

    def __init__(
        self,
        db: sqlite3.Connection,
        courier: Courier,
        settings: Settings | None = None,
        clock: Clock = system_clock,
    ) -> None:
        self.db = db
        self.courier = courier
        self.settings = settings or Settings()
        self.clock = clock
        self._mail_queued = False

    # -- accounts and organisations -------------------------------------------------------

    def register_user(
        self,
        email: str,
        name: str,
        password: str | None,
        *,
        email_verified: bool = False,
        sso: bool = False,
        locale: str = "en",
    ) -> int:
        """Create an account; SSO accounts have no password."""
        if sso != (password is None) or locale not in ("en", "fr") or "@" not in email:
            raise Refused(Reason.INVALID_INPUT)
        hashed = hash_password(password, self.settings.password_cost) if password else None
        try:
            cursor = self.db.execute(
                "INSERT INTO users (email, name, locale, password_hash, email_verified, sso)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (email, name, locale, hashed, int(email_verified), int(sso)),
            )
        except sqlite3.IntegrityError:
            raise Refused(Reason.INVALID_INPUT) from None
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def user_id(self, email: str) -> int:
        """Return the id of the account with this e-mail address."""
        row = self.db.execute("SELECT id FROM users WHERE email = ?", (email,)).fetchone()
        if row is None:
            raise Refused(Reason.INVALID_INPUT)
        user_id: int = row["id"]
        return user_id

    def create_organisation(self, name: str) -> int:
        """Create an organisation with no members."""
        cursor = self.db.execute("INSERT INTO organisations (name) VALUES (?)", (name,))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def add_member(self, organisation_id: int, user_id: int, *, admin: bool = False) -> None:
        """Add a user to an organisation as admin or member."""
        self.db.execute(
            "INSERT INTO memberships (organisation_id, user_id, role) VALUES (?, ?, ?)",
            (organisation_id, user_id, "admin" if admin else "member"),
        )

    def configure_sso(
        self, organisation_id: int, issuer: str, client_id: str, client_secret: str
    ) -> None:
        """Let the organisation's members sign in through its OpenID Connect provider.

        Identities linked through an earlier provider are forgotten: the new provider's
        subjects are linked again at each member's next single sign-on.
        """
        if not valid_issuer(issuer) or not 0 < len(client_id) <= 255:
            raise Refused(Reason.INVALID_INPUT)
        if not 0 < len(client_secret) <= 1024 or len(issuer) > 2048:
            raise Refused(Reason.INVALID_INPUT)
        with self._transaction():
            cursor = self.db.execute(
                "UPDATE organisations SET oidc_issuer = ?, oidc_client_id = ?,"
                " oidc_client_secret = ? WHERE id = ?",
                (issuer, client_id, client_secret, organisation_id),
            )
            if cursor.rowcount != 1:
                raise Refused(Reason.INVALID_INPUT)
            self.db.execute(
                "UPDATE memberships SET oidc_subject = NULL WHERE organisation_id = ?",
                (organisation_id,),
            )

    # -- sessions and login ---------------------------------------------------------------

    def start_login(self, email: str, password: str) -> Session:
        """Check the password; the new session's stage says what login still needs."""
        if not _well_formed_credentials(email, password):
            raise Refused(Reason.WRONG_CREDENTIALS)  # refused as typed, and not counted
        limit = self.settings.max_password_failures
        if not throttling.charge_address(self.db, email, self.clock(), limit):
            raise Refused(Reason.LOCKED_OUT)
        row = self.db.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
        hashed = None if row is None else row["password_hash"]
        # Without a hash to check, one of the same cost is checked, so timing reveals nothing.
        matches = check_password(password, hashed or stand_in_hash(self.settings.password_cost))
        if hashed is None or not matches:
            until = self.clock() + self.settings.lockout
            throttling.lock_address_at_limit(self.db, email, until, limit)
            raise Refused(Reason.WRONG_CREDENTIALS)
        throttling.clear_address(self.db, email)
        return self._first_factor_passed(row)

    def sso_provider_for(self, email: str) -> IdentityProvider:
        """Return the identity provider of the organisation this e-mail address signs in with."""
        if len(email) > MAX_EMAIL:
            raise Refused(Reason.SSO_UNAVAILABLE)
        row = self.db.execute(
            "SELECT organisations.* FROM users JOIN memberships ON users.id = user_id"
            " JOIN organisations ON organisations.id = organisation_id"
            " WHERE users.email = ? AND oidc_issuer IS NOT NULL ORDER BY organisations.id",
            (email,),
        ).fetchone()
        if row is None:
            raise Refused(Reason.SSO_UNAVAILABLE)
        return self._identity_provider(row)

    def identity_provider(self, organisation_id: int) -> IdentityProvider:
        """Return the organisation's identity provider."""
        row = self.db.execute(
            "SELECT * FROM organisations WHERE id = ? AND oidc_issuer IS NOT NULL",
            (organisation_id,),
        ).fetchone()
        if row is None:
            raise Refused(Reason.SSO_UNAVAILABLE)
        return self._identity_provider(row)

    def complete_sso_login(
        self, organisation_id: int, email: str, *, email_verified: bool, subject: str
    ) -> Session:
        """Open a session once the organisation's identity provider has vouched for a member.

        The provider must say the e-mail address is verified (OpenID Connect Core 1.0 section
        5.7), and it must be a member's. The member's first single sign-on links the provider's
        subject to the membership; later ones must present the same subject (ASVS 5.0 10.5.2).
        An account that turned 2FA on is still asked for its code (WSTG-ATHN-11).
        """
        if not email_verified:
            raise Refused(Reason.SSO_EMAIL_UNVERIFIED)
        if len(email) > MAX_EMAIL or not 0 < len(subject) <= MAX_SUBJECT:
            raise Refused(Reason.SSO_NO_ACCOUNT)
        member = self.db.execute(
            "SELECT users.* FROM memberships JOIN users ON users.id = user_id"
            " JOIN organisations ON organisations.id = organisation_id"
            " WHERE organisation_id = ? AND users.email = ? AND oidc_issuer IS NOT NULL",
            (organisation_id, email),
        ).fetchone()
        if member is None:
            raise Refused(Reason.SSO_NO_ACCOUNT)
        linked = self.db.execute(
            "UPDATE memberships SET oidc_subject = ? WHERE organisation_id = ? AND user_id = ?"
            " AND (oidc_subject IS NULL OR oidc_subject = ?)",
            (subject, organisation_id, member["id"], subject),
        )
        if linked.rowcount != 1:
            raise Refused(Reason.SSO_NO_ACCOUNT)
        return self._first_factor_passed(member)

    def submit_login_code(self, session_id: str, raw_code: str) -> Session:
        """Finish login with the authenticator's code."""
        user = self._half_logged_in(session_id)
        self._spend_totp(user["id"], normalise_code(raw_code))
        return self._promote(session_id, user["id"])

    def submit_backup_code(self, session_id: str, raw_code: str) -> BackupLogin:
        """Finish login with the backup code; it is spent and a new one is issued."""
        user = self._half_logged_in(session_id)
        code = normalise_backup_code(raw_code)
        self._charge_attempt(user["id"])
        stored = user["backup_code_hash"]
        if stored is None or not check_password(code, stored):
            self._count_failure(user["id"])
            raise Refused(Reason.WRONG_CODE)
        new_code = _new_backup_code()
        new_hash = self._hash_backup_code(new_code)
        with self._transaction():
            cursor = self.db.execute(
                "UPDATE users SET backup_code_hash = ?, failed_attempts = 0"
                " WHERE id = ? AND backup_code_hash = ?",
                (new_hash, user["id"], stored),
            )
            spent = cursor.rowcount == 1
            if spent:
                self._send(user, MailKind.BACKUP_CODE_USED)
                session = self._promote(session_id, user["id"])
        if not spent:  # the right code, spent a moment ago by a concurrent login: not a guess
            throttling.refund_account(self.db, user["id"])
            raise Refused(Reason.WRONG_CODE)
        return BackupLogin(new_code, session)

    def log_out(self, session_id: str) -> None:
        """End the session on the server."""
        self.db.execute("DELETE FROM sessions WHERE id_hash = ?", (_digest(session_id),))

    def stage(self, session_id: str) -> Stage | None:
        """Return the session's stage, or None when it does not exist or has expired."""
        row = self._session_row(session_id)
        return None if row is None else Stage(row["stage"])

    def whoami(self, session_id: str) -> str:
        """Return the signed-in user's name (the dashboard greeting)."""
        return str(self._active_user(session_id)["name"])

    def menu(self, session_id: str) -> list[MenuItem]:
        """Return the entries of the profile-picture menu for this user."""
        user = self._active_user(session_id)
        items = [MenuItem.EDIT_PROFILE, MenuItem.PERSONAL_SETTINGS]
        if self._admin_organisation(user["id"]) is not None:
            items.append(MenuItem.ORGANISATION_SETTINGS)
        return [*items, MenuItem.LOG_OUT]

    # -- the MFA state machine ------------------------------------------------------------

    def mfa_status(self, session_id: str) -> MfaStatus:
        """Return what the multi-factor section shows."""
        user = self._active_user(session_id)
        blocked = self._enable_blocker(user)
        state = MfaState(user["mfa_state"])
        return MfaStatus(state, blocked is None and state != MfaState.ON, blocked)

    def request_enable(self, session_id: str) -> str:
        """Ask to enable MFA: a single-use, expiring confirmation link is e-mailed.

        Returns the link, which only test hooks hand on: the pages show it to nobody.
        """
        user = self._active_user(session_id)
        blocked = self._enable_blocker(user)
        if blocked is not None:
            raise Refused(blocked)
        if user["mfa_state"] == MfaState.ON:
            raise Refused(Reason.WRONG_STATE)
        token = secrets.token_urlsafe(32)
        with self._transaction():
            self.db.execute("DELETE FROM confirmation_links WHERE user_id = ?", (user["id"],))
            self.db.execute(
                "INSERT INTO confirmation_links (token_hash, user_id, expires_at) VALUES (?, ?, ?)",
                (_digest(token), user["id"], self.clock() + self.settings.link_lifetime),
            )
            self.db.execute(
                "UPDATE users SET mfa_state = ?, totp_secret = NULL, last_used_step = NULL"
                " WHERE id = ?",
                (MfaState.REQUESTED, user["id"]),
            )
            link = f"{self.settings.base_url}/mfa/confirm/{token}"
            self._send(user, MailKind.CONFIRM_ENABLE, link=link)
        return link

    def open_confirmation_link(self, session_id: str, token: str) -> Enrolment:
        """Follow the e-mailed link: it must be unused, unexpired and the signed-in user's."""
        user = self._active_user(session_id)
        if len(token) > MAX_INPUT:
            raise Refused(Reason.LINK_REFUSED)
        with self._transaction():
            cursor = self.db.execute(
                "UPDATE confirmation_links SET used = 1 WHERE token_hash = ? AND user_id = ?"
                " AND used = 0 AND expires_at > ?",
                (_digest(token), user["id"], self.clock()),
            )
            if cursor.rowcount != 1 or user["mfa_state"] != MfaState.REQUESTED:
                raise Refused(Reason.LINK_REFUSED)
            secret = otp.new_secret()
            self.db.execute(
                "UPDATE users SET mfa_state = ?, totp_secret = ?, last_used_step = NULL"
                " WHERE id = ?",
                (MfaState.PENDING, secret, user["id"]),
            )
        return self._enrolment(user["email"], secret)

    def enrolment(self, session_id: str) -> Enrolment:
        """Return the set-up page's QR content; only while set-up is pending."""
        row = self._session_row(session_id)
        if row is None:
            raise Refused(Reason.NOT_SIGNED_IN)
        if row["stage"] == Stage.SETUP_REQUIRED:
            user = self._user(row["user_id"])
            if not user["email_verified"]:
                raise Refused(Reason.EMAIL_UNVERIFIED)
            if user["mfa_state"] != MfaState.PENDING:
                secret = otp.new_secret()
                self.db.execute(
                    "UPDATE users SET mfa_state = ?, totp_secret = ?, last_used_step = NULL"
                    " WHERE id = ?",
                    (MfaState.PENDING, secret, user["id"]),
                )
                user = self._user(user["id"])
        else:
            user = self._active_user(session_id)
        if user["mfa_state"] != MfaState.PENDING:
            raise Refused(Reason.WRONG_STATE)
        return self._enrolment(user["email"], user["totp_secret"])

    def activate(self, session_id: str, raw_code: str) -> Activation:
        """Check the first code from the app; MFA goes on and a backup code is shown once."""
        row = self._session_row(session_id)
        if row is None or row["stage"] == Stage.SECOND_FACTOR:
            raise Refused(Reason.NOT_SIGNED_IN)
        user = self._user(row["user_id"])
        if user["mfa_state"] != MfaState.PENDING:
            raise Refused(Reason.WRONG_STATE)
        self._spend_totp(user["id"], normalise_code(raw_code))
        backup_code = _new_backup_code()
        backup_hash = self._hash_backup_code(backup_code)
        with self._transaction():
            cursor = self.db.execute(
                "UPDATE users SET mfa_state = ?, backup_code_hash = ?"
                " WHERE id = ? AND mfa_state = ?",
                (MfaState.ON, backup_hash, user["id"], MfaState.PENDING),
            )
            if cursor.rowcount != 1:  # a concurrent verification turned it on first
                raise Refused(Reason.WRONG_STATE)
            self._send(user, MailKind.MFA_ENABLED)
            session = self._promote(session_id, user["id"])
        return Activation(backup_code, session)

    def turn_on_for_testing(self, email: str, password: str) -> tuple[Enrolment, str]:
        """Turn 2FA on at once, as a finished set-up leaves it, with no mail: for test hooks.

        Returns what set-up showed (the QR code's URI) and the backup code. The current time
        step counts as used, as if its code had verified the set-up. Only password accounts
        with 2FA off qualify, with their password.
        """
        user = self.db.execute("SELECT * FROM users WHERE email = ?", (email,)).fetchone()
        if user is None or user["sso"] or user["mfa_state"] == MfaState.ON:
            raise Refused(Reason.INVALID_INPUT)
        if len(password) > MAX_PASSWORD or not check_password(password, user["password_hash"]):
            raise Refused(Reason.WRONG_CREDENTIALS)
        secret = otp.new_secret()
        backup_code = _new_backup_code()
        self.db.execute(
            "UPDATE users SET mfa_state = ?, totp_secret = ?, last_used_step = ?,"
            " backup_code_hash = ? WHERE id = ?",
            (
                MfaState.ON,
                secret,
                otp.time_step(self.clock()),
                self._hash_backup_code(backup_code),
                user["id"],
            ),
        )
        return self._enrolment(email, secret), backup_code

    def regenerate_backup_code(self, session_id: str, password: str, raw_code: str) -> str:
        """Replace the backup code, shown once; the password and a current code are asked again."""
        user = self._active_user(session_id)
        if user["mfa_state"] != MfaState.ON:
            raise Refused(Reason.WRONG_STATE)
        self._reauthenticate(user, password, normalise_code(raw_code))
        backup_code = _new_backup_code()
        self.db.execute(
            "UPDATE users SET backup_code_hash = ? WHERE id = ?",
            (self._hash_backup_code(backup_code), user["id"]),
        )
        return backup_code

    def disable(self, session_id: str, password: str, raw_code: str) -> None:
        """Turn MFA off; the password and a current code are asked again."""
        user = self._active_user(session_id)
        if user["mfa_state"] != MfaState.ON:
            raise Refused(Reason.WRONG_STATE)
        self._reauthenticate(user, password, normalise_code(raw_code))
        with self._transaction():
            self.db.execute(
                "UPDATE users SET mfa_state = ?, totp_secret = NULL, backup_code_hash = NULL,"
                " last_used_step = NULL WHERE id = ?",
                (MfaState.OFF, user["id"]),
            )
            self._send(user, MailKind.MFA_DISABLED)

    # -- team enforcement -----------------------------------------------------------------

    def team(self, session_id: str) -> Team:
        """Return the organisation the signed-in user administers."""
        user = self._active_user(session_id)
        organisation = self._admin_organisation(user["id"])
        if organisation is None:
            raise Refused(Reason.NOT_ALLOWED)
        return Team(organisation["id"], organisation["name"], bool(organisation["enforce_mfa"]))

    def members(self, session_id: str) -> list[Member]:
        """Return the members of the admin's organisation."""
        team = self.team(session_id)
        rows = self.db.execute(
            "SELECT users.* FROM memberships JOIN users ON users.id = user_id"
            " WHERE organisation_id = ? AND role = 'member' ORDER BY users.name",
            (team.id,),
        ).fetchall()
        return [Member(r["email"], r["name"], r["mfa_state"] == MfaState.ON) for r in rows]

    def reset_member_mfa(self, session_id: str, member_email: str) -> None:
        """Turn a member's 2FA off (a lost phone): their sessions end and they are told."""
        team = self.team(session_id)
        member = self.db.execute(
            "SELECT users.* FROM memberships JOIN users ON users.id = user_id"
            " WHERE organisation_id = ? AND role = 'member' AND email = ?",
            (team.id, member_email),
        ).fetchone()
        if member is None or member["mfa_state"] != MfaState.ON:
            raise Refused(Reason.NOT_ALLOWED)
        with self._transaction():
            self.db.execute(
                "UPDATE users SET mfa_state = ?, totp_secret = NULL, backup_code_hash = NULL,"
                " last_used_step = NULL WHERE id = ?",
                (MfaState.OFF, member["id"]),
            )
            self.db.execute("DELETE FROM sessions WHERE user_id = ?", (member["id"],))
            self._send(member, MailKind.MFA_RESET)

    def set_team_requirement(self, session_id: str, required: bool) -> None:
        """Require (or stop requiring) 2FA for every member of the admin's organisation."""
        team = self.team(session_id)
        self.db.execute(
            "UPDATE organisations SET enforce_mfa = ? WHERE id = ?", (int(required), team.id)
        )

    # -- internals ------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Run the block in one write transaction; mail it queued goes out after the commit."""
        self.db.execute("BEGIN IMMEDIATE")
        self._mail_queued = False
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        if self._mail_queued:
            self.courier.mail_queued(self.db)

    def _user(self, user_id: int) -> sqlite3.Row:
        row: sqlite3.Row = self.db.execute(
            "SELECT * FROM users WHERE id = ?", (user_id,)
        ).fetchone()
        return row

    def _send(self, user: sqlite3.Row, kind: MailKind, *, link: str = "") -> None:
        """Queue a message in the current transaction (the outbox table)."""
        if not self.db.in_transaction:
            raise RuntimeError("mail is queued only inside the transaction of its change")
        mail = compose(kind, to=user["email"], name=user["name"], locale=user["locale"], link=link)
        enqueue(self.db, mail)
        self._mail_queued = True

    def _hash_backup_code(self, code: str) -> str:
        """Hash with the password hash: 78 bits is under ASVS 5.0 6.5.2's 112 for a plain hash."""
        return hash_password(normalise_backup_code(code), self.settings.password_cost)

    def _enrolment(self, email: str, secret: str) -> Enrolment:
        uri = otp.provisioning_uri(secret, account=email, issuer=self.settings.issuer)
        return Enrolment(uri, otp.grouped(secret))

    def _enable_blocker(self, user: sqlite3.Row) -> Reason | None:
        if user["sso"]:
            return Reason.SSO_ACCOUNT
        if not user["email_verified"]:
            return Reason.EMAIL_UNVERIFIED
        return None

    def _enforced_for(self, user: sqlite3.Row) -> bool:
        if user["sso"]:
            return False
        row = self.db.execute(
            "SELECT 1 FROM memberships JOIN organisations ON organisations.id = organisation_id"
            " WHERE user_id = ? AND enforce_mfa = 1",
            (user["id"],),
        ).fetchone()
        return row is not None

    @staticmethod
    def _identity_provider(organisation: sqlite3.Row) -> IdentityProvider:
        return IdentityProvider(
            organisation["id"],
            organisation["oidc_issuer"],
            organisation["oidc_client_id"],
            organisation["oidc_client_secret"],
        )

    def _admin_organisation(self, user_id: int) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.db.execute(
            "SELECT organisations.* FROM memberships JOIN organisations"
            " ON organisations.id = organisation_id WHERE user_id = ? AND role = 'admin'",
            (user_id,),
        ).fetchone()
        return row

    def _first_factor_passed(self, user: sqlite3.Row) -> Session:
        """Open a session whose stage says what login still needs after the first factor."""
        if user["mfa_state"] == MfaState.ON:
            return self._new_session(user["id"], Stage.SECOND_FACTOR)
        if self._enforced_for(user):
            return self._new_session(user["id"], Stage.SETUP_REQUIRED)
        return self._new_session(user["id"], Stage.ACTIVE)

    def _new_session(self, user_id: int, stage: Stage) -> Session:
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        self._purge_expired_sessions(now)
        self.db.execute(
            "INSERT INTO sessions (id_hash, user_id, stage, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (_digest(session_id), user_id, stage, now, now),
        )
        return Session(session_id, stage)

    def _purge_expired_sessions(self, now: float) -> None:
        """Delete the rows of sessions that have ended by time, so none is kept for ever."""
        self.db.execute(
            "DELETE FROM sessions WHERE created_at < ? OR last_seen_at < ?"
            " OR (stage != ? AND created_at < ?)",
            (
                now - self.settings.absolute_timeout,
                now - self.settings.idle_timeout,
                Stage.ACTIVE,
                now - self.settings.half_login_lifetime,
            ),
        )

    def _promote(self, old_session_id: str, user_id: int) -> Session:
        self.log_out(old_session_id)
        return self._new_session(user_id, Stage.ACTIVE)

    def _session_row(self, session_id: str) -> sqlite3.Row | None:
        if not session_id or len(session_id) > MAX_INPUT:
            return None
        row: sqlite3.Row | None = self.db.execute(
            "SELECT * FROM sessions WHERE id_hash = ?", (_digest(session_id),)
        ).fetchone()
        if row is None:
            return None
        now = self.clock()
        expired = now - row["created_at"] > self.settings.half_login_lifetime
        if row["stage"] != Stage.ACTIVE and expired:
            self.log_out(session_id)
            return None
        idle = now - row["last_seen_at"] > self.settings.idle_timeout
        too_old = now - row["created_at"] > self.settings.absolute_timeout
        if idle or too_old:  # ASVS 5.0 7.3.1 and 7.3.2
            self.log_out(session_id)
            return None
        self.db.execute(
            "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?",
            (now, row["id_hash"], now),
        )
        return row

    def _active_user(self, session_id: str) -> sqlite3.Row:
        row = self._session_row(session_id)
        if row is None:
            raise Refused(Reason.NOT_SIGNED_IN)
        if row["stage"] == Stage.SECOND_FACTOR:
            raise Refused(Reason.SECOND_FACTOR_REQUIRED)
        if row["stage"] == Stage.SETUP_REQUIRED:
            raise Refused(Reason.SETUP_REQUIRED)
        return self._user(row["user_id"])

    def _half_logged_in(self, session_id: str) -> sqlite3.Row:
        row = self._session_row(session_id)
        if row is None:
            raise Refused(Reason.LOGIN_EXPIRED)
        if row["stage"] != Stage.SECOND_FACTOR:
            raise Refused(Reason.WRONG_STATE)
        return self._user(row["user_id"])

    def _reauthenticate(self, user: sqlite3.Row, password: str, code: str) -> None:
        """Check the password and a current code again before a sensitive change (ASVS 7.5.1)."""
        if len(password) > MAX_PASSWORD:
            raise Refused(Reason.WRONG_CREDENTIALS)
        self._charge_attempt(user["id"])
        if not check_password(password, user["password_hash"]):
            self._count_failure(user["id"])
            raise Refused(Reason.WRONG_CREDENTIALS)
        throttling.refund_account(self.db, user["id"])
        self._spend_totp(user["id"], code)

    def _charge_attempt(self, user_id: int) -> None:
        """Count an attempt at the second factor before checking it; refused while locked."""
        limit = self.settings.max_failures
        if not throttling.charge_account(self.db, user_id, self.clock(), limit):
            raise Refused(Reason.LOCKED_OUT)

    def _count_failure(self, user_id: int) -> None:
        """A charged attempt was wrong: the last of ``max_failures`` in a row locks out."""
        until = self.clock() + self.settings.lockout
        throttling.lock_account_at_limit(self.db, user_id, until, self.settings.max_failures)

    def _spend_totp(self, user_id: int, code: str) -> None:
        """Accept a code within the drift window, once (RFC 6238 section 5.2), unless locked out.

        A right code that was already used is refused without counting as a wrong guess: it
        is no guess at the secret, and a race of one person's browsers must not lock them out.
        """
        self._charge_attempt(user_id)
        secret = self._user(user_id)["totp_secret"]
        step = otp.matching_step(secret, code, self.clock(), window=self.settings.drift_window)
        if step is None:
            self._count_failure(user_id)
            raise Refused(Reason.WRONG_CODE)
        cursor = self.db.execute(
            "UPDATE users SET last_used_step = ?, failed_attempts = 0 WHERE id = ?"
            " AND (last_used_step IS NULL OR last_used_step < ?)",
            (step, user_id, step),
        )
        if cursor.rowcount != 1:
            throttling.refund_account(self.db, user_id)
            raise Refused(Reason.WRONG_CODE)
