"""``mfaspec install-browser``: Playwright's own browsers, for machines that provide none."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence

from mfaspec.exit_status import ExitStatus

ADVICE = (
    "This machine may not reach Playwright's download servers: set PLAYWRIGHT_DOWNLOAD_HOST "
    "to a mirror, or install a browser the system provides (Debian: apt-get install chromium) "
    "and run with --browser-path."
)


def install_browsers(names: Sequence[str]) -> ExitStatus:
    """Run ``playwright install`` for the browsers; say clearly when it cannot download them."""
    command = [sys.executable, "-m", "playwright", "install", *names]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode == 0:
        print(f"mfaspec: installed {', '.join(names)} for Playwright")
        return ExitStatus.CONFORMANT
    print(
        f"mfaspec: could not install {', '.join(names)}: {failure_reason(result)}", file=sys.stderr
    )
    print(ADVICE, file=sys.stderr)
    return ExitStatus.BROKEN


def failure_reason(result: subprocess.CompletedProcess[str]) -> str:
    """Return, in one line, why Playwright's install failed: what it fetched and the error."""
    lines = [line.strip() for line in (result.stderr + result.stdout).splitlines()]
    failed = next((line for line in lines if line.startswith("Error: Failed to")), "")
    cause = next(
        (line for line in lines if line.startswith("Error: ") and line != failed), "an error"
    )
    what = failed.removeprefix("Error: ").removesuffix(", caused by")
    cause = cause.removeprefix("Error: ")
    return f"{what or 'the download failed'} ({cause})"
