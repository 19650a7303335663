"""The browser driver: a real browser (Playwright) on any deployment a target profile describes.

Nothing here knows the reference application: every path, label and locator comes from the
profile (docs/profile.md). The driver clicks and reads as a person would; the QR code is read
from a screenshot of the image, never from the page's markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from playwright.sync_api import BrowserContext, Request
from playwright.sync_api import Locator as PageLocator

from mfaspec import secrets as run_secrets
from mfaspec.driver import (
    Enrolment,
    MailKind,
    MenuItem,
    MfaSection,
    MfaState,
    NotApplicable,
    Notice,
    Person,
    Place,
    Screen,
)
from mfaspec.drivers.accounts import AccountBook, TargetClock
from mfaspec.drivers.document import DocumentWatch
from mfaspec.drivers.element import Element, LocatorFoundNothing, origin_of
from mfaspec.drivers.errors import BrowserDriverError
from mfaspec.drivers.forgery import (
    FOREIGN_PAGE,
    carries_cookies,
    frames_of,
    post_forged_form,
    same_site_page,
    scripts_read_cookies,
)
from mfaspec.drivers.forms import send_from_page
from mfaspec.drivers.locating import backup_code_form, find
from mfaspec.drivers.mail import MailReader
from mfaspec.drivers.race import race_login_codes
from mfaspec.drivers.session import SessionCookies
from mfaspec.policy import Asks
from mfaspec.profile.locators import AnyOf, Flow, OptionalSteps, Step, StepAction, placeholders
from mfaspec.profile.model import AccountSource, Ui
from mfaspec.qr import decode_qr

if TYPE_CHECKING:  # the target opens drivers; a driver only refers to its target
    from mfaspec.drivers.browser_target import BrowserTarget

# The controls whose text or picture is a secret: a failure screenshot paints over them.
SECRET_CONTROLS = ("qr_image", "manual_key", "backup_code_text")
# Every field a person types into: what was typed (a code, a backup code) is painted over too.
TYPED_FIELDS = (
    "textarea, input:not([type=hidden], [type=radio], [type=checkbox], [type=submit],"
    " [type=button], [type=image], [type=reset])"
)
# The controls whose text is a secret: registered whenever shown, read by a step or not.
SECRET_TEXTS = ("manual_key", "backup_code_text")
T = TypeVar("T")


class BrowserDriver:
    """What a person does and sees in one browser context, following the profile."""

    def __init__(
        self, target: BrowserTarget, context: BrowserContext, ui: Ui, scenario: str
    ) -> None:
        self.target = target
        self.profile = target.profile
        self.context = context
        self.page = context.new_page()
        self.ui = ui
        self.scenario = scenario
        self.accounts = AccountBook(self.profile, target.hooks, target.identity_provider_hooks)
        self.clock = TargetClock(self.profile.clock_hook, target.hooks)
        self.mail = MailReader(self.profile, target.messages, self.accounts)
        self.session = SessionCookies(context, target.base_url, self.profile.target.session_cookie)
        self.document = DocumentWatch(self.page)
        self._typed: dict[str, str] = {}  # the values of whoever last logged in, for steps
        for entry in self.profile.optional_steps:  # before any action, whenever it shows
            self.page.add_locator_handler(
                self._find(entry.when).found,
                lambda _, entry=entry: self._run_optional(entry),
                no_wait_after=True,
            )
        self.page.on("request", self._note_request)
        for name in SECRET_TEXTS:
            if name in ui.controls:
                self.page.add_locator_handler(  # a list of codes: one is enough to look
                    self._find(ui.controls[name]).found.first,
                    lambda _: self.remember_secrets_shown(),
                    no_wait_after=True,
                )

    def _note_request(self, request: Request) -> None:
        """Count a page load or form post: it may make the target send mail."""
        if request.is_navigation_request() or request.method != "GET":
            self.mail.note_request()

    def remember_secrets_shown(self) -> None:
        """Register the key and backup code on screen, read by a step or not, for masking."""
        self.page.wait_for_load_state("domcontentloaded")
        for name in SECRET_TEXTS:
            if name in self.ui.controls:
                for text in self._control(name).texts():
                    for shown in (text, *text.splitlines()):  # a list of codes in one element
                        if shown.strip():
                            run_secrets.remember(shown.strip())

    # -- finding things ---------------------------------------------------------------------

    def _find(self, alternatives: AnyOf, scope: Element | None = None) -> Element:
        """Return the element for a profile value, on the page or within ``scope``."""
        self.document.check()
        found = find(self.page if scope is None else scope.found, alternatives)
        return Element(found, origin_of(alternatives), self.page)

    def _control(self, name: str) -> Element:
        if name not in self.ui.controls:
            raise NotApplicable(f"the target profile has no locator for {name!r}")
        return self._find(self.ui.controls[name])

    def _revealed(self, name: str) -> Element:
        """Return a control to read, first running its ``[reveal]`` steps if they can show it.

        They run when the control is hidden and the element of their first step is shown (a
        closed ``<details>``' summary, a "Show" button), so a control already open stays open.
        """
        control = self._control(name)
        steps = self.profile.reveal.get(name, ())
        if steps and not self._shown(control) and self._shown(self._find(steps[0].locator)):
            for step in steps:
                self._run(step, self._typed)
        return control

    def _shown(self, element: Element) -> bool:
        """Return whether the element is visible once the page is parsed."""
        self.page.wait_for_load_state("domcontentloaded")
        return element.shown()

    def _first_shown(self, entries: Mapping[T, AnyOf]) -> T | None:
        """Return the first entry (in profile order) whose locator is visible now."""
        return next((key for key, found in entries.items() if self._shown(self._find(found))), None)

    def _notice_in(self, scope: Element | None) -> Notice | None:
        """Return the first notice visible (in ``scope``); one look when there is none."""
        every = tuple(locator for found in self.ui.notices.values() for locator in found)
        if not self._shown(self._find(every, scope)):
            return None
        return next(
            (n for n, found in self.ui.notices.items() if self._shown(self._find(found, scope))),
            None,
        )

    def _settled_screen(self, passes: int = 3) -> Screen | None:
        """Return the screen shown, first waiting for any screen or notice of the profile.

        An optional entry's page (a "confirm your password" page) is passed through on the way.
        """
        screen = self._first_shown(self.ui.screens)
        if screen is not None or self._notice_in(None) is not None:
            return screen
        optional = [entry.when for entry in self.profile.optional_steps]
        known = [*self.ui.screens.values(), *self.ui.notices.values(), *optional]
        try:
            self._find(tuple(locator for found in known for locator in found)).wait_for()
        except LocatorFoundNothing:
            title = self.page.title()
            raise BrowserDriverError(
                f"no screen or notice of the profile matched anything on {self.page.url}"
                f" (page title {title!r}); the screens start at {self._screens_origin()}"
            ) from None
        if passes > 1 and self._optional_steps():
            return self._settled_screen(passes - 1)
        return self._first_shown(self.ui.screens)

    def _screens_origin(self) -> str:
        """Return the first screen key of the profile, with its file and line."""
        return origin_of(next(iter(self.ui.screens.values())))

    def _goto(self, path: str) -> None:
        self.remember_secrets_shown()
        self.document.open(self.target.base_url + path)
        self._optional_steps()

    def _optional_steps(self) -> bool:
        """Run each optional entry whose element shows; return whether any ran."""
        ran = False
        for entry in self.profile.optional_steps:
            if self._shown(self._find(entry.when)):
                self._run_optional(entry)
                ran = True
        return ran

    def _run_optional(self, entry: OptionalSteps) -> None:
        """Run an optional entry; one typing a value nobody has given yet waits for a login."""
        if all(placeholders(step.value) <= set(self._typed) for step in entry.steps):
            for step in entry.steps:
                self._run(step, self._typed)

    def _run_flow(self, flow: Flow) -> None:
        """Run the steps the profile gives for an action, with the logged-in person's values."""
        for step in self.profile.flows[flow]:
            self._run(step, self._typed)

    def _run(self, step: Step, values: Mapping[str, str]) -> None:
        if step.action is StepAction.GOTO:
            self._goto(step.value)
        elif step.action is StepAction.CLICK:
            self._find(step.locator).click()
        else:
            self._find(step.locator).fill(step.value.format_map(values))

    def _path(self, key: str) -> str:
        if key not in self.ui.paths:
            raise NotApplicable(f"the target profile has no path for {key!r}")
        return self.ui.paths[key]

    # -- accounts, time and the world -------------------------------------------------------

    def now(self) -> float:
        """Return the target's time (its clock hook), or this machine's without clock control."""
        return self.clock.now()

    def advance_clock(self, seconds: float) -> None:
        """Move the target's clock forward through its clock hook."""
        self.clock.advance(seconds)

    def account_address(self, person: Person) -> str:
        """Return the e-mail address of the person's account on this target."""
        return self.accounts.address(person)

    def create_account(self, person: Person, *, email_verified: bool, sso: bool) -> None:
        """Create the account through the hook or the sign-up flow, or check it is listed."""
        if self.profile.accounts.source is AccountSource.SIGNUP:
            self._sign_up(person, email_verified=email_verified, sso=sso)
        else:
            self.accounts.create_account(person, email_verified=email_verified, sso=sso)

    def _sign_up(self, person: Person, *, email_verified: bool, sso: bool) -> None:
        signup = self.profile.accounts.signup
        assert signup is not None
        if sso:
            raise NotApplicable("single sign-on accounts cannot be made by signing up")
        values = self.accounts.fill_values(person)
        for step in signup.steps:
            self._run(step, values)
        self._find(signup.done).wait_for(state="visible")
        if email_verified and signup.verify_link_text is not None:
            link = self.mail.newest_link(person, signup.verify_link_text, None)
            self.document.open(link)
        self.context.clear_cookies()

    def create_team(self, admin: Person, members: Sequence[Person], *, sso: bool = False) -> None:
        """Create the organisation through the hook, or check it is listed."""
        self.accounts.create_team(admin, members, sso=sso)

    def turn_on_mfa_directly(self, person: Person) -> Enrolment:
        """Turn 2FA on through the profile's turn_on_mfa hook; return what it hands over."""
        return self.accounts.turn_on_mfa_directly(person)

    def set_identity_provider_claims(self, person: Person, *, email_verified: bool) -> None:
        """Remember what the provider's claims hook will be told before the person signs in."""
        self.accounts.set_identity_provider_claims(person, email_verified=email_verified)

    # -- logging in and out -----------------------------------------------------------------

    def log_in(self, person: Person, password: str) -> None:
        """Open the login page (unless on screen), type the e-mail or user name and password."""
        field, name = self.accounts.login_name(person)
        if not self._shown(self._control(field)):
            self._goto(self._path("log_in"))
        self._control(field).fill(name)
        self._control("login_password").fill(self.accounts.password(person, password))
        self._typed = {
            **self.accounts.fill_values(person),
            "password": self.accounts.password(person, password),
        }
        self._control("login_submit").click()

    def log_in_directly(self, person: Person, code: Callable[[], str] | None) -> None:
        """Log in through the profile's log_in hook: its cookies set, the dashboard opened."""
        self.session.plant(self.accounts.log_in_directly(person, code))
        self._typed = self.accounts.fill_values(person)
        self.visit(Place.DASHBOARD)

    def sign_in_with_sso(self, person: Person) -> None:
        """Tell the provider what to say (with a claims hook), then follow the profile's steps.

        The steps go from the login page to the identity provider's own page and back, through
        the real redirects.
        """
        sso = self.profile.sso
        if not sso.steps:
            raise NotApplicable("the target offers no single sign-on")
        self.accounts.tell_identity_provider(person)
        self._goto(self._path("log_in"))
        values = self.accounts.fill_values(person)
        for step in sso.steps:
            self._run(step, values)

    def submit_login_code(self, code: str) -> None:
        """Type the code where login asks for it and click Log in."""
        self._control("code_field").fill(code)
        self._control("code_submit").click()

    def submit_backup_code(self, code: str) -> None:
        """Switch to the backup-code form if there is one and it is hidden, type, click Log in."""
        field_locator, submit_locator = backup_code_form(self.ui.controls)
        field = self._find(field_locator)
        if not self._shown(field):
            if Flow.USE_BACKUP_CODE in self.profile.flows:
                self._run_flow(Flow.USE_BACKUP_CODE)
            elif "use_backup_code" in self.ui.controls:
                self._control("use_backup_code").click()
        field.fill(code)
        self._find(submit_locator).click()

    def log_out(self) -> None:
        """Run the log-out flow, or click Log out, opening the profile menu first when needed."""
        if Flow.LOG_OUT in self.profile.flows:
            self._run_flow(Flow.LOG_OUT)
            return
        entry = self._menu_entry(MenuItem.LOG_OUT)
        if not self._shown(entry) and "profile_menu" in self.ui.controls:
            self._control("profile_menu").click()
        entry.click()

    def visit(self, place: Place) -> None:
        """Type the page's address."""
        self._goto(self._path(place.value))

    def race_login_codes(self, person: Person, code: str, browsers: int) -> int:
        """Log in with the password in several browsers, then click Log in in all at one instant."""
        return race_login_codes(
            self.target.new_context,
            self.ui,
            login_url=self.target.base_url + self._path("log_in"),
            login=self.accounts.login_name(person),
            password=self.accounts.password(person, person.password),
            code=code,
            browsers=browsers,
        )

    # -- the session ------------------------------------------------------------------------

    def session_fingerprint(self) -> str:
        """Return a digest of the session cookie(s) the browser holds."""
        return self.session.fingerprint()

    def keep_session_copy(self) -> None:
        """Copy the session cookie(s) aside."""
        self.session.keep_copy()

    def restore_session_copy(self) -> None:
        """Replace the browser's cookies by the copy and open the dashboard."""
        self.session.restore_copy()
        self.visit(Place.DASHBOARD)

    def forge_team_switch(self, *, same_site: bool) -> bool:
        """Open a page elsewhere whose form posts the team switch to the target at once.

        Return whether the request carried the session cookie(s).
        """
        forgery = self.profile.team_switch_forgery
        if forgery is None:
            raise NotApplicable("the target profile describes no cross-site form")
        base_url = self.target.base_url
        origin = same_site_page(base_url) if same_site else FOREIGN_PAGE
        sent = post_forged_form(self.page, origin, base_url + forgery.action, forgery)
        names = {cookie["name"] for cookie in self.session.held()}
        return carries_cookies(sent.all_headers().get("cookie", ""), names)

    def frame_from_same_site(self, place: Place) -> bool:
        """Frame ``place`` in a page at another address of the target's site.

        Return whether any screen of the profile shows inside the frame (it was not refused).
        """
        url = self.target.base_url + self._path(place.value)
        frames = frames_of(self.page, same_site_page(self.target.base_url), url)
        screens = self.ui.screens.values()
        return any(
            find(frame, screen).filter(visible=True).count()
            for frame in frames
            for screen in screens
        )

    def scripts_can_read_session(self) -> bool:
        """Return whether the page's scripts see a session cookie."""
        return scripts_read_cookies(self.page, {cookie["name"] for cookie in self.session.held()})

    # -- what is on screen ------------------------------------------------------------------

    def screen(self) -> Screen:
        """Return the first screen of the profile whose locator is visible."""
        screen = self._settled_screen()
        if screen is None:
            raise BrowserDriverError(
                f"no screen of the profile matched anything on {self.page.url};"
                f" the screens start at {self._screens_origin()}"
            )
        return screen

    def notice(self) -> Notice | None:
        """Return the first notice of the profile that is visible, if any."""
        self._settled_screen()
        return self._notice_in(None)

    # -- profile settings -------------------------------------------------------------------

    def _menu_entry(self, item: MenuItem) -> Element:
        if item not in self.ui.menu:
            raise NotApplicable(f"the target profile has no menu entry {item.value!r}")
        return self._find(self.ui.menu[item])

    def open_profile_menu(self) -> None:
        """Click the profile picture and wait for the menu."""
        self._control("profile_menu").click()
        self._menu_entry(MenuItem.LOG_OUT).wait_for(state="visible")

    def profile_menu(self) -> frozenset[MenuItem]:
        """Return the menu entries that are visible; not applicable unless all are located.

        An entry the profile does not locate can be neither seen nor missed, so what the menu
        offers is read only when the profile locates every entry.
        """
        unlocated = [item.value for item in MenuItem if item not in self.ui.menu]
        if unlocated:
            raise NotApplicable(f"the target profile has no menu entry {', '.join(unlocated)}")
        return frozenset(item for item in self.ui.menu if self._shown(self._menu_entry(item)))

    def choose_menu_item(self, item: MenuItem) -> None:
        """Click a visible entry of the open menu."""
        entry = self._menu_entry(item)
        if not self._shown(entry):
            raise LookupError(f"the profile menu shows no {item.value!r} entry")
        entry.click()

    def open_mfa_section(self) -> None:
        """Bring the multi-factor section on screen: open the settings, then click the tab."""
        state = self._section_state()
        if self._shown(state):
            return
        tab = self._control("mfa_tab")
        if not self._shown(tab):
            self.visit(Place.ACCOUNT_SETTINGS)
        if not self._shown(state):
            tab.click()
        state.wait_for(state="visible")

    def _section(self) -> Element | None:
        container = self.ui.mfa_section.get("container")
        return None if container is None else self._find(container)

    def _section_state(self) -> Element:
        section = self.ui.mfa_section
        return self._find((*section["on"], *section["off"]), self._section())

    def mfa_section(self) -> MfaSection:
        """Read the section: on or off, what it offers, and any explanation."""
        self._section_state().wait_for(state="visible")
        scope = self._section()
        on = self._shown(self._find(self.ui.mfa_section["on"], scope))
        explanation = self._notice_in(scope)
        return MfaSection(
            MfaState.ON if on else MfaState.OFF,
            enable_offered=self._shown(self._control("enable")),
            disable_offered=self._shown(self._control("disable")),
            explanation=explanation,
        )

    def ask_to_enable(self) -> None:
        """Click Enable, or run its flow (opening the multi-factor section first if needed)."""
        enable = self._control("enable")
        if not self._shown(enable):
            self.open_mfa_section()
        if Flow.ENABLE in self.profile.flows:
            self._run_flow(Flow.ENABLE)
        else:
            enable.click()

    def force_enable_request(self) -> None:
        """From the page on screen, send the request Enable sends, as a person could by hand.

        The form is built in the page (as in the browser's developer tools), with the fields
        the profile copies from the page, such as its anti-forgery token.
        """
        request = self.profile.enable_request
        if request is None:
            raise NotApplicable("the target profile describes no Enable request ([requests])")
        send_from_page(self.page, request, self.target.base_url)

    def disable_mfa(self, password: str, code: str) -> None:
        """Click Disable (if its form is not open yet), type what it asks as declared, confirm."""
        asks = self.profile.policy.disable_asks
        if asks is None:
            raise NotApplicable("the target profile declares not what disabling asks ([policy])")
        self._confirmed_form("disable", asks, password, code)

    def regenerate_backup_code(self, password: str, code: str) -> None:
        """Ask for a new backup code, confirming with what the profile declares it asks."""
        asks = self.profile.policy.backup_codes.new_codes_ask
        if asks is None:
            raise NotApplicable("the target profile declares no way to ask for new backup codes")
        self._confirmed_form("regenerate", asks, password, code)

    def _confirmed_form(self, name: str, asks: Asks, password: str, code: str) -> None:
        """Open the form (its flow, or one click) unless open, fill what it asks, confirm."""
        typed = [(f"{name}_password", password)] if asks.password else []
        typed += [(f"{name}_code", code)] if asks.code else []
        first = self._control(typed[0][0] if typed else f"{name}_submit")
        if name == Flow.DISABLE and Flow.DISABLE in self.profile.flows:
            self._run_flow(Flow.DISABLE)
        elif not self._shown(first):
            self._control(name).click()
        for control, value in typed:
            self._control(control).fill(value)
        self._control(f"{name}_submit").click()

    # -- e-mail -----------------------------------------------------------------------------

    def received(self, person: Person) -> list[MailKind]:
        """Return the kinds of the person's messages the profile recognises, oldest first."""
        return self.mail.received(person)

    def follow_confirmation_link(self, person: Person, *, newest: bool = True) -> None:
        """Open the link of the newest (or the oldest) confirmation e-mail."""
        self.document.open(self.mail.confirmation_link(person, newest=newest))

    # -- set-up -----------------------------------------------------------------------------

    def qr_code_shown(self) -> bool:
        """Return whether a QR code image is visible."""
        self._settled_screen()
        return self._shown(self._control("qr_image"))

    def read_qr_code(self) -> str:
        """Screenshot the QR code image and decode it, as a phone's camera would."""
        image = self._revealed("qr_image")
        image.wait_for(state="visible")
        return decode_qr(image.screenshot())

    def secret_elements(self) -> list[PageLocator]:
        """Return the elements that show a secret, for screenshots to paint over."""
        names = [name for name in SECRET_CONTROLS if name in self.ui.controls]
        return [*(self._control(name).found for name in names), self.page.locator(TYPED_FIELDS)]

    def read_manual_key(self) -> str:
        """Return the key shown for typing by hand (an input's value, or the element's text)."""
        return self._revealed("manual_key").shown_text().strip()

    def submit_setup_code(self, code: str) -> None:
        """Type the code under "Verify your code" and click Verify."""
        self._control("setup_code").fill(code)
        self._control("setup_submit").click()

    def page_text(self) -> str:
        """Return the visible text of the page, as a person reads it."""
        self._settled_screen()
        return self.page.inner_text("body")

    def backup_codes(self) -> list[str]:
        """Return the backup codes on screen: every element the profile's locator matches."""
        self._settled_screen()
        shown = self._revealed("backup_code_text")
        if not self._shown(shown):
            return []
        # one code an element, or a list in one (a text area of lines)
        return [
            line.strip() for text in shown.texts() for line in text.splitlines() if line.strip()
        ]

    def open_backup_codes(self) -> None:
        """Go to the backup codes as the profile's flow describes, unless they are on screen."""
        if Flow.SHOW_BACKUP_CODES not in self.profile.flows:
            return
        if self._settled_screen() is not Screen.BACKUP_CODE or not self.backup_codes():
            self._run_flow(Flow.SHOW_BACKUP_CODES)

    def finish_setup(self) -> None:
        """Click Done."""
        self._control("done").click()

    # -- team enforcement -------------------------------------------------------------------

    def _team_switch(self) -> Element:
        switch = self._control("team_switch")
        if "security_tab" in self.ui.controls and not self._shown(switch):
            self._control("security_tab").click()
        switch.wait_for(state="visible")
        return switch

    def team_requirement(self) -> bool:
        """Return whether the team 2FA switch is on."""
        return self._team_switch().is_checked()

    def flip_team_requirement(self) -> None:
        """Click the team 2FA switch."""
        self._team_switch().click()

    def confirmation_popup_shown(self) -> bool:
        """Return whether the confirmation pop-up is visible."""
        return self._shown(self._control("popup"))

    def answer_popup(self, confirm: bool) -> None:
        """Click Yes or Cancel in the pop-up."""
        popup = self._control("popup")
        answer = self.ui.controls["popup_yes" if confirm else "popup_cancel"]
        self._find(answer, popup).click()

    def reset_member_mfa(self, member: Person) -> None:
        """In the member's row, click the reset button (and confirm, if the profile says so)."""
        if "member_row" not in self.ui.controls:
            raise NotApplicable("the target profile has no member rows to reset 2FA from")
        member_row = self.ui.controls["member_row"]
        row = find(self.page, member_row, self.accounts.fill_values(member))
        self._find(
            self.ui.controls["reset_member"], Element(row, origin_of(member_row), self.page)
        ).click()
        if "reset_confirm" in self.ui.controls:
            self._control("reset_confirm").click()
