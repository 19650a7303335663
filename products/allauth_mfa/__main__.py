"""The site's commands: serve it, create a listed account, put every account back to its start."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HOST = "127.0.0.1"


def _configure(database: Path, smtp_port: int = 25) -> None:
    """Point Django at the SQLite file and the SMTP port, then set it up and migrate."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "products.allauth_mfa.settings"
    os.environ["ALLAUTH_SITE_DATABASE"] = str(database)
    os.environ["ALLAUTH_SITE_SMTP_PORT"] = str(smtp_port)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def serve(database: Path, port: int, smtp_port: int) -> None:
    """Serve the site on loopback with waitress until interrupted."""
    _configure(database, smtp_port)
    import waitress
    from django.core.wsgi import get_wsgi_application

    print(f"allauth MFA site on http://{HOST}:{port}/", flush=True)
    waitress.serve(get_wsgi_application(), host=HOST, port=port, threads=8, _quiet=True)


def create_user(database: Path, email: str, password: str) -> None:
    """Create (or restore) an account with a verified address, through allauth's own models."""
    _configure(database)
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_model.objects.create_user(username=email.split("@")[0], email=email)
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )


def reset(database: Path) -> None:
    """Turn MFA off for every account, end every session and forget used codes and rate limits."""
    _configure(database)
    from allauth.mfa.models import Authenticator
    from django.contrib.sessions.models import Session
    from django.core.cache import cache

    Authenticator.objects.all().delete()
    Session.objects.all().delete()
    cache.clear()


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    parser = argparse.ArgumentParser(prog="python -m products.allauth_mfa")
    commands = parser.add_subparsers(dest="command", required=True)
    serving = commands.add_parser("serve", help="serve the site on loopback")
    serving.add_argument("--port", type=int, required=True)
    serving.add_argument("--smtp-port", type=int, required=True)
    creating = commands.add_parser("create-user", help="create a listed account")
    creating.add_argument("--email", required=True)
    creating.add_argument(
        "--password-env", required=True, help="the environment variable holding the password"
    )
    commands.add_parser("reset", help="every account back to MFA off, no session")
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
