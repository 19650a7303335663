"""A commented template of every key, for ``mfaspec profile init``."""

from __future__ import annotations

from mfaspec.profile.keys import (
    CONTROLS,
    MENU,
    MFA_SECTION,
    NOTICES,
    PATHS,
    SCREENS,
    SUBJECTS,
)
from mfaspec.profile.locators import toml_string
from mfaspec.target import SWITCHES

# -- a commented template for ``mfaspec profile init`` -------------------------------------------


def profile_template(name: str = "My product (staging)") -> str:
    """Return a commented profile listing every key; it loads as is, and is edited from there."""
    lines = [
        "# mfaspec target profile: how the scenarios reach one deployment (see docs/profile.md).",
        "# Every locator is an inline table with exactly one of: role (+ name, exact), label,",
        "# text, test_id, placeholder, css. Prefer role and label: they are what a person sees.",
        "",
        "[target]",
        f"name = {toml_string(name)}",
        'base_url = "https://staging.example.com"  # or "embedded": the reference server',
        'locale = "en-GB"  # the browser language, sent as Accept-Language',
        "timeout = 5.0  # seconds any one wait may take before the step fails",
        '# hook_token_env = "MFASPEC_HOOK_TOKEN"  # sent to hooks as "Authorization: Bearer …"',
        '# session_cookie = "session"  # the cookie holding the session (default: all cookies)',
        "",
        "[capabilities]  # scenarios tagged @needs.<name> are not applicable without it",
        *(f"{capability.value} = true" for capability in SWITCHES if capability != "sso"),
        'sso = true  # both kinds of account; or one of ["sso_only", "password_members"]',
        "drift_window = 1  # steps accepted either side of now (RFC 6238 5.2 recommends <= 1)",
        "",
        "[policy]  # the product's own choices, checked as declared; leave out what it lacks",
        'code_lockout = { failures = 5, seconds = 900, shown_at = "next_attempt" }',
        'password_lockout = { failures = 10, seconds = 900, shown_at = "next_attempt" }',
        "link_lifetime_seconds = 1800  # the e-mailed link (with email_confirmation)",
        "half_login_seconds = 300  # a login given the password, waiting for the code",
        "session_idle_seconds = 1800  # NIST SP 800-63B-4 2.2.3: at most 1 hour for AAL2",
        "session_lifetime_seconds = 43200  # ... and at most 24 hours",
        'notifications = ["mfa_enabled", "mfa_disabled", "backup_code_used", "mfa_reset"]',
        "backup_codes = 1  # how many set-up shows",
        'backup_code_after_use = "replaced"  # or "spent": the others stay',
        'new_backup_codes_ask = "password_and_code"  # leave out if new codes cannot be asked',
        'disable_asks = "password_and_code"',
        "admin_under_enforcement = true",
        "",
        "[accounts]",
        'source = "hook"  # "hook", "listed" (accounts given here) or "signup" (a flow)',
        'email_domain = "example.com"  # domain of the test people\'s e-mail addresses',
        'create_account = "/_test/accounts"  # see docs/profile.md for the JSON it is sent',
        'create_team = "/_test/teams"',
        '# turn_on_mfa = "/_test/accounts/mfa"  # optional: an account with 2FA on, in one call',
        '# log_in = "/_test/sessions"  # optional: a logged-in session\'s cookies, in one call',
        "",
        "[mail]",
        'source = "smtp-sink"  # "smtp-sink", "imap" or "http-api"',
        "wait = 0.0  # seconds a message may take to arrive",
        'link_text = "Set up multi-factor authentication"  # the confirmation link (a regex)',
        "",
        "[mail.smtp_sink]  # the harness listens here; point the deployment's SMTP at it",
        'host = "127.0.0.1"',
        "port = 2525",
        "",
        "[mail.subjects]  # a regular expression per kind of message, searched in the subject",
        *(f"{kind} = {toml_string(example)}" for kind, (example, _) in SUBJECTS.items()),
        "",
        "[clock]",
        'hook = "/_test/clock"  # GET -> {"now": unix time}; POST {"advance": seconds}',
        "",
        "[forgery.team_switch]  # the form a page on another site submits (capability web)",
        'action = "/organisation/security/two-factor"',
        'method = "POST"',
        'fields = { required = "on" }',
        "",
        "[sso]  # signing in through the identity provider; placeholders {email}, {name}",
        'identity_provider = "https://idp.staging.example.com"  # or "embedded": a mock one',
        '# claims_hook = "/users/{email}"  # PUT {"email", "email_verified"}: what it will say',
        "steps = [  # from the login page, through the provider's own login page, and back",
        '    { click = { role = "button", name = "Sign in with SSO" } },',
        '    { fill = { label = "E-mail" }, value = "{email}" },',
        '    { click = { role = "button", name = "Continue" } },',
        '    { fill = { label = "Username" }, value = "{email}" },',
        '    { fill = { label = "Password" }, value = "{password}" },',
        '    { click = { role = "button", name = "Sign in" } },',
        "]",
        "",
        "[requests.enable]  # the request Enable sends, sent by hand where Enable is not offered",
        'action = "/mfa/enable"',
        'method = "POST"',
        "fields = {}",
        'page_fields = ["csrf_token"]  # copied from the page on screen (anti-forgery token)',
        "",
        "[paths]  # pages opened directly, relative to base_url",
        *(f"{key} = {toml_string(example)}" for key, (example, _) in PATHS.items()),
    ]
    for table, specs in (
        ("screens", SCREENS),
        ("locators", CONTROLS),
        ("menu", MENU),
        ("notices", NOTICES),
        ("mfa_section", MFA_SECTION),
    ):
        lines += ["", f"[{table}]"]
        lines += [
            f"{key} = {spec.example.to_toml()}  # {spec.meaning}" for key, spec in specs.items()
        ]
    lines += [
        "",
        "# Optional: clicked after each page load when visible (a cookie banner, a tour).",
        "# [[optional_steps]]",
        '# click = { role = "button", name = "Accept cookies" }',
        "",
        "# Optional: the steps that show an element before it is read (a closed <details>).",
        "# [reveal]",
        '# manual_key = [{ click = { text = "Can\'t scan the QR code?" } }]',
        "",
        "# Optional: other locators for one scenario, by its exact name.",
        '# [overrides."Alice logs in with her password".screens]',
        '# dashboard = { role = "heading", name = "Welcome back" }',
        "",
    ]
    return "\n".join(lines)
