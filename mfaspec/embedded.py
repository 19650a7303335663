"""Run the reference web application as a subprocess, for profiles whose base_url is "embedded"."""

from __future__ import annotations

import atexit
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mfaspec.mailbox import free_port

HOST = "127.0.0.1"


class EmbeddedServerError(RuntimeError):
    """The reference server did not start."""


class EmbeddedServer:
    """The reference server in test mode on a free loopback port, with a database of its own.

    Given an ``identity_provider`` (an OpenID Connect issuer), the single sign-on accounts and
    teams its test hooks make sign in through that provider.
    """

    def __init__(
        self,
        smtp_host: str,
        smtp_port: int,
        *,
        identity_provider: str = "",
        startup_timeout: float = 20.0,
    ) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="mfaspec-embedded-")
        self.port = free_port(HOST)
        self.base_url = f"http://{HOST}:{self.port}"
        self._stderr = open(Path(self._directory.name) / "server.log", "w+b")  # noqa: SIM115
        command = [
            sys.executable,
            "-m",
            "reference_impl",
            "serve",
            "--test-mode",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--database",
            str(Path(self._directory.name) / "reference.sqlite3"),
            "--smtp-host",
            smtp_host,
            "--smtp-port",
            str(smtp_port),
            "--base-url",
            self.base_url,
        ]
        if identity_provider:
            command += ["--test-identity-provider", identity_provider]
        self._process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=self._stderr, stdin=subprocess.DEVNULL
        )
        atexit.register(self.close)  # also when the run ends without closing its target
        try:
            self._wait_until_listening(startup_timeout)
        except EmbeddedServerError:
            self.close()
            raise

    def _wait_until_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise EmbeddedServerError(
                    f"the reference server exited with status {self._process.returncode}:\n"
                    + self.log()
                )
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.02)
        raise EmbeddedServerError(
            f"the reference server did not listen on {self.base_url} within {timeout:g} s:\n"
            + self.log()
        )

    def log(self) -> str:
        """Return what the server wrote to its standard error so far (the last 4000 characters)."""
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")[-4000:]

    def close(self) -> None:
        """Stop the server and delete its database (once; later calls do nothing)."""
        atexit.unregister(self.close)
        if self._stderr.closed:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._stderr.close()
        self._directory.cleanup()
