"""CI conventions of ``mfaspec run``: exit statuses, selection, preflight, reports of one run."""

from __future__ import annotations

import json
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from behave.model import ScenarioOutline
from behave.runner_util import parse_features

from mfaspec.drivers.launch import debian_chromium
from mfaspec.mailbox import free_port
from mfaspec.report.formatter import example_of, one_line_reason, scenario_id
from tests.test_cli import (
    FAILING,
    ROOT,
    mfaspec,
    report,
    run_backup_code_scenarios,
    scenarios_tagged,
)
from tests.test_cli import broken_tree as broken_tree  # the fixture

PROFILE = ROOT / "fixtures" / "targets" / "reference-en.toml"


def test_no_option_may_be_abbreviated(tmp_path: Path) -> None:
    result = mfaspec("run", "--in-process", "--report", str(tmp_path))
    assert result.returncode == 2 and "unrecognized arguments: --report" in result.stderr
    result = mfaspec("run", "--browser-pa", "/usr/bin/chromium")
    assert result.returncode == 2 and "unrecognized arguments: --browser-pa" in result.stderr


def test_browser_options_are_refused_in_process() -> None:
    result = mfaspec("run", "--in-process", "--trace", "on")
    assert result.returncode == 2
    assert "--trace: for a browser target, not --in-process" in result.stderr


def test_a_define_mfaspec_sets_itself_is_refused() -> None:
    result = mfaspec("run", "--in-process", "-D", "profile=x.toml")
    assert result.returncode == 2 and "-D profile: use --target" in result.stderr


def test_a_run_where_every_scenario_is_not_applicable_exits_5(tmp_path: Path) -> None:
    # In-process there is no HTTP: the scenarios needing a web target are not applicable.
    result = mfaspec("run", "--in-process", "--tags", "@needs.web", "--report-dir", str(tmp_path))
    assert result.returncode == 5, result.stdout + result.stderr
    counts = report(tmp_path)["run"]["counts"]
    assert counts["not_applicable"] == counts["total"] == len(scenarios_tagged("needs.web"))
    assert "nothing was checked" in result.stdout


def test_a_run_removes_what_an_earlier_run_left(tmp_path: Path) -> None:
    stale = tmp_path / "artifacts" / "001-old-failure.png"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    (tmp_path / "junit.xml").write_text("<old/>", encoding="utf-8")
    keep = tmp_path / "notes.txt"  # not written by mfaspec: left alone
    keep.write_text("mine", encoding="utf-8")
    result = mfaspec("run", "--in-process", "--tags", "@doc.T1", "--report-dir", str(tmp_path))
    assert result.returncode == 0
    assert not stale.exists() and keep.exists()
    assert "<old/>" not in (tmp_path / "junit.xml").read_text(encoding="utf-8")


def test_a_selection_that_matches_nothing_leaves_no_earlier_report(tmp_path: Path) -> None:
    assert (
        mfaspec("run", "--in-process", "-k", "logs in", "--report-dir", str(tmp_path)).returncode
        == 0
    )
    result = mfaspec(
        "run", "--in-process", "-k", "^No such scenario$", "--report-dir", str(tmp_path)
    )
    assert result.returncode == 5
    assert not (tmp_path / "junit.xml").exists()


def test_name_selects_by_regular_expression(tmp_path: Path) -> None:
    result = mfaspec("run", "--in-process", "-k", "^A backup code", "--report-dir", str(tmp_path))
    assert result.returncode == 0
    names = [s["name"] for s in report(tmp_path)["scenarios"]]
    assert names == ["A backup code works only once"]


def test_last_failed_runs_only_what_failed(broken_tree: Path, tmp_path: Path) -> None:
    first = run_backup_code_scenarios(broken_tree, tmp_path)
    assert first.returncode == 1
    again = mfaspec(
        "run",
        "--in-process",
        "--last-failed",
        "--report-dir",
        str(tmp_path),
        cwd=broken_tree,
        tree=broken_tree,
    )
    assert again.returncode == 1
    assert [s["name"] for s in report(tmp_path)["scenarios"]] == FAILING
    fixed = mfaspec("run", "--in-process", "--last-failed", "--report-dir", str(tmp_path))
    assert fixed.returncode == 0  # the real tree: both pass now
    assert (
        mfaspec("run", "--in-process", "--last-failed", "--report-dir", str(tmp_path)).returncode
        == 5
    )


def test_junit_failure_messages_are_the_one_line_reason(broken_tree: Path, tmp_path: Path) -> None:
    result = run_backup_code_scenarios(broken_tree, tmp_path)
    assert result.returncode == 1
    failures = ET.parse(tmp_path / "junit.xml").getroot().findall(".//failure")
    reasons = {s["failure"]["reason"] for s in report(tmp_path)["scenarios"] if s["failure"]}
    assert len(failures) == len(FAILING)
    for failure in failures:
        message = failure.get("message", "")
        assert message in reasons and "\n" not in message
        assert not message.startswith("Traceback") and message.strip()


class Target(BaseHTTPRequestHandler):
    """A deployment whose login page answers and whose test hooks are not there."""

    def do_GET(self) -> None:
        """Answer /login; 404 for everything else."""
        self.send_response(200 if self.path == "/login" else 404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture
def hookless_target() -> Iterator[str]:
    """Serve ``Target`` on a free loopback port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Target)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_missing_hook_fails_the_run_before_the_first_scenario(
    hookless_target: str, tmp_path: Path
) -> None:
    text = PROFILE.read_text(encoding="utf-8").replace('"embedded"', f'"{hookless_target}"')
    text += f"\n[mail.smtp_sink]\nport = {free_port('127.0.0.1')}\n"
    profile = tmp_path / "hookless.toml"
    profile.write_text(text, encoding="utf-8")
    result = mfaspec("run", "--target", str(profile), "--report-dir", str(tmp_path / "r"))
    assert result.returncode == 3, result.stdout + result.stderr
    assert f"the test hook {hookless_target}/_test/accounts is not there" in result.stderr


@pytest.mark.skipif(debian_chromium() is None, reason="no Debian chromium")
def test_a_browser_playwright_has_not_installed_is_named_with_the_fix(tmp_path: Path) -> None:
    result = mfaspec(
        "run",
        "--browser",
        "webkit",
        "--tags",
        "@doc.T1",
        "--report-dir",
        str(tmp_path),
        env={"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "none")},
    )
    assert result.returncode == 3, result.stdout + result.stderr
    assert (
        "no webkit browser is installed for Playwright; run: mfaspec install-browser webkit"
        in result.stderr
    )


@pytest.mark.skipif(debian_chromium() is None, reason="no Debian chromium")
def test_trace_and_screenshot_on_keep_evidence_of_a_passing_scenario(tmp_path: Path) -> None:
    args = ("run", "-k", "^Alice logs in with her password$", "--report-dir", str(tmp_path))
    kept = mfaspec(*args, "--trace", "on", "--screenshot", "on")
    assert kept.returncode == 0, kept.stdout + kept.stderr
    (scenario,) = report(tmp_path)["scenarios"]
    assert sorted(a["kind"] for a in scenario["artifacts"]) == ["screenshot", "trace"]
    none = mfaspec(*args, "--trace", "off", "--screenshot", "off")
    assert none.returncode == 0
    assert report(tmp_path)["scenarios"][0]["artifacts"] == []


def scenario_ids(features: Path) -> list[str]:
    """Return the id of every scenario of the feature files, as the reports give them."""
    ids = []
    for feature in parse_features(sorted(str(path) for path in features.glob("*.feature"))):
        for scenario in feature.walk_scenarios():
            outline = scenario.parent
            if isinstance(outline, ScenarioOutline):
                ids.append(scenario_id(feature.name, outline.name, example_of(scenario, outline)))
            else:
                ids.append(scenario_id(feature.name, scenario.name, None))
    return ids


def test_scenario_ids_are_unique_and_survive_editing_a_feature_file(tmp_path: Path) -> None:
    before = scenario_ids(ROOT / "features")
    assert len(set(before)) == len(before)
    edited = tmp_path / "features"
    shutil.copytree(ROOT / "features", edited)
    login = edited / "login.feature"
    text = login.read_text(encoding="utf-8")
    first = text.index("  Scenario")
    text = (
        text[:first] + "  Scenario: A new first scenario\n    When Alice logs in\n\n" + text[first:]
    )
    heading = "      | moment                              | outcome                |\n"
    text = text.replace(heading, heading + "      | a new first row | the code is refused |\n")
    login.write_text(text, encoding="utf-8")
    after = scenario_ids(edited)
    assert set(before) < set(after) and len(after) == len(before) + 2
    assert json.dumps(before, ensure_ascii=False)  # ids are plain text


def test_the_reason_of_an_exception_is_its_first_line() -> None:
    try:
        raise TimeoutError("Locator.click: Timeout 5000ms exceeded.\nCall log:\n  - waiting")
    except TimeoutError as error:
        assert one_line_reason(error, "Traceback (most recent call last):\n ...", "x") == (
            "TimeoutError: Locator.click: Timeout 5000ms exceeded."
        )
    assert one_line_reason(AssertionError("the code is accepted\nmore"), "", "x") == (
        "the code is accepted"
    )
    traceback = "Traceback (most recent call last):\n  File \"x.py\"\nKeyError: 'alice'\n"
    assert one_line_reason(None, traceback, "x") == "KeyError: 'alice'"
    assert one_line_reason(None, "", "undefined step: Given x") == "undefined step: Given x"
