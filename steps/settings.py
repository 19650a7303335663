"""The profile menu and the multi-factor section of the account settings."""

from behave import given, then, when
from behave.runner import Context

from mfaspec.codes import fresh_code
from mfaspec.driver import MenuItem, MfaState, Notice, Place, Screen
from mfaspec.policy import Asks

MENU = {
    "Edit profile": MenuItem.EDIT_PROFILE,
    "Personal settings": MenuItem.PERSONAL_SETTINGS,
    "Organisation settings": MenuItem.ORGANISATION_SETTINGS,
    "Log out": MenuItem.LOG_OUT,
}
STATES = {"on": MfaState.ON, "off": MfaState.OFF}


@when("{who:Who} clicks {their:Their} profile picture")
def click_profile_picture(context: Context, who: str, their: str) -> None:
    context.driver.open_profile_menu()


@then('the menu offers "{entry}"')
def menu_offers(context: Context, entry: str) -> None:
    assert MENU[entry] in context.driver.profile_menu(), context.driver.profile_menu()


@then('the menu does not offer "{entry}"')
def menu_lacks(context: Context, entry: str) -> None:
    assert MENU[entry] not in context.driver.profile_menu(), context.driver.profile_menu()


@when('{who:Who} chooses "{entry}"')
def choose(context: Context, who: str, entry: str) -> None:
    context.driver.choose_menu_item(MENU[entry])


@given("{who:Who} has opened the multi-factor section of {their:Their} settings")
@when("{who:Who} opens the Settings tab")
@when('{who:Who} opens the "Two-factor authentication" submenu')
@when("{who:Who} opens the multi-factor section of {their:Their} settings")
def open_mfa_section(context: Context, who: str, their: str = "") -> None:
    context.driver.open_mfa_section()
    assert context.driver.shows(Screen.ACCOUNT_SETTINGS), context.driver.screen()


@then("multi-factor authentication is shown as {state}")
def shown_as(context: Context, state: str) -> None:
    assert context.driver.mfa_section().state is STATES[state], context.driver.mfa_section()


@then("{who:Who} is offered to enable it")
def offered_enable(context: Context, who: str) -> None:
    assert context.driver.mfa_section().enable_offered, context.driver.mfa_section()


@then("{who:Who} is not offered to enable it")
def not_offered_enable(context: Context, who: str) -> None:
    assert not context.driver.mfa_section().enable_offered, context.driver.mfa_section()


@then("{who:Who} is offered to disable it")
def offered_disable(context: Context, who: str) -> None:
    assert context.driver.mfa_section().disable_offered, context.driver.mfa_section()


@then("an explanation says {who:Who} must verify {their:Their} e-mail address first")
def explains_unverified(context: Context, who: str, their: str) -> None:
    explanation = context.driver.mfa_section().explanation
    assert explanation is Notice.EMAIL_UNVERIFIED, explanation


@then("an explanation says accounts that sign in through single sign-on cannot use it")
def explains_sso(context: Context) -> None:
    explanation = context.driver.mfa_section().explanation
    assert explanation is Notice.SSO_ACCOUNT, explanation


@when("{who:Who} clicks Enable under multi-factor authentication")
@when("{who:Who} clicks Enable under multi-factor authentication again")
def click_enable(context: Context, who: str) -> None:
    context.driver.ask_to_enable(context.cast[who])


@when("{who:Who} sends the request Enable would send, although no Enable is offered")
def force_enable(context: Context, who: str) -> None:
    context.driver.force_enable_request()


@then("{who:Who} is told accounts that sign in through single sign-on cannot use it")
def told_sso_account(context: Context, who: str) -> None:
    notice = context.driver.notice()
    assert notice is Notice.SSO_ACCOUNT, f"notice shown: {notice or 'none'}"


@then("{who:Who} is told to verify {their:Their} e-mail address first")
def told_unverified(context: Context, who: str, their: str) -> None:
    notice = context.driver.notice()
    assert notice is Notice.EMAIL_UNVERIFIED, f"notice shown: {notice or 'none'}"


@then("{who:Who} cannot open the set-up page")
def cannot_open_setup(context: Context, who: str) -> None:
    context.driver.visit(Place.SETUP)
    screen = context.driver.screen()
    assert screen is not Screen.SETUP, "the set-up page opened"
    assert not context.driver.qr_code_shown(), f"a QR code is shown on {screen.value}"


@then("{who:Who} is told to check {their:Their} e-mail")
def told_check_email(context: Context, who: str, their: str) -> None:
    assert context.driver.shows(Screen.CHECK_EMAIL), context.driver.screen()


@when(
    "{who:Who} disables multi-factor authentication with {their:Their} password and a current code"
)
def disable(context: Context, who: str, their: str) -> None:
    person = context.cast[who]
    code = fresh_code(context.driver, context.cast.phone(person), context.target.drift_window)
    context.driver.disable_mfa(person.password, code)


@when("{who:Who} tries to disable multi-factor authentication with a wrong password")
def disable_wrong_password(context: Context, who: str) -> None:
    person = context.cast[who]
    code = fresh_code(context.driver, context.cast.phone(person), context.target.drift_window)
    context.driver.disable_mfa(person.password + "-wrong", code)


@when("{who:Who} tries to disable multi-factor authentication with a wrong code")
def disable_wrong_code(context: Context, who: str) -> None:
    person = context.cast[who]
    wrong = context.cast.phone(person).wrong_code(
        context.driver.now(), window=context.target.drift_window
    )
    context.driver.disable_mfa(person.password, wrong)


@when("{who:Who} asks for a new backup code with {their:Their} password and a current code")
def new_backup_code(context: Context, who: str, their: str) -> None:
    person = context.cast[who]
    code = fresh_code(context.driver, context.cast.phone(person), context.target.drift_window)
    context.driver.regenerate_backup_code(person.password, code)


@when("{who:Who} asks for a new backup code with a wrong password")
def new_backup_code_wrong_password(context: Context, who: str) -> None:
    person = context.cast[who]
    code = fresh_code(context.driver, context.cast.phone(person), context.target.drift_window)
    context.driver.regenerate_backup_code(person.password + "-wrong", code)


@then("turning it off asked for {their:Their} password or a current code again")
def reauthenticated_to_disable(context: Context, their: str) -> None:
    asks = context.target.policy.disable_asks
    assert asks is not None and asks is not Asks.NOTHING, (
        "2FA turned off without the password or a code asked again (ASVS 5.0 7.5.1)"
    )
