"""The browser target: a browser, the deployment (or the embedded reference), its mailbox."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from pathlib import Path

from playwright.sync_api import BrowserContext, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from mfaspec.driver import (
    Driver,
    HarnessError,
)
from mfaspec.drivers.browser.driver import BrowserDriver
from mfaspec.drivers.errors import BrowserDriverError, TargetFailed
from mfaspec.drivers.hooks import Hooks, secret_from_environment
from mfaspec.drivers.launch import BrowserOptions, TraceMode, launch
from mfaspec.drivers.reset import reset_accounts
from mfaspec.embedded import EmbeddedServer
from mfaspec.identity_provider import EmbeddedIdentityProvider
from mfaspec.mailbox import HttpApiMailbox, ImapMailbox, Mailbox, Message, SmtpSink
from mfaspec.preflight import preflight
from mfaspec.profile.loader import load_profile
from mfaspec.profile.model import MailSource, Profile
from mfaspec.profile.variables import unset_secret_variables
from mfaspec.spec import reference_profile
from mfaspec.target import Capability

DEFAULT_PROFILE = reference_profile()
DEFAULT_ARTIFACTS = "reports/artifacts"


def open_browser_target(userdata: Mapping[str, str]) -> BrowserTarget:
    """Open the target behave's ``-D`` options describe (profile, browser, connect…)."""
    profile = load_profile(userdata.get("profile") or DEFAULT_PROFILE)
    return BrowserTarget(
        profile,
        options=BrowserOptions.from_userdata(userdata),
        artifacts=Path(userdata.get("artifacts", DEFAULT_ARTIFACTS)),
    )


def open_mailbox(profile: Profile) -> Mailbox:
    mail = profile.mail
    if mail.source is MailSource.SMTP_SINK:
        return SmtpSink(mail.sink_host, mail.sink_port)
    if mail.source is MailSource.IMAP:
        assert mail.imap is not None
        imap = mail.imap
        password = secret_from_environment(imap.password_env)
        return ImapMailbox(
            imap.host, imap.port, imap.username, password, tls=imap.tls, folder=imap.folder
        )
    assert mail.http_api is not None
    api = mail.http_api
    return HttpApiMailbox(
        api.url, username=api.username, password=secret_from_environment(api.password_env)
    )


class BrowserTarget:
    """One browser (and, when "embedded", one reference server) per run; a context per scenario."""

    def __init__(
        self, profile: Profile, *, options: BrowserOptions | None = None, artifacts: Path
    ) -> None:
        self.profile = profile
        self.options = options or BrowserOptions()
        self.capabilities: frozenset[Capability] = profile.capabilities
        self.drift_window = profile.drift_window
        self.policy = profile.policy
        self.artifacts = artifacts
        unset = unset_secret_variables(profile)
        if unset:
            raise BrowserDriverError(f"set the environment variables {', '.join(unset)}")
        for stale in artifacts.glob("[0-9][0-9][0-9]-*"):
            if stale.name.endswith((".png", ".trace.zip")):
                stale.unlink()  # evidence of an earlier run, which this run's would mix with
        self._mailbox = open_mailbox(profile)
        self._server: EmbeddedServer | None = None
        self._identity_provider: EmbeddedIdentityProvider | None = None
        self._playwright: Playwright | None = None
        try:
            provider = profile.sso.identity_provider
            if profile.sso.embedded:
                self._identity_provider = EmbeddedIdentityProvider()
                provider = self._identity_provider.issuer
            if profile.target.embedded:
                assert isinstance(self._mailbox, SmtpSink), "embedded needs mail source smtp-sink"
                self._server = EmbeddedServer(
                    self._mailbox.host, self._mailbox.port, identity_provider=provider
                )
                self.base_url = self._server.base_url
            else:
                self.base_url = profile.target.base_url
            preflight(profile, self.base_url)
            self._playwright = sync_playwright().start()
            self._browser = launch(self._playwright, self.options)
        except BaseException:
            self.close()
            raise
        patience = profile.target.timeout
        self.hooks = Hooks(self.base_url, profile.target.hook_token_env, timeout=patience)
        # the target's token stays its own
        self.identity_provider_hooks = Hooks(provider, "", timeout=patience)
        self._scenarios = 0
        self.page_loads: list[int] = []  # per scenario, in order: for the benchmark's floor

    def open_driver(self, scenario: str) -> BrowserDriver:
        """Return a driver in a fresh browser context (no cookies), tracing until it closes.

        Listed accounts are first put back to their starting state, when the profile says how.
        """
        accounts = self.profile.accounts
        if accounts.reset is not None:
            reset_accounts(
                accounts.reset,
                accounts.listed,
                lambda path, body, method: self.hooks.call(path, body, method=method),
            )
        context = self.new_context()
        if self.options.trace is not TraceMode.OFF:
            # No screencast frames: pictures of whole pages, whose text no scrubbing can find.
            context.tracing.start(snapshots=True, screenshots=False, sources=False)
        return BrowserDriver(self, context, self.profile.ui_for(scenario), scenario)

    def new_context(self) -> BrowserContext:
        """Return a new browser context in the profile's language, with its patience."""
        context = self._browser.new_context(locale=self.profile.target.locale)
        context.set_default_timeout(self.profile.target.timeout * 1000)
        return context

    def close_driver(self, driver: Driver, *, failed: bool) -> None:
        """Close the scenario's context, first keeping the screenshot and trace the options ask."""
        assert isinstance(driver, BrowserDriver)
        keep_screenshot = self.options.keeps_screenshot(failed=failed)
        keep_trace = self.options.trace is not TraceMode.OFF and self.options.keeps_trace(
            failed=failed
        )
        if keep_screenshot or keep_trace:  # the evidence is scrubbed of what the page shows
            with contextlib.suppress(PlaywrightError, TargetFailed, HarnessError):
                driver.remember_secrets_shown()
        self._scenarios += 1
        self.page_loads.append(driver.document.loads)
        stem = self.artifacts / f"{self._scenarios:03d}-{slug(driver.scenario)}"
        if keep_screenshot:
            stem.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(PlaywrightError):  # a crashed page has only its trace
                driver.page.screenshot(
                    path=f"{stem}.png", full_page=True, mask=driver.secret_elements()
                )
        if self.options.trace is not TraceMode.OFF:
            driver.context.tracing.stop(path=f"{stem}.trace.zip" if keep_trace else None)
        driver.context.close()

    def messages(self, address: str) -> list[Message]:
        """Return the mail sent to ``address``, newest last."""
        return self._mailbox.messages(address)

    def close(self) -> None:
        """Close the browser, the reference server and the mailbox."""
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._identity_provider is not None:
            self._identity_provider.close()
            self._identity_provider = None
        self._mailbox.close()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "scenario"
