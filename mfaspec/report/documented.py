"""The documented steps a report is organised by, shortened from the seeds' STEPS.md.

Source: /work/shared/seeds/STEPS.md, which lists in English every step of two vendors' French
help articles on turning on multi-factor authentication, each under a stable ID.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    """A vendor help article the steps come from."""

    vendor: str
    title: str
    file: str


@dataclass(frozen=True)
class DocumentedStep:
    """One step an article documents, under the ID the feature files tag (``@doc.T6``)."""

    id: str
    article: Article
    text: str


TAWK = Article("tawk.to", "How to enable multi-factor authentication", "000_8ed9e70fd690f46e.txt")
AGORAPULSE = Article(
    "Agorapulse",
    "How to enable/disable two-factor authentication (2FA)",
    "001_2e4a348647ba5540.txt",
)
ARTICLES = (TAWK, AGORAPULSE)

_STEPS = [
    ("T0", TAWK, "An authenticator app on a phone; one-time codes come on top of the password."),
    ("T1", TAWK, "Log in."),
    ("T2", TAWK, "Click the profile picture."),
    ("T3", TAWK, 'Click "Edit profile".'),
    ("T4", TAWK, "Open the Settings tab of Account Settings."),
    ("T5", TAWK, 'Click "Enable" under Multi-Factor Authentication.'),
    ("T6", TAWK, 'A confirmation e-mail arrives; click "Set up multi-factor authentication".'),
    ("T7", TAWK, 'Scan the QR code, enter the 6-digit code under "Verify your code", "Verify".'),
    ("T8", TAWK, 'A backup code is shown once MFA is on; keep it safe and click "Done".'),
    ("T9", TAWK, 'Log out, log back in, enter the 6-digit code and click "Log in".'),
    ("A0", AGORAPULSE, "With 2FA on, a 6-digit code from an app confirms e-mail and password."),
    ("A1", AGORAPULSE, "2FA cannot be enabled by users who log in through SSO."),
    ("A2", AGORAPULSE, "The account's e-mail address must be validated before using 2FA."),
    (
        "A3",
        AGORAPULSE,
        'Profile picture, "Personal settings", "Two-factor authentication", enable.',
    ),
    ("A4", AGORAPULSE, "Scan the QR code with the authenticator app."),
    ("A5", AGORAPULSE, 'Enter the 6-digit code the app generates and click "Activate".'),
    ("A6", AGORAPULSE, "From then on, every login asks for the 6-digit code."),
    (
        "A7",
        AGORAPULSE,
        'Profile picture, "Personal settings", "Two-factor authentication", disable.',
    ),
    (
        "A8",
        AGORAPULSE,
        'Require 2FA for the team: "Organisation settings", "Security & SSO" switch.',
    ),
    ("A9", AGORAPULSE, 'A pop-up asks for confirmation; "Yes" turns the requirement on.'),
    ("A10", AGORAPULSE, "From their next login on, team members must set up 2FA."),
]
DOCUMENTED_STEPS = {
    step_id: DocumentedStep(step_id, article, text) for step_id, article, text in _STEPS
}
