"""The mutation check: every broken variant of the reference implementation fails a scenario."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.mutants import MUTANTS, Mutant

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_SUMMARY = re.compile(
    r"(?P<passed>\d+) scenarios? passed, (?P<failed>\d+) failed(?:, (?P<errors>\d+) error)?"
)
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
    tree = mutated_copy(
        Mutant("none", "nothing", "features/login.feature", "Feature:", "Feature:"), tmp_path
    )
    result = run_specification(tree)
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
