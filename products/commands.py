"""The command line both product sites share: serve, create a listed account, reset."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path


def run_command(
    argv: list[str] | None,
    *,
    prog: str,
    serve: Callable[[Path, int, int], None],
    create_user: Callable[[Path, str, str, str], None],
    reset: Callable[[Path], None],
    start_test_clock: Callable[[], None] | None = None,
) -> int:
    """Parse the command line and run one command of a product's site.

    With ``start_test_clock``, ``serve --test-clock`` starts it before serving.
    """
    parser = argparse.ArgumentParser(prog=prog)
    commands = parser.add_subparsers(dest="command", required=True)
    serving = commands.add_parser("serve", help="serve the site on loopback")
    serving.add_argument("--port", type=int, required=True)
    serving.add_argument("--smtp-port", type=int, required=True)
    if start_test_clock is not None:
        serving.add_argument(
            "--test-clock",
            action="store_true",
            help="for test deployments only: stop the site's clock at the real time and let the"
            ' harness read and move it at /_test/clock (GET {"now"}, POST {"advance": seconds})',
        )
    creating = commands.add_parser("create-user", help="create a listed account")
    creating.add_argument("--email", required=True)
    creating.add_argument("--username", help="its user name; default: the address's local part")
    creating.add_argument(
        "--password-env", required=True, help="the environment variable holding the password"
    )
    commands.add_parser("reset", help="every account back to two-factor off, no session")
    for command in commands.choices.values():
        command.add_argument("--database", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "serve":
        if start_test_clock is not None and args.test_clock:
            start_test_clock()
        serve(args.database, args.port, args.smtp_port)
    elif args.command == "create-user":
        password = os.environ.get(args.password_env)
        if not password:
            parser.error(f"set the environment variable {args.password_env}")
        username = args.username or args.email.split("@")[0]
        create_user(args.database, args.email, username, password)
    else:
        reset(args.database)
    return 0
