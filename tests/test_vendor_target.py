"""A vendor's set-up, end to end: a deployment the harness did not start, accounts listed in the
profile, mail pointed at the harness's SMTP sink, and capabilities the target lacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from mfaspec.drivers.launch import DEBIAN_CHROMIUM as BROWSER_CANDIDATES
from mfaspec.mailbox import free_port
from tests.test_cli import PROFILE, mfaspec, report, scenarios_tagged

HOST = "127.0.0.1"
ALICE = "alice.martin@qa.example.com"
PASSWORD_ENV = "QA_ALICE_PASSWORD"
PASSWORD = "correct horse battery staple 42"
pytestmark = pytest.mark.skipif(
    not any(Path(path).exists() for path in BROWSER_CANDIDATES), reason="no Debian chromium"
)


def free_ports() -> tuple[int, int]:
    """Return a port for the deployment and another for the SMTP sink."""
    while (ports := (free_port(HOST), free_port(HOST)))[0] == ports[1]:
        pass
    return ports


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """Serve the reference application as a vendor would, mail to a port; yield URL and port."""
    web_port, smtp_port = free_ports()
    base_url = f"http://{HOST}:{web_port}"
    database = tmp_path_factory.mktemp("deployment") / "staging.sqlite3"
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "reference_impl", "serve", "--test-mode"),
            *("--host", HOST, "--port", str(web_port), "--base-url", base_url),
            *("--database", str(database), "--smtp-host", HOST, "--smtp-port", str(smtp_port)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        create_listed_account(base_url)
        yield base_url, smtp_port
    finally:
        server.terminate()
        server.wait(timeout=10)


def create_listed_account(base_url: str) -> None:
    """Make the account the profile lists, as the vendor's staging set-up would, once it listens."""
    body = {"email": ALICE, "name": "Alice Martin", "password": PASSWORD, "email_verified": True}
    request = urllib.request.Request(
        f"{base_url}/_test/accounts",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                assert response.status == 201
                return
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError):
                raise
            time.sleep(0.05)  # the server is still starting
    raise AssertionError(f"the deployment at {base_url} did not start")


def vendor_profile(path: Path, base_url: str, smtp_port: int) -> Path:
    """Write the English profile rewritten for a deployment with listed accounts and no extras."""
    text = PROFILE.read_text(encoding="utf-8")
    text = text.replace('base_url = "embedded"', f'base_url = "{base_url}"')
    for capability in ("team_enforcement", "sso", "clock_control", "admin_reset"):
        text = text.replace(f"{capability} = true", f"{capability} = false")
    for table in ("accounts", "clock", "sso"):  # hooks the deployment does not offer
        text = re.sub(rf"\n\[{table}\]\n.*?(?=\n\[)", "\n", text, flags=re.DOTALL)
    text += (
        '\n[accounts]\nsource = "listed"\n\n[[accounts.listed]]\nlabel = "Alice"\n'
        f'email = "{ALICE}"\npassword_env = "{PASSWORD_ENV}"\n'
        f"\n[mail.smtp_sink]\nport = {smtp_port}\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def test_a_vendor_profile_runs_against_a_deployment_it_did_not_start(
    deployment: tuple[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = vendor_profile(tmp_path / "staging.toml", *deployment)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    assert mfaspec("profile", "check", str(profile)).returncode == 0
    reports = tmp_path / "reports"
    tags = "@doc.T2 or @doc.A10"
    result = mfaspec("run", "--target", str(profile), "--tags", tags, "--report-dir", str(reports))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    scenarios = report(reports)["scenarios"]
    by_step = {
        step: [s["outcome"] for s in scenarios if step in s["tags"]["documented_steps"]]
        for step in ("T2", "A10")
    }
    assert by_step["T2"] == ["passed"] * len(scenarios_tagged("doc.T2"))
    assert by_step["A10"] == ["not_applicable"] * len(scenarios_tagged("doc.A10"))
    used = [s["people"] for s in scenarios if s["outcome"] == "passed"]
    assert used and all(people == [{"label": "Alice", "email": ALICE}] for people in used)
    assert PASSWORD not in result.stdout + result.stderr


def test_a_listed_account_without_its_password_stops_the_run(
    deployment: tuple[str, int], tmp_path: Path
) -> None:
    profile = vendor_profile(tmp_path / "staging.toml", *deployment)
    reports = tmp_path / "reports"
    result = mfaspec("run", "--target", str(profile), "--report-dir", str(reports))
    assert result.returncode == 2
    assert f"set the environment variables {PASSWORD_ENV} (the password of Alice)" in result.stderr
    assert not reports.exists()
