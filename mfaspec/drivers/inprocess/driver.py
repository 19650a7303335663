"""The in-process driver: the reference service layer, a scratch database, frozen time.

There is no HTTP here, so no identity provider either: the driver stands in for one, vouching
for a person the way the web application's OpenID Connect callback reports a checked ID token.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence

from mfaspec import secrets as run_secrets
from mfaspec.driver import Enrolment, NotApplicable, Person, Place
from mfaspec.drivers.inprocess.login import LoginPages
from mfaspec.drivers.inprocess.settings import SettingsPages
from mfaspec.drivers.inprocess.setup import SetupPages
from mfaspec.drivers.inprocess.team import TeamPages

# The identity provider organisations are given in-process; nothing ever calls it.
IDENTITY_PROVIDER = "https://identity-provider.example"


class InProcessDriver(LoginPages, SettingsPages, SetupPages, TeamPages):
    """Plays the part of the web pages over the service: what a person does and sees."""

    # -- time and the world ---------------------------------------------------------------
    def now(self) -> float:
        """Return the frozen time."""
        return self.clock.now()

    def advance_clock(self, seconds: float) -> None:
        """Move the frozen time forward."""
        self.clock.advance(seconds)

    def account_address(self, person: Person) -> str:
        """Return the person's own address: the service knows them by it."""
        return person.email

    def create_account(self, person: Person, *, email_verified: bool, sso: bool) -> None:
        """Register the person in the service; an SSO account in an organisation with SSO."""
        user_id = self.service.register_user(
            person.email,
            person.name,
            None if sso else person.password,
            email_verified=email_verified,
            sso=sso,
        )
        if sso:
            self.service.add_member(self._organisation("Single sign-on", sso=True), user_id)

    def create_team(self, admin: Person, members: Sequence[Person], *, sso: bool = False) -> None:
        """Create an organisation administered by ``admin`` (with ``sso``, an identity provider)."""
        organisation = self._organisation(f"{admin.name}'s team", sso=sso)
        self.service.add_member(organisation, self._user_id(admin), admin=True)
        for member in members:
            self.service.add_member(organisation, self._user_id(member))

    def turn_on_mfa_directly(self, person: Person) -> Enrolment:
        """Turn 2FA on through the service, as the reference app's hook does, with no mail."""
        used_at = self.now()
        enrolment, backup_code = self.service.turn_on_for_testing(person.email, person.password)
        run_secrets.remember(backup_code)
        return Enrolment(enrolment.otpauth_uri, (backup_code,), used_at)

    def set_identity_provider_claims(self, person: Person, *, email_verified: bool) -> None:
        """Remember what the stand-in identity provider will say of the address."""
        if email_verified:
            self._unverified_at_provider.discard(person.email)
        else:
            self._unverified_at_provider.add(person.email)

    # -- the session ----------------------------------------------------------------------
    def session_fingerprint(self) -> str:
        """Return a digest of the session id."""
        return hashlib.sha256(self._session.encode()).hexdigest()[:16]

    def keep_session_copy(self) -> None:
        """Remember the session id."""
        self._kept_session = self._session

    def restore_session_copy(self) -> None:
        """Use the remembered session id again."""
        self._session = self._kept_session
        self.visit(Place.DASHBOARD)

    def forge_team_switch(self, *, same_site: bool) -> bool:
        """There is no browser in-process."""
        raise NotApplicable("the in-process target has no HTTP layer to forge requests against")

    def frame_from_same_site(self, place: Place) -> bool:
        """There is no page in-process to frame."""
        raise NotApplicable("the in-process target has no pages another page could frame")

    def scripts_can_read_session(self) -> bool:
        """There is no page, and so no script, in-process."""
        raise NotApplicable("the in-process target has no pages whose scripts could read cookies")

    # -- internals ------------------------------------------------------------------------
    def _user_id(self, person: Person) -> int:
        row = self.service.db.execute("SELECT id FROM users WHERE email = ?", (person.email,))
        user_id: int = row.fetchone()["id"]
        return user_id

    def _organisation(self, name: str, *, sso: bool) -> int:
        organisation = self.service.create_organisation(name)
        if sso:
            client_secret = secrets.token_urlsafe(32)
            self.service.configure_sso(organisation, IDENTITY_PROVIDER, name, client_secret)
        return organisation
