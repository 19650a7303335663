"""Deliberately broken variants of the reference implementation, one rule broken each."""

from __future__ import annotations

from dataclasses import dataclass

SERVICE = "reference_impl/service.py"


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
        'user["totp_secret"], code, self.clock(), window=self.settings.drift_window',
        'user["totp_secret"], code, self.clock(), window=self.settings.drift_window + 1',
    ),
    Mutant(
        "sso-enables",
        "an SSO user can enable 2FA",
        SERVICE,
        '        if user["sso"]:\n            return Reason.SSO_ACCOUNT\n',
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
        "        spent = stored is not None and check_password(code, stored)\n        if spent:\n",
        "        spent = stored is not None and check_password(code, stored)\n        if False:\n",
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
        'if len(password) > 1024 or not check_password(password, user["password_hash"]):',
        "if len(password) > 1024:",
    ),
    Mutant(
        "no-lockout",
        "wrong codes are never throttled",
        SERVICE,
        "        if failures >= self.settings.max_failures:\n",
        "        if False:\n",
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
]
