"""The accounts and the clock of a target, reached without its pages: hooks and listed accounts."""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable, Sequence
from typing import Any

from mfaspec import secrets as run_secrets
from mfaspec.driver import Enrolment, NotApplicable, Person
from mfaspec.drivers.hooks import (
    Hooks,
    enrolment_answer,
    secret_from_environment,
    session_cookies_answer,
    setup_link_answer,
)
from mfaspec.profile.model import AccountSource, ListedAccount, LoginName, Profile
from mfaspec.target import Capability


class AccountBook:
    """The people's accounts on the target: their addresses and passwords, and the hooks."""

    def __init__(self, profile: Profile, hooks: Hooks, identity_provider_hooks: Hooks) -> None:
        self.accounts = profile.accounts
        self.sso = profile.sso
        self.capabilities = profile.capabilities
        self.hooks = hooks
        self.identity_provider_hooks = identity_provider_hooks
        self._unverified_at_provider: set[str] = set()

    def address(self, person: Person) -> str:
        """Return the person's e-mail address on this target."""
        if self.accounts.source is AccountSource.LISTED:
            return self.listed(person).email
        local = person.email.rsplit("@", 1)[0]
        return f"{local}@{self.accounts.email_domain}"

    def username(self, person: Person) -> str:
        """Return the person's user name: a listed account's own, else letters and digits of
        the address's local part (``alice.smith.1a2b`` is ``alicesmith1a2b``)."""
        if self.accounts.source is AccountSource.LISTED:
            return self.listed(person).username
        return "".join(c for c in person.email.rsplit("@", 1)[0] if c.isalnum())

    def login_name(self, person: Person) -> tuple[str, str]:
        """Return the login form's field that says who the person is, and what to type in it."""
        if self.accounts.log_in_with is LoginName.USERNAME:
            return "login_username", self.username(person)
        return "login_email", self.address(person)

    def unknown_login_name(self, person: Person) -> tuple[str, str]:
        """Return the login form's field, and a name no account has, for a person given none.

        It is the person's own, invented for the scenario: with listed accounts, their address
        as made up (no listed account has it); otherwise the address a hook would have used.
        """
        local, _, domain = person.email.rpartition("@")
        if self.accounts.log_in_with is LoginName.USERNAME:
            return "login_username", "".join(c for c in local if c.isalnum())
        if self.accounts.source is AccountSource.LISTED:
            return "login_email", f"{local}@{domain}"
        return "login_email", self.address(person)

    def password(self, person: Person, password: str) -> str:
        """Return the password to type: a listed account's own in place of the person's."""
        if self.accounts.source is AccountSource.LISTED and password == person.password:
            password = secret_from_environment(self.listed(person).password_env)
            run_secrets.remember(password)
        return password

    def listed(self, person: Person) -> ListedAccount:
        """Return the person's account as the profile lists it."""
        for account in self.accounts.listed:
            if account.label == person.label:
                return account
        raise NotApplicable(f"the target profile lists no account for {person.label}")

    def fill_values(self, person: Person) -> dict[str, str]:
        """Return what a form may ask of the person: e-mail address, names and password."""
        password = self.password(person, person.password)
        return {
            "email": self.address(person),
            "username": self.username(person),
            "name": person.name,
            "password": password,
        }

    def create_account(self, person: Person, *, email_verified: bool, sso: bool) -> None:
        """Create the account through the hook, or check it is listed (not for sign-up)."""
        if sso and Capability.SSO_ONLY not in self.capabilities:
            raise NotApplicable("the target profile declares no accounts that use only SSO")
        if self.accounts.source is AccountSource.HOOK:
            body = {
                "email": self.address(person),
                "name": person.name,
                "password": None if sso else person.password,
                "email_verified": email_verified,
                "sso": sso,
                "locale": self.accounts.locale,
            }
            if self.accounts.log_in_with is LoginName.USERNAME:
                body["username"] = self.username(person)
            self.hooks.call(self.accounts.create_account, body)
            return
        account = self.listed(person)
        if (account.email_verified, account.sso) != (email_verified, sso):
            raise NotApplicable(f"the listed account of {person.label} is of another kind")

    def create_team(self, admin: Person, members: Sequence[Person], *, sso: bool = False) -> None:
        """Create the organisation through the hook, or check it is listed."""
        if sso and Capability.SSO_PASSWORD_MEMBERS not in self.capabilities:
            raise NotApplicable("the target profile declares no password accounts using SSO")
        if self.accounts.source is AccountSource.HOOK:
            if not self.accounts.create_team:
                raise NotApplicable("the target profile has no create_team hook")
            body: dict[str, object] = {
                "admin_email": self.address(admin),
                "member_emails": [self.address(member) for member in members],
            }
            if sso:
                body["sso"] = True
            self.hooks.call(self.accounts.create_team, body)
            return
        wanted = {member.label for member in members}
        for team in self.accounts.teams:
            if team.admin == admin.label and wanted <= set(team.members) and team.sso >= sso:
                return
        kind = "with single sign-on " if sso else ""
        raise NotApplicable(
            f"the target profile lists no team {kind}of {admin.label} with {wanted}"
        )

    def turn_on_mfa_directly(self, person: Person) -> Enrolment:
        """Turn 2FA on through the profile's turn_on_mfa hook; return what it hands over."""
        hook = self.accounts.turn_on_mfa
        if not hook:
            raise NotApplicable("the target profile has no turn_on_mfa hook")
        body = {"email": self.address(person), "password": self.password(person, person.password)}
        return enrolment_answer(hook, self.hooks.call(hook, body))

    def start_setup_directly(self, person: Person, base_url: str) -> str:
        """Ask to turn 2FA on through the start_setup hook; return the link it answers.

        Not applicable, before anything is asked, without that hook or a log_in hook: the link
        opens only in a session of the account.
        """
        hook = self.accounts.start_setup
        if not hook or not self.accounts.log_in:
            raise NotApplicable("the target profile has no start_setup and log_in hooks")
        body = {"email": self.address(person), "password": self.password(person, person.password)}
        return setup_link_answer(hook, self.hooks.call(hook, body), base_url)

    def require_team_mfa_directly(self, admin: Person, code: Callable[[], str] | None) -> None:
        """Require 2FA for the admin's team through the require_team_mfa hook.

        ``code`` gives the admin's app's current code when the admin has 2FA on; it is asked for
        only once the hook is known to exist.
        """
        hook = self.accounts.require_team_mfa
        if not hook:
            raise NotApplicable("the target profile has no require_team_mfa hook")
        body = {
            "admin_email": self.address(admin),
            "password": self.password(admin, admin.password),
        }
        if code is not None:
            body["code"] = code()
        self.hooks.call(hook, body)

    def log_in_directly(
        self, person: Person, code: Callable[[], str] | None
    ) -> list[dict[str, Any]]:
        """Log in through the profile's log_in hook; return the session cookies it answers.

        ``code`` gives the app's current code for an account with 2FA on; it is asked for only
        once the hook is known to exist, so a target without one keeps its clock as it was.
        """
        hook = self.accounts.log_in
        if not hook:
            raise NotApplicable("the target profile has no log_in hook")
        body = {"email": self.address(person), "password": self.password(person, person.password)}
        if code is not None:
            body["code"] = code()
        return session_cookies_answer(hook, self.hooks.call(hook, body))

    def set_identity_provider_claims(self, person: Person, *, email_verified: bool) -> None:
        """Remember what the provider's claims hook will be told before the person signs in."""
        if not email_verified and not self.sso.claims_hook:
            raise NotApplicable("the target profile has no claims_hook for its identity provider")
        if email_verified:
            self._unverified_at_provider.discard(person.label)
        else:
            self._unverified_at_provider.add(person.label)

    def tell_identity_provider(self, person: Person) -> None:
        """Tell the provider's claims hook (if any) the person's address and whether verified."""
        address = self.address(person)
        if not self.sso.claims_hook:
            return
        hook = self.sso.claims_hook.format(email=urllib.parse.quote(address, safe="@"))
        claims = {
            "email": address,
            "email_verified": person.label not in self._unverified_at_provider,
        }
        self.identity_provider_hooks.call(hook, claims, method="PUT")


class TargetClock:
    """The target's time, through the profile's clock hook (this machine's without one)."""

    def __init__(self, clock_hook: str, hooks: Hooks) -> None:
        self.clock_hook = clock_hook
        self.hooks = hooks

    def now(self) -> float:
        """Return the target's time (its clock hook), or this machine's without clock control."""
        if not self.clock_hook:
            return time.time()
        return float(self.hooks.call(self.clock_hook)["now"])

    def advance(self, seconds: float) -> None:
        """Move the target's clock forward through its clock hook."""
        if not self.clock_hook:
            raise NotApplicable("the target offers no clock control")
        self.hooks.call(self.clock_hook, {"advance": seconds})
