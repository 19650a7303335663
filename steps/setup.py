"""The set-up page, the authenticator app, codes, and the backup code."""

from behave import given, then, when
from behave.runner import Context

from mfaspec.codes import compact, estimated_entropy, fresh_code
from mfaspec.driver import NotApplicable, Notice, Place, Screen
from mfaspec.policy import AfterUse

# Moments relative to the drift window the target declares (its profile says how many steps):
# (steps per step of the window, steps beyond it).
MOMENTS = {
    "the current time step": (0, 0),
    "the oldest step in the window": (-1, 0),
    "the newest step in the window": (1, 0),
    "one step before the window": (-1, -1),
    "one step after the window": (1, 1),
}


def steps_away(context: Context, moment: str) -> int:
    """Return how many time steps from now a moment named in a scenario is."""
    direction, beyond = MOMENTS[moment]
    window: int = context.target.drift_window
    return direction * window + beyond


@then("{who:Who} sees the set-up page with a QR code")
def sees_setup(context: Context, who: str) -> None:
    assert context.driver.shows(Screen.SETUP), context.driver.screen()
    assert context.driver.read_qr_code().startswith("otpauth://totp/")


@then("{who:Who} is still on the set-up page")
def still_on_setup(context: Context, who: str) -> None:
    assert context.driver.screen() in (Screen.SETUP, Screen.REQUIRED_SETUP), context.driver.screen()


@then("{who:Who} must set up two-factor authentication before anything else")
def must_set_up(context: Context, who: str) -> None:
    assert context.driver.shows(Screen.REQUIRED_SETUP), context.driver.screen()


@when("{who:Who} scans the QR code with {their:Their} authenticator app")
@given("{who:Who} has scanned the QR code with {their:Their} authenticator app")
def scan(context: Context, who: str, their: str) -> None:
    context.cast.phone(context.cast[who]).scan(context.driver.read_qr_code())


@when("{who:Who} types the key shown on the page into {their:Their} authenticator app")
def type_key(context: Context, who: str, their: str) -> None:
    person = context.cast[who]
    key = context.driver.read_manual_key()
    try:
        context.cast.phone(person).type_key(key, context.driver.account_address(person))
    except ValueError as error:
        raise AssertionError(str(error)) from None


@then("{their:Their} authenticator app holds one account")
def holds_one_account(context: Context, their: str) -> None:
    assert len(context.cast.phone(context.cast[their]).accounts) == 1


@then("{their:Their} authenticator app shows a code of at least 6 digits")
def shows_code(context: Context, their: str) -> None:
    phone = context.cast.phone(context.cast[their])
    code = phone.code(context.driver.now())
    assert len(code) == phone.newest.digits >= 6, (
        f"{len(code)} digits, the QR code says {phone.newest.digits}"
    )
    assert code.isascii() and code.isdigit(), "the code is not made of digits only"


@then(
    "{their:Their} authenticator app holds an account for the product and {their2:Their} e-mail address"
)
def account_named(context: Context, their: str, their2: str) -> None:
    person = context.cast[their]
    account = context.cast.phone(person).accounts[-1]
    assert account.issuer, "the QR code names no issuer"
    address = context.driver.account_address(person)
    assert address in account.name, f"the account is named {account.name!r}, not after {address}"


@then("the key in {their:Their} app is at least {least:d} bits long")
def key_length(context: Context, their: str, least: int) -> None:
    bits = context.cast.phone(context.cast[their]).accounts[-1].key_bits()
    assert bits >= least, f"the key the QR code holds is {bits} bits long"


@then("the product declares a drift window of at most {most:d} time step")
def drift_window_at_most(context: Context, most: int) -> None:
    window: int = context.target.drift_window
    assert window <= most, f"the target declares a drift window of {window} time steps"


@when("{who:Who} enters the code {their:Their} app shows and clicks {button:Button}")
def enter_code(context: Context, who: str, their: str, button: str) -> None:
    person = context.cast[who]
    code = fresh_code(context.driver, context.cast.phone(person), context.target.drift_window)
    context.cast.last_code[person.label] = code
    submit(context, button, code)


@when(
    "{who:Who} enters the code {their:Their} app shows with a space in the middle and clicks Verify"
)
def enter_code_spaced(context: Context, who: str, their: str) -> None:
    code = fresh_code(
        context.driver, context.cast.phone(context.cast[who]), context.target.drift_window
    )
    context.driver.submit_setup_code(f"{code[:3]} {code[3:]}")


@when("{who:Who} enters the code of {moment} and clicks {button:Button}")
def enter_code_of(context: Context, who: str, moment: str, button: str) -> None:
    phone = context.cast.phone(context.cast[who])
    submit(
        context, button, phone.type_code(context.driver.now(), steps=steps_away(context, moment))
    )


@when("{who:Who} enters the same code again and clicks Log in")
def enter_same_code(context: Context, who: str) -> None:
    context.driver.submit_login_code(context.cast.last_code[context.cast[who].label])


@when("{who:Who} enters a wrong code and clicks {button:Button}")
def enter_wrong_code(context: Context, who: str, button: str) -> None:
    phone = context.cast.phone(context.cast[who])
    submit(
        context, button, phone.wrong_code(context.driver.now(), window=context.target.drift_window)
    )


@when(
    "{who:Who} submits the code {their:Their} app shows in {browsers:d} browsers at the same moment"
)
def race(context: Context, who: str, their: str, browsers: int) -> None:
    person = context.cast[who]
    code = fresh_code(context.driver, context.cast.phone(person), context.target.drift_window)
    context.got_in = context.driver.race_login_codes(person, code, browsers)


@then("exactly {count:d} of them gets in")
def exactly_got_in(context: Context, count: int) -> None:
    assert context.got_in == count, context.got_in


@then("no QR code is shown")
def no_qr_code(context: Context) -> None:
    assert not context.driver.qr_code_shown(), "a QR code is shown"


@when('{who:Who} enters "{text:Typed}" and clicks Verify')
def enter_text(context: Context, who: str, text: str) -> None:
    context.driver.submit_setup_code(text)


@then("the code is refused")
def code_refused(context: Context) -> None:
    notice = context.driver.notice()
    if notice is None:
        screen = context.driver.screen().value.replace("_", " ")
        raise AssertionError(f"the code was not refused: the {screen} page shows")
    assert notice is Notice.WRONG_CODE, f"the notice shown is {notice}, not that the code is wrong"


@then("multi-factor authentication is on and a backup code is shown")
def on_with_backup_code(context: Context) -> None:
    context.driver.open_backup_codes()
    assert context.driver.shows(Screen.BACKUP_CODE), context.driver.screen()
    assert context.driver.backup_codes(), "no backup code is shown"


@then("{who:Who} is shown as many backup codes as the product declares")
def declared_number_of_backup_codes(context: Context, who: str) -> None:
    declared = context.target.policy.backup_codes.count
    if declared is None:
        raise NotApplicable("the target's profile declares no number of backup codes ([policy])")
    context.driver.open_backup_codes()
    shown = len(context.driver.backup_codes())
    assert shown == declared, f"{shown} backup codes shown, the profile declares {declared}"


@when("{who:Who} copies the backup code")
def copy_backup_code(context: Context, who: str) -> None:
    context.driver.open_backup_codes()
    codes = context.driver.backup_codes()
    assert codes, "no backup code is shown"
    context.cast.keep_backup_codes(context.cast[who], codes)


@then("{who:Who} gets in, past any new backup code the product declares")
def gets_in_with_backup_code(context: Context, who: str) -> None:
    after_use = context.target.policy.backup_codes.after_use
    replaced = after_use is AfterUse.REPLACED
    if after_use is None:  # not declared: whatever the product shows on the way in
        replaced = context.driver.screen() is Screen.BACKUP_CODE
    if replaced:
        context.execute_steps(
            """
            Then she is shown a new backup code
            When she copies the backup code
            And she clicks Done
            """
        )
    assert context.driver.shows(Screen.DASHBOARD), context.driver.screen()


@then("each backup code carries at least {bits:d} bits of entropy, estimated from the codes shown")
def backup_code_entropy(context: Context, bits: int) -> None:
    context.driver.open_backup_codes()
    estimate = estimated_entropy(context.driver.backup_codes())
    print(f"estimated entropy of each backup code: {estimate:.1f} bits")
    assert estimate >= bits, f"the backup codes carry about {estimate:.1f} bits each"


@then("no page of {their:Their} account shows a backup code")
def no_backup_code_on_pages(context: Context, their: str) -> None:
    person = context.cast[their]
    kept = {
        compact(code).upper() for codes in context.cast.backup_codes[person.label] for code in codes
    }
    for place in (Place.DASHBOARD, Place.ACCOUNT_SETTINGS):
        context.driver.visit(place)
        if place is Place.ACCOUNT_SETTINGS:
            context.driver.open_mfa_section()
        text = compact(context.driver.page_text()).upper()
        assert not any(code in text for code in kept), f"a backup code is shown on {place.value}"


@when("{who:Who} clicks Done")
def click_done(context: Context, who: str) -> None:
    context.driver.finish_setup()


@then("{who:Who} no longer sees the backup code")
@then("no backup code is shown")
def backup_code_gone(context: Context, who: str = "") -> None:
    assert not context.driver.backup_codes(), "a backup code is still shown"


@then("{who:Who} is shown a new backup code")
def new_backup_code(context: Context, who: str) -> None:
    shown = context.driver.backup_codes()
    kept = {
        code
        for codes in context.cast.backup_codes.get(context.cast[who].label, [])
        for code in codes
    }
    assert shown and not kept & set(shown), "no new backup code is shown"


@when("{who:Who} logs in with {their:Their} backup code")
def log_in_backup_code(context: Context, who: str, their: str) -> None:
    context.driver.submit_backup_code(context.cast.backup_codes[context.cast[who].label][-1][0])


@when("{who:Who} logs in with {their:Their} old backup code")
def log_in_old_backup_code(context: Context, who: str, their: str) -> None:
    context.driver.submit_backup_code(context.cast.backup_codes[context.cast[who].label][0][0])


def submit(context: Context, button: str, code: str) -> None:
    """Type a code into the form whose button is named."""
    if button == "Verify":
        context.driver.submit_setup_code(code)
    else:
        context.driver.submit_login_code(code)
