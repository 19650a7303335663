"""One browser page as a target profile describes it: finding, reading and moving around.

Nothing here knows the reference application: every path, label and locator comes from the
profile (docs/profile.md). The driver clicks and reads as a person would.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

from playwright.sync_api import BrowserContext, Request
from playwright.sync_api import Locator as PageLocator

from mfaspec import secrets as run_secrets
from mfaspec.driver import MenuItem, NotApplicable, Notice, Place, Screen
from mfaspec.drivers.accounts import AccountBook, TargetClock
from mfaspec.drivers.document import DocumentWatch
from mfaspec.drivers.element import Element, LocatorFoundNothing, origin_of
from mfaspec.drivers.errors import BrowserDriverError
from mfaspec.drivers.locating import find, find_every
from mfaspec.drivers.mail import MailReader
from mfaspec.drivers.session import SessionCookies
from mfaspec.profile.locators import AnyOf, Flow, OptionalSteps, Step, StepAction, placeholders
from mfaspec.profile.model import Ui

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


class ProfilePage:
    """One browser context's page, read and driven through the profile's locators."""

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
        self._qr_read: tuple[tuple[int, str], str] | None = None  # the image last decoded
        for entry in self.profile.optional_steps:  # before any action, whenever it shows
            self.page.add_locator_handler(
                self._find(entry.when).found,
                lambda _, entry=entry: self._run_optional(entry),
                no_wait_after=True,
            )
        self.page.on("request", self._note_request)
        self._secret_texts = tuple(
            locator for name in SECRET_TEXTS if name in ui.controls for locator in ui.controls[name]
        )
        # what reveals a hidden secret (a closed <details>' summary) shows it is on the page
        revealing = tuple(
            locator
            for name in SECRET_TEXTS
            for step in self.profile.reveal.get(name, ())[:1]
            for locator in step.locator
        )
        if self._secret_texts:
            self.page.add_locator_handler(  # one of them, or one of a list of codes, is enough
                find_every(self.page, (*self._secret_texts, *revealing)).first,
                lambda _: self.remember_secrets_shown(),
                no_wait_after=True,
            )

    def _note_request(self, request: Request) -> None:
        """Count a page load or form post: it may make the target send mail."""
        if request.is_navigation_request() or request.method != "GET":
            self.mail.note_request()

    def remember_secrets_shown(self) -> None:
        """Register the key and backup codes on the page, shown or hidden, for masking."""
        if not self._secret_texts:
            return
        self.page.wait_for_load_state("domcontentloaded")
        every = Element(find_every(self.page, self._secret_texts), "secrets", self.page)
        for text in every.held_texts():  # all of them, in one look
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

    def visit(self, place: Place) -> None:
        """Type the page's address."""
        self._goto(self._path(place.value))

    # -- menu entries -----------------------------------------------------------------------

    def _menu_entry(self, item: MenuItem) -> Element:
        if item not in self.ui.menu:
            raise NotApplicable(f"the target profile has no menu entry {item.value!r}")
        return self._find(self.ui.menu[item])

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

    def shows(self, screen: Screen) -> bool:
        """Return whether ``screen`` is the first screen of the profile whose locator is visible.

        Two looks when it is: that screen, then every screen before it in the profile at once.
        """
        screens = list(self.ui.screens)
        if screen in screens and self._shown(self._find(self.ui.screens[screen])):
            earlier = [
                loc for key in screens[: screens.index(screen)] for loc in self.ui.screens[key]
            ]
            if not earlier or not self._shown(self._find(tuple(earlier))):
                return True
        return self.screen() is screen

    def notice(self) -> Notice | None:
        """Return the first notice of the profile that is visible, if any."""
        self._settled_screen()
        return self._notice_in(None)

    def secret_elements(self) -> list[PageLocator]:
        """Return the elements that show a secret, for screenshots to paint over."""
        names = [name for name in SECRET_CONTROLS if name in self.ui.controls]
        return [*(self._control(name).found for name in names), self.page.locator(TYPED_FIELDS)]

    def page_text(self) -> str:
        """Return the visible text of the page, as a person reads it."""
        self._settled_screen()
        return self.page.inner_text("body")

    def answer(self) -> str:
        """Return the status of the page's document, then all the text it shows."""
        text = self.page_text()
        return f"{self.document.status}\n{text}"
