"""The site's commands: serve it, create a listed account, put every account back to its start."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from products.flask_security_tf.models import User, db
from products.flask_security_tf.site import create_app

HOST = "127.0.0.1"


def serve(database: Path, port: int, smtp_port: int) -> None:
    """Serve the site on loopback with waitress until interrupted."""
    import waitress

    app = create_app(database, smtp_port)
    print(f"Flask-Security site on http://{HOST}:{port}/", flush=True)
    waitress.serve(app, host=HOST, port=port, threads=8, _quiet=True)


def create_user(database: Path, email: str, password: str) -> None:
    """Create (or restore) an active account through Flask-Security's own datastore."""
    from flask_security import hash_password

    app = create_app(database)
    with app.app_context():
        datastore = app.security.datastore  # type: ignore[attr-defined]
        user = datastore.find_user(email=email)
        if user is None:
            datastore.create_user(email=email, password=hash_password(password))
        else:
            user.password = hash_password(password)
        db.session.commit()


def reset(database: Path) -> None:
    """Turn two-factor off and forget recovery codes for every account, with the product's API."""
    from flask_security.twofactor import tf_disable

    app = create_app(database)
    with app.test_request_context(), app.app_context():
        for user in db.session.scalars(db.select(User)):
            tf_disable(user)
            user.mf_recovery_codes = None
            user.fs_uniquifier = os.urandom(16).hex()  # ends every session the account had
        db.session.commit()


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m products.flask_security_tf")
    commands = parser.add_subparsers(dest="command", required=True)
    serving = commands.add_parser("serve", help="serve the site on loopback")
    serving.add_argument("--port", type=int, required=True)
    serving.add_argument("--smtp-port", type=int, required=True)
    creating = commands.add_parser("create-user", help="create a listed account")
    creating.add_argument("--email", required=True)
    creating.add_argument(
        "--password-env", required=True, help="the environment variable holding the password"
    )
    commands.add_parser("reset", help="every account back to two-factor off, no session")
    for command in commands.choices.values():
        command.add_argument("--database", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "serve":
        serve(args.database, args.port, args.smtp_port)
    elif args.command == "create-user":
        password = os.environ.get(args.password_env)
        if not password:
            parser.error(f"set the environment variable {args.password_env}")
        create_user(args.database, args.email, password)
    else:
        reset(args.database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
