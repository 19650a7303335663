"""Allure results beside the reports: one result per scenario run, with no secret of the run."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.test_cli import ROOT, report


def test_allure_results_match_the_report_and_hold_no_secret(tmp_path: Path) -> None:
    """Each scenario the report lists as run has its Allure result, in the same state."""
    dump = tmp_path / "secrets.json"
    command = ["mfaspec", "run", "--in-process", "--tags", "@doc.T8"]
    result = subprocess.run(
        [*command, "--allure", str(tmp_path / "allure"), "--report-dir", str(tmp_path / "r")],
        cwd=ROOT,
        env={**os.environ, "MFASPEC_SECRETS_DUMP": str(dump)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]

    ran = [s for s in report(tmp_path / "r")["scenarios"] if s["outcome"] == "passed"]
    results = [
        json.loads(path.read_text(encoding="utf-8"))
        for path in (tmp_path / "allure").glob("*-result.json")
    ]
    assert ran and len(results) == len(ran)
    assert {r["status"] for r in results} == {"passed"}
    secrets = json.loads(dump.read_text(encoding="utf-8"))
    assert secrets, "the run handled no secret, so the search below proves nothing"
    for path in (tmp_path / "allure").iterdir():
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not [s for s in secrets if s in text], f"a secret of the run is in {path.name}"
