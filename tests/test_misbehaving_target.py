"""The harness against a deployment that misbehaves: it hangs, answers 500, drops connections.

Each run goes through ``mfaspec run`` with a profile of the reference application pointed at a
loopback server that misbehaves one way. The run must finish with its report, every scenario
within the profile's patience, and each failure must say first what the target did.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from mfaspec.drivers.launch import DEBIAN_CHROMIUM as BROWSER_CANDIDATES
from mfaspec.mailbox import free_port

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "fixtures" / "targets" / "reference-en.toml"
HOST = "127.0.0.1"
PATIENCE = 1.0  # the profile's timeout, in seconds
HANG = 30.0
SCENARIOS = "@doc.T9 and @doc.A0"
# A login page the profile's locators find, whose form the server then misbehaves on.
LOGIN_FORM = """<!doctype html><title>Log in</title><h1>Log in</h1><form method="post">
<label>E-mail address <input name="email"></label>
<label>Password <input name="password" type="password"></label>
<button>Log in</button></form>"""
pytestmark = pytest.mark.skipif(
    not any(Path(path).exists() for path in BROWSER_CANDIDATES), reason="no Debian chromium"
)


class Misbehaving(BaseHTTPRequestHandler):
    """Answers the test hooks as the reference would; misbehaves as ``server.mode`` says."""

    def log_message(self, format: str, *args: Any) -> None:
        """Write no access log."""

    def do_GET(self) -> None:
        """Misbehave on a page (or on a form's answer only); answer a hook."""
        mode = getattr(self.server, "mode", "")
        preflight = self.command == "GET" and "Python-urllib" in self.headers.get("User-Agent", "")
        if preflight:  # the target was up when the run began; it breaks down after
            self._answer(200, "text/html", LOGIN_FORM)
        elif mode == "hang":
            time.sleep(HANG)
        elif self.path.startswith("/_test/"):
            self._answer(200, "application/json", json.dumps({"now": time.time()}))
        elif mode.startswith("form ") and self.command == "GET":
            self._answer(200, "text/html", LOGIN_FORM)
        elif mode.endswith("error"):
            self._answer(500, "text/html", "<h1>Internal Server Error</h1>")
        else:
            self.connection.shutdown(socket.SHUT_RDWR)  # no answer at all

    do_POST = do_GET
    do_PUT = do_GET

    def _answer(self, status: int, kind: str, body: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        self.wfile.write(body.encode())


@pytest.fixture
def target(request: pytest.FixtureRequest) -> Iterator[str]:
    """Serve a deployment that misbehaves in the mode the test names; yield its URL."""
    server = ThreadingHTTPServer((HOST, 0), Misbehaving)
    server.daemon_threads = True
    server.mode = request.param  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def profile_for(path: Path, base_url: str) -> Path:
    """Write the English profile for the deployment at ``base_url``, with a patience of 1 s."""
    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace('base_url = "embedded"', f'base_url = "{base_url}"')
    text = re.sub(r"timeout = [0-9.]+", f"timeout = {PATIENCE}", text, count=1)
    text = text.replace("sso = true", "sso = false")
    text = re.sub(r"\n(turn_on_mfa|log_in) = \"/_test/[^\n]*", "", text)  # set-up: the pages
    text = re.sub(r"\n\[sso\]\n.*?(?=\n\[)", "\n", text, flags=re.DOTALL)
    text += f"\n[mail.smtp_sink]\nport = {free_port(HOST)}\n"
    path.write_text(text, encoding="utf-8")
    return path


def run_against(
    base_url: str, tmp_path: Path, outcome: str = "broken"
) -> tuple[float, list[dict[str, Any]]]:
    """Run the chosen scenarios against the deployment; each must end in ``outcome``.

    A target that does not answer breaks the scenarios (exit 3): nothing is said of the
    product. One that answers with a server error fails them (exit 1).
    """
    reports = tmp_path / "reports"
    profile = profile_for(tmp_path / "misbehaving.toml", base_url)
    command = ["mfaspec", "run", "--target", str(profile), "--tags", SCENARIOS]
    started = time.monotonic()
    result = subprocess.run(
        [*command, "--report-dir", str(reports)],
        cwd=tmp_path,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    taken = time.monotonic() - started
    expected = 1 if outcome == "failed" else 3
    assert result.returncode == expected, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads((reports / "conformance.json").read_text(encoding="utf-8"))
    scenarios: list[dict[str, Any]] = report["scenarios"]
    assert scenarios and all(s["outcome"] == outcome for s in scenarios), scenarios
    return taken, scenarios


def first_lines(scenarios: list[dict[str, Any]]) -> list[str]:
    """Return the first line of each scenario's failure message."""
    return [s["failure"]["message"].splitlines()[0] for s in scenarios]


@pytest.mark.parametrize("target", ["hang"], indirect=True)
def test_a_hanging_target_fails_each_scenario_within_the_profiles_timeout(
    target: str, tmp_path: Path
) -> None:
    taken, scenarios = run_against(target, tmp_path)

    assert all(s["duration_s"] < PATIENCE + 4 for s in scenarios), [
        s["duration_s"] for s in scenarios
    ]
    assert all("timed out" in line for line in first_lines(scenarios)), first_lines(scenarios)
    assert taken < 60


@pytest.mark.parametrize("target", ["error", "form error"], indirect=True)
def test_a_target_answering_500_is_named_with_its_status_in_the_first_line(
    target: str, tmp_path: Path
) -> None:
    _, scenarios = run_against(target, tmp_path, "failed")

    for line in first_lines(scenarios):
        assert re.search(r"the target answered 500\b.* to http://\S+/login$", line), line


@pytest.mark.parametrize("target", ["drop", "form drop"], indirect=True)
def test_a_target_dropping_the_connection_is_named_with_the_network_error_in_the_first_line(
    target: str, tmp_path: Path
) -> None:
    _, scenarios = run_against(target, tmp_path)

    for line in first_lines(scenarios):
        assert re.search(r"the connection to http://\S+/login failed: net::ERR_\w+$", line), line
