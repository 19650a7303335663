"""``mfaspec run --workers N``: the scenarios split over N processes, their reports merged.

Each worker is ``mfaspec run`` itself, in a process of its own, given the exact scenarios to
run (``--locations``) and a report directory of its own under ``.parts/``; it opens its own
target: its own browser (or the same ``--connect`` server), and for the embedded reference its
own server, identity provider and mail sink, so no scenario can see another's state.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from mfaspec.exit_status import ExitStatus
from mfaspec.partition import Planned, partition
from mfaspec.profile.model import AccountSource, MailSource, Profile
from mfaspec.report.load import ReportError
from mfaspec.report.merge import merge_reports
from mfaspec.report.writers import JSON_REPORT

PARTS = ".parts"
# Options of the whole run that a worker must not be given again: it is told its scenarios.
VALUED = frozenset({"--workers", "--shard", "--durations", "--report-dir", "--locations"})
FLAGS = frozenset({"--last-failed"})


def unshareable(profile: Profile) -> str | None:
    """Return why parallel workers would meet on the target, or None when each has its own."""
    if profile.accounts.source is AccountSource.LISTED:
        return "the profile lists its accounts, and two workers would use the same ones at once"
    mail = profile.mail
    if mail.source is MailSource.SMTP_SINK and mail.sink_port:
        return f"the profile's mail sink listens on the fixed port {mail.sink_port}"
    return None


def worker_count(requested: str, scenarios: int, unshared: str | None = None) -> int:
    """Return how many workers to start: N, or ``auto`` (one per core), never more than work.

    A target workers cannot share gets one worker under ``auto``; asking for more is refused.
    """
    if unshared is not None:
        if requested not in ("auto", "1"):
            raise ValueError(f"--workers {requested}: {unshared}; run it with one worker")
        return 1
    wanted = (os.cpu_count() or 1) if requested == "auto" else int(requested)
    return max(1, min(wanted, scenarios))


def forwarded(argv: Sequence[str]) -> list[str]:
    """Return the command line without the options that split the run or name its reports."""
    kept: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        name, equals, _ = arg.partition("=")
        if name in VALUED:
            skip = not equals
            continue
        if arg not in FLAGS:
            kept.append(arg)
    return kept


def run_workers(
    argv: Sequence[str],
    behave_args: Sequence[str],
    scenarios: list[Planned],
    workers: int,
    durations: dict[str, float],
    report_dir: Path,
) -> tuple[bool, bool]:
    """Run the scenarios in ``workers`` processes and merge their reports into ``report_dir``.

    Return (whether some worker's run broke, whether the merged report was written).
    """
    started = time.monotonic()
    parts_dir = report_dir / PARTS
    shutil.rmtree(parts_dir, ignore_errors=True)
    processes = []
    part_dirs = []
    for number, share in enumerate(partition(scenarios, workers, durations), start=1):
        part_dir = parts_dir / f"worker-{number}"
        part_dir.mkdir(parents=True)
        locations = part_dir / "locations.txt"
        locations.write_text("".join(f"{s.location}\n" for s in share), encoding="utf-8")
        command = [
            *(sys.executable, "-m", "mfaspec.cli"),
            *forwarded(argv),
            *("--report-dir", str(part_dir), "--locations", str(locations)),
            *("--", *behave_args),
        ]
        output = (part_dir / "output.txt").open("wb")
        processes.append((subprocess.Popen(command, stdout=output), output))
        part_dirs.append(part_dir)
    broke = False
    for number, (process, output) in enumerate(processes, start=1):
        status = process.wait()
        output.close()
        if status not in (ExitStatus.CONFORMANT, ExitStatus.PRODUCT_FAILED, ExitStatus.NOTHING_RAN):
            broke = True
            said = (part_dirs[number - 1] / "output.txt").read_text(
                encoding="utf-8", errors="replace"
            )
            print(f"mfaspec: worker {number} ended with status {status}\n{said}", end="")
    reported = [d for d in part_dirs if (d / JSON_REPORT).is_file()]
    if len(reported) < len(part_dirs):
        broke = True
    if not reported:
        return broke, False
    try:
        merge_reports(reported, report_dir, duration=time.monotonic() - started)
    except ReportError as error:
        print(f"mfaspec: the workers' reports cannot be merged: {error}", file=sys.stderr)
        return True, False
    shutil.rmtree(parts_dir, ignore_errors=True)
    return broke, True
