"""Bad input at the service layer: refused with a reason, nothing changed, nothing counted."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from reference_impl.mail import Mail, MemoryOutbox
from reference_impl.service import MfaState, Reason, Refused, Service, Session, Settings
from tests.conftest import PASSWORD, STEP, Accounts, Clock, Enabled

TEN_KB = 10 * 1024
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH_OFFSET = 0xFF01 - ord("!")  # U+FF01..U+FF5E mirror printable ASCII


def fullwidth(text: str) -> str:
    """Return ``text`` with every printable ASCII character in its fullwidth form."""
    return "".join(chr(ord(c) + FULLWIDTH_OFFSET) if "!" <= c <= "~" else c for c in text)


# Each bad form is built from the RIGHT value, so a refusal can only be about the form.
BAD_CODES: list[tuple[str, Callable[[str], str]]] = [
    ("empty", lambda c: ""),
    ("five-digits", lambda c: c[:5]),
    ("seven-digits", lambda c: c + "0"),
    ("letter", lambda c: c[:5] + "a"),
    ("sign", lambda c: "+" + c),
    ("arabic-indic-digits", lambda c: c.translate(ARABIC_INDIC)),
    ("fullwidth-digits", fullwidth),
    ("10kB-digits", lambda c: c + "0" * (TEN_KB - len(c))),
    ("10kB-padded-with-spaces", lambda c: c.ljust(TEN_KB)),
    ("None-text", lambda c: "None"),
    ("null-text", lambda c: "null"),
    ("whitespace-only", lambda c: " " * 6),
    ("tab-between-digits", lambda c: c[:3] + "\t" + c[3:]),
    ("newline-between-digits", lambda c: c[:3] + "\n" + c[3:]),
    ("trailing-newline", lambda c: c + "\n"),
    ("no-break-space", lambda c: c[:3] + "\u00a0" + c[3:]),
]
SPACED_CODES: list[tuple[str, Callable[[str], str]]] = [
    ("as-apps-show-it", lambda c: f"{c[:3]} {c[3:]}"),
    ("in-pairs", lambda c: f"{c[:2]} {c[2:4]} {c[4:]}"),
]
BAD_BACKUP_CODES: list[tuple[str, Callable[[str], str]]] = [
    ("empty", lambda c: ""),
    ("one-short", lambda c: c[:-1]),
    ("one-long", lambda c: c + "A"),
    ("six-digits", lambda c: "123456"),
    ("arabic-indic-digits", lambda c: "١٢٣٤٥٦"),
    ("fullwidth", fullwidth),
    ("10kB", lambda c: c + "A" * (TEN_KB - len(c))),
    ("None-text", lambda c: "None"),
    ("whitespace-only", lambda c: " " * 19),
    ("tab-between-groups", lambda c: c.replace("-", "\t")),
    ("newline-between-groups", lambda c: c.replace("-", "\n")),
]
BAD_TOKENS: list[tuple[str, Callable[[str], str]]] = [
    ("empty", lambda t: ""),
    ("whitespace-only", lambda t: "   "),
    ("truncated", lambda t: t[:-1]),
    ("trailing-newline", lambda t: t + "\n"),
    ("10kB", lambda t: t + "A" * (TEN_KB - len(t))),
    ("arabic-indic-digits", lambda t: "١٢٣٤٥٦"),
    ("fullwidth", fullwidth),
    ("None-text", lambda t: "None"),
]
BAD_SESSION_IDS = [
    pytest.param("", id="empty"),
    pytest.param("   ", id="whitespace-only"),
    pytest.param("None", id="None-text"),
    pytest.param("x" * TEN_KB, id="10kB"),
    pytest.param("é" * 20, id="latin-1"),
    pytest.param(fullwidth("123"), id="fullwidth-digits"),
]


def ids(cases: list[tuple[str, Callable[[str], str]]]) -> list[str]:
    """Return the names of a list of bad forms, for pytest ids."""
    return [name for name, _ in cases]


def forms(cases: list[tuple[str, Callable[[str], str]]]) -> list[Callable[[str], str]]:
    """Return the functions of a list of bad forms."""
    return [form for _, form in cases]


def snapshot(db: sqlite3.Connection, outbox: MemoryOutbox) -> tuple[list[str], list[Mail]]:
    """Return every row of every table, and every mail sent so far.

    A session's last activity is left out: any request, even a refused one, is activity that
    keeps the session open (its idle timeout starts again).
    """
    db.execute("SAVEPOINT snapshot")
    db.execute("UPDATE sessions SET last_seen_at = 0")
    dump = list(db.iterdump())
    db.execute("ROLLBACK TO snapshot")
    db.execute("RELEASE snapshot")
    return dump, list(outbox.sent)


def assert_refused_unchanged(
    attempt: Callable[[], object], reason: Reason, db: sqlite3.Connection, outbox: MemoryOutbox
) -> None:
    """Run ``attempt``: it must be refused for ``reason`` and leave the data and outbox alone."""
    before = snapshot(db, outbox)
    with pytest.raises(Refused) as refusal:
        attempt()
    assert refusal.value.reason is reason
    assert snapshot(db, outbox) == before


# -- people in the state each call needs ---------------------------------------------------


@pytest.fixture
def pending(accounts: Accounts) -> tuple[Session, str]:
    """A signed-in person who opened the link: set-up waits for the first code."""
    return accounts.enrol("pending@example.com")


@pytest.fixture
def enabled(accounts: Accounts, clock: Clock) -> Enabled:
    """A signed-in person with MFA on, one time step after activation."""
    person = accounts.enable_mfa("enabled@example.com")
    clock.advance(STEP)
    return person


@pytest.fixture
def half_logged_in(accounts: Accounts, enabled: Enabled) -> Session:
    """The MFA user after the password, before the second factor."""
    return accounts.log_in("enabled@example.com")


@pytest.fixture
def requested(accounts: Accounts) -> tuple[Session, str]:
    """A signed-in person who asked to enable MFA: their session and the link's token."""
    accounts.person("requested@example.com")
    session = accounts.log_in("requested@example.com")
    return session, accounts.request_link(session.id)


# -- six-digit codes -------------------------------------------------------------------------


@pytest.mark.parametrize("form", forms(BAD_CODES), ids=ids(BAD_CODES))
def test_activate_refuses_malformed_code(
    form: Callable[[str], str],
    pending: tuple[Session, str],
    accounts: Accounts,
    service: Service,
    db: sqlite3.Connection,
    outbox: MemoryOutbox,
) -> None:
    session, secret = pending
    raw = form(accounts.code(secret))
    assert_refused_unchanged(
        lambda: service.activate(session.id, raw), Reason.MALFORMED_CODE, db, outbox
    )


@pytest.mark.parametrize("form", forms(BAD_CODES), ids=ids(BAD_CODES))
def test_submit_login_code_refuses_malformed_code(
    form: Callable[[str], str],
    half_logged_in: Session,
    enabled: Enabled,
    accounts: Accounts,
    service: Service,
    db: sqlite3.Connection,
    outbox: MemoryOutbox,
) -> None:
    raw = form(accounts.code(enabled.secret))
    assert_refused_unchanged(
        lambda: service.submit_login_code(half_logged_in.id, raw),
        Reason.MALFORMED_CODE,
        db,
        outbox,
    )


@pytest.mark.parametrize("form", forms(BAD_CODES), ids=ids(BAD_CODES))
def test_disable_refuses_malformed_code(
    form: Callable[[str], str],
    enabled: Enabled,
    accounts: Accounts,
    service: Service,
    db: sqlite3.Connection,
    outbox: MemoryOutbox,
) -> None:
    raw = form(accounts.code(enabled.secret))
    assert_refused_unchanged(
        lambda: service.disable(enabled.session.id, PASSWORD, raw),
        Reason.MALFORMED_CODE,
        db,
        outbox,
    )


def test_disable_refuses_a_10kB_password_without_spending_the_code(
    enabled: Enabled,
    accounts: Accounts,
    service: Service,
    db: sqlite3.Connection,
    outbox: MemoryOutbox,
) -> None:
    code = accounts.code(enabled.secret)
    assert_refused_unchanged(
        lambda: service.disable(enabled.session.id, PASSWORD + "x" * TEN_KB, code),
        Reason.WRONG_CREDENTIALS,
        db,
        outbox,
    )
    service.disable(enabled.session.id, PASSWORD, code)


@pytest.mark.parametrize("form", forms(SPACED_CODES), ids=ids(SPACED_CODES))
def test_activate_accepts_spaces_between_digits(
    form: Callable[[str], str],
    pending: tuple[Session, str],
    accounts: Accounts,
    service: Service,
) -> None:
    session, secret = pending
    activation = service.activate(session.id, form(accounts.code(secret)))
    assert service.mfa_status(activation.session.id).state is MfaState.ON


@pytest.mark.parametrize("form", forms(SPACED_CODES), ids=ids(SPACED_CODES))
def test_login_accepts_spaces_between_digits(
    form: Callable[[str], str],
    half_logged_in: Session,
    enabled: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    session = service.submit_login_code(half_logged_in.id, form(accounts.code(enabled.secret)))
    assert service.whoami(session.id) == "enabled"


def test_malformed_codes_do_not_count_toward_lockout_at_login(
    half_logged_in: Session,
    enabled: Enabled,
    accounts: Accounts,
    service: Service,
    settings: Settings,
) -> None:
    code = accounts.code(enabled.secret)
    for _, form in BAD_CODES:
        with pytest.raises(Refused):
            service.submit_login_code(half_logged_in.id, form(code))
    assert len(BAD_CODES) > settings.max_failures
    service.submit_login_code(half_logged_in.id, code)


def test_malformed_codes_do_not_count_toward_lockout_at_activation(
    pending: tuple[Session, str],
    accounts: Accounts,
    service: Service,
) -> None:
    session, secret = pending
    code = accounts.code(secret)
    for _, form in BAD_CODES:
        with pytest.raises(Refused):
            service.activate(session.id, form(code))
    service.activate(session.id, code)


def test_malformed_codes_do_not_count_toward_lockout_at_disable(
    enabled: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    code = accounts.code(enabled.secret)
    for _, form in BAD_CODES:
        with pytest.raises(Refused):
            service.disable(enabled.session.id, PASSWORD, form(code))
    service.disable(enabled.session.id, PASSWORD, code)


# -- backup codes ----------------------------------------------------------------------------


@pytest.mark.parametrize("form", forms(BAD_BACKUP_CODES), ids=ids(BAD_BACKUP_CODES))
def test_submit_backup_code_refuses_malformed_code(
    form: Callable[[str], str],
    half_logged_in: Session,
    enabled: Enabled,
    service: Service,
    db: sqlite3.Connection,
    outbox: MemoryOutbox,
) -> None:
    raw = form(enabled.backup_code)
    assert_refused_unchanged(
        lambda: service.submit_backup_code(half_logged_in.id, raw),
        Reason.MALFORMED_CODE,
        db,
        outbox,
    )


def test_backup_code_with_spaces_for_dashes_is_accepted(
    half_logged_in: Session,
    enabled: Enabled,
    service: Service,
) -> None:
    login = service.submit_backup_code(half_logged_in.id, enabled.backup_code.replace("-", " "))
    assert service.whoami(login.session.id) == "enabled"


def test_backup_code_with_non_ascii_look_alikes_is_refused(
    half_logged_in: Session,
    enabled: Enabled,
    service: Service,
    db: sqlite3.Connection,
    outbox: MemoryOutbox,
) -> None:
    """Upper-casing must not turn other scripts into the code's letters: "\u017f" becomes "S"."""
    code = enabled.backup_code.replace("-", "")
    raw = code.replace("S", "\u017f") if "S" in code else "\u017f" + code[1:]
    assert_refused_unchanged(
        lambda: service.submit_backup_code(half_logged_in.id, raw),
        Reason.MALFORMED_CODE,
        db,
        outbox,
    )


def test_malformed_backup_codes_do_not_count_toward_lockout(
    half_logged_in: Session,
    enabled: Enabled,
    service: Service,
) -> None:
    for _, form in BAD_BACKUP_CODES:
        with pytest.raises(Refused):
            service.submit_backup_code(half_logged_in.id, form(enabled.backup_code))
    service.submit_backup_code(half_logged_in.id, enabled.backup_code)


# -- confirmation link tokens ----------------------------------------------------------------


@pytest.mark.parametrize("form", forms(BAD_TOKENS), ids=ids(BAD_TOKENS))
def test_open_confirmation_link_refuses_malformed_token(
    form: Callable[[str], str],
    requested: tuple[Session, str],
    service: Service,
    db: sqlite3.Connection,
    outbox: MemoryOutbox,
) -> None:
    session, token = requested
    raw = form(token)
    assert_refused_unchanged(
        lambda: service.open_confirmation_link(session.id, raw), Reason.LINK_REFUSED, db, outbox
    )


def test_malformed_tokens_do_not_spend_the_link(
    requested: tuple[Session, str],
    service: Service,
) -> None:
    session, token = requested
    for _, form in BAD_TOKENS:
        with pytest.raises(Refused):
            service.open_confirmation_link(session.id, form(token))
    service.open_confirmation_link(session.id, token)


# -- password login --------------------------------------------------------------------------


BAD_CREDENTIALS = [
    pytest.param("ana@example.com", PASSWORD + "x" * TEN_KB, id="10kB-password"),
    pytest.param("ana@example.com", "x" * TEN_KB, id="10kB-other-password"),
    pytest.param("ana@example.com" + " " * TEN_KB, PASSWORD, id="10kB-email"),
    pytest.param("a" * TEN_KB + "@example.com", PASSWORD, id="10kB-local-part"),
    pytest.param("", PASSWORD, id="empty-email"),
    pytest.param("ana@example.com", "", id="empty-password"),
    pytest.param("   ", "   ", id="whitespace-only"),
    pytest.param("None", "None", id="None-text"),
    pytest.param("ana@example.com\t", PASSWORD, id="email-with-tab"),
    pytest.param("ana@example.com", "\ud800", id="lone-surrogate-password"),
]


@pytest.mark.parametrize(("email", "password"), BAD_CREDENTIALS)
def test_start_login_refuses_bad_credentials(
    email: str,
    password: str,
    accounts: Accounts,
    service: Service,
    db: sqlite3.Connection,
    outbox: MemoryOutbox,
) -> None:
    accounts.person("ana@example.com")
    assert_refused_unchanged(
        lambda: service.start_login(email, password), Reason.WRONG_CREDENTIALS, db, outbox
    )


# -- session ids -----------------------------------------------------------------------------


@pytest.mark.parametrize("session_id", BAD_SESSION_IDS)
def test_bad_session_ids_are_refused_everywhere(
    session_id: str,
    enabled: Enabled,
    accounts: Accounts,
    service: Service,
    db: sqlite3.Connection,
    outbox: MemoryOutbox,
) -> None:
    code = accounts.code(enabled.secret)
    calls: list[tuple[Callable[[], object], Reason]] = [
        (lambda: service.whoami(session_id), Reason.NOT_SIGNED_IN),
        (lambda: service.mfa_status(session_id), Reason.NOT_SIGNED_IN),
        (lambda: service.request_enable(session_id), Reason.NOT_SIGNED_IN),
        (lambda: service.open_confirmation_link(session_id, "token"), Reason.NOT_SIGNED_IN),
        (lambda: service.enrolment(session_id), Reason.NOT_SIGNED_IN),
        (lambda: service.activate(session_id, code), Reason.NOT_SIGNED_IN),
        (lambda: service.disable(session_id, PASSWORD, code), Reason.NOT_SIGNED_IN),
        (lambda: service.submit_login_code(session_id, code), Reason.LOGIN_EXPIRED),
        (lambda: service.submit_backup_code(session_id, enabled.backup_code), Reason.LOGIN_EXPIRED),
    ]
    for attempt, reason in calls:
        assert_refused_unchanged(attempt, reason, db, outbox)
    assert service.stage(session_id) is None
    service.log_out(session_id)
