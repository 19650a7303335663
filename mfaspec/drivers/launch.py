"""Which browser the browser target launches, how, and what evidence it keeps of a scenario.

The options come from behave's ``-D`` values, which ``mfaspec run`` sets from its own options:
``browser``, ``browser_path``, ``connect``, ``headed``, ``slowmo``, ``trace``, ``screenshot``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

# Debian's chromium, used where present; elsewhere Playwright's own browsers.
DEBIAN_CHROMIUM = ("/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


E = TypeVar("E", bound=StrEnum)


class BrowserName(StrEnum):
    """The browser engines Playwright drives."""

    CHROMIUM = "chromium"
    FIREFOX = "firefox"
    WEBKIT = "webkit"


class TraceMode(StrEnum):
    """When a scenario's Playwright trace is kept."""

    ON = "on"
    OFF = "off"
    RETAIN_ON_FAILURE = "retain-on-failure"


class ScreenshotMode(StrEnum):
    """When a screenshot is taken at the end of a scenario."""

    ON = "on"
    OFF = "off"
    ONLY_ON_FAILURE = "only-on-failure"


class BrowserUnavailable(RuntimeError):
    """The browser asked for cannot be launched or reached; the message says how to get one."""


@dataclass(frozen=True)
class BrowserOptions:
    """How to obtain the run's browser and what to keep of each scenario."""

    name: BrowserName = BrowserName.CHROMIUM
    executable: str = ""
    connect: str = ""
    headed: bool = False
    slowmo: float = 0.0
    trace: TraceMode = TraceMode.OFF
    screenshot: ScreenshotMode = ScreenshotMode.ONLY_ON_FAILURE

    @classmethod
    def from_userdata(cls, userdata: Mapping[str, str]) -> BrowserOptions:
        """Read the ``-D`` values; a value out of its choices raises ValueError naming it."""
        return cls(
            name=_choice(BrowserName, userdata, "browser", BrowserName.CHROMIUM),
            executable=userdata.get("browser_path") or os.environ.get("MFASPEC_BROWSER", ""),
            connect=userdata.get("connect", ""),
            headed=userdata.get("headed", "false").lower() in ("1", "true", "yes", "on"),
            slowmo=float(userdata.get("slowmo", "0")),
            trace=_choice(TraceMode, userdata, "trace", TraceMode.OFF),
            screenshot=_choice(
                ScreenshotMode, userdata, "screenshot", ScreenshotMode.ONLY_ON_FAILURE
            ),
        )

    def keeps_trace(self, *, failed: bool) -> bool:
        """Return whether a scenario's trace is kept."""
        return self.trace is TraceMode.ON or (failed and self.trace is TraceMode.RETAIN_ON_FAILURE)

    def keeps_screenshot(self, *, failed: bool) -> bool:
        """Return whether a scenario ends with a screenshot."""
        return self.screenshot is ScreenshotMode.ON or (
            failed and self.screenshot is ScreenshotMode.ONLY_ON_FAILURE
        )


def _choice(kind: type[E], userdata: Mapping[str, str], key: str, default: E) -> E:
    value = userdata.get(key, default.value)
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise ValueError(f"-D {key}={value}: use one of {choices}") from None


def debian_chromium() -> str | None:
    """Return the path of Debian's chromium, if installed."""
    return next((path for path in DEBIAN_CHROMIUM if os.access(path, os.X_OK)), None)


def launch(playwright: Playwright, options: BrowserOptions) -> Browser:
    """Connect to the browser server, or launch the browser (Debian's chromium where present)."""
    from playwright.sync_api import Error as PlaywrightError

    engine = getattr(playwright, options.name.value)
    if options.connect:
        try:
            browser: Browser = engine.connect(options.connect, slow_mo=options.slowmo)
        except PlaywrightError as error:
            reason = str(error).splitlines()[0].removeprefix("BrowserType.connect: ")
            raise BrowserUnavailable(
                f"cannot reach the browser server at {options.connect}: {reason}"
            ) from None
        return browser
    executable = options.executable or None
    if options.name is BrowserName.CHROMIUM and executable is None:
        executable = debian_chromium()
    try:
        browser = engine.launch(
            executable_path=executable,
            args=CHROMIUM_ARGS if options.name is BrowserName.CHROMIUM else None,
            headless=not options.headed,
            slow_mo=options.slowmo,
        )
    except PlaywrightError as error:
        if "Executable doesn't exist" not in str(error):
            raise
        raise BrowserUnavailable(
            f"no {options.name.value} browser is installed for Playwright; "
            f"run: mfaspec install-browser {options.name.value}"
        ) from None
    return browser
