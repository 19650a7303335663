"""The readers of a profile's sections, from [target] to the locator tables."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from mfaspec.driver import MailKind, MenuItem, Notice, Screen
from mfaspec.policy import AfterUse, Asks, BackupCodes, Lockout, LockShown, Policy
from mfaspec.profile.keys import (
    CONTROLS,
    ENABLE_REQUEST_KEYS,
    FORM_KEYS,
    LOCKOUT_KEYS,
    MAIL_KEYS,
    MAIL_SECTIONS,
    MAIL_SETTINGS_KEYS,
    MEMBER_PLACEHOLDERS,
    MENU,
    MFA_SECTION,
    NOTICES,
    NOTIFICATIONS,
    PATHS,
    POLICY_SECONDS,
    REVEALED,
    SCREENS,
    SUBJECTS,
    Spec,
)
from mfaspec.profile.locators import (
    EMBEDDED,
    AnyOf,
    OptionalSteps,
    Step,
    StepAction,
    placeholders,
)
from mfaspec.profile.model import (
    FormRequest,
    HttpApiSettings,
    ImapSettings,
    Mail,
    MailSource,
    SingleSignOn,
    TargetInfo,
    Ui,
)
from mfaspec.profile.table import Table
from mfaspec.target import Capability


def read_policy(table: Table) -> Policy:
    """Read the product's declared choices; what is left out is simply not declared."""
    seconds = {
        field: table.number(key, 1, 1) if table.has(key) else None
        for key, field in POLICY_SECONDS.items()
    }
    notifications = table.values.get("notifications", [])
    if not isinstance(notifications, list) or not set(notifications) <= set(NOTIFICATIONS):
        table.problem("notifications", f"must be an array of: {', '.join(NOTIFICATIONS)}")
        notifications = []
    after_use = (
        table.choice("backup_code_after_use", list(AfterUse))
        if table.has("backup_code_after_use")
        else None
    )
    new_codes = _asks(table, "new_backup_codes_ask")
    backup_codes = BackupCodes(
        count=int(table.number("backup_codes", 1, 1)) if table.has("backup_codes") else None,
        after_use=AfterUse(after_use) if after_use else None,
        new_codes_ask=new_codes,
    )
    admin = (
        table.boolean("admin_under_enforcement", False)
        if table.has("admin_under_enforcement")
        else None
    )
    return Policy(
        code_lockout=_lockout(table, "code_lockout"),
        password_lockout=_lockout(table, "password_lockout"),
        notifications=frozenset(MailKind(kind) for kind in notifications),
        backup_codes=backup_codes,
        disable_asks=_asks(table, "disable_asks"),
        admin_under_enforcement=admin,
        **seconds,
    )


def _lockout(policy: Table, key: str) -> Lockout | None:
    if not policy.has(key):
        return None
    table = policy.table(key, LOCKOUT_KEYS)
    for needed in ("failures", "seconds"):
        if not table.has(needed):
            table.problem(needed, "missing")
    shown = table.choice("shown_at", list(LockShown)) if table.has("shown_at") else None
    return Lockout(
        failures=int(table.number("failures", 1, 1)),
        seconds=table.number("seconds", 1, 1),
        shown_at=LockShown(shown) if shown else LockShown.NEXT_ATTEMPT,
    )


def _asks(table: Table, key: str) -> Asks | None:
    value = table.choice(key, list(Asks)) if table.has(key) else None
    return Asks(value) if value else None


def read_optional_step(table: Table, index: int, value: object) -> OptionalSteps:
    """Read one optional entry: a click or fill run when its element shows, or when + steps."""
    if isinstance(value, dict) and "when" in value:
        group = Table(table.problems, (*table.path, index), value, ("when", "steps"))
        return OptionalSteps(group.find("when", value["when"]), group.steps("steps"))
    step = table.step(index, value)
    if step.action is StepAction.GOTO:
        table.problem(index, "an optional step clicks or fills; it cannot go to a page")
    return OptionalSteps(step.locator, (step,))


def read_reveal(table: Table) -> dict[str, tuple[Step, ...]]:
    """Read ``[reveal]``: per element the driver reads, the steps that show it on its page."""
    reveal = {key: table.steps(key) for key in table.values if key in REVEALED}
    for key, steps in reveal.items():
        if any(step.action is StepAction.GOTO for step in steps):
            table.problem(
                key, "a reveal clicks or fills on the element's page; it cannot go to one"
            )
    return reveal


def read_target(table: Table) -> TargetInfo:
    base_url = table.string("base_url")
    if base_url != EMBEDDED:
        base_url = table.url("base_url")
    locale = table.string("locale", "en-GB")
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", locale):
        table.problem("locale", f"{locale!r} is not a language tag such as en-GB")
    return TargetInfo(
        name=table.string("name"),
        base_url=base_url,
        locale=locale,
        timeout=table.number("timeout", 5.0, 0.1),
        hook_token_env=table.string("hook_token_env", ""),
        session_cookie=table.string("session_cookie", ""),
    )


def read_forgery(root: Table) -> FormRequest:
    table = root.table("forgery", ("team_switch",))
    if not table.has("team_switch"):
        table.problem("team_switch", "missing: the form a page on another site forges")
    return _form_request(table.table("team_switch", FORM_KEYS))


def read_enable_request(root: Table) -> FormRequest | None:
    table = root.table("requests", ("enable",))
    if not table.has("enable"):
        return None
    form = table.table("enable", ENABLE_REQUEST_KEYS)
    return replace(_form_request(form), page_fields=form.strings("page_fields"))


def _form_request(form: Table) -> FormRequest:
    fields = form.values.get("fields", {})
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        form.problem("fields", 'must be an inline table of strings, such as { required = "on" }')
        fields = {}
    method = form.choice("method", ["POST", "GET"]) or "POST"
    return FormRequest(form.page("action"), method, fields)


def read_sso(table: Table, target: TargetInfo) -> SingleSignOn:
    provider = table.string("identity_provider", "")
    if provider and provider != EMBEDDED:
        provider = table.url("identity_provider")
    elif provider == EMBEDDED and not target.embedded:
        table.problem("identity_provider", '"embedded" goes with base_url = "embedded"')
    claims_hook = ""
    if table.has("claims_hook"):
        claims_hook = table.endpoint("claims_hook")
        if not provider:
            table.problem("claims_hook", "needs the identity_provider it is relative to")
        if not placeholders(claims_hook) <= {"email"}:
            table.problem("claims_hook", "unknown placeholder; use {email}")
    return SingleSignOn(table.steps("steps"), provider, claims_hook)


def read_mail(root: Table, target: TargetInfo, offered: frozenset[str]) -> Mail:
    sections = MAIL_SECTIONS
    mailed = any(needs is None or needs in offered for _, needs in SUBJECTS.values())
    if not mailed and not root.has("mail"):
        return Mail(MailSource.SMTP_SINK, {}, None, 0.0)  # the product sends no mail we read
    table = root.table("mail", MAIL_KEYS)
    chosen = table.choice("source", list(MailSource))
    source = MailSource(chosen or MailSource.SMTP_SINK)
    for other, key in sections.items():
        if chosen is not None and other is not source and table.has(key):
            table.problem(key, f"does not go with source = {source.value!r}")
    subjects_table = table.table("subjects", list(SUBJECTS))
    subjects = {}
    for kind, (_, needs) in SUBJECTS.items():
        if subjects_table.has(kind) or needs is None or needs in offered:
            pattern = subjects_table.pattern(kind)
            if pattern is not None:
                subjects[MailKind(kind)] = pattern
    confirming = Capability.EMAIL_CONFIRMATION in offered or table.has("link_text")
    mail = Mail(
        source,
        subjects,
        table.pattern("link_text") if confirming else None,
        table.number("wait", 0.0, 0.0),
    )
    if chosen is None:
        return mail
    settings = table.table(sections[source], MAIL_SETTINGS_KEYS[source])
    if target.embedded and source is not MailSource.SMTP_SINK:
        table.problem("source", 'base_url = "embedded" sends its mail to source = "smtp-sink"')
    if source is MailSource.SMTP_SINK:
        port = int(settings.number("port", 0, 0))
        if port == 0 and not target.embedded:
            settings.problem("port", "missing: the fixed port the deployment sends its mail to")
        return replace(mail, sink_host=settings.string("host", "127.0.0.1"), sink_port=port)
    if source is MailSource.IMAP:
        imap = ImapSettings(
            host=settings.string("host"),
            port=int(settings.number("port", 993, 1)),
            username=settings.string("username"),
            password_env=settings.string("password_env"),
            tls=settings.boolean("tls", True),
            folder=settings.string("folder", "INBOX"),
        )
        return replace(mail, imap=imap)
    api = HttpApiSettings(
        settings.url("url"), settings.string("username", ""), settings.string("password_env", "")
    )
    return replace(mail, http_api=api)


def read_ui(table: Table, offered: frozenset[str], *, partial: bool) -> Ui:
    """Read the locator tables under ``table``; an override (``partial``) may give only some."""
    paths_table = table.table("paths", list(PATHS))
    paths = {
        key: paths_table.page(key)
        for key, (_, needs) in PATHS.items()
        if paths_table.has(key) or (not partial and (needs is None or needs in offered))
    }

    def read(key: str, specs: Mapping[str, Spec]) -> dict[str, AnyOf]:
        return table.table(key, list(specs)).locators(specs, offered, partial=partial)

    controls = read("locators", CONTROLS)
    for locator in controls.get("member_row", ()):
        if not placeholders(locator.value + (locator.name or "")) <= MEMBER_PLACEHOLDERS:
            where = (*table.path, "locators", "member_row")
            table.problems.add(where, "unknown placeholder; use {email} or {name}")

    return Ui(
        paths=paths,
        screens={Screen(key): value for key, value in read("screens", SCREENS).items()},
        controls=controls,
        menu={MenuItem(key): value for key, value in read("menu", MENU).items()},
        notices={Notice(key): value for key, value in read("notices", NOTICES).items()},
        mfa_section=read("mfa_section", MFA_SECTION),
    )
