"""Mailboxes the browser driver reads: a local SMTP sink, an IMAP account, a Mailpit-style API."""

from __future__ import annotations

import base64
import imaplib
import json
import socket
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser
from typing import Any, Protocol

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


@dataclass(frozen=True)
class Link:
    """An anchor of an HTML message: the words a person clicks and where they lead."""

    text: str
    href: str


@dataclass(frozen=True)
class Message:
    """One e-mail as a person reads it."""

    subject: str
    text: str
    html: str
    links: tuple[Link, ...]


class Mailbox(Protocol):
    """Where the target's mail can be read back, per recipient."""

    def messages(self, address: str) -> list[Message]:
        """Return the messages sent to ``address``, newest last."""

    def close(self) -> None:
        """Release what the mailbox holds (servers, connections)."""


class MailboxError(Exception):
    """The mailbox could not be reached or answered something unreadable."""


class _LinkCollector(HTMLParser):
    """Collects the anchors of an HTML document with their visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[Link] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append(Link(" ".join("".join(self._text).split()), self._href))
            self._href = None


def find_links(html: str) -> tuple[Link, ...]:
    """Return the anchors of an HTML document, in document order."""
    collector = _LinkCollector()
    collector.feed(html)
    collector.close()
    return tuple(collector.links)


def make_message(subject: str, text: str, html: str) -> Message:
    """Build a message, finding the links of its HTML part."""
    return Message(subject, text, html, find_links(html))


def parse_message(raw: bytes) -> Message:
    """Read an RFC 5322 message: its subject, plain-text part and HTML part."""
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    text_part = parsed.get_body(preferencelist=("plain",))
    html_part = parsed.get_body(preferencelist=("html",))
    text = text_part.get_content() if isinstance(text_part, EmailMessage) else ""
    html = html_part.get_content() if isinstance(html_part, EmailMessage) else ""
    return make_message(str(parsed.get("Subject", "")), text, html)


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class _StoringHandler:
    """aiosmtpd handler: keeps every delivered message under each of its recipients."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_address: dict[str, list[Message]] = {}

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        message = parse_message(content)
        with self._lock:
            for recipient in envelope.rcpt_tos:
                self._by_address.setdefault(recipient.lower(), []).append(message)
        return "250 Message accepted for delivery"

    def messages(self, address: str) -> list[Message]:
        with self._lock:
            return list(self._by_address.get(address.lower(), []))


class SmtpSink:
    """An SMTP server that keeps whatever it is sent (on a free port unless one is given)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port or free_port(host)
        self._handler = _StoringHandler()
        self._controller = Controller(self._handler, hostname=host, port=self.port)
        try:
            self._controller.start()
        except OSError as error:
            reason = error.strerror or str(error)
            where = f"{host}:{self.port}"
            raise MailboxError(f"the mail sink cannot listen on {where}: {reason}") from None

    def messages(self, address: str) -> list[Message]:
        """Return the messages delivered to ``address``, newest last."""
        return self._handler.messages(address)

    def close(self) -> None:
        """Stop the server."""
        self._controller.stop()


class ImapMailbox:
    """An IMAP account that receives the target's mail (one connection per look)."""

    def __init__(
        self, host: str, port: int, username: str, password: str, *, tls: bool, folder: str
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self._password = password
        self.tls = tls
        self.folder = folder

    def messages(self, address: str) -> list[Message]:
        """Return the messages addressed to ``address`` in the folder, newest last."""
        imap_class = imaplib.IMAP4_SSL if self.tls else imaplib.IMAP4
        try:
            with imap_class(self.host, self.port, timeout=10) as imap:
                imap.login(self.username, self._password)
                imap.select(self.folder, readonly=True)
                _, found = imap.search(None, "TO", _imap_quote(address))
                numbers = found[0].split() if found and found[0] else []
                return [self._fetch(imap, number) for number in numbers]
        except (OSError, imaplib.IMAP4.error) as error:
            raise MailboxError(f"IMAP {self.host}:{self.port}: {error}") from None

    @staticmethod
    def _fetch(imap: imaplib.IMAP4, number: bytes) -> Message:
        _, data = imap.fetch(number.decode("ascii"), "(BODY.PEEK[])")
        for part in data:
            if isinstance(part, tuple):
                return parse_message(part[1])
        raise MailboxError(f"IMAP message {number!r} has no body")

    def close(self) -> None:
        """Nothing to release: each look opens and closes its own connection."""


def _imap_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class HttpApiMailbox:
    """A mail catcher with a Mailpit-compatible HTTP API (``/api/v1/messages``)."""

    def __init__(
        self, base_url: str, *, username: str = "", password: str = "", limit: int = 200
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.limit = limit
        self._headers = {"Accept": "application/json"}
        if username:
            token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"

    def messages(self, address: str) -> list[Message]:
        """Return the messages to ``address`` among the newest ``limit``, newest last."""
        listing = self._get(f"/api/v1/messages?limit={self.limit}")
        wanted = address.lower()
        newest_first = listing.get("messages") or []
        summaries = [
            summary
            for summary in reversed(newest_first)
            if wanted in {str(to.get("Address", "")).lower() for to in summary.get("To") or []}
        ]
        summaries.sort(key=lambda summary: str(summary.get("Created", "")))
        return [self._message(str(summary["ID"])) for summary in summaries]

    def _message(self, message_id: str) -> Message:
        body = self._get(f"/api/v1/message/{urllib.parse.quote(message_id, safe='')}")
        return make_message(
            str(body.get("Subject", "")), str(body.get("Text", "")), str(body.get("HTML", ""))
        )

    def _get(self, path: str) -> dict[str, Any]:
        request = urllib.request.Request(self.base_url + path, headers=self._headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                decoded: dict[str, Any] = json.load(response)
                return decoded
        except (OSError, ValueError) as error:
            raise MailboxError(f"mail API {self.base_url}{path}: {error}") from None

    def close(self) -> None:
        """Nothing to release: each look is its own request."""
