"""Command line: ``python -m reference_impl serve`` runs the reference web application."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from contextlib import ExitStack

from flask import Flask

from reference_impl.config import ConsoleOutbox
from reference_impl.delivery import BackgroundCourier
from reference_impl.mail import Outbox, SmtpOutbox
from reference_impl.service import Refused, valid_issuer
from reference_impl.web import create_app, demo
from reference_impl.web.context import service
from reference_impl.web.secret_key import SecretKeyError

THREADS = 4
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


def parser() -> argparse.ArgumentParser:
    """Describe the command line."""
    top = argparse.ArgumentParser(prog="python -m reference_impl")
    commands = top.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the reference web application")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=5000, help="port (0 picks a free one)")
    serve.add_argument(
        "--database",
        help="SQLite file (default: reference_impl.sqlite3; with --demo, a fresh temporary file)",
    )
    serve.add_argument("--smtp-host", help="send mail through this SMTP server")
    serve.add_argument("--smtp-port", type=int, help="port of the SMTP server")
    serve.add_argument(
        "--base-url",
        help="public address, used in e-mailed links and for single sign-on's redirect URI"
        " (default: the listen address)",
    )
    serve.add_argument(
        "--behind-proxy",
        action="store_true",
        help="trust one reverse proxy's X-Forwarded-For, -Proto and -Host headers (give the"
        " public https address as --base-url, so cookies are Secure and HSTS is sent)",
    )
    serve.add_argument(
        "--demo",
        action="store_true",
        help="create demo accounts and an organisation and print how to sign in. The"
        " organisation signs in through a mock OpenID Connect identity provider started in this"
        " process on 127.0.0.1 (single sign-on for the demo people; for demos only). Without an"
        " SMTP server, confirmation links are then printed on the console: a link lets whoever"
        " is signed in as its owner continue the set-up, so use --demo only on your own machine",
    )
    serve.add_argument(
        "--test-mode",
        action="store_true",
        help="for test harnesses only: a controllable clock, cheap password hashing, and"
        " unauthenticated /_test/ hooks that create accounts and move the clock"
        " (loopback addresses only)",
    )
    serve.add_argument(
        "--test-identity-provider",
        metavar="ISSUER",
        help="with --test-mode: the OpenID Connect issuer that single sign-on accounts and"
        " teams made by the /_test/ hooks sign in through",
    )
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command."""
    args = parser().parse_args(argv)
    if (args.smtp_host is None) != (args.smtp_port is None):
        return _fail("give both --smtp-host and --smtp-port, or neither")
    if args.test_mode and args.host not in LOOPBACK:
        return _fail("--test-mode only listens on a loopback address")
    if args.test_identity_provider and not args.test_mode:
        return _fail("--test-identity-provider goes with --test-mode")
    if args.test_identity_provider and not valid_issuer(args.test_identity_provider):
        return _fail("--test-identity-provider is not an https URL (or http on loopback)")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    outbox: Outbox = (
        SmtpOutbox(args.smtp_host, args.smtp_port)
        if args.smtp_host
        else ConsoleOutbox(show_links=args.demo)
    )
    config: dict[str, object] = {
        "DATABASE": _database(args.database, demo=args.demo),
        "OUTBOX": outbox,
        "TEST_MODE": args.test_mode,
        "TEST_IDENTITY_PROVIDER": args.test_identity_provider or "",
        "BEHIND_PROXY": args.behind_proxy,
    }
    if args.base_url:
        config["BASE_URL"] = args.base_url.rstrip("/")
    try:
        app = create_app(config)
    except (SecretKeyError, OSError) as error:
        return _fail(f"no secret key for session cookies: {error}")
    with ExitStack() as running:
        issuer = demo.start_identity_provider(running) if args.demo else ""
        return _serve(app, args.host, args.port, base_url=args.base_url, demo_issuer=issuer)


def _serve(app: Flask, host: str, port: int, *, base_url: str | None, demo_issuer: str) -> int:
    """Serve until interrupted; with ``demo_issuer``, first seed the demo data."""
    import waitress

    server = waitress.create_server(app, host=host, port=port, threads=THREADS)
    courier = app.extensions["courier"]
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{shown_host}:{server.effective_port}"
    if not base_url:
        app.config["BASE_URL"] = address
    if demo_issuer:
        try:
            _seed_demo(app, demo_issuer)
        except Refused:
            server.close()
            return _fail("the database already holds demo accounts: use a fresh --database")
    print(f"Database: {app.config['DATABASE']}", flush=True)
    print(f"Serving on {address}", flush=True)
    if isinstance(courier, BackgroundCourier):
        courier.start()  # also sends what was queued before a restart
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        if isinstance(courier, BackgroundCourier):
            courier.stop()
    return 0


def _seed_demo(app: Flask, issuer: str) -> None:
    with app.app_context():
        password = demo.seed(service(), issuer)
    print("Demo accounts (password for all but the SSO one: " + password + "):", flush=True)
    for account in demo.ACCOUNTS:
        print(f"  {account.email:<24} {account.name:<16} {account.role}", flush=True)
    print(
        f"Single sign-on: the demo organisation's identity provider (a mock) is {issuer};"
        " on its page, choose the person to sign in as.",
        flush=True,
    )


def _database(given: str | None, *, demo: bool) -> str:
    if given:
        return given
    if demo:
        return os.path.join(tempfile.mkdtemp(prefix="mfaspec-demo-"), "demo.sqlite3")
    return "reference_impl.sqlite3"


def _fail(message: str) -> int:
    print(f"reference_impl: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
