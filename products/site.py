"""Start a product site on free loopback ports with one listed account, as tests and runs need."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import requests

from mfaspec.mailbox import free_port

HOST = "127.0.0.1"
EMAIL = "alice@qa.example.com"
USERNAME = "alice"
PASSWORD_ENV = "QA_ALICE_PASSWORD"
# A test account's password on a loopback site that lives for one run.
PASSWORD = "correct horse battery staple 42"
LOGIN_PATHS = {"allauth_mfa": "/accounts/login/", "flask_security_tf": "/login"}
# The products whose serve command takes --test-clock, and where their clock hook answers.
CLOCK_HOOKS = {"allauth_mfa": "/_test/clock"}


class Site:
    """A product site served by its own ``serve`` command, with Alice's account created.

    With ``test_clock``, the site's clock stands still until moved through its clock hook.
    """

    def __init__(self, product: str, database: Path, *, test_clock: bool = False) -> None:
        if product not in LOGIN_PATHS:
            raise ValueError(f"unknown product {product!r}; known: {sorted(LOGIN_PATHS)}")
        if test_clock and product not in CLOCK_HOOKS:
            raise ValueError(f"{product} has no test clock; these have: {sorted(CLOCK_HOOKS)}")
        self.test_clock = test_clock
        self.product = product
        self.database = database
        self.port = free_port(HOST)
        while (smtp_port := free_port(HOST)) == self.port:
            pass
        self.smtp_port = smtp_port
        self.base_url = f"http://{HOST}:{self.port}"
        self.login_url = self.base_url + LOGIN_PATHS[product]
        self._server: subprocess.Popen[bytes] | None = None

    def _command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", f"products.{self.product}", *args]

    def _manage(self, *args: str) -> None:
        environment = {**os.environ, PASSWORD_ENV: PASSWORD}
        subprocess.run(
            self._command(*args, "--database", str(self.database)), check=True, env=environment
        )

    def __enter__(self) -> Site:
        account = ("--email", EMAIL, "--username", USERNAME, "--password-env", PASSWORD_ENV)
        self._manage("create-user", *account)
        ports = ("--port", str(self.port), "--smtp-port", str(self.smtp_port))
        clock = ("--test-clock",) if self.test_clock else ()
        self._server = subprocess.Popen(
            self._command("serve", "--database", str(self.database), *ports, *clock),
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                requests.get(self.login_url, timeout=3)
                return self
            except requests.ConnectionError:
                if self._server.poll() is not None:
                    raise RuntimeError(f"{self.product} exited before it listened") from None
                time.sleep(0.1)
        raise RuntimeError(f"{self.product} did not answer at {self.login_url} within 30 s")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._server is not None:
            self._server.terminate()
            self._server.wait(timeout=10)

    def reset(self) -> None:
        """Put every account back to MFA off, with no session, through the site's reset command."""
        self._manage("reset")

    def profile(self, source: Path, destination: Path) -> Path:
        """Write the product's profile with this site's address, SMTP port and reset command."""
        text = source.read_text(encoding="utf-8")
        command = json.dumps(self._command("reset", "--database", str(self.database)))
        text = re.sub(
            r"(?m)^(\[accounts\.reset\]\ncommand = ).*$", lambda m: m.group(1) + command, text
        )
        text = re.sub(r'(?m)^base_url = ".*"$', f'base_url = "{self.base_url}"', text)
        text = re.sub(r"(?m)^(\[mail\.smtp_sink\]\nport = )\d+$", rf"\g<1>{self.smtp_port}", text)
        destination.write_text(text, encoding="utf-8")
        return destination
