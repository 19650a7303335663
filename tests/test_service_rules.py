"""The MFA rules, checked directly against the service on a clock the tests move."""

from __future__ import annotations

import math
import sqlite3
from collections import Counter
from collections.abc import Callable

import pyotp
import pytest

from reference_impl.mail import MailKind, MemoryOutbox
from reference_impl.service import (
    MenuItem,
    MfaState,
    Reason,
    Refused,
    Service,
    Session,
    Settings,
    Stage,
)
from tests.conftest import PASSWORD, STEP, Accounts, Clock, Enabled

ANA = "ana@example.com"
BOB = "bob@example.com"


def refusal(attempt: Callable[[], object]) -> Reason:
    """Run ``attempt``, which must be refused, and return why."""
    with pytest.raises(Refused) as refused:
        attempt()
    return refused.value.reason


@pytest.fixture
def ana(accounts: Accounts, clock: Clock) -> Enabled:
    """Ana has MFA on; three time steps have passed since she activated it."""
    enabled = accounts.enable_mfa(ANA)
    clock.advance(3 * STEP)
    return enabled


# -- the state machine -----------------------------------------------------------------------


def test_mfa_goes_off_requested_pending_on_off(
    accounts: Accounts,
    service: Service,
    clock: Clock,
    outbox: MemoryOutbox,
) -> None:
    accounts.person(ANA)
    session = accounts.log_in(ANA)
    assert session.stage is Stage.ACTIVE
    assert service.mfa_status(session.id).state is MfaState.OFF
    token = accounts.request_link(session.id)
    assert service.mfa_status(session.id).state is MfaState.REQUESTED
    secret = str(
        pyotp.parse_uri(service.open_confirmation_link(session.id, token).otpauth_uri).secret
    )
    assert service.mfa_status(session.id).state is MfaState.PENDING
    session = service.activate(session.id, accounts.code(secret)).session
    status = service.mfa_status(session.id)
    assert (status.state, status.can_enable) == (MfaState.ON, False)
    clock.advance(STEP)
    service.disable(session.id, PASSWORD, accounts.code(secret))
    assert service.mfa_status(session.id).state is MfaState.OFF
    assert [m.kind for m in outbox.sent] == [
        MailKind.CONFIRM_ENABLE,
        MailKind.MFA_ENABLED,
        MailKind.MFA_DISABLED,
    ]
    assert {m.to for m in outbox.sent} == {ANA}


def test_activation_is_refused_before_the_link_is_opened(
    accounts: Accounts,
    service: Service,
) -> None:
    accounts.person(ANA)
    session = accounts.log_in(ANA)
    accounts.request_link(session.id)
    assert refusal(lambda: service.activate(session.id, "123456")) is Reason.WRONG_STATE


def test_enable_cannot_be_requested_while_mfa_is_on(ana: Enabled, service: Service) -> None:
    assert refusal(lambda: service.request_enable(ana.session.id)) is Reason.WRONG_STATE


def test_disable_asks_for_the_password(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    code = accounts.code(ana.secret)
    wrong = refusal(lambda: service.disable(ana.session.id, PASSWORD + "!", code))
    assert wrong is Reason.WRONG_CREDENTIALS
    assert service.mfa_status(ana.session.id).state is MfaState.ON


def test_disable_asks_for_a_current_code(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    wrong = accounts.wrong_code(ana.secret)
    assert refusal(lambda: service.disable(ana.session.id, PASSWORD, wrong)) is Reason.WRONG_CODE
    assert service.mfa_status(ana.session.id).state is MfaState.ON


# -- the confirmation link -------------------------------------------------------------------


@pytest.fixture
def asked(accounts: Accounts) -> tuple[Session, str]:
    """Ana is signed in and has asked to enable MFA: her session and the link's token."""
    accounts.person(ANA)
    session = accounts.log_in(ANA)
    return session, accounts.request_link(session.id)


def test_link_works_once(asked: tuple[Session, str], service: Service) -> None:
    session, token = asked
    service.open_confirmation_link(session.id, token)
    again = refusal(lambda: service.open_confirmation_link(session.id, token))
    assert again is Reason.LINK_REFUSED


def test_link_works_until_the_end_of_its_lifetime(
    asked: tuple[Session, str],
    service: Service,
    clock: Clock,
    settings: Settings,
) -> None:
    session, token = asked
    clock.advance(settings.link_lifetime - 1)
    service.open_confirmation_link(session.id, token)
    assert service.mfa_status(session.id).state is MfaState.PENDING


def test_link_expires_after_its_lifetime(
    asked: tuple[Session, str],
    service: Service,
    clock: Clock,
    settings: Settings,
) -> None:
    session, token = asked
    clock.advance(settings.link_lifetime / 2)
    service.whoami(session.id)  # the session is in use, so only the link has run out
    clock.advance(settings.link_lifetime / 2 + 1)
    late = refusal(lambda: service.open_confirmation_link(session.id, token))
    assert late is Reason.LINK_REFUSED
    assert service.mfa_status(session.id).state is MfaState.REQUESTED


def test_link_is_bound_to_the_account_that_asked(
    asked: tuple[Session, str],
    accounts: Accounts,
    service: Service,
) -> None:
    """Bob, with a request of his own waiting, cannot use Ana's link; it still works for her."""
    session, token = asked
    accounts.person(BOB)
    bob = accounts.log_in(BOB)
    bobs_token = accounts.request_link(bob.id)
    assert refusal(lambda: service.open_confirmation_link(bob.id, token)) is Reason.LINK_REFUSED
    assert service.mfa_status(bob.id).state is MfaState.REQUESTED
    service.open_confirmation_link(session.id, token)
    service.open_confirmation_link(bob.id, bobs_token)


def test_a_new_request_invalidates_the_old_link(
    asked: tuple[Session, str],
    accounts: Accounts,
    service: Service,
) -> None:
    session, old = asked
    new = accounts.request_link(session.id)
    assert refusal(lambda: service.open_confirmation_link(session.id, old)) is Reason.LINK_REFUSED
    service.open_confirmation_link(session.id, new)


# -- codes: replay and drift -------------------------------------------------------------------


def test_the_activation_code_cannot_log_in_in_the_same_step(
    accounts: Accounts,
    service: Service,
) -> None:
    session, secret = accounts.enrol(ANA)
    code = accounts.code(secret)
    service.activate(session.id, code)
    login = accounts.log_in(ANA)
    assert refusal(lambda: service.submit_login_code(login.id, code)) is Reason.WRONG_CODE


def test_a_used_code_is_refused_in_the_next_step_too(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
    clock: Clock,
) -> None:
    """RFC 6238 section 5.2: the code of a used step stays spent while the window reaches it."""
    code = accounts.code(ana.secret)
    service.submit_login_code(accounts.log_in(ANA).id, code)
    clock.advance(STEP)
    assert accounts.code(ana.secret, -1) == code
    login = accounts.log_in(ANA)
    assert refusal(lambda: service.submit_login_code(login.id, code)) is Reason.WRONG_CODE


@pytest.mark.parametrize("steps", [-1, 1])
def test_a_code_one_step_away_is_accepted(
    steps: int,
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    session = service.submit_login_code(accounts.log_in(ANA).id, accounts.code(ana.secret, steps))
    assert session.stage is Stage.ACTIVE


@pytest.mark.parametrize("steps", [-2, 2])
def test_a_code_two_steps_away_is_refused(
    steps: int,
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    far = accounts.code(ana.secret, steps)
    assert far not in {accounts.code(ana.secret, s) for s in (-1, 0, 1)}
    login = accounts.log_in(ANA)
    assert refusal(lambda: service.submit_login_code(login.id, far)) is Reason.WRONG_CODE


def test_a_new_secret_is_not_held_to_the_old_secrets_used_steps(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    """Turning MFA off and on again within one time step: the new seed's first code works."""
    service.disable(ana.session.id, PASSWORD, accounts.code(ana.secret))
    token = accounts.request_link(ana.session.id)
    enrolment = service.open_confirmation_link(ana.session.id, token)
    secret = str(pyotp.parse_uri(enrolment.otpauth_uri).secret)
    activation = service.activate(ana.session.id, accounts.code(secret))
    assert service.mfa_status(activation.session.id).state is MfaState.ON


# -- lockout -----------------------------------------------------------------------------------


def fail_codes(service: Service, session: Session, code: str, times: int) -> None:
    """Submit a wrong code ``times`` times; each must be refused as wrong."""
    for _ in range(times):
        assert refusal(lambda: service.submit_login_code(session.id, code)) is Reason.WRONG_CODE


def test_five_wrong_codes_lock_the_account_even_for_the_right_code(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
    settings: Settings,
) -> None:
    assert settings.max_failures == 5
    login = accounts.log_in(ANA)
    fail_codes(service, login, accounts.wrong_code(ana.secret), 5)
    right = accounts.code(ana.secret)
    assert refusal(lambda: service.submit_login_code(login.id, right)) is Reason.LOCKED_OUT
    backup = refusal(lambda: service.submit_backup_code(login.id, ana.backup_code))
    assert backup is Reason.LOCKED_OUT


def test_four_wrong_codes_do_not_lock(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    login = accounts.log_in(ANA)
    fail_codes(service, login, accounts.wrong_code(ana.secret), 4)
    service.submit_login_code(login.id, accounts.code(ana.secret))


def test_the_lockout_lasts_settings_lockout(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
    clock: Clock,
    settings: Settings,
) -> None:
    fail_codes(service, accounts.log_in(ANA), accounts.wrong_code(ana.secret), 5)
    clock.advance(settings.lockout - 1)
    login = accounts.log_in(ANA)
    right = accounts.code(ana.secret)
    assert refusal(lambda: service.submit_login_code(login.id, right)) is Reason.LOCKED_OUT
    clock.advance(2)
    login = accounts.log_in(ANA)
    service.submit_login_code(login.id, accounts.code(ana.secret))


def test_success_resets_the_failure_count(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
    clock: Clock,
) -> None:
    login = accounts.log_in(ANA)
    fail_codes(service, login, accounts.wrong_code(ana.secret), 4)
    service.submit_login_code(login.id, accounts.code(ana.secret))
    clock.advance(STEP)
    login = accounts.log_in(ANA)
    fail_codes(service, login, accounts.wrong_code(ana.secret), 4)
    service.submit_login_code(login.id, accounts.code(ana.secret))


def test_failures_count_per_account_not_per_session(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    wrong = accounts.wrong_code(ana.secret)
    fail_codes(service, accounts.log_in(ANA), wrong, 3)
    fail_codes(service, accounts.log_in(ANA), wrong, 2)
    fresh = accounts.log_in(ANA)
    right = accounts.code(ana.secret)
    assert refusal(lambda: service.submit_login_code(fresh.id, right)) is Reason.LOCKED_OUT


def test_a_locked_account_leaves_other_accounts_alone(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    bob = accounts.enable_mfa(BOB)
    fail_codes(service, accounts.log_in(ANA), accounts.wrong_code(ana.secret), 5)
    login = accounts.log_in(BOB)
    assert service.submit_login_code(login.id, accounts.code(bob.secret, 1)).stage is Stage.ACTIVE


def fail_passwords(service: Service, email: str, times: int) -> None:
    """Log in with a wrong password ``times`` times; each must be refused as wrong."""
    for _ in range(times):
        refused = refusal(lambda: service.start_login(email, PASSWORD + "-wrong"))
        assert refused is Reason.WRONG_CREDENTIALS


def test_ten_wrong_passwords_lock_password_login_for_the_lockout(
    accounts: Accounts, service: Service, clock: Clock, settings: Settings
) -> None:
    assert settings.max_password_failures == 10
    accounts.person(ANA)
    fail_passwords(service, ANA, 10)
    assert refusal(lambda: service.start_login(ANA, PASSWORD)) is Reason.LOCKED_OUT
    assert refusal(lambda: service.start_login(ANA.upper(), PASSWORD)) is Reason.LOCKED_OUT
    clock.advance(settings.lockout - 1)
    assert refusal(lambda: service.start_login(ANA, PASSWORD)) is Reason.LOCKED_OUT
    clock.advance(2)
    assert service.start_login(ANA, PASSWORD).stage is Stage.ACTIVE


def test_a_right_password_resets_the_password_failure_count(
    accounts: Accounts, service: Service
) -> None:
    accounts.person(ANA)
    fail_passwords(service, ANA, 9)
    service.start_login(ANA, PASSWORD)
    fail_passwords(service, ANA, 9)
    assert service.start_login(ANA, PASSWORD).stage is Stage.ACTIVE


def test_an_address_without_account_locks_the_same_way(service: Service) -> None:
    """The lockout tells nobody whether an account exists."""
    fail_passwords(service, "nobody@example.com", 10)
    locked = refusal(lambda: service.start_login("nobody@example.com", PASSWORD))
    assert locked is Reason.LOCKED_OUT


def test_password_lockout_leaves_the_codes_and_other_accounts_alone(
    ana: Enabled, accounts: Accounts, service: Service
) -> None:
    accounts.person(BOB)
    fail_passwords(service, BOB, 10)
    login = accounts.log_in(ANA)
    assert service.submit_login_code(login.id, accounts.code(ana.secret)).stage is Stage.ACTIVE


def test_wrong_backup_codes_count_toward_the_lockout(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    login = accounts.log_in(ANA)
    wrong = "".join("A" if c != "A" else "B" for c in ana.backup_code.replace("-", ""))
    for _ in range(5):
        assert refusal(lambda: service.submit_backup_code(login.id, wrong)) is Reason.WRONG_CODE
    right = accounts.code(ana.secret)
    assert refusal(lambda: service.submit_login_code(login.id, right)) is Reason.LOCKED_OUT


# -- the backup code ---------------------------------------------------------------------------


def test_backup_code_works_once_and_is_replaced(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
    outbox: MemoryOutbox,
) -> None:
    first = service.submit_backup_code(accounts.log_in(ANA).id, ana.backup_code)
    assert first.session.stage is Stage.ACTIVE
    assert first.new_backup_code != ana.backup_code
    assert outbox.sent[-1].kind is MailKind.BACKUP_CODE_USED
    login = accounts.log_in(ANA)
    spent = refusal(lambda: service.submit_backup_code(login.id, ana.backup_code))
    assert spent is Reason.WRONG_CODE
    second = service.submit_backup_code(login.id, first.new_backup_code)
    assert service.whoami(second.session.id) == "ana"


def test_backup_codes_carry_at_least_64_bits(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    """Sampled through the real flow: fixed length, every symbol of a wide alphabet used evenly."""
    codes, code = [], ana.backup_code
    for _ in range(150):
        code = service.submit_backup_code(accounts.log_in(ANA).id, code).new_backup_code
        codes.append(code.replace("-", ""))
    assert len(set(codes)) == len(codes)
    assert len({len(c) for c in codes}) == 1
    symbols = Counter("".join(codes))
    expected = sum(symbols.values()) / len(symbols)
    assert min(symbols.values()) > expected / 2
    assert len(codes[0]) * math.log2(len(symbols)) >= 64


def test_backup_code_is_stored_hashed(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
    db: sqlite3.Connection,
) -> None:
    replacement = service.submit_backup_code(accounts.log_in(ANA).id, ana.backup_code)
    dump = "\n".join(db.iterdump()).upper()
    for code in (ana.backup_code, replacement.new_backup_code):
        assert code.upper() not in dump
        assert code.replace("-", "").upper() not in dump


# -- who may enable ----------------------------------------------------------------------------


def test_unverified_email_cannot_request_enable(
    accounts: Accounts,
    service: Service,
    outbox: MemoryOutbox,
) -> None:
    accounts.person(ANA, verified=False)
    session = accounts.log_in(ANA)
    status = service.mfa_status(session.id)
    assert (status.can_enable, status.blocked_by) == (False, Reason.EMAIL_UNVERIFIED)
    assert refusal(lambda: service.request_enable(session.id)) is Reason.EMAIL_UNVERIFIED
    assert service.mfa_status(session.id).state is MfaState.OFF
    assert outbox.sent == []


def test_sso_user_cannot_request_enable(
    accounts: Accounts,
    service: Service,
    outbox: MemoryOutbox,
) -> None:
    accounts.sso_person(ANA)
    session = accounts.sso_log_in(ANA)
    status = service.mfa_status(session.id)
    assert (status.can_enable, status.blocked_by) == (False, Reason.SSO_ACCOUNT)
    assert refusal(lambda: service.request_enable(session.id)) is Reason.SSO_ACCOUNT
    assert service.mfa_status(session.id).state is MfaState.OFF
    assert outbox.sent == []


@pytest.mark.parametrize("password", ["", PASSWORD, "None"])
def test_sso_user_has_no_password_login(
    password: str,
    accounts: Accounts,
    service: Service,
) -> None:
    accounts.sso_person(ANA)
    assert refusal(lambda: service.start_login(ANA, password)) is Reason.WRONG_CREDENTIALS


# -- team enforcement --------------------------------------------------------------------------


@pytest.fixture
def team(accounts: Accounts, service: Service) -> tuple[Session, int]:
    """An organisation: Bob is its admin (signed in), Ana a member; returns Bob's session."""
    organisation = service.create_organisation("Acme")
    service.add_member(organisation, accounts.person(BOB), admin=True)
    admin = accounts.log_in(BOB)
    return admin, organisation


def require(service: Service, admin: Session) -> None:
    """The admin turns on the team requirement."""
    service.set_team_requirement(admin.id, True)
    assert service.team(admin.id).enforce_mfa


def test_members_without_mfa_must_set_it_up_at_next_login(
    team: tuple[Session, int],
    accounts: Accounts,
    service: Service,
) -> None:
    admin, organisation = team
    service.add_member(organisation, accounts.person(ANA))
    assert accounts.log_in(ANA).stage is Stage.ACTIVE
    require(service, admin)
    assert accounts.log_in(ANA).stage is Stage.SETUP_REQUIRED


def test_the_requirement_starts_at_the_next_login(
    team: tuple[Session, int],
    accounts: Accounts,
    service: Service,
) -> None:
    admin, organisation = team
    service.add_member(organisation, accounts.person(ANA))
    current = accounts.log_in(ANA)
    require(service, admin)
    assert service.whoami(current.id) == "ana"


def test_a_member_in_set_up_reaches_nothing_else(
    team: tuple[Session, int],
    accounts: Accounts,
    service: Service,
) -> None:
    admin, organisation = team
    service.add_member(organisation, accounts.person(ANA))
    require(service, admin)
    sid = accounts.log_in(ANA).id
    blocked: list[Callable[[], object]] = [
        lambda: service.whoami(sid),
        lambda: service.menu(sid),
        lambda: service.mfa_status(sid),
        lambda: service.request_enable(sid),
        lambda: service.open_confirmation_link(sid, "token"),
        lambda: service.disable(sid, PASSWORD, "123456"),
        lambda: service.team(sid),
        lambda: service.set_team_requirement(sid, False),
    ]
    assert [refusal(call) for call in blocked] == [Reason.SETUP_REQUIRED] * len(blocked)
    assert refusal(lambda: service.submit_login_code(sid, "123456")) is Reason.WRONG_STATE
    assert service.stage(sid) is Stage.SETUP_REQUIRED


def test_a_member_cannot_skip_set_up_by_logging_in_again(
    team: tuple[Session, int],
    accounts: Accounts,
    service: Service,
) -> None:
    admin, organisation = team
    service.add_member(organisation, accounts.person(ANA))
    require(service, admin)
    first = accounts.log_in(ANA)
    service.enrolment(first.id)
    service.log_out(first.id)
    assert accounts.log_in(ANA).stage is Stage.SETUP_REQUIRED


def test_a_member_who_sets_up_gets_in_and_then_gets_the_code_prompt(
    team: tuple[Session, int],
    accounts: Accounts,
    service: Service,
    clock: Clock,
) -> None:
    admin, organisation = team
    service.add_member(organisation, accounts.person(ANA))
    require(service, admin)
    setup = accounts.log_in(ANA)
    secret = str(pyotp.parse_uri(service.enrolment(setup.id).otpauth_uri).secret)
    activation = service.activate(setup.id, accounts.code(secret))
    assert activation.session.stage is Stage.ACTIVE
    assert service.whoami(activation.session.id) == "ana"
    assert refusal(lambda: service.enrolment(activation.session.id)) is Reason.WRONG_STATE
    assert accounts.log_in(ANA).stage is Stage.SECOND_FACTOR


def test_members_who_already_have_mfa_get_the_code_prompt(
    team: tuple[Session, int],
    accounts: Accounts,
    service: Service,
) -> None:
    admin, organisation = team
    accounts.enable_mfa(ANA)
    service.add_member(organisation, service.user_id(ANA))
    require(service, admin)
    assert accounts.log_in(ANA).stage is Stage.SECOND_FACTOR


def test_sso_members_are_not_asked(
    team: tuple[Session, int],
    accounts: Accounts,
    service: Service,
) -> None:
    admin, organisation = team
    service.add_member(organisation, accounts.sso_person(ANA))
    require(service, admin)
    session = accounts.sso_log_in(ANA)
    assert session.stage is Stage.ACTIVE
    assert service.whoami(session.id) == "ana"


def test_only_an_admin_sets_the_requirement(
    team: tuple[Session, int],
    accounts: Accounts,
    service: Service,
) -> None:
    _, organisation = team
    service.add_member(organisation, accounts.person(ANA))
    member = accounts.log_in(ANA)
    assert MenuItem.ORGANISATION_SETTINGS not in service.menu(member.id)
    assert refusal(lambda: service.set_team_requirement(member.id, True)) is Reason.NOT_ALLOWED
    assert accounts.log_in(ANA).stage is Stage.ACTIVE


# -- half-logged-in sessions -------------------------------------------------------------------


def test_a_half_logged_in_session_reaches_nothing_but_the_code_prompt(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    sid = accounts.log_in(ANA).id
    assert refusal(lambda: service.whoami(sid)) is Reason.SECOND_FACTOR_REQUIRED
    assert refusal(lambda: service.mfa_status(sid)) is Reason.SECOND_FACTOR_REQUIRED
    assert refusal(lambda: service.enrolment(sid)) is Reason.SECOND_FACTOR_REQUIRED
    assert refusal(lambda: service.activate(sid, accounts.code(ana.secret))) is (
        Reason.NOT_SIGNED_IN
    )


def test_a_half_logged_in_session_lasts_half_login_lifetime(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
    clock: Clock,
    settings: Settings,
) -> None:
    login = accounts.log_in(ANA)
    clock.advance(settings.half_login_lifetime)
    assert service.stage(login.id) is Stage.SECOND_FACTOR
    service.submit_login_code(login.id, accounts.code(ana.secret))


def test_a_half_logged_in_session_expires_after_half_login_lifetime(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
    clock: Clock,
    settings: Settings,
) -> None:
    login = accounts.log_in(ANA)
    clock.advance(settings.half_login_lifetime + 1)
    right = accounts.code(ana.secret)
    assert refusal(lambda: service.submit_login_code(login.id, right)) is Reason.LOGIN_EXPIRED
    assert service.stage(login.id) is None


def test_a_set_up_required_session_expires_too(
    team: tuple[Session, int],
    accounts: Accounts,
    service: Service,
    clock: Clock,
    settings: Settings,
) -> None:
    admin, organisation = team
    service.add_member(organisation, accounts.person(ANA))
    require(service, admin)
    setup = accounts.log_in(ANA)
    clock.advance(settings.half_login_lifetime + 1)
    assert refusal(lambda: service.enrolment(setup.id)) is Reason.NOT_SIGNED_IN


def test_a_full_session_outlives_the_half_login_lifetime(
    ana: Enabled,
    service: Service,
    clock: Clock,
    settings: Settings,
) -> None:
    clock.advance(settings.half_login_lifetime + 1)
    assert service.whoami(ana.session.id) == "ana"


# -- the enrolment secret ----------------------------------------------------------------------


def test_enrolment_shows_the_same_secret_while_set_up_is_pending(
    accounts: Accounts,
    service: Service,
) -> None:
    session, secret = accounts.enrol(ANA)
    enrolment = service.enrolment(session.id)
    assert str(pyotp.parse_uri(enrolment.otpauth_uri).secret) == secret
    assert enrolment.manual_key.replace(" ", "") == secret.rstrip("=")


def test_enrolment_no_longer_returns_the_secret_once_mfa_is_on(
    ana: Enabled,
    accounts: Accounts,
    service: Service,
) -> None:
    assert refusal(lambda: service.enrolment(ana.session.id)) is Reason.WRONG_STATE
    service.disable(ana.session.id, PASSWORD, accounts.code(ana.secret))
    assert refusal(lambda: service.enrolment(ana.session.id)) is Reason.WRONG_STATE
