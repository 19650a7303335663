"""Organisation settings: the team requirement and its confirmation pop-up."""

from behave import given, then, when
from behave.runner import Context

from mfaspec.driver import Place, Screen


@given("{who:Who} has opened the organisation's Security & SSO settings")
def open_security(context: Context, who: str) -> None:
    context.driver.visit(Place.SECURITY_SETTINGS)
    assert context.driver.shows(Screen.SECURITY_SETTINGS), context.driver.screen()


@then("the team requirement for two-factor authentication is {state}")
def requirement(context: Context, state: str) -> None:
    shown = "on" if context.driver.team_requirement() else "off"
    assert shown == state, f"the team requirement for two-factor authentication is {shown}"


@when("{who:Who} clicks the two-factor authentication switch")
def click_switch(context: Context, who: str) -> None:
    context.driver.flip_team_requirement()


@then("a pop-up asks {pronoun} to confirm")
def popup_shown(context: Context, pronoun: str) -> None:
    assert context.driver.confirmation_popup_shown(), "no confirmation pop-up"


@when('{who:Who} answers "{answer}"')
def answer(context: Context, who: str, answer: str) -> None:
    context.driver.answer_popup({"Yes": True, "Cancel": False}[answer])
    assert not context.driver.confirmation_popup_shown(), "the pop-up is still open"


@when("a page on another site submits the team two-factor switch in {their:Their} browser")
def forged_switch(context: Context, their: str) -> None:
    context.forgery_carried_session = context.driver.forge_team_switch(same_site=False)


@when(
    "a page at another address of the same site submits the team two-factor switch"
    " in {their:Their} browser"
)
def forged_switch_same_site(context: Context, their: str) -> None:
    context.forgery_carried_session = context.driver.forge_team_switch(same_site=True)


@then("the form went without {their:Their} session")
def forgery_without_session(context: Context, their: str) -> None:
    assert not context.forgery_carried_session, (
        "the browser sent the session cookie with a form posted from another site"
        " (its SameSite attribute lets it go along)"
    )


@when("{who:Who} resets the two-factor authentication of {member:Who}")
def reset_member(context: Context, who: str, member: str) -> None:
    context.driver.reset_member_mfa(context.cast[member])
    notice = context.driver.notice()
    assert notice is None, f"notice shown: {notice or 'none'}"


@when(
    "a page at another address of the same site shows the organisation's security settings"
    " in a frame"
)
def framed_security_settings(context: Context) -> None:
    context.framed_page_shown = context.driver.frame_from_same_site(Place.SECURITY_SETTINGS)


@then("the settings do not show inside that page")
def framed_page_refused(context: Context) -> None:
    assert not context.framed_page_shown, (
        "another page showed the organisation's security settings in a frame"
        " (no frame-ancestors directive, no X-Frame-Options)"
    )


@when("{who:Who} follows each link and button of the page, one at a time")
def follow_each(context: Context, who: str) -> None:
    context.ways_out = context.driver.ways_out(context.cast[who])


@then("each of them leaves {pronoun} setting up two-factor authentication, or logged out")
def each_stays(context: Context, pronoun: str) -> None:
    allowed = (Screen.REQUIRED_SETUP, Screen.LOG_IN)
    elsewhere = [
        f"{name!r} → {screen.value}" for name, screen in context.ways_out if screen not in allowed
    ]
    assert context.ways_out, "the page has no link or button to follow"
    assert not elsewhere, f"these lead elsewhere: {', '.join(elsewhere)}"
