"""The mutation check: every broken variant of the reference implementation fails a scenario."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from mfaspec.drivers.launch import debian_chromium
from tests.mutants import BROWSER_MUTANTS, MUTANTS, BrowserMutant, Mutant

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_SUMMARY = re.compile(
    r"(?P<passed>\d+) scenarios? passed, (?P<failed>\d+) failed(?:, (?P<errors>\d+) error)?"
)
BROWSER_PROFILE = ROOT / "fixtures" / "targets" / "reference-en.toml"
# behave's plain format: a scenario's heading, then each step with its status
SCENARIO_HEADING = re.compile(r"^  Scenario(?: Outline)?: (?P<name>.+?)\s*$")
STEP_STATUS = re.compile(r"^    (?P<step>\S.*?) \.\.\. (?P<status>\w+)(?: in [\d.]+s)?\s*$")
ASSERTION = re.compile(r"^ASSERT FAILED: (?P<message>.+)$")
OK = ("passed", "skipped")  # a step after the failed one is skipped
UNMUTATED = Mutant("none", "nothing", "features/login.feature", "Feature:", "Feature:")
COPIED = ["features", "steps", "mfaspec", "reference_impl", "environment.py", "pyproject.toml"]


def run_specification(tree: Path) -> subprocess.CompletedProcess[str]:
    """Run the in-process specification in ``tree``, whose packages shadow the installed ones."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [sys.executable, "-m", "behave", "-D", "target=inprocess", "--format", "null"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def caught_by_a_scenario(result: subprocess.CompletedProcess[str]) -> bool:
    """Return whether some scenarios failed while others passed (a crash catches nothing)."""
    match = SCENARIO_SUMMARY.search(result.stdout)
    assert match, result.stdout[-2000:] + result.stderr[-2000:]
    passed, failed, errors = (int(match[name] or 0) for name in ("passed", "failed", "errors"))
    return result.returncode != 0 and passed > 0 and failed + errors > 0


def mutated_copy(mutant: Mutant, base: Path) -> Path:
    """Copy the project to ``base`` with the mutant's edit applied."""
    tree = base / mutant.name
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tree / name)
    target = tree / mutant.path
    text = target.read_text(encoding="utf-8")
    assert text.count(mutant.original) == 1, f"{mutant.name}: the code it mutates has changed"
    target.write_text(text.replace(mutant.original, mutant.replacement), encoding="utf-8")
    return tree


def test_unmutated_copy_passes(tmp_path: Path) -> None:
    """The copied tree passes as it is, so a failing mutant is the mutant's doing."""
    result = run_specification(mutated_copy(UNMUTATED, tmp_path))
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_every_mutant_is_caught(tmp_path: Path) -> None:
    """Each mutant makes at least one scenario fail; the score is reported."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(lambda m: run_specification(mutated_copy(m, tmp_path)), MUTANTS))
    verdicts = [
        (mutant, caught_by_a_scenario(result))
        for mutant, result in zip(MUTANTS, results, strict=True)
    ]
    survivors = [mutant for mutant, caught in verdicts if not caught]
    caught = len(MUTANTS) - len(survivors)
    lines = [f"{'caught  ' if c else 'SURVIVED'}  {m.name}: {m.breaks}" for m, c in verdicts]
    score = f"mutation score: {caught}/{len(MUTANTS)} mutants caught"
    print("\n".join([*lines, score]))
    (ROOT / "reports").mkdir(exist_ok=True)
    (ROOT / "reports" / "mutation.txt").write_text("\n".join([*lines, score, ""]), encoding="utf-8")
    if survivors:
        pytest.fail(f"{score}; survivors: {', '.join(m.name for m in survivors)}")


@dataclass(frozen=True)
class BrowserRun:
    """What one browser run of some scenarios showed: each scenario's steps and failures."""

    output: str
    steps: dict[str, dict[str, str]]  # scenario -> step -> status
    assertions: dict[str, str]  # scenario -> the message its failed step gave


def run_in_browser(tree: Path, scenarios: list[str]) -> BrowserRun:
    """Run the named scenarios of ``tree`` in a browser against its own embedded reference."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    names = [arg for name in scenarios for arg in ("-n", f"^{re.escape(name)}$")]
    result = subprocess.run(
        [sys.executable, "-m", "behave", "-D", "target=browser",
         "-D", f"profile={BROWSER_PROFILE}", "--no-color", "--format", "plain", *names],
        cwd=tree, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    return read_plain_output(result.stdout + result.stderr)


def read_plain_output(output: str) -> BrowserRun:
    """Return each scenario's step statuses, and its assertion message, from the plain format."""
    steps: dict[str, dict[str, str]] = {}
    assertions: dict[str, str] = {}
    scenario = ""
    for line in output.splitlines():
        if heading := SCENARIO_HEADING.match(line):
            scenario = heading["name"]
            steps[scenario] = {}
        elif (status := STEP_STATUS.match(line)) and scenario:
            steps[scenario][status["step"]] = status["status"]
        elif (assertion := ASSERTION.match(line)) and scenario:
            assertions.setdefault(scenario, assertion["message"])
    return BrowserRun(output, steps, assertions)


def browser_verdict(mutant: BrowserMutant, run: BrowserRun) -> str:
    """Return "caught" if the mutant's scenario failed at its step, else what happened."""
    statuses = run.steps.get(mutant.scenario)
    if statuses is None:
        return f"its scenario did not run:\n{run.output[-2000:]}"
    failed = {step: status for step, status in statuses.items() if status not in OK}
    if failed == {mutant.step: "failed"}:
        return "caught"
    return f"its scenario ended {failed or 'without a failure'}, not failed at {mutant.step!r}"


@pytest.fixture(scope="module")
def browser_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BrowserRun]:
    """Run each browser mutant's scenario on its copy, and all of them unmutated, two at once."""
    base = tmp_path_factory.mktemp("browser-mutants")
    every = [mutant.scenario for mutant in BROWSER_MUTANTS]
    jobs = [(UNMUTATED, every)] + [(mutant, [mutant.scenario]) for mutant in BROWSER_MUTANTS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = pool.map(lambda job: run_in_browser(mutated_copy(job[0], base), job[1]), jobs)
        return {mutant.name: run for (mutant, _), run in zip(jobs, runs, strict=True)}


needs_chromium = pytest.mark.skipif(debian_chromium() is None, reason="no Debian chromium")


@needs_chromium
def test_the_unmutated_copy_passes_the_browser_mutants_scenarios(
    browser_runs: dict[str, BrowserRun],
) -> None:
    """Each scenario that catches a browser mutant passes on the copy as it is."""
    run = browser_runs[UNMUTATED.name]
    for mutant in BROWSER_MUTANTS:
        statuses = run.steps.get(mutant.scenario)
        assert statuses, f"{mutant.scenario!r} did not run:\n{run.output[-2000:]}"
        assert set(statuses.values()) == {"passed"}, f"{mutant.scenario!r}: {statuses}"


@needs_chromium
def test_every_browser_mutant_is_caught_at_its_step(browser_runs: dict[str, BrowserRun]) -> None:
    """Each web-layer mutant fails the scenario named after its rule, at the step stating it."""
    verdicts = [(m, browser_verdict(m, browser_runs[m.name])) for m in BROWSER_MUTANTS]
    lines = [
        f"{'caught  ' if verdict == 'caught' else 'SURVIVED'}  {m.name}: {m.breaks}"
        f" [{m.scenario}: {browser_runs[m.name].assertions.get(m.scenario, verdict)}]"
        for m, verdict in verdicts
    ]
    survivors = [f"{m.name}: {verdict}" for m, verdict in verdicts if verdict != "caught"]
    score = f"browser mutation score: {len(verdicts) - len(survivors)}/{len(verdicts)} caught"
    print("\n".join([*lines, score]))
    (ROOT / "reports").mkdir(exist_ok=True)
    (ROOT / "reports" / "mutation-browser.txt").write_text(
        "\n".join([*lines, score, ""]), encoding="utf-8"
    )
    assert not survivors, f"{score}; " + "; ".join(survivors)
