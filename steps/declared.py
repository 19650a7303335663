"""The product's declared policy: as many wrong answers as it allows, its lifetimes and locks."""

import re

import parse
from behave import register_type, then, when
from behave.runner import Context

from mfaspec.driver import Notice, Place
from mfaspec.policy import Lockout, LockShown, Period, margin

# A person using the application opens a page at least this often (seconds).
IN_USE_STRETCH = 20 * 60
# NIST SP 800-63B-4 section 3.2.2: at most 100 consecutive failed attempts on one account.
MOST_FAILURES = 100
UNITS = {"minutes": 60, "hours": 3600}


@parse.with_pattern("|".join(re.escape(period.value) for period in Period))
def parse_period(text: str) -> Period:
    """A lifetime or lock the product declares, named as in the scenarios."""
    return Period(text)


register_type(Period=parse_period)


def expected_notice(lockout: Lockout, *, last: bool) -> Notice:
    """Return what a wrong answer shows: the last one allowed may already announce the lock."""
    if last and lockout.shown_at is LockShown.LAST_FAILURE:
        return Notice.LOCKED_OUT
    return Notice.WRONG_CODE


def enter_wrong_codes(context: Context, who: str, times: int, *, reaching_limit: bool) -> None:
    """Enter wrong codes at the login prompt, each refused as the declared lockout says."""
    lockout = context.target.policy.lockout(Period.CODE_LOCKOUT)
    phone = context.cast.phone(context.cast[who])
    for number in range(1, times + 1):
        context.driver.submit_login_code(
            phone.wrong_code(context.driver.now(), window=context.target.drift_window)
        )
        notice = context.driver.notice()
        expected = expected_notice(lockout, last=reaching_limit and number == times)
        assert notice is expected, f"wrong code {number}: notice shown: {notice or 'none'}"


@when("{who:Who} enters as many wrong codes as the product allows")
def wrong_codes_to_the_limit(context: Context, who: str) -> None:
    failures = context.target.policy.lockout(Period.CODE_LOCKOUT).failures
    enter_wrong_codes(context, who, failures, reaching_limit=True)


@when("{who:Who} enters one wrong code fewer than the product allows")
def wrong_codes_short_of_the_limit(context: Context, who: str) -> None:
    failures = context.target.policy.lockout(Period.CODE_LOCKOUT).failures
    enter_wrong_codes(context, who, failures - 1, reaching_limit=False)


@when("{who:Who} enters the last wrong code the product allows")
def last_wrong_code(context: Context, who: str) -> None:
    enter_wrong_codes(context, who, 1, reaching_limit=True)


@when("{who:Who} enters as many wrong backup codes as the product allows")
def wrong_backup_codes_to_the_limit(context: Context, who: str) -> None:
    lockout = context.target.policy.lockout(Period.CODE_LOCKOUT)
    kept = context.cast.backup_codes[context.cast[who].label][-1][0]
    for number in range(1, lockout.failures + 1):
        context.driver.submit_backup_code(kept[::-1])
        notice = context.driver.notice()
        expected = expected_notice(lockout, last=number == lockout.failures)
        assert notice is expected, f"wrong backup code {number}: notice shown: {notice or 'none'}"


@when("{who:Who} logs in with as many wrong passwords as the product allows")
def wrong_passwords_to_the_limit(context: Context, who: str) -> None:
    lockout = context.target.policy.lockout(Period.PASSWORD_LOCKOUT)
    person = context.cast[who]
    for number in range(1, lockout.failures + 1):
        context.driver.log_in(person, person.password + "-wrong")
        notice = context.driver.notice()
        last = number == lockout.failures and lockout.shown_at is LockShown.LAST_FAILURE
        expected = Notice.LOCKED_OUT if last else Notice.WRONG_CREDENTIALS
        assert notice is expected, f"wrong password {number}: notice shown: {notice or 'none'}"


@when("{who:Who} keeps entering wrong codes until {pronoun} is told there were too many attempts")
def wrong_codes_until_locked(context: Context, who: str, pronoun: str) -> None:
    phone = context.cast.phone(context.cast[who])
    for number in range(1, MOST_FAILURES + 2):
        context.driver.submit_login_code(
            phone.wrong_code(context.driver.now(), window=context.target.drift_window)
        )
        notice = context.driver.notice()
        if notice is Notice.LOCKED_OUT:
            context.wrong_codes_checked = number - 1
            return
        assert notice is Notice.WRONG_CODE, f"wrong code {number}: notice shown: {notice or 'none'}"
    context.wrong_codes_checked = MOST_FAILURES + 1


@then("no more than 100 wrong codes in a row were checked")
def at_most_100_checked(context: Context) -> None:
    checked = context.wrong_codes_checked
    assert checked <= MOST_FAILURES, f"{checked} wrong codes in a row were checked, not locked"


@then("the product allows no more than 100 wrong codes in a row")
def declared_at_most_100(context: Context) -> None:
    failures = context.target.policy.lockout(Period.CODE_LOCKOUT).failures
    assert failures <= MOST_FAILURES, f"the profile declares {failures} wrong codes in a row"


@then("{period:Period} is at most {amount:d} {unit}")
def declared_at_most(context: Context, period: Period, amount: int, unit: str) -> None:
    seconds = context.target.policy.seconds(period)
    assert seconds <= amount * UNITS[unit], f"the profile declares {seconds:g} s for {period}"


@when("it is just {side} the end of {period:Period}")
@when("it is just {side} the end of {period:Period}, {who:Who} having kept using the application")
def just_around_the_end(context: Context, side: str, period: Period, who: str = "") -> None:
    seconds = context.target.policy.seconds(period)
    offset = {"before": -margin(seconds), "after": margin(seconds)}[side]
    if who:
        keep_using(context, seconds + offset)
    else:
        context.driver.advance_clock(seconds + offset)


@when("{minutes:d} minutes pass while {who:Who} keeps using the application")
def minutes_pass_in_use(context: Context, minutes: int, who: str) -> None:
    keep_using(context, minutes * 60)


def keep_using(context: Context, seconds: float) -> None:
    """Move the clock in short stretches, opening the dashboard after each, as a person at work.

    A stretch ends just before the idle timeout the product declares, if it declares one.
    """
    idle = context.target.policy.session_idle
    stretch_most = IN_USE_STRETCH if idle is None else idle - margin(idle)
    while seconds > 0:
        stretch = min(seconds, stretch_most)
        context.driver.advance_clock(stretch)
        context.driver.visit(Place.DASHBOARD)
        seconds -= stretch
