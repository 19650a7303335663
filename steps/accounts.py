"""People, their accounts and teams, and the states scenarios start from."""

from collections.abc import Callable

from behave import given, when
from behave.runner import Context

from mfaspec.codes import fresh_code
from mfaspec.driver import NotApplicable, Person
from mfaspec.people import SetUpPath
from mfaspec.target import Capability

# A scenario tagged so starts from states set up through the pages, never through hooks.
THROUGH_PAGES = "setup.pages"


def confirms_by_email(context: Context) -> bool:
    """Return whether the product asks for an e-mailed confirmation before the set-up page."""
    return Capability.EMAIL_CONFIRMATION in context.target.capabilities


@given("{who:Who} has an account with a verified e-mail address")
def account_verified(context: Context, who: str) -> None:
    context.driver.create_account(context.cast[who], email_verified=True, sso=False)


@given("{who:Who} has an account whose e-mail address is not verified")
def account_unverified(context: Context, who: str) -> None:
    context.driver.create_account(context.cast[who], email_verified=False, sso=False)


@given("{who:Who} has an account that signs in through single sign-on")
def account_sso(context: Context, who: str) -> None:
    person = context.cast[who]
    context.cast.sso.add(person.label)
    context.driver.create_account(person, email_verified=True, sso=True)


@given("{who:Who} has an authenticator app on {their:Their} phone")
def authenticator_app(context: Context, who: str, their: str) -> None:
    assert context.cast.phone(context.cast[who]).accounts == []


@given("{admin:Who} administers a team whose members include {member:Who}")
def team(context: Context, admin: str, member: str) -> None:
    context.team_admin = admin
    context.driver.create_team(context.cast[admin], [context.cast[member]])


@given(
    "{admin:Who} administers a team that signs in through single sign-on, whose members include {member:Who}"
)
def sso_team(context: Context, admin: str, member: str) -> None:
    context.team_admin = admin
    context.driver.create_team(context.cast[admin], [context.cast[member]], sso=True)


@given("{owner:Owner} identity provider has not verified {their:Their} e-mail address")
def unverified_at_provider(context: Context, owner: str, their: str) -> None:
    person = context.cast[owner.removesuffix("'s")]
    context.driver.set_identity_provider_claims(person, email_verified=False)


@given("{who:Who} is logged in")
@when("{who:Who} is logged in")
def logged_in(context: Context, who: str) -> None:
    person = context.cast[who]
    if person.label in context.cast.sso:
        context.execute_steps(f"When {who} signs in through single sign-on")
    elif context.cast.phone(person).accounts:
        context.execute_steps(f"Given {who} has logged in with her password and a code")
        return
    elif not logged_in_directly(context, person, f"{person.label} is logged in", code=None):
        context.execute_steps(f"When {who} logs in with her password")
    context.execute_steps(f"Then {who} sees her dashboard")


def logged_in_directly(
    context: Context, person: Person, state: str, code: Callable[[], str] | None
) -> bool:
    """Log in through the target's hook unless the scenario is about the pages; say if done."""
    if THROUGH_PAGES not in context.scenario.effective_tags:
        try:
            context.driver.log_in_directly(person, code)
        except NotApplicable:
            pass
        else:
            context.cast.set_up(state, SetUpPath.HOOK)
            return True
    context.cast.set_up(state, SetUpPath.PAGES)
    return False


def code_typed(context: Context, person: Person) -> str:
    """Return the code the person's app shows now (the next one if used), noted as typed."""
    code = fresh_code(context.driver, context.cast.phone(person), context.target.drift_window)
    context.cast.last_code[person.label] = code
    return code


@given("{who:Who} has asked to turn on multi-factor authentication")
def asked_to_enable(context: Context, who: str) -> None:
    context.execute_steps(
        f"""
        Given {who} is logged in
        When {who} opens the multi-factor section of her settings
        And she clicks Enable under multi-factor authentication
        """
    )
    if confirms_by_email(context):
        context.execute_steps("Then she receives an e-mail asking her to confirm the request")


@given("{who:Who} has opened the set-up page")
def opened_setup(context: Context, who: str) -> None:
    person = context.cast[who]
    state = f"{person.label} has opened the set-up page"
    if THROUGH_PAGES not in context.scenario.effective_tags:
        try:
            context.driver.open_setup_directly(person)
        except NotApplicable:
            pass
        else:
            context.cast.set_up(state, SetUpPath.HOOK)
            context.execute_steps("Then she sees the set-up page with a QR code")
            return
    context.cast.set_up(state, SetUpPath.PAGES)
    context.execute_steps(f"Given {who} has asked to turn on multi-factor authentication")
    if confirms_by_email(context):
        context.execute_steps("When she opens the link in the confirmation e-mail")
    context.execute_steps("Then she sees the set-up page with a QR code")


@given("{who:Who} has turned on multi-factor authentication")
def turned_on(context: Context, who: str) -> None:
    person = context.cast[who]
    state = f"{person.label} has turned on multi-factor authentication"
    if THROUGH_PAGES not in context.scenario.effective_tags:
        try:
            enrolment = context.driver.turn_on_mfa_directly(person)
        except NotApplicable:
            pass
        else:
            context.cast.enrolled(person, enrolment)
            context.cast.set_up(state, SetUpPath.HOOK)
            return
    context.cast.set_up(state, SetUpPath.PAGES)
    context.execute_steps(
        f"""
        Given {who} has opened the set-up page
        When she scans the QR code with her authenticator app
        And she enters the code her app shows and clicks Verify
        And she copies the backup code
        And she clicks Done
        And she logs out
        """
    )


@given("{who:Who} has logged in with {their:Their} password and a code")
def logged_in_with_code(context: Context, who: str, their: str) -> None:
    person = context.cast[who]
    state = f"{person.label} has logged in with her password and a code"
    if not logged_in_directly(context, person, state, code=lambda: code_typed(context, person)):
        context.execute_steps(
            f"""
            When {who} logs in with her password
            And she enters the code her app shows and clicks Log in
            """
        )
    context.execute_steps(f"Then {who} sees her dashboard")


@given("{who:Who} has logged in once with {their:Their} backup code")
def logged_in_with_backup_code(context: Context, who: str, their: str) -> None:
    context.execute_steps(
        f"""
        When {who} logs in with her password
        And she logs in with her backup code
        Then she gets in, past any new backup code the product declares
        When she logs out
        """
    )


@given("{who:Who} has set up two-factor authentication at login")
def set_up_at_login(context: Context, who: str) -> None:
    context.execute_steps(
        f"""
        When {who} logs in with his password
        And he scans the QR code with his authenticator app
        And he enters the code his app shows and clicks Verify
        And he copies the backup code
        And he clicks Done
        And he logs out
        """
    )


@given("the team requires two-factor authentication")
def team_requires(context: Context) -> None:
    admin = context.cast[context.team_admin]
    state = "the team requires two-factor authentication"
    if THROUGH_PAGES not in context.scenario.effective_tags:
        has_app = bool(context.cast.phone(admin).accounts)
        try:
            context.driver.require_team_mfa_directly(
                admin, (lambda: code_typed(context, admin)) if has_app else None
            )
        except NotApplicable:
            pass
        else:
            context.cast.set_up(state, SetUpPath.HOOK)
            return
    context.cast.set_up(state, SetUpPath.PAGES)
    context.execute_steps(
        f"""
        Given {context.team_admin} is logged in
        And she has opened the organisation's Security & SSO settings
        When she clicks the two-factor authentication switch
        And she answers "Yes"
        Then the team requirement for two-factor authentication is on
        When she logs out
        """
    )
