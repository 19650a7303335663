"""Logging in and out, and what login asks for."""

from behave import given, then, when
from behave.runner import Context

from mfaspec.driver import Notice, Place, Screen

PAGES = {
    "her dashboard": Place.DASHBOARD,
    "his dashboard": Place.DASHBOARD,
    "her account settings": Place.ACCOUNT_SETTINGS,
    "his account settings": Place.ACCOUNT_SETTINGS,
    "the organisation's security settings": Place.SECURITY_SETTINGS,
    "the set-up page": Place.SETUP,
}


@when("{who:Who} logs in with {their:Their} password")
def log_in(context: Context, who: str, their: str) -> None:
    person = context.cast[who]
    context.driver.log_in(person, person.password)


@when("{who:Who} logs in with a wrong password")
def log_in_wrong_password(context: Context, who: str) -> None:
    person = context.cast[who]
    context.driver.log_in(person, person.password + "-wrong")


@when("{who:Who} signs in through single sign-on")
def sign_in_sso(context: Context, who: str) -> None:
    context.driver.sign_in_with_sso(context.cast[who])


@when("{who:Who} logs out")
@given("{who:Who} logs out")
def log_out(context: Context, who: str) -> None:
    context.driver.log_out()
    assert context.driver.screen() is Screen.LOG_IN


@when("{who:Who} opens {page} directly")
def open_directly(context: Context, who: str, page: str) -> None:
    context.driver.visit(PAGES[page])


@then("{who:Who} sees {their:Their} dashboard")
def sees_dashboard(context: Context, who: str, their: str) -> None:
    assert context.driver.shows(Screen.DASHBOARD), context.driver.screen()


@then("{who:Who} is asked for the 6-digit code from {their:Their} app")
@then("{who:Who} is still asked for the 6-digit code from {their:Their} app")
def asked_for_code(context: Context, who: str, their: str) -> None:
    assert context.driver.shows(Screen.CODE_PROMPT), context.driver.screen()


@then("it does not open before the code is given")
def not_open_before_code(context: Context) -> None:
    screen = context.driver.screen()
    # the product's choice: back to the code prompt, or to the login page
    assert screen in (Screen.CODE_PROMPT, Screen.LOG_IN), f"{screen} opened before the code"


@then("{who:Who} is on the login page")
def on_login_page(context: Context, who: str) -> None:
    assert context.driver.shows(Screen.LOG_IN), context.driver.screen()


@then("{who:Who} is told the e-mail address or password is wrong")
def told_wrong_credentials(context: Context, who: str) -> None:
    notice = context.driver.notice()
    assert notice is Notice.WRONG_CREDENTIALS, f"notice shown: {notice or 'none'}"


@then("{who:Who} is told single sign-on did not sign {pronoun} in")
def told_sso_refused(context: Context, who: str, pronoun: str) -> None:
    notice = context.driver.notice()
    assert notice is Notice.SSO_REFUSED, f"notice shown: {notice or 'none'}"


@then("{who:Who} must log in again")
def must_log_in_again(context: Context, who: str) -> None:
    # whether a notice says why is the product's choice; being back at the login is the rule
    screen = context.driver.screen()
    assert screen is Screen.LOG_IN, (
        f"the {screen.value.replace('_', ' ')} page shows, not the login"
    )


@then("{who:Who} is told there were too many attempts")
def told_locked_out(context: Context, who: str) -> None:
    notice = context.driver.notice()
    assert notice is Notice.LOCKED_OUT, f"notice shown: {notice or 'none'}"


@then("{who:Who} is told {pronoun} is not allowed to do that")
def told_not_allowed(context: Context, who: str, pronoun: str) -> None:
    notice = context.driver.notice()
    assert notice is Notice.NOT_ALLOWED, f"notice shown: {notice or 'none'}"


@when("{minutes:d} minutes pass")
@given("{minutes:d} minutes pass")
def minutes_pass(context: Context, minutes: int) -> None:
    context.driver.advance_clock(minutes * 60)


@when("someone copies the session {their:Their} browser holds")
def copy_session(context: Context, their: str) -> None:
    context.copied_session = context.driver.session_fingerprint()
    context.driver.keep_session_copy()


@then("{their:Their} browser holds a new session")
def new_session(context: Context, their: str) -> None:
    assert context.driver.session_fingerprint() != context.copied_session, "same session"


@then("the page's scripts cannot read the session {their:Their} browser holds")
def scripts_cannot_read_session(context: Context, their: str) -> None:
    assert not context.driver.scripts_can_read_session(), (
        "the page's scripts can read the session cookie (it lacks the HttpOnly attribute)"
    )


@when("someone uses the copied session")
def use_copied_session(context: Context) -> None:
    context.driver.restore_session_copy()


@then("it does not open {their:Their} account")
def not_opened(context: Context, their: str) -> None:
    screen = context.driver.screen()
    assert screen in (Screen.LOG_IN, Screen.CODE_PROMPT), (
        f"the copied session still opens the account: the {screen} screen shows"
    )


@when("{who:Who} logs in with a wrong password, and {other:Who}, who has no account, logs in too")
def wrong_password_and_no_account(context: Context, who: str, other: str) -> None:
    log_in_wrong_password(context, who)
    context.answers = [context.driver.answer()]
    context.driver.log_in_without_account(context.cast[other])
    context.answers.append(context.driver.answer())


@then("both are answered alike, word for word")
def answered_alike(context: Context) -> None:
    wrong_password, no_account = context.answers
    assert wrong_password == no_account, (
        f"the answers differ; to a wrong password:\n{wrong_password}\n\n"
        f"to an address with no account:\n{no_account}"
    )
