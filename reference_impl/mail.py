"""E-mail the product sends, in English and French, and the outboxes that carry it."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from enum import StrEnum
from html import escape
from typing import Protocol

SENDER = "no-reply@mfaspec.invalid"


class MailKind(StrEnum):
    """Why the product writes to a user."""

    CONFIRM_ENABLE = "confirm_enable"
    MFA_ENABLED = "mfa_enabled"
    MFA_DISABLED = "mfa_disabled"
    BACKUP_CODE_USED = "backup_code_used"
    MFA_RESET = "mfa_reset"


@dataclass(frozen=True)
class Mail:
    """One message: plain text, HTML, and the kind the product meant it as."""

    kind: MailKind
    to: str
    subject: str
    text: str
    html: str


TEXTS: dict[str, dict[MailKind, tuple[str, str]]] = {
    "en": {
        MailKind.CONFIRM_ENABLE: (
            "Confirm your multi-factor authentication request",
            "You asked to turn on multi-factor authentication. If this was you, open the link"
            " below within 30 minutes. If it was not you, ignore this message.",
        ),
        MailKind.MFA_ENABLED: (
            "Multi-factor authentication is on",
            "Multi-factor authentication was turned on for your account.",
        ),
        MailKind.MFA_DISABLED: (
            "Multi-factor authentication is off",
            "Multi-factor authentication was turned off for your account. If this was not you,"
            " change your password now.",
        ),
        MailKind.BACKUP_CODE_USED: (
            "Your backup code was used",
            "Your backup code was used to log in. A new backup code replaced it.",
        ),
        MailKind.MFA_RESET: (
            "Your organisation reset your multi-factor authentication",
            "An administrator of your organisation turned off multi-factor authentication on"
            " your account, for example because you lost your phone. Set it up again at your"
            " next login.",
        ),
    },
    "fr": {
        MailKind.CONFIRM_ENABLE: (
            "Confirmez votre demande d'authentification multifacteur",
            "Vous avez demandé à activer l'authentification multifacteur. Si c'est bien vous,"
            " ouvrez le lien ci-dessous dans les 30 minutes. Sinon, ignorez ce message.",
        ),
        MailKind.MFA_ENABLED: (
            "L'authentification multifacteur est activée",
            "L'authentification multifacteur a été activée sur votre compte.",
        ),
        MailKind.MFA_DISABLED: (
            "L'authentification multifacteur est désactivée",
            "L'authentification multifacteur a été désactivée sur votre compte. Si ce n'est pas"
            " vous, changez votre mot de passe maintenant.",
        ),
        MailKind.BACKUP_CODE_USED: (
            "Votre code de secours a été utilisé",
            "Votre code de secours a servi à vous connecter. Un nouveau code le remplace.",
        ),
        MailKind.MFA_RESET: (
            "Votre organisation a réinitialisé votre authentification multifacteur",
            "Un administrateur de votre organisation a désactivé l'authentification multifacteur"
            " de votre compte, par exemple parce que vous avez perdu votre téléphone. Configurez-la"
            " de nouveau à votre prochaine connexion.",
        ),
    },
}
LINK_TEXT = {
    "en": "Set up multi-factor authentication",
    "fr": "Configurer l'authentification multifacteur",
}
GREETING = {"en": "Hello {name},", "fr": "Bonjour {name},"}


def compose(kind: MailKind, *, to: str, name: str, locale: str, link: str = "") -> Mail:
    """Write the message of ``kind`` for one user, in their language."""
    subject, body = TEXTS[locale][kind]
    greeting = GREETING[locale].format(name=name)
    text = f"{greeting}\n\n{body}\n"
    html = f"<p>{escape(greeting)}</p><p>{escape(body)}</p>"
    if link:
        text += f"\n{LINK_TEXT[locale]}: {link}\n"
        html += f'<p><a href="{escape(link)}">{escape(LINK_TEXT[locale])}</a></p>'
    return Mail(kind, to, subject, text, html)


class Outbox(Protocol):
    """Where the product hands over the mail it sends."""

    def send(self, mail: Mail) -> None:
        """Deliver one message."""


class MemoryOutbox:
    """Keeps sent mail in a list: the in-process mailbox."""

    def __init__(self) -> None:
        self.sent: list[Mail] = []

    def send(self, mail: Mail) -> None:
        """Keep the message."""
        self.sent.append(mail)


class SmtpOutbox:
    """Sends mail to an SMTP server."""

    def __init__(self, host: str, port: int, *, timeout: float = 10.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout

    def send(self, mail: Mail) -> None:
        """Send the message as multipart/alternative."""
        message = EmailMessage()
        message["From"] = SENDER
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message.set_content(mail.text)
        message.add_alternative(mail.html, subtype="html")
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(message)
