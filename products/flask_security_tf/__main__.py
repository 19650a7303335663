"""The site's commands: serve it, create a listed account, put every account back to its start."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from products.commands import run_command
from products.flask_security_tf.models import User, db
from products.flask_security_tf.site import create_app

HOST = "127.0.0.1"


def serve(database: Path, port: int, smtp_port: int) -> None:
    """Serve the site on loopback with waitress until interrupted."""
    import waitress

    app = create_app(database, smtp_port)
    print(f"Flask-Security site on http://{HOST}:{port}/", flush=True)
    waitress.serve(app, host=HOST, port=port, threads=8, _quiet=True)


def create_user(database: Path, email: str, username: str, password: str) -> None:
    """Create (or restore) an active account through Flask-Security's own datastore."""
    from flask_security import hash_password

    app = create_app(database)
    with app.app_context():
        datastore = app.security.datastore  # type: ignore[attr-defined]
        user = datastore.find_user(email=email)
        if user is None:
            datastore.create_user(email=email, username=username, password=hash_password(password))
        else:
            user.username = username
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
    prog = "python -m products.flask_security_tf"
    return run_command(argv, prog=prog, serve=serve, create_user=create_user, reset=reset)


if __name__ == "__main__":
    sys.exit(main())
