"""The environment variables a profile reads its secrets from."""

from __future__ import annotations

import os

from mfaspec.profile.model import Profile


def secret_variables(profile: Profile) -> dict[str, str]:
    """Return the environment variables the profile reads secrets from, with what each holds."""
    wanted = {profile.target.hook_token_env: "the bearer token of the test hooks"}
    if profile.mail.imap is not None:
        wanted[profile.mail.imap.password_env] = "the IMAP password"
    if profile.mail.http_api is not None:
        wanted[profile.mail.http_api.password_env] = "the mail API password"
    for account in profile.accounts.listed:
        wanted[account.password_env] = f"the password of {account.label}"
    return {name: what for name, what in wanted.items() if name}


def unset_secret_variables(profile: Profile) -> list[str]:
    """Return the environment variables the profile needs that are not set, with what each holds."""
    wanted = secret_variables(profile).items()
    return [f"{name} ({what})" for name, what in wanted if not os.environ.get(name)]
