"""An element the profile names, found on the page: acting on it names the profile's key.

A Playwright action waits for its element up to the profile's patience. When nothing matches,
the scenario is broken, not failed: the error names the profile key (file and line) and the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator as PageLocator
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from mfaspec.driver import HarnessError
from mfaspec.profile.locators import AnyOf

State = Literal["attached", "detached", "hidden", "visible"]

# What a person reads in an element: a field's value (an input, a text area), else its text.
SHOWN_TEXTS = """elements => elements.map(el =>
    el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : el.innerText
)"""
# What an element holds, shown or not (a key in a closed <details> has no shown text): a field's
# value, else its text as laid out (lines) and as written.
HELD_TEXTS = """elements => elements.flatMap(el =>
    el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement
        ? [el.value] : [el.innerText, el.textContent]
)"""


# What Playwright says when a numeric field (type="number") is filled with other characters.
NOT_A_NUMBER = "Cannot type text into input[type=number]"


class LocatorFoundNothing(HarnessError):
    """A profile key's locator matched nothing on the page within the profile's patience."""


class LocatorFoundWrongElement(HarnessError):
    """A profile key's locator matched an element the action cannot apply to (a radio to fill)."""


def origin_of(alternatives: AnyOf) -> str:
    """Return the profile keys a value comes from, each with its file and line."""
    keys = dict.fromkeys(locator.origin or "a locator" for locator in alternatives)
    return " or ".join(keys)


@dataclass(frozen=True)
class Element:
    """A Playwright locator for a profile value, and the key of the profile it comes from."""

    found: PageLocator
    origin: str
    page: Page

    @contextmanager
    def _patience(self, wanted: str) -> Iterator[None]:
        """Turn Playwright's time-out into a broken scenario that names the key and the page."""
        try:
            yield
        except PlaywrightTimeout as error:
            raise LocatorFoundNothing(
                f"the profile's {self.origin} matched nothing {wanted} on {self.page.url}"
            ) from error
        except PlaywrightError as error:
            if self.page.is_closed():
                raise
            reason = error.message.splitlines()[0].removeprefix("Error: ")
            where = self.page.url
            raise LocatorFoundWrongElement(
                f"the profile's {self.origin} matched the wrong element on {where}: {reason}"
            ) from error

    def shown(self) -> bool:
        """Return whether the locator matches a visible element now."""
        return self.found.filter(visible=True).count() > 0

    def click(self) -> None:
        """Click the element."""
        with self._patience("to click"):
            self.found.click()

    def fill(self, text: str) -> None:
        """Type ``text`` into the element, replacing what it held.

        A numeric field (``type="number"``) takes key by key what a person's typing would leave
        in it: the browser drops the characters it does not allow, such as a space.
        """
        with self._patience("to type into"):
            try:
                self.found.fill(text)
            except PlaywrightError as error:
                if NOT_A_NUMBER not in error.message:
                    raise
                self.found.fill("")
                self.found.press_sequentially(text)

    def wait_for(self, state: State = "visible") -> None:
        """Wait for the element to reach ``state``."""
        with self._patience(state):
            self.found.wait_for(state=state)

    def inner_text(self) -> str:
        """Return the element's text as shown."""
        with self._patience("to read"):
            return self.found.inner_text()

    def texts(self) -> list[str]:
        """Return what a person reads in every element the locator matches (a list of codes)."""
        texts: list[str] = self.found.evaluate_all(SHOWN_TEXTS)
        return texts

    def held_texts(self) -> list[str]:
        """Return what every element the locator matches holds, shown or hidden."""
        texts: list[str] = self.found.evaluate_all(HELD_TEXTS)
        return texts

    def shown_text(self) -> str:
        """Return what a person reads in the element: a field's value, or its text.

        An element the page holds but does not show breaks the scenario saying so: the profile
        may need a ``[reveal]`` entry for it.
        """
        try:
            with self._patience("to read"):
                self.found.wait_for(state="visible")
        except LocatorFoundNothing as nothing:
            if not self.found.count():
                raise
            raise LocatorFoundNothing(
                f"the profile's {self.origin} matched only an element hidden on {self.page.url};"
                " a [reveal] entry for it can give the steps that show it"
            ) from nothing.__cause__
        return self.texts()[0]

    def is_checked(self) -> bool:
        """Return whether the element (a switch or check box) is on."""
        with self._patience("to read"):
            return self.found.is_checked()

    def screenshot(self) -> bytes:
        """Return a picture of the element, still (no animation, no caret)."""
        with self._patience("to photograph"):
            return self.found.screenshot(animations="disabled", caret="initial")
