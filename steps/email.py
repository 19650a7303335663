"""The person's mailbox: what arrives, and the confirmation link."""

from behave import given, then, when
from behave.runner import Context

from mfaspec.driver import MailKind, Notice, Screen


@then("{who:Who} receives an e-mail asking {pronoun} to confirm the request")
def receives_confirmation(context: Context, who: str, pronoun: str) -> None:
    received = context.driver.received(context.cast[who], MailKind.CONFIRM_ENABLE)
    assert MailKind.CONFIRM_ENABLE in received, received


@then("{who:Who} receives an e-mail saying multi-factor authentication is {state}")
def receives_state_change(context: Context, who: str, state: str) -> None:
    kind = {"on": MailKind.MFA_ENABLED, "off": MailKind.MFA_DISABLED}[state]
    received = context.driver.received(context.cast[who], kind)
    assert kind in received, received


@then("{who:Who} receives an e-mail saying {their:Their} backup code was used")
def receives_backup_code_used(context: Context, who: str, their: str) -> None:
    received = context.driver.received(context.cast[who], MailKind.BACKUP_CODE_USED)
    assert MailKind.BACKUP_CODE_USED in received, received


@then("{who:Who} receives an e-mail saying {their:Their} two-factor authentication was reset")
def receives_reset(context: Context, who: str, their: str) -> None:
    received = context.driver.received(context.cast[who], MailKind.MFA_RESET)
    assert MailKind.MFA_RESET in received, received


@when("{who:Who} opens the link in the confirmation e-mail")
@given("{who:Who} has opened the link in the confirmation e-mail")
def open_link(context: Context, who: str) -> None:
    context.driver.follow_confirmation_link(context.cast[who])


@when("{who:Who} opens the link in {their:Their} first confirmation e-mail")
def open_first_link(context: Context, who: str, their: str) -> None:
    context.driver.follow_confirmation_link(context.cast[who], newest=False)


@when("{who:Who} opens the link in {owner:Owner} confirmation e-mail")
def open_someone_elses_link(context: Context, who: str, owner: str) -> None:
    context.driver.follow_confirmation_link(context.cast[owner.removesuffix("'s")])


@then("the link is refused")
def link_refused(context: Context) -> None:
    notice = context.driver.notice()
    assert notice is Notice.LINK_REFUSED, f"notice shown: {notice or 'none'}"
    assert context.driver.screen() is not Screen.SETUP, context.driver.screen()
