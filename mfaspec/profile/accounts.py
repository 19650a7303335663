"""Reading a profile's [accounts]: where test accounts come from, and how they log in."""

from __future__ import annotations

from mfaspec.profile.keys import (
    ACCOUNT_SOURCE_KEYS,
    ACCOUNTS_KEYS,
    LISTED_ACCOUNT_KEYS,
    LISTED_TEAM_KEYS,
    RESET_KEYS,
    RESET_PLACEHOLDERS,
    SIGNUP_KEYS,
)
from mfaspec.profile.locators import placeholders
from mfaspec.profile.model import (
    AccountReset,
    Accounts,
    AccountSource,
    ListedAccount,
    ListedTeam,
    LoginName,
    Signup,
    TargetInfo,
)
from mfaspec.profile.table import Table
from mfaspec.target import Capability


def read_accounts(root: Table, target: TargetInfo, capabilities: frozenset[Capability]) -> Accounts:
    belongs = ACCOUNT_SOURCE_KEYS
    table = root.table("accounts", ACCOUNTS_KEYS)
    chosen = table.choice("source", list(AccountSource))
    email_domain = table.string("email_domain", "example.com")
    locale = table.string("locale", target.locale.split("-")[0])
    named = table.choice("log_in_with", list(LoginName)) if table.has("log_in_with") else None
    by = LoginName(named or LoginName.EMAIL)
    if chosen is None:
        return Accounts(AccountSource.HOOK, email_domain, locale, by)
    source = AccountSource(chosen)
    for other, keys in belongs.items():
        for key in keys:
            if other is not source and table.has(key):
                table.problem(key, f"does not go with source = {source.value!r}")
    if source is AccountSource.HOOK:
        needs_team = Capability.TEAM_ENFORCEMENT in capabilities
        return Accounts(
            source,
            email_domain,
            locale,
            by,
            create_account=table.endpoint("create_account"),
            create_team=table.endpoint("create_team") if needs_team else "",
            turn_on_mfa=table.endpoint("turn_on_mfa") if table.has("turn_on_mfa") else "",
            log_in=table.endpoint("log_in") if table.has("log_in") else "",
            start_setup=table.endpoint("start_setup") if table.has("start_setup") else "",
            require_team_mfa=(
                table.endpoint("require_team_mfa") if table.has("require_team_mfa") else ""
            ),
        )
    if source is AccountSource.LISTED:
        listed = [
            _listed_account(entry, by) for entry in table.tables("listed", LISTED_ACCOUNT_KEYS)
        ]
        if not listed:
            table.problem("listed", "missing: at least one [[accounts.listed]] entry")
        teams = [
            ListedTeam(entry.string("admin"), entry.strings("members"), entry.boolean("sso", False))
            for entry in table.tables("teams", LISTED_TEAM_KEYS)
        ]
        reset = _reset(table.table("reset", RESET_KEYS)) if table.has("reset") else None
        return Accounts(
            source, email_domain, locale, by, listed=tuple(listed), teams=tuple(teams), reset=reset
        )
    if not table.has("signup"):
        table.problem("signup", "missing: the [accounts.signup] table")
    signup = table.table("signup", SIGNUP_KEYS)
    verify = signup.pattern("verify_link_text") if signup.has("verify_link_text") else None
    flow = Signup(signup.steps("steps"), signup.find("done", signup.values.get("done")), verify)
    return Accounts(source, email_domain, locale, by, signup=flow)


def _reset(table: Table) -> AccountReset:
    """Read ``[accounts.reset]``: a command line, or an HTTP call made for each listed account."""
    if table.has("command") == table.has("path"):
        table.problem("command", "give either command (a command line) or path (an HTTP call)")
        return AccountReset()
    if table.has("command"):
        for key in ("method", "body"):
            if table.has(key):
                table.problem(key, "goes with path, not with command")
        command = table.values["command"]
        if (
            not isinstance(command, list)
            or not command
            or not all(isinstance(word, str) and word for word in command)
        ):
            table.problem("command", 'must be a non-empty array of strings, such as ["reset-qa"]')
            return AccountReset()
        return AccountReset(command=tuple(command))
    body = table.values.get("body", {})
    if not isinstance(body, dict):
        table.problem("body", "must be an inline table (the JSON object sent)")
        body = {}
    if not _placeholders_in(body) <= RESET_PLACEHOLDERS:
        table.problem("body", "unknown placeholder; use {email} or {label}")
    path = table.endpoint("path")
    if not placeholders(path) <= RESET_PLACEHOLDERS:
        table.problem("path", "unknown placeholder; use {email} or {label}")
    method = (
        table.choice("method", ["POST", "PUT", "PATCH", "DELETE"])
        if table.has("method")
        else "POST"
    )
    return AccountReset(method=method or "POST", path=path, body=body)


def _placeholders_in(value: object) -> set[str]:
    """Return the placeholders in every string of a JSON-like value."""
    if isinstance(value, str):
        return placeholders(value)
    if isinstance(value, dict):
        return set().union(*(_placeholders_in(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(_placeholders_in(item) for item in value))
    return set()


def _listed_account(entry: Table, by: LoginName) -> ListedAccount:
    sso = entry.boolean("sso", False)
    by_username = by is LoginName.USERNAME and not sso  # an SSO account types no name here
    return ListedAccount(
        label=entry.string("label"),
        email=entry.string("email"),
        password_env=entry.string("password_env", "") if sso else entry.string("password_env"),
        email_verified=entry.boolean("email_verified", True),
        sso=sso,
        username=entry.string("username") if by_username else entry.string("username", ""),
    )
