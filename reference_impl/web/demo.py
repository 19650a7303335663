"""Demo data: a small organisation and the kinds of account the articles talk about.

The organisation signs in through a mock OpenID Connect provider the demo starts on loopback;
its page lists the demo people whose e-mail address it vouches for.
"""

from __future__ import annotations

import logging
import secrets
import warnings
from contextlib import ExitStack
from dataclasses import dataclass

from reference_impl.service import Service

with warnings.catch_warnings():  # the mock imports modules Authlib deprecates, loudly:
    import authlib.deprecate  # its "always show" filter is put first here, then overridden

    warnings.simplefilter("ignore", authlib.deprecate.AuthlibDeprecationWarning)
    from oidc_provider_mock import User, run_server_in_thread

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class DemoAccount:
    """One demo account: how to sign in and what it shows."""

    email: str
    name: str
    role: str


ACCOUNTS = (
    DemoAccount("admin@example.com", "Ada Admin", "organisation admin, 2FA off"),
    DemoAccount("member@example.com", "Max Member", "organisation member, 2FA off"),
    DemoAccount("sso@example.com", "Sam Single", "signs in with SSO only: cannot enable 2FA"),
    DemoAccount("unverified@example.com", "Uma Unverified", "e-mail address not verified"),
)


def start_identity_provider(running: ExitStack) -> str:
    """Start the mock identity provider until ``running`` closes; return its issuer."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    members = ACCOUNTS[:3]
    known = [User(sub=a.email, claims={"email": a.email, "email_verified": True}) for a in members]
    server = running.enter_context(run_server_in_thread(require_nonce=True, user_claims=known))
    return f"http://{LOOPBACK}:{server.server_port}"


def seed(rules: Service, identity_provider: str) -> str:
    """Create the demo accounts and organisation; return the (random) demo password."""
    password = secrets.token_urlsafe(12)
    admin, member, sso, unverified = ACCOUNTS
    admin_id = rules.register_user(admin.email, admin.name, password, email_verified=True)
    member_id = rules.register_user(member.email, member.name, password, email_verified=True)
    sso_id = rules.register_user(sso.email, sso.name, None, email_verified=True, sso=True)
    rules.register_user(unverified.email, unverified.name, password)
    organisation = rules.create_organisation("Demo organisation")
    rules.configure_sso(organisation, identity_provider, "mfaspec-demo", secrets.token_urlsafe(32))
    rules.add_member(organisation, admin_id, admin=True)
    rules.add_member(organisation, member_id)
    rules.add_member(organisation, sso_id)
    return password
