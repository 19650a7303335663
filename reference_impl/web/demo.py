"""Demo data: a small organisation and the kinds of account the articles talk about."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from reference_impl.service import Service


@dataclass(frozen=True)
class DemoAccount:
    """One demo account: how to sign in and what it shows."""

    email: str
    name: str
    role: str


ACCOUNTS = (
    DemoAccount("admin@example.com", "Ada Admin", "organisation admin, 2FA off"),
    DemoAccount("member@example.com", "Max Member", "organisation member, 2FA off"),
    DemoAccount("sso@example.com", "Sam Single", "signs in with SSO: cannot enable 2FA"),
    DemoAccount("unverified@example.com", "Uma Unverified", "e-mail address not verified"),
)


def seed(rules: Service) -> str:
    """Create the demo accounts and organisation; return the (random) demo password."""
    password = secrets.token_urlsafe(12)
    admin, member, sso, unverified = ACCOUNTS
    admin_id = rules.register_user(admin.email, admin.name, password, email_verified=True)
    member_id = rules.register_user(member.email, member.name, password, email_verified=True)
    rules.register_user(sso.email, sso.name, None, email_verified=True, sso=True)
    rules.register_user(unverified.email, unverified.name, password)
    organisation = rules.create_organisation("Demo organisation")
    rules.add_member(organisation, admin_id, admin=True)
    rules.add_member(organisation, member_id)
    return password
