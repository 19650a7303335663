"""The wheel as a vendor installs it: a fresh virtual environment, run from an empty directory.

Slow (it installs every dependency, from pip's cache when it can): marked ``package``, so
``pytest -m "not package"`` leaves it out; CI runs it once with the rest.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import mfaspec
from mfaspec.drivers.launch import debian_chromium
from mfaspec.mailbox import free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.package


class Installed:
    """mfaspec installed from its wheel in a venv of its own, run from an empty directory."""

    def __init__(self, venv: Path, workdir: Path) -> None:
        self.venv = venv
        self.workdir = workdir

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        """Run the installed ``mfaspec`` in the empty directory, out of the checkout's reach."""
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in ("PYTHONPATH", "VIRTUAL_ENV", "MFASPEC_SECRETS_DUMP")
        }
        environment["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{environment.get('PATH', '')}"
        return subprocess.run(
            [str(self.venv / "bin" / "mfaspec"), *args],
            cwd=self.workdir,
            env={**environment, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Build the wheel from this checkout and install it into a fresh venv."""
    base = tmp_path_factory.mktemp("package")
    source = base / "source"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".git", ".venv", ".tox", "build", "reports", "*.egg-info"),
    )
    wheels = base / "wheels"
    quiet = ("--quiet", "--disable-pip-version-check")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", *quiet, "--no-deps", "-w", str(wheels), str(source)],
        check=True,
    )
    (wheel,) = wheels.glob("mfaspec-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", *quiet, str(wheel)], check=True
    )
    workdir = base / "empty"
    workdir.mkdir()
    yield Installed(venv, workdir)


def test_the_version_is_the_package_version(installed: Installed) -> None:
    result = installed.run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"mfaspec {mfaspec.__version__}"


def test_a_profile_is_started_then_checked(installed: Installed) -> None:
    written = installed.run("profile", "init", "my-product.toml")
    assert written.returncode == 0, written.stderr
    checked = installed.run("profile", "check", "my-product.toml")
    assert checked.returncode == 0, checked.stderr
    assert "OK: My product (staging)" in checked.stdout


def test_a_broken_profile_exits_2(installed: Installed) -> None:
    (installed.workdir / "broken.toml").write_text('[target]\nname = "x"\n', encoding="utf-8")
    result = installed.run("run", "--target", "broken.toml")
    assert result.returncode == 2
    assert "broken.toml" in result.stderr and "base_url: missing" in result.stderr


def test_the_in_process_run_passes(installed: Installed) -> None:
    result = installed.run("run", "--in-process")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert re.search(r"^mfaspec: \d+ passed, \d+ not applicable, \d+ total$", result.stdout, re.M)
    assert (installed.workdir / "reports" / "conformance.html").is_file()


@pytest.mark.skipif(debian_chromium() is None, reason="no Debian chromium")
def test_the_browser_run_of_the_embedded_reference_passes(installed: Installed) -> None:
    # Logging in with a code, single sign-on and the confirmation e-mail: the reference server,
    # its SMTP sink, the mock identity provider and the QR code, all from the installed package.
    tags = "@doc.T6 or @doc.T9 or @doc.A1"
    result = installed.run("run", "--tags", tags, "--report-dir", "browser-reports")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert re.search(r"^mfaspec: \d+ passed, \d+ total$", result.stdout, re.M)


def test_an_unreachable_target_exits_3_within_10_seconds(installed: Installed) -> None:
    template = (installed.workdir / "my-product.toml").read_text(encoding="utf-8")
    closed = free_port("127.0.0.1")  # nothing listens there
    profile = template.replace("https://staging.example.com", f"http://127.0.0.1:{closed}")
    profile = profile.replace("port = 2525", f"port = {free_port('127.0.0.1')}")
    (installed.workdir / "unreachable.toml").write_text(profile, encoding="utf-8")
    started = time.monotonic()
    result = installed.run("run", "--target", "unreachable.toml")
    assert time.monotonic() - started < 10
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"http://127.0.0.1:{closed}/login did not answer" in result.stderr


def test_a_tag_expression_matching_nothing_exits_5(installed: Installed) -> None:
    result = installed.run("run", "--in-process", "--tags", "@no.such.tag")
    assert result.returncode == 5
    assert "no scenario matches the selection" in result.stderr


def test_install_browser_says_clearly_when_it_cannot_download(
    installed: Installed, tmp_path: Path
) -> None:
    closed = free_port("127.0.0.1")
    result = installed.run(
        "install-browser",
        "firefox",
        env={
            "PLAYWRIGHT_DOWNLOAD_HOST": f"http://127.0.0.1:{closed}",
            "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "browsers"),
        },
        timeout=120,
    )
    assert result.returncode == 3
    first = result.stderr.splitlines()[0]
    assert first.startswith("mfaspec: could not install firefox: Failed to download Firefox")
    assert f"ECONNREFUSED 127.0.0.1:{closed}" in first
    assert "PLAYWRIGHT_DOWNLOAD_HOST" in result.stderr
