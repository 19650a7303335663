"""How fast the browser run is, against the floor of the page loads it needs (a script, no test).

``python -m mfaspec.benchmark [--workers 1,2,4]`` runs, against the embedded reference in the
browser: the whole suite serially (counting each scenario's page loads), then the navigation
floor (for each scenario, a new browser context and as many raw page loads as it made), then
the suite with each number of workers. It prints the wall times, the median per scenario and
the ratios. Run it on a quiet machine: other work on it shows in every figure.

``--cores 1,2`` also measures how the speed grows with cores: for each count, the whole run
(browser and server included) is held to that many of the machine's cores, with as many
workers, and its speed is compared with one core's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mfaspec.drivers.browser_target import open_browser_target
from mfaspec.report.writers import JSON_REPORT
from mfaspec.spec import reference_profile


def timed_run(
    report_dir: Path, *extra: str, env: dict[str, str] | None = None, cores: int = 0
) -> float:
    """Run ``mfaspec run`` into ``report_dir``; return its wall time; fail if a scenario failed.

    With ``cores``, the run and everything it starts keep to the machine's first ``cores``.
    """
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "mfaspec.cli", "run", "--report-dir", str(report_dir), *extra],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=(lambda: os.sched_setaffinity(0, range(cores))) if cores else None,
    )
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(f"benchmark: mfaspec run {' '.join(extra)} failed:\n{result.stdout}")
    return elapsed


def navigation_floor(page_loads: list[int]) -> float:
    """Return the time of a new context and ``n`` raw page loads, for each scenario's ``n``."""
    with tempfile.TemporaryDirectory(prefix="mfaspec-floor-") as artifacts:
        target = open_browser_target({"profile": str(reference_profile()), "artifacts": artifacts})
        try:
            login = target.base_url + target.profile.ui.paths["log_in"]
            started = time.monotonic()
            for loads in page_loads:
                context = target.new_context()
                page = context.new_page()
                for _ in range(loads):
                    page.goto(login, wait_until="domcontentloaded")
                context.close()
            return time.monotonic() - started
        finally:
            target.close()


def main(argv: list[str] | None = None) -> int:
    """Measure and print; 0 once done."""
    parser = argparse.ArgumentParser(prog="python -m mfaspec.benchmark", description=__doc__)
    parser.add_argument("--workers", default="1,2,4", help="worker counts (default: %(default)s)")
    parser.add_argument(
        "--cores", default="", help="core counts to compare, one worker per core (e.g. 1,2)"
    )
    options = parser.parse_args(argv)
    counts = [int(n) for n in options.workers.split(",")]
    core_counts = [int(n) for n in options.cores.split(",") if n]
    if any(not 0 < n <= len(os.sched_getaffinity(0)) for n in core_counts):
        parser.error(f"--cores: this machine lets this process use {len(os.sched_getaffinity(0))}")
    with tempfile.TemporaryDirectory(prefix="mfaspec-benchmark-") as scratch:
        base = Path(scratch)
        loads_file = base / "page-loads.json"
        serial = timed_run(base / "serial", env={"MFASPEC_PAGE_LOADS_DUMP": str(loads_file)})
        page_loads: list[int] = json.loads(loads_file.read_text(encoding="utf-8"))
        report = json.loads((base / "serial" / JSON_REPORT).read_text(encoding="utf-8"))
        durations = [scenario["duration_s"] for scenario in report["scenarios"]]
        floor = navigation_floor(page_loads)
        with_workers = {n: timed_run(base / f"workers-{n}", "--workers", str(n)) for n in counts}
        on_cores = {
            n: timed_run(base / f"cores-{n}", "--workers", str(n), cores=n) for n in core_counts
        }
    print(f"cores: {os.cpu_count()}; scenarios: {len(durations)}; page loads: {sum(page_loads)}")
    print(f"navigation floor (a context and the page loads, raw): {floor:6.1f} s")
    print(f"serial run, wall time:                                {serial:6.1f} s")
    print(f"serial run, the scenarios' own time (start-up aside): {sum(durations):6.1f} s")
    for n, elapsed in with_workers.items():
        print(f"{n} worker(s), wall time:                              {elapsed:6.1f} s")
    print(f"median per scenario (serial): {statistics.median(durations):.3f} s")
    print(f"serial scenario time / floor: {sum(durations) / floor:.2f}")
    for n, elapsed in with_workers.items():
        print(f"serial / {n} worker(s): {serial / elapsed:.2f}")
    for n, elapsed in on_cores.items():
        print(f"{n} core(s), {n} worker(s), wall time: {elapsed:6.1f} s")
    for n, elapsed in on_cores.items():
        if n > 1 and 1 in on_cores:
            print(f"speed-up, {n} cores over 1: {on_cores[1] / elapsed:.2f} (linear: {n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
