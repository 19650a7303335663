"""The mailboxes read back what was really sent: SMTP into the sink, JSON from a mail API."""

from __future__ import annotations

import json
import smtplib
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mfaspec.mailbox import HttpApiMailbox, Link, MailboxError, SmtpSink, find_links
from reference_impl.mail import MailKind, SmtpOutbox, compose


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    mailbox = SmtpSink()
    yield mailbox
    mailbox.close()


def test_the_sink_keeps_each_message_under_its_recipient_newest_last(sink: SmtpSink) -> None:
    outbox = SmtpOutbox(sink.host, sink.port)
    link = "http://127.0.0.1:8000/mfa/confirm/abc"
    confirm = compose(
        MailKind.CONFIRM_ENABLE, to="ana@example.test", name="Ana", locale="en", link=link
    )
    outbox.send(confirm)
    outbox.send(compose(MailKind.MFA_ENABLED, to="Ana@Example.test", name="Ana", locale="en"))
    outbox.send(compose(MailKind.MFA_ENABLED, to="bob@example.test", name="Bob", locale="fr"))

    messages = sink.messages("ana@example.test")

    assert [message.subject for message in messages] == [
        "Confirm your multi-factor authentication request",
        "Multi-factor authentication is on",
    ]
    assert "Hello Ana," in messages[0].text
    assert messages[0].links == (Link("Set up multi-factor authentication", link),)
    assert messages[1].links == ()
    assert sink.messages("bob@example.test")[0].subject.startswith("L'authentification")
    assert sink.messages("nobody@example.test") == []


def test_the_sink_reads_a_plain_text_only_message(sink: SmtpSink) -> None:
    message = EmailMessage()
    message["From"] = "a@example.test"
    message["To"] = "b@example.test"
    message["Subject"] = "Plain"
    message.set_content("Just text.")
    with smtplib.SMTP(sink.host, sink.port, timeout=5) as smtp:
        smtp.send_message(message)

    [received] = sink.messages("b@example.test")

    assert (received.subject, received.text.strip(), received.html) == ("Plain", "Just text.", "")


def test_links_keep_their_visible_text_with_spaces_collapsed() -> None:
    html = '<p>Go <a href="/x?a=1&amp;b=2">Set <b>up</b>\n  now</a> or <a>nothing</a></p>'

    assert find_links(html) == (Link("Set up now", "/x?a=1&b=2"), Link("nothing", ""))


MAILPIT_LISTING = {
    "messages": [
        {"ID": "m2", "Created": "2024-01-01T10:00:02Z", "To": [{"Address": "ana@x.test"}]},
        {"ID": "m3", "Created": "2024-01-01T10:00:01Z", "To": [{"Address": "bob@x.test"}]},
        {"ID": "m1", "Created": "2024-01-01T10:00:00Z", "To": [{"Address": "ANA@x.test"}]},
    ]
}
MAILPIT_BODIES = {
    "m1": {"Subject": "first", "Text": "one", "HTML": '<a href="http://l/1">Link</a>'},
    "m2": {"Subject": "second", "Text": "two", "HTML": ""},
}


class _FakeMailpit(BaseHTTPRequestHandler):
    """Answers the two Mailpit endpoints the mailbox uses, newest message first."""

    def do_GET(self) -> None:
        if self.headers.get("Authorization") != "Basic dXNlcjpwdw==":
            self.send_error(401)
            return
        if self.path.startswith("/api/v1/messages"):
            self._answer(MAILPIT_LISTING)
        elif self.path.removeprefix("/api/v1/message/") in MAILPIT_BODIES:
            self._answer(MAILPIT_BODIES[self.path.removeprefix("/api/v1/message/")])
        else:
            self.send_error(404)

    def _answer(self, body: object) -> None:
        payload = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet."""


@pytest.fixture
def mail_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeMailpit)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_http_api_mailbox_filters_by_recipient_and_orders_oldest_first(mail_api: str) -> None:
    mailbox = HttpApiMailbox(mail_api, username="user", password="pw")

    messages = mailbox.messages("ana@x.test")

    assert [message.subject for message in messages] == ["first", "second"]
    assert messages[0].links == (Link("Link", "http://l/1"),)


def test_the_http_api_mailbox_reports_a_refusal_clearly(mail_api: str) -> None:
    mailbox = HttpApiMailbox(mail_api, username="user", password="wrong")

    with pytest.raises(MailboxError, match="401"):
        mailbox.messages("ana@x.test")


def test_a_sink_whose_port_is_taken_says_so_in_one_line(sink: SmtpSink) -> None:
    with pytest.raises(MailboxError) as raised:
        SmtpSink(sink.host, sink.port)

    assert str(raised.value).startswith(f"the mail sink cannot listen on {sink.host}:{sink.port}:")
    assert "\n" not in str(raised.value)
