"""Verdicts a product owner can trust: broken is not failed, warnings alone pass the run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mfaspec.drivers.launch import DEBIAN_CHROMIUM
from mfaspec.exit_status import ExitStatus
from mfaspec.run_command import verdict
from tests.test_cli import mfaspec, report

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "fixtures" / "targets" / "reference-en.toml"
COUNTS = ("passed", "failed", "warning", "broken", "not_applicable", "expected_deviation")


def written_report(directory: Path, **counts: int) -> Path:
    """Write a conformance.json with these outcome counts (the rest 0); return its directory."""
    every = {outcome: counts.get(outcome, 0) for outcome in (*COUNTS, "unexpected_pass")}
    data = {
        "run": {"counts": {**every, "skipped": 0}, "expected_deviations": {"unused": []}},
        "scenarios": [],
    }
    (directory / "conformance.json").write_text(json.dumps(data), encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"passed": 3, "warning": 2}, ExitStatus.CONFORMANT),
        ({"passed": 3, "broken": 1}, ExitStatus.BROKEN),
        ({"passed": 3, "broken": 1, "failed": 1}, ExitStatus.PRODUCT_FAILED),
        ({"passed": 3, "expected_deviation": 1}, ExitStatus.CONFORMANT),
    ],
)
def test_the_exit_status_follows_the_verdicts(
    tmp_path: Path, counts: dict[str, int], expected: ExitStatus
) -> None:
    assert verdict(written_report(tmp_path, **counts), behave_failed=True) is expected


@pytest.mark.skipif(
    not any(Path(path).exists() for path in DEBIAN_CHROMIUM), reason="no Debian chromium"
)
def test_a_locator_matching_nothing_breaks_the_scenario_and_names_its_key_line_and_page(
    tmp_path: Path,
) -> None:
    text = PROFILE.read_text(encoding="utf-8")
    text = re.sub(r"^timeout = [0-9.]+", "timeout = 1", text, count=1, flags=re.MULTILINE)
    wrong = re.sub(
        r"^(setup_submit = ).*$",
        r'\1{ role = "button", name = "No such button" }',
        text,
        count=1,
        flags=re.MULTILINE,
    )
    assert wrong != text
    line = next(n for n, row in enumerate(wrong.splitlines(), 1) if "No such button" in row)
    profile = tmp_path / "wrong-button.toml"
    profile.write_text(wrong, encoding="utf-8")
    reports = tmp_path / "reports"

    result = mfaspec(
        "run",
        "--target",
        str(profile),
        "--report-dir",
        str(reports),
        "-k",
        "The key can be typed instead of scanned",
    )

    assert result.returncode == ExitStatus.BROKEN, result.stdout[-2000:] + result.stderr[-2000:]
    (scenario,) = report(reports)["scenarios"]
    assert scenario["outcome"] == "broken"
    first = scenario["failure"]["message"].splitlines()[0]
    assert re.fullmatch(
        rf"the profile's locators\.setup_submit \({re.escape(str(profile))}:{line}\) matched"
        r" nothing to click on http://127\.0\.0\.1:\d+/\S+",
        first,
    ), first
    assert "Traceback" in scenario["failure"]["message"]
    assert scenario["failure"]["reason"] == first
