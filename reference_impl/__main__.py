"""Command line: ``python -m reference_impl serve`` runs the reference web application."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile

from flask import Flask

from reference_impl.config import ConsoleOutbox
from reference_impl.mail import Outbox, SmtpOutbox
from reference_impl.service import Refused
from reference_impl.web import create_app, demo
from reference_impl.web.context import service

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
        "--base-url", help="public address used in e-mailed links (default: the listen address)"
    )
    serve.add_argument(
        "--demo",
        action="store_true",
        help="create demo accounts and an organisation and print how to sign in. Without an"
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
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command."""
    args = parser().parse_args(argv)
    if (args.smtp_host is None) != (args.smtp_port is None):
        return _fail("give both --smtp-host and --smtp-port, or neither")
    if args.test_mode and args.host not in LOOPBACK:
        return _fail("--test-mode only listens on a loopback address")
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
        "SSO_STAND_IN": args.demo or args.test_mode,
    }
    if args.base_url:
        config["BASE_URL"] = args.base_url.rstrip("/")
    app = create_app(config)
    return _serve(app, args.host, args.port, base_url=args.base_url, demo_data=args.demo)


def _serve(app: Flask, host: str, port: int, *, base_url: str | None, demo_data: bool) -> int:
    import waitress

    server = waitress.create_server(app, host=host, port=port, threads=THREADS)
    shown_host = f"[{host}]" if ":" in host else host
    address = f"http://{shown_host}:{server.effective_port}"
    if not base_url:
        app.config["BASE_URL"] = address
    if demo_data:
        try:
            _seed_demo(app)
        except Refused:
            server.close()
            return _fail("the database already holds demo accounts: use a fresh --database")
    print(f"Database: {app.config['DATABASE']}", flush=True)
    print(f"Serving on {address}", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


def _seed_demo(app: Flask) -> None:
    with app.app_context():
        password = demo.seed(service())
    print("Demo accounts (password for all but the SSO one: " + password + "):", flush=True)
    for account in demo.ACCOUNTS:
        print(f"  {account.email:<24} {account.name:<16} {account.role}", flush=True)


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
