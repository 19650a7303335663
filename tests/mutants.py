"""Deliberately broken variants of the reference implementation, one rule broken each."""

from __future__ import annotations

from dataclasses import dataclass

SERVICE = "reference_impl/service.py"
THROTTLING = "reference_impl/throttling.py"


@dataclass(frozen=True)
class Mutant:
    """A one-place edit of the reference implementation that breaks one rule."""

    name: str
    breaks: str
    path: str
    original: str
    replacement: str


MUTANTS = [
    Mutant(
        "unknown-address-told",
        "an address with no account is told apart from a wrong password (ASVS 5.0 6.3.8)",
        SERVICE,
        "            raise Refused(Reason.WRONG_CREDENTIALS)\n        throttling.clear_address(",
        "            raise Refused(Reason.WRONG_CREDENTIALS if hashed else Reason.EMAIL_UNVERIFIED)\n"
        "        throttling.clear_address(",
    ),
    Mutant(
        "reused-code",
        "a code accepted once is accepted again (RFC 6238 section 5.2)",
        SERVICE,
        '" AND (last_used_step IS NULL OR last_used_step < ?)",',
        '" AND (last_used_step IS NULL OR last_used_step <= ?)",',
    ),
    Mutant(
        "two-steps-old",
        "a code two time steps old is accepted",
        SERVICE,
        "secret, code, self.clock(), window=self.settings.drift_window)",
        "secret, code, self.clock(), window=self.settings.drift_window + 1)",
    ),
    Mutant(
        "sso-enables",
        "an SSO user can enable 2FA",
        SERVICE,
        '        if user["sso"]:\n            return Reason.SSO_ACCOUNT\n',
        "",
    ),
    Mutant(
        "enable-request-unchecked",
        "the Enable request is accepted from an account whose page offers no Enable",
        SERVICE,
        "        if blocked is not None:\n            raise Refused(blocked)\n",
        "",
    ),
    Mutant(
        "unverified-enables",
        "2FA can be enabled without a verified e-mail address",
        SERVICE,
        '        if not user["email_verified"]:\n            return Reason.EMAIL_UNVERIFIED\n'
        "        return None\n",
        "        return None\n",
    ),
    Mutant(
        "no-confirmation-mail",
        "enabling skips the e-mail confirmation",
        SERVICE,
        "        self._send(user, MailKind.CONFIRM_ENABLE, link=link)\n",
        "",
    ),
    Mutant(
        "link-twice",
        "the confirmation link works twice",
        SERVICE,
        '" AND used = 0 AND expires_at > ?",\n'
        '                (_digest(token), user["id"], self.clock()),\n'
        "            )\n"
        '            if cursor.rowcount != 1 or user["mfa_state"] != MfaState.REQUESTED:',
        '" AND expires_at > ?",\n'
        '                (_digest(token), user["id"], self.clock()),\n'
        "            )\n"
        "            if cursor.rowcount != 1:",
    ),
    Mutant(
        "link-never-expires",
        "the confirmation link never expires",
        SERVICE,
        '" AND used = 0 AND expires_at > ?",',
        '" AND used = 0 AND expires_at > ? - 1e9",',
    ),
    Mutant(
        "link-any-account",
        "the confirmation link works for whoever is signed in",
        SERVICE,
        '"UPDATE confirmation_links SET used = 1 WHERE token_hash = ? AND user_id = ?"',
        '"UPDATE confirmation_links SET used = 1 WHERE token_hash = ? AND ? > 0"',
    ),
    Mutant(
        "old-link-survives",
        "a new request leaves the old link working",
        SERVICE,
        '            self.db.execute("DELETE FROM confirmation_links WHERE user_id = ?", (user["id"],))\n',
        "",
    ),
    Mutant(
        "backup-code-twice",
        "the backup code works more than once",
        SERVICE,
        '                (new_hash, user["id"], stored),\n',
        '                (stored, user["id"], stored),\n',
    ),
    Mutant(
        "member-skips-setup",
        "a member of a team that requires 2FA can skip setting it up",
        SERVICE,
        "        if self._enforced_for(user):\n",
        "        if False:\n",
    ),
    Mutant(
        "enforcement-asks-sso",
        "team enforcement asks SSO users to set up 2FA",
        SERVICE,
        '        if user["sso"]:\n            return False\n',
        "",
    ),
    Mutant(
        "sso-skips-second-factor",
        "signing in through SSO skips the code of an account that turned 2FA on",
        SERVICE,
        "            raise Refused(Reason.SSO_NO_ACCOUNT)\n        return self._first_factor_passed(member)\n",
        '            raise Refused(Reason.SSO_NO_ACCOUNT)\n        return self._new_session(member["id"], Stage.ACTIVE)\n',
    ),
    Mutant(
        "sso-unverified-email",
        "the ID token's email_verified is ignored",
        SERVICE,
        "        if not email_verified:\n            raise Refused(Reason.SSO_EMAIL_UNVERIFIED)\n",
        "",
    ),
    Mutant(
        "sso-refuses-passwords",
        "a member who has a password cannot sign in through the team's SSO",
        SERVICE,
        "        if member is None:\n            raise Refused(Reason.SSO_NO_ACCOUNT)\n",
        '        if member is None or not member["sso"]:\n            raise Refused(Reason.SSO_NO_ACCOUNT)\n',
    ),
    Mutant(
        "no-second-factor",
        "login with 2FA on does not ask for the code",
        SERVICE,
        'return self._new_session(user["id"], Stage.SECOND_FACTOR)',
        'return self._new_session(user["id"], Stage.ACTIVE)',
    ),
    Mutant(
        "disable-keeps-state",
        "disabling reports success but leaves 2FA on",
        SERVICE,
        '            (MfaState.OFF, user["id"]),\n',
        '            (MfaState.ON, user["id"]),\n',
    ),
    Mutant(
        "disable-without-password",
        "disabling does not check the password",
        SERVICE,
        '        if not check_password(password, user["password_hash"]):\n'
        '            self._count_failure(user["id"])\n'
        "            raise Refused(Reason.WRONG_CREDENTIALS)\n",
        "",
    ),
    Mutant(
        "no-lockout",
        "wrong codes are never throttled",
        THROTTLING,
        '" WHERE id = ? AND failed_attempts >= ?",',
        '" WHERE id = ? AND failed_attempts >= ? AND 0",',
    ),
    Mutant(
        "half-login-forever",
        "a half-finished login never expires",
        SERVICE,
        '        if row["stage"] != Stage.ACTIVE and expired:\n',
        "        if False:\n",
    ),
    Mutant(
        "unicode-digits",
        "codes in non-ASCII digits are accepted as input",
        SERVICE,
        'CODE_PATTERN = re.compile(r"[0-9]{6}")',
        'CODE_PATTERN = re.compile(r"\\d{6}")',
    ),
    Mutant(
        "passwords-unthrottled",
        "wrong passwords at login are never throttled",
        SERVICE,
        "        if not throttling.charge_address(self.db, email, self.clock(), limit):\n",
        "        if not throttling.charge_address(self.db, email, self.clock(), limit) and False:\n",
    ),
    Mutant(
        "failures-never-reset",
        "a right code does not start the count of wrong codes again",
        SERVICE,
        '"UPDATE users SET last_used_step = ?, failed_attempts = 0 WHERE id = ?"',
        '"UPDATE users SET last_used_step = ? WHERE id = ?"',
    ),
    Mutant(
        "backup-code-unthrottled",
        "backup codes are not throttled",
        SERVICE,
        '        code = normalise_backup_code(raw_code)\n        self._charge_attempt(user["id"])\n',
        "        code = normalise_backup_code(raw_code)\n",
    ),
    Mutant(
        "reauth-without-code",
        "disabling 2FA or a new backup code does not check the current code",
        SERVICE,
        '        throttling.refund_account(self.db, user["id"])\n        self._spend_totp(user["id"], code)\n',
        '        throttling.refund_account(self.db, user["id"])\n',
    ),
    Mutant(
        "reset-untold",
        "a member whose 2FA an admin reset is not told",
        SERVICE,
        "        self._send(member, MailKind.MFA_RESET)\n",
        "",
    ),
    Mutant(
        "members-are-admins",
        "any member can open the organisation's security settings and reset 2FA",
        SERVICE,
        "WHERE user_id = ? AND role = 'admin'\",",
        'WHERE user_id = ?",',
    ),
    Mutant(
        "qr-shown-after-on",
        "the set-up page still shows the QR code once 2FA is on",
        SERVICE,
        '        if user["mfa_state"] != MfaState.PENDING:\n            raise Refused(Reason.WRONG_STATE)\n'
        '        return self._enrolment(user["email"], user["totp_secret"])',
        '        if user["mfa_state"] == MfaState.OFF:\n            raise Refused(Reason.WRONG_STATE)\n'
        '        return self._enrolment(user["email"], user["totp_secret"])',
    ),
    Mutant(
        "session-not-renewed",
        "the session keeps its id when login completes",
        SERVICE,
        "        self.log_out(old_session_id)\n        return self._new_session(user_id, Stage.ACTIVE)\n",
        "        self.db.execute(\n"
        '            "UPDATE sessions SET stage = ? WHERE id_hash = ?", (Stage.ACTIVE, _digest(old_session_id))\n'
        "        )\n"
        "        return Session(old_session_id, Stage.ACTIVE)\n",
    ),
    Mutant(
        "session-never-idles",
        "a session left unused stays open (ASVS 5.0 7.3.1)",
        SERVICE,
        "        if idle or too_old:  # ASVS 5.0 7.3.1 and 7.3.2\n",
        "        if too_old:  # ASVS 5.0 7.3.1 and 7.3.2\n",
    ),
    Mutant(
        "session-lives-for-ever",
        "a session in use never ends (ASVS 5.0 7.3.2)",
        SERVICE,
        "        if idle or too_old:  # ASVS 5.0 7.3.1 and 7.3.2\n",
        "        if idle:  # ASVS 5.0 7.3.1 and 7.3.2\n",
    ),
    Mutant(
        "logout-keeps-session",
        "logging out leaves the session valid on the server",
        SERVICE,
        '        """End the session on the server."""\n'
        '        self.db.execute("DELETE FROM sessions WHERE id_hash = ?", (_digest(session_id),))\n',
        '        """End the session on the server."""\n',
    ),
    Mutant(
        "setup-code-reusable",
        "the code that finished the set-up is accepted again at the first login (RFC 6238 5.2)",
        SERVICE,
        '"UPDATE users SET mfa_state = ?, backup_code_hash = ?"',
        '"UPDATE users SET mfa_state = ?, backup_code_hash = ?, last_used_step = NULL"',
    ),
    Mutant(
        "code-lockout-shorter-than-declared",
        "codes are locked for half the time the product declares",
        SERVICE,
        "        until = self.clock() + self.settings.lockout\n"
        "        throttling.lock_account_at_limit(",
        "        until = self.clock() + self.settings.lockout / 2\n"
        "        throttling.lock_account_at_limit(",
    ),
    Mutant(
        "code-lock-one-late",
        "codes lock one wrong code later than the product declares",
        THROTTLING,
        '" WHERE id = ? AND failed_attempts >= ?",',
        '" WHERE id = ? AND failed_attempts > ?",',
    ),
]


@dataclass(frozen=True)
class BrowserMutant(Mutant):
    """A one-place edit of the web layer, which only a browser sees: it must fail one step."""

    scenario: str  # the scenario that must fail, named after the rule
    step: str  # the step it must fail at, so a crash elsewhere is no catch


WEB_APP = "reference_impl/web/__init__.py"
WEB_CONTEXT = "reference_impl/web/context.py"
WEB_AUTH = "reference_impl/web/auth.py"
WEB_SCRIPT = "reference_impl/web/static/app.js"
WEB_SECURITY_PAGE = "reference_impl/web/templates/security.html"

BROWSER_MUTANTS = [
    BrowserMutant(
        "csrf-unchecked",
        "form posts are not checked for their anti-forgery token (ASVS 5.0 3.5.1)",
        WEB_CONTEXT,
        '    if request.method != "POST" or request.blueprint == "testing":\n',
        "    if True:\n",
        "A form posted from another address of the same site cannot change the team requirement",
        "Then the team requirement for two-factor authentication is off",
    ),
    BrowserMutant(
        "session-kept-at-second-factor",
        "the web layer keeps the browser's session id once the code is given (ASVS 5.0 7.2.4)",
        WEB_AUTH,
        '    """Swap in the promoted session, keeping only where the person was going."""\n'
        '    begin(new, session.get("next", ""))\n',
        '    """Swap in the promoted session, keeping only where the person was going."""\n'
        "    from reference_impl.service import _digest\n"
        "\n"
        "    old = session_id()\n"
        "    service().db.execute(\n"
        '        "UPDATE sessions SET id_hash = ? WHERE id_hash = ?", (_digest(old), _digest(new.id))\n'
        "    )\n"
        '    begin(Session(old, new.stage), session.get("next", ""))\n',
        "The session from before the code does not stay signed in",
        "Then it does not open her account",
    ),
    BrowserMutant(
        "switch-without-pop-up",
        "the team switch flips at once, without the confirmation pop-up",
        WEB_SCRIPT,
        "      if (!dialog.open) dialog.showModal();\n",
        "      dialog.querySelector('form[method=\"post\"]').submit();\n",
        'The admin turns the requirement on and confirms with "Yes"',
        "Then a pop-up asks her to confirm",
    ),
    BrowserMutant(
        "pop-up-yes-keeps-the-requirement",
        "the pop-up's Yes sends the requirement as it is, not turned over as the pop-up rule says",
        WEB_SECURITY_PAGE,
        """value="{{ 'on' if yes_requires else 'off' }}">""",
        """value="{{ 'on' if team.enforce_mfa else 'off' }}">""",
        'The admin turns the requirement on and confirms with "Yes"',
        "Then the team requirement for two-factor authentication is on",
    ),
    BrowserMutant(
        "pages-framable",
        "any page may show the product's pages in a frame (ASVS 5.0 3.4.6)",
        WEB_APP,
        '    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY\n'
        '    response.headers["X-Content-Type-Options"] = "nosniff"\n'
        '    response.headers["Referrer-Policy"] = "no-referrer"\n'
        '    response.headers["X-Frame-Options"] = "DENY"\n',
        '    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(\n'
        '        "; frame-ancestors \'none\'", ""\n'
        "    )\n"
        '    response.headers["X-Content-Type-Options"] = "nosniff"\n'
        '    response.headers["Referrer-Policy"] = "no-referrer"\n',
        "A page at another address of the same site cannot show the team switch in a frame",
        "Then the settings do not show inside that page",
    ),
    BrowserMutant(
        "session-cookie-cross-site",
        "the session cookie has no SameSite attribute (ASVS 5.0 3.3.2)",
        WEB_APP,
        '        SESSION_COOKIE_SAMESITE="Lax",\n',
        "        SESSION_COOKIE_SAMESITE=None,\n",
        "A form posted from another site does not carry the session",
        "Then the form went without her session",
    ),
    BrowserMutant(
        "session-cookie-scriptable",
        "the session cookie has no HttpOnly attribute (ASVS 5.0 3.3.4)",
        WEB_APP,
        "        SESSION_COOKIE_HTTPONLY=True,\n",
        "        SESSION_COOKIE_HTTPONLY=False,\n",
        "The page's scripts cannot read the session",
        "Then the page's scripts cannot read the session her browser holds",
    ),
]
