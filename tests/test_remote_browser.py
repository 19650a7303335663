"""``mfaspec run --connect``: the specification in a browser that a Playwright server runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mfaspec.drivers.launch import DEBIAN_CHROMIUM as BROWSER_CANDIDATES
from mfaspec.mailbox import free_port
from tests.test_cli import mfaspec, report, scenarios_tagged

HOST = "127.0.0.1"
# A Playwright server can only be started here with a browser of the machine (Debian's).
LOCAL_BROWSER = next((path for path in BROWSER_CANDIDATES if Path(path).exists()), None)


@pytest.fixture(scope="module")
def browser_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``playwright launch-server`` on loopback; yield its ws endpoint."""
    if LOCAL_BROWSER is None:
        pytest.skip("no Debian chromium to start a Playwright server with")
    port = free_port(HOST)
    config = tmp_path_factory.mktemp("server") / "launch-server.json"
    options = {"executablePath": LOCAL_BROWSER, "port": port, "host": HOST, "wsPath": "grid"}
    config.write_text(json.dumps(options), encoding="utf-8")
    command = [sys.executable, "-m", "playwright", "launch-server", "--browser", "chromium"]
    server = subprocess.Popen(  # a session of its own: Playwright's node server is a child
        [*command, "--config", str(config)],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert server.stdout is not None
    endpoint = server.stdout.readline().strip()  # printed once the browser listens
    try:
        assert endpoint == f"ws://{HOST}:{port}/grid", endpoint
        yield endpoint
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the node server and its browser with it
        server.wait(timeout=10)


def test_a_run_in_a_remote_browser_passes(browser_server: str, tmp_path: Path) -> None:
    result = mfaspec(
        "run", "--connect", browser_server, "--tags", "@doc.T2", "--report-dir", str(tmp_path)
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    counts = report(tmp_path)["run"]["counts"]
    assert counts["passed"] == len(scenarios_tagged("doc.T2")) > 0
    assert counts["failed"] == 0


def test_an_unreachable_browser_server_is_a_clear_error(tmp_path: Path) -> None:
    endpoint = f"ws://{HOST}:{free_port(HOST)}/grid"
    result = mfaspec(
        "run", "--connect", endpoint, "--tags", "@doc.T2", "--report-dir", str(tmp_path)
    )
    assert result.returncode == 3  # broken: the run cannot start
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        f"mfaspec: the run cannot start: cannot reach the browser server at {endpoint}"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_workers_share_a_remote_browser_server(browser_server: str, tmp_path: Path) -> None:
    result = mfaspec(
        "run", "--connect", browser_server, "--workers", "2", "--tags", "@doc.T9",
        "--report-dir", str(tmp_path),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    counts = report(tmp_path)["run"]["counts"]
    assert counts["passed"] == len(scenarios_tagged("doc.T9")) > 1
    assert counts["failed"] == 0
