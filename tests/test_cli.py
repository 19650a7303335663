"""The ``mfaspec`` command, run as a subprocess the way a vendor or a CI job runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from behave.runner_util import parse_features

from mfaspec.traceability import DOCUMENTED_STEPS
from tests.mutants import MUTANTS
from tests.test_mutation import mutated_copy

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "fixtures" / "targets" / "reference-en.toml"
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] (.+) › (.+) … (\w[\w ]*) (\d+\.\d\d) s$", re.MULTILINE)  # noqa: RUF001
# With this mutant, exactly these two scenarios of @doc.T8 fail.
BACKUP_CODE_TWICE = next(mutant for mutant in MUTANTS if mutant.name == "backup-code-twice")
FAILING = ["A backup code works only once", "The replacement backup code works"]
PASSING = "The backup code is never shown again"
# The step each fails at, with the mutant: an expected deviation is pinned to it.
FAILED_AT = {FAILING[0]: "Then the code is refused", FAILING[1]: "she is shown a new backup code"}


def mfaspec(
    *args: str, cwd: Path = ROOT, tree: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``mfaspec`` command; ``tree`` shadows the installed packages."""
    environment = {**os.environ, **(env or {})}
    if tree:
        environment["PYTHONPATH"] = str(tree)
    environment.pop("MFASPEC_SECRETS_DUMP", None)
    return subprocess.run(
        ["mfaspec", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def report(directory: Path) -> dict[str, Any]:
    """Return the parsed conformance.json of a report directory."""
    data: dict[str, Any] = json.loads((directory / "conformance.json").read_text(encoding="utf-8"))
    return data


def every_scenario() -> list[Any]:
    """Return every scenario of the feature files, one per outline row."""
    features = parse_features(sorted(str(path) for path in (ROOT / "features").glob("*.feature")))
    return [scenario for feature in features for scenario in feature.walk_scenarios()]


def scenarios_tagged(tag: str) -> list[str]:
    """Return the names of the scenarios carrying ``tag``, in run order."""
    return [scenario.name for scenario in every_scenario() if tag in scenario.effective_tags]


@pytest.fixture(scope="module")
def in_process_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One whole in-process run, shared by the tests that read its reports."""
    reports = tmp_path_factory.mktemp("run") / "reports"
    return mfaspec("run", "--in-process", "--report-dir", str(reports)), reports


def test_help_names_the_commands_and_options() -> None:
    top = mfaspec("--help")
    assert top.returncode == 0
    assert "run" in top.stdout and "profile" in top.stdout
    run = mfaspec("run", "--help")
    for option in ("--target", "--in-process", "--tags", "--connect", "--browser-path"):
        assert option in run.stdout
    assert "--report-dir" in run.stdout and "--expected-deviations" in run.stdout
    assert mfaspec().returncode == 2
    assert mfaspec("run", "--frobnicate").returncode == 2


def test_an_in_process_run_passes_and_writes_three_reports(
    in_process_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, reports = in_process_run
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    data = report(reports)
    assert data["schema"] == "mfaspec-conformance" and data["schema_version"] == 4
    assert [step["id"] for step in data["documented_steps"]] == DOCUMENTED_STEPS
    assert all(step["outcome"] == "passed" for step in data["documented_steps"])
    counts = data["run"]["counts"]
    assert counts["failed"] == 0 and counts["passed"] > 60
    assert counts["total"] == len(data["scenarios"])
    page = (reports / "conformance.html").read_text(encoding="utf-8")
    assert all(f'id="doc-{step}"' in page for step in DOCUMENTED_STEPS)
    cases = ET.parse(reports / "junit.xml").getroot().findall(".//testcase")
    assert len(cases) == counts["total"]
    assert "scenarios passed" in result.stdout
    assert f"report: {reports / 'conformance.html'}" in result.stdout


def test_every_scenario_is_counted_and_shown_in_progress(
    in_process_run: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, reports = in_process_run
    data = report(reports)
    every = every_scenario()
    assert len(data["scenarios"]) == len(every)
    lines = PROGRESS.findall(result.stderr)
    assert [int(n) for n, *_ in lines] == list(range(1, len(every) + 1))
    assert {total for _, total, *_ in lines} == {str(len(every))}
    assert {outcome for *_, outcome, _ in lines} == {"passed", "not applicable"}
    not_applicable = [s for s in data["scenarios"] if s["outcome"] == "not_applicable"]
    assert all(s["reason"].startswith("not applicable: the target has no") for s in not_applicable)
    outline_rows = [s for s in data["scenarios"] if s["outline"]]
    assert len({s["id"] for s in outline_rows}) == len(outline_rows) > 1
    assert all(s["example"]["values"] for s in outline_rows)


def test_a_tag_selection_runs_only_the_tagged_scenarios(tmp_path: Path) -> None:
    result = mfaspec("run", "--in-process", "--tags", "@doc.T1", "--report-dir", str(tmp_path))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    data = report(tmp_path)
    expected = scenarios_tagged("doc.T1")
    assert [s["name"] for s in data["scenarios"]] == expected
    assert all("T1" in s["tags"]["documented_steps"] for s in data["scenarios"])
    assert data["run"]["tag_selection"] == ["@doc.T1"]
    assert {total for _, total, *_ in PROGRESS.findall(result.stderr)} == {str(len(expected))}
    verdicts = {step["id"]: step["outcome"] for step in data["documented_steps"]}
    assert verdicts["T1"] == "passed"
    assert "not_run" in verdicts.values()


def broken_profile(tmp_path: Path) -> tuple[Path, int, int]:
    """Write the English profile with two mistakes; return it and the lines of the mistakes."""
    lines = PROFILE.read_text(encoding="utf-8").splitlines()
    timeout = next(n for n, line in enumerate(lines) if line.startswith("timeout ="))
    lines[timeout] = 'timeout = "soon"'
    lines.insert(timeout + 1, 'colour = "blue"')
    path = tmp_path / "broken.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, timeout + 1, timeout + 2


def test_profile_check_names_key_and_line_of_every_problem(tmp_path: Path) -> None:
    path, timeout_line, colour_line = broken_profile(tmp_path)
    result = mfaspec("profile", "check", str(path))
    assert result.returncode == 2
    assert f"{path}:{timeout_line}: target.timeout:" in result.stderr
    assert f"{path}:{colour_line}: target.colour: unknown key" in result.stderr
    assert mfaspec("profile", "check", str(PROFILE)).returncode == 0


def test_a_run_with_a_broken_profile_runs_nothing(tmp_path: Path) -> None:
    path, timeout_line, _ = broken_profile(tmp_path)
    reports = tmp_path / "reports"
    result = mfaspec("run", "--target", str(path), "--report-dir", str(reports))
    assert result.returncode == 2
    assert f"{path}:{timeout_line}: target.timeout:" in result.stderr
    assert not reports.exists() and "scenarios passed" not in result.stdout


def test_profile_init_writes_a_template_that_checks(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    assert mfaspec("profile", "init", str(path)).returncode == 0
    assert path.read_text(encoding="utf-8").startswith("#")
    assert mfaspec("profile", "check", str(path)).returncode == 0
    assert mfaspec("profile", "init", str(path)).returncode == 2
    assert mfaspec("profile", "init", str(path), "--force").returncode == 0
    printed = mfaspec("profile", "init")
    assert printed.returncode == 0 and printed.stdout == path.read_text(encoding="utf-8")


def write_deviations(path: Path, names: list[str]) -> Path:
    """Write an expected-deviations file listing ``names``."""
    lines = [
        "[deviations]",
        *(
            f'"{name}" = {{ step = "{FAILED_AT.get(name, "x")}", reason = "known: SEC-{n}" }}'
            for n, name in enumerate(names)
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def broken_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project whose backup code works twice."""
    return mutated_copy(BACKUP_CODE_TWICE, tmp_path_factory.mktemp("mutant"))


def run_backup_code_scenarios(
    tree: Path, report_dir: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run the backup-code scenarios (@doc.T8) in-process in ``tree``, reports to ``report_dir``."""
    command = ["run", "--in-process", "--tags", "@doc.T8", "--report-dir", str(report_dir)]
    return mfaspec(*command, *args, cwd=tree, tree=tree)


def test_a_failure_is_reported_with_its_step_and_message(broken_tree: Path, tmp_path: Path) -> None:
    result = run_backup_code_scenarios(broken_tree, tmp_path)
    assert result.returncode == 1
    failed = [s for s in report(tmp_path)["scenarios"] if s["outcome"] == "failed"]
    assert [s["name"] for s in failed] == FAILING
    failure = failed[0]["failure"]
    assert failure["step"] == "Then the code is refused"
    assert failure["location"].startswith("features/backup_code.feature:")
    assert failure["message"]
    assert [s["status"] for s in failed[0]["steps"]][-2:] == ["failed", "skipped"]


def test_listed_failures_are_expected_deviations_and_a_listed_pass_is_unexpected(
    broken_tree: Path, tmp_path: Path
) -> None:
    deviations = write_deviations(
        tmp_path / "deviations.toml", [*FAILING, PASSING, "No such scenario"]
    )
    reports = tmp_path / "reports"
    result = mfaspec(
        "run",
        "--in-process",
        "--tags",
        "@doc.T8",
        "--report-dir",
        str(reports),
        "--expected-deviations",
        str(deviations),
        cwd=broken_tree,
        tree=broken_tree,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    data = report(reports)
    outcomes = {s["name"]: (s["outcome"], s["reason"]) for s in data["scenarios"]}
    assert outcomes[FAILING[0]] == ("expected_deviation", "known: SEC-0")
    assert outcomes[FAILING[1]] == ("expected_deviation", "known: SEC-1")
    assert outcomes[PASSING] == ("unexpected_pass", "known: SEC-2")
    assert data["run"]["expected_deviations"]["unused"] == ["No such scenario"]
    assert f"WARNING: listed as an expected deviation, but passed: {PASSING}" in result.stdout
    t8 = next(step for step in data["documented_steps"] if step["id"] == "T8")
    assert t8["outcome"] == "expected_deviation"
    page = (reports / "conformance.html").read_text(encoding="utf-8")
    assert "Check the expected deviations" in page


def test_an_unlisted_failure_still_fails_the_run(broken_tree: Path, tmp_path: Path) -> None:
    deviations = write_deviations(tmp_path / "deviations.toml", FAILING[:1])
    result = run_backup_code_scenarios(
        broken_tree, tmp_path, "--expected-deviations", str(deviations)
    )
    assert result.returncode == 1
    outcomes = {s["name"]: s["outcome"] for s in report(tmp_path)["scenarios"]}
    assert (outcomes[FAILING[0]], outcomes[FAILING[1]]) == ("expected_deviation", "failed")


def test_a_bad_deviations_file_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "deviations.toml"
    path.write_text('[deviations]\n"A backup code works only once" = 42\n', encoding="utf-8")
    reports = tmp_path / "reports"
    result = mfaspec(
        "run", "--in-process", "--expected-deviations", str(path), "--report-dir", str(reports)
    )
    assert result.returncode == 2
    assert f"{path}:2: deviations." in result.stderr
    assert not reports.exists()


def test_a_listed_scenario_failing_at_another_step_fails_the_run(
    broken_tree: Path, tmp_path: Path
) -> None:
    deviations = tmp_path / "deviations.toml"
    deviations.write_text(
        f'[deviations]\n"{FAILING[0]}" = {{ step = "she sees her dashboard", reason = "x" }}\n',
        encoding="utf-8",
    )
    result = run_backup_code_scenarios(
        broken_tree, tmp_path, "--expected-deviations", str(deviations)
    )
    assert result.returncode == 1
    outcomes = {s["name"]: s["outcome"] for s in report(tmp_path)["scenarios"]}
    assert outcomes[FAILING[0]] == "failed"


def test_profile_check_warns_of_a_deviation_that_matches_no_scenario(tmp_path: Path) -> None:
    deviations = write_deviations(
        tmp_path / "deviations.toml",
        ["A backup code works only once", "A backup code works only twice"],
    )
    result = mfaspec("profile", "check", str(PROFILE), "--expected-deviations", str(deviations))

    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if "warning" in line]
    assert warnings == [
        f"{deviations}: warning: 'A backup code works only twice' matches no scenario or"
        " outline name"
    ]
