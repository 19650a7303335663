"""The key that signs session cookies: the same across restarts and processes of one instance."""

from __future__ import annotations

import contextlib
import os
import secrets

ENVIRONMENT_VARIABLE = "MFASPEC_SECRET_KEY"
MIN_LENGTH = 32


class SecretKeyError(RuntimeError):
    """The configured secret key is unusable."""


def load_secret_key(path: str) -> str:
    """Return the key from the environment, else from ``path``, created once (mode 600)."""
    given = os.environ.get(ENVIRONMENT_VARIABLE)
    if given is not None:
        if len(given) < MIN_LENGTH:
            raise SecretKeyError(f"{ENVIRONMENT_VARIABLE} is shorter than {MIN_LENGTH} characters")
        return given
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    _create(path)
    return _read(path)


def _read(path: str) -> str:
    with open(path, encoding="ascii") as file:
        key = file.read().strip()
    if len(key) < MIN_LENGTH:
        raise SecretKeyError(f"the secret key file {path} holds fewer than {MIN_LENGTH} characters")
    return key


def _create(path: str) -> None:
    """Write a new key where no process can read a half-written one: a link is atomic."""
    directory = os.path.dirname(path) or "."
    os.makedirs(directory, exist_ok=True)
    draft = f"{path}.{secrets.token_hex(8)}.new"
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(32) + "\n")
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(draft, path)
    finally:
        os.unlink(draft)
