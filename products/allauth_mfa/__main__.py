"""The site's commands: serve it, create a listed account, put every account back to its start."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from products.allauth_mfa import clock
from products.commands import run_command

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


def create_user(database: Path, email: str, username: str, password: str) -> None:
    """Create (or restore) an account with a verified address, through allauth's own models."""
    _configure(database)
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user = user_model.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_model.objects.create_user(username=username, email=email)
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
    prog = "python -m products.allauth_mfa"
    return run_command(
        argv,
        prog=prog,
        serve=serve,
        create_user=create_user,
        reset=reset,
        start_test_clock=clock.start,
    )


if __name__ == "__main__":
    sys.exit(main())
