"""``mfaspec run``: select the scenarios, open and check the target, run behave, judge the run."""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mfaspec.exit_status import ExitStatus
from mfaspec.masked_output import masked_output
from mfaspec.partition import PartitionError, Shard, durations_from, planned_scenarios, shard_of
from mfaspec.profile.loader import load_profile
from mfaspec.profile.locators import ProfileError
from mfaspec.profile.variables import unset_secret_variables
from mfaspec.report.deviations import DeviationsError, load_deviations
from mfaspec.report.scrub import scrub_file
from mfaspec.report.writers import HTML_REPORT, JSON_REPORT, JUNIT_REPORT
from mfaspec.spec import features_dir, reference_profile
from mfaspec.target import Target
from mfaspec.workers import PARTS, run_workers, unshareable, worker_count

FORMATTER = "mfaspec.report.formatter:ConformanceFormatter"
ALLURE_FORMATTER = "allure_behave.formatter:AllureFormatter"
ARTIFACTS = "artifacts"
REPORTS = (HTML_REPORT, JSON_REPORT, JUNIT_REPORT)
BROWSER_OPTIONS = ("browser", "browser_path", "connect", "headed", "slowmo", "trace", "screenshot")
# -D names mfaspec sets from its own options, and the option to use instead.
RESERVED = {
    "target": "--target or --in-process",
    "profile": "--target",
    "artifacts": "--report-dir",
    "expected_deviations": "--expected-deviations",
    **{name: f"--{name.replace('_', '-')}" for name in BROWSER_OPTIONS},
}


class UsageError(Exception):
    """The command line or a file it names cannot be used; nothing ran."""


def run(options: argparse.Namespace, behave_args: list[str], argv: list[str]) -> ExitStatus:
    """Run the selected scenarios against the target; return what the run amounts to.

    ``argv`` is the command line, which workers are started with.
    """
    try:
        userdata = target_userdata(options)
        names = last_failed(options.report_dir) if options.last_failed else options.name
        split = Split.of(options, argv, behave_args)
    except UsageError as error:
        print(f"mfaspec: {error}", file=sys.stderr)
        return ExitStatus.USAGE
    if options.last_failed and not names:
        print(f"mfaspec: the last run in {options.report_dir} had no failed scenario")
        return ExitStatus.NOTHING_RAN
    report_dir: Path = options.report_dir
    allure: list[str] = []
    if options.allure is not None:
        if importlib.util.find_spec("allure_behave") is None:
            print("mfaspec: --allure needs allure-behave: pip install 'mfaspec[allure]'")
            return ExitStatus.USAGE
        allure = ["--format", ALLURE_FORMATTER, "--outfile", str(options.allure)]
    clear_reports(report_dir)
    userdata["artifacts"] = str(report_dir / ARTIFACTS)
    paths = [str(features_dir())]
    if options.locations:
        paths = options.locations.read_text(encoding="utf-8").split()
    args = [
        *paths,
        *("--format", FORMATTER, "--outfile", str(report_dir)),
        *allure,
        "--no-skipped",
        *(arg for tag in options.tags for arg in ("--tags", tag)),
        *(arg for name in names for arg in ("--name", name)),
        *(arg for key, value in userdata.items() for arg in ("-D", f"{key}={value}")),
        *behave_args,
    ]
    with masked_output():
        status = run_behave(args, userdata, report_dir, split)
    if options.allure is not None and options.allure.is_dir():
        for result in options.allure.iterdir():  # scenario names and messages: no secret
            scrub_file(result)
    return status


@dataclass(frozen=True)
class Split:
    """How the run is split: its shard of the selection, its workers, the durations to balance."""

    shard: Shard | None
    workers: str
    durations: dict[str, float]
    argv: list[str]
    behave_args: list[str]

    @classmethod
    def of(cls, options: argparse.Namespace, argv: list[str], behave_args: list[str]) -> Split:
        """Read --shard, --workers and --durations; refuse what cannot be used."""
        try:
            shard = Shard.parse(options.shard) if options.shard else None
            durations = durations_from(options.durations) if options.durations else {}
        except PartitionError as error:
            raise UsageError(str(error)) from None
        return cls(shard, options.workers, durations, argv, behave_args)


def target_userdata(options: argparse.Namespace) -> dict[str, str]:
    """Return the ``-D`` values naming the target and the run's options; check what they name."""
    userdata = user_defines(options.define)
    browser = {
        name: str(getattr(options, name)).lower()
        for name in BROWSER_OPTIONS
        if getattr(options, name) not in (None, False)
    }
    if options.in_process:
        if browser:
            given = ", ".join(RESERVED[name] for name in browser)
            raise UsageError(f"{given}: for a browser target, not --in-process")
        userdata["target"] = "inprocess"
    else:
        profile = options.target or str(reference_profile())
        try:
            unset = unset_secret_variables(load_profile(profile))
        except ProfileError as error:
            raise UsageError("\n".join(error.problems)) from None
        if unset:
            raise UsageError(f"set the environment variables {', '.join(unset)}")
        userdata |= {"target": "browser", "profile": profile, **browser}
    if options.expected_deviations:
        try:
            load_deviations(options.expected_deviations)
        except DeviationsError as error:
            raise UsageError(str(error)) from None
        userdata["expected_deviations"] = options.expected_deviations
    return userdata


def user_defines(defines: list[str]) -> dict[str, str]:
    """Return the ``-D NAME=VALUE`` given for the steps and hooks; refuse those mfaspec sets."""
    userdata = {}
    for define in defines:
        name, _, value = define.partition("=")
        if not name:
            raise UsageError(f"-D {define}: give NAME=VALUE")
        if name in RESERVED:
            raise UsageError(f"-D {name}: use {RESERVED[name]}")
        userdata[name] = value
    return userdata


def last_failed(report_dir: Path) -> list[str]:
    """Return name patterns selecting the scenarios that failed in the report directory's run."""
    try:
        report = json.loads((report_dir / JSON_REPORT).read_text(encoding="utf-8"))
        failed = [s["name"] for s in report["scenarios"] if s["outcome"] == "failed"]
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError(f"--last-failed: no readable {JSON_REPORT} in {report_dir}") from None
    return [rf"^{re.escape(name)}\s*$" for name in failed]


def clear_reports(report_dir: Path) -> None:
    """Remove what an earlier run wrote there: the reports, the artifacts, the workers' parts."""
    for name in REPORTS:
        (report_dir / name).unlink(missing_ok=True)
    shutil.rmtree(report_dir / ARTIFACTS, ignore_errors=True)
    shutil.rmtree(report_dir / PARTS, ignore_errors=True)


def run_behave(
    args: list[str], userdata: dict[str, str], report_dir: Path, split: Split
) -> ExitStatus:
    """Configure behave, open the target, run the scenarios; return the exit status."""
    from behave.configuration import Configuration
    from behave.exception import (
        ConfigError,
        ConstraintError,
        InvalidFileLocationError,
        InvalidFilenameError,
        TagExpressionError,
    )
    from behave.parser import ParserError

    from mfaspec.report.formatter import count_selected
    from mfaspec.report.runner import ConformanceRunner

    usage_errors = (
        ConfigError,
        ConstraintError,
        InvalidFileLocationError,
        InvalidFilenameError,
        ParserError,
        TagExpressionError,
    )
    try:
        config = Configuration(args, load_config=False)
        if not count_selected(config):
            print("mfaspec: no scenario matches the selection; nothing ran", file=sys.stderr)
            return ExitStatus.NOTHING_RAN
        planned = planned_scenarios(config)
        if split.shard is not None:
            planned = shard_of(planned, split.shard, split.durations)
            if not planned:
                print(f"mfaspec: shard {split.shard.index}/{split.shard.count} has no scenario")
                return ExitStatus.NOTHING_RAN
            args = [*(p.location for p in planned), *args[args.index("--format") :]]
            config = Configuration(args, load_config=False)
    except usage_errors as error:
        print(f"mfaspec: {error}", file=sys.stderr)
        return ExitStatus.USAGE
    unshared = unshareable(load_profile(userdata["profile"])) if "profile" in userdata else None
    try:
        workers = worker_count(split.workers, len(planned), unshared)
    except ValueError as error:
        print(f"mfaspec: {error}", file=sys.stderr)
        return ExitStatus.USAGE
    if workers > 1:
        broke, merged = run_workers(
            split.argv, split.behave_args, planned, workers, split.durations, report_dir
        )
        if not merged:
            return ExitStatus.BROKEN
        return verdict(report_dir, broke)
    target = open_checked_target(userdata)
    if target is None:
        return ExitStatus.BROKEN
    try:
        failed: bool = ConformanceRunner(config, target).run()
    except (*usage_errors, ImportError) as error:
        target.close()
        print(f"mfaspec: {error}", file=sys.stderr)
        return ExitStatus.USAGE
    return verdict(report_dir, failed)


def open_checked_target(userdata: dict[str, str]) -> Target | None:
    """Open the target and check it answers; None (the reason printed) when it does not."""
    from mfaspec.embedded import EmbeddedServerError
    from mfaspec.mailbox import MailboxError
    from mfaspec.preflight import TargetUnavailable
    from mfaspec.targets import open_target

    broken: tuple[type[Exception], ...] = (TargetUnavailable, EmbeddedServerError, MailboxError)
    if userdata["target"] == "browser":
        from playwright.sync_api import Error as PlaywrightError

        from mfaspec.drivers.launch import BrowserUnavailable

        broken = (*broken, BrowserUnavailable, PlaywrightError)
    try:
        return open_target(userdata)
    except broken as error:
        reason = (str(error).splitlines() or [type(error).__name__])[0]
        print(f"mfaspec: the run cannot start: {reason}", file=sys.stderr)
        return None


def verdict(report_dir: Path, behave_failed: bool) -> ExitStatus:
    """Print the report paths and what the run amounts to; return the exit status."""
    try:
        report: dict[str, Any] = json.loads((report_dir / JSON_REPORT).read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"mfaspec: the run wrote no {JSON_REPORT} in {report_dir}", file=sys.stderr)
        return ExitStatus.BROKEN
    counts = report["run"]["counts"]
    unexpected = [s["name"] for s in report["scenarios"] if s["outcome"] == "unexpected_pass"]
    for name in unexpected:
        print(f"mfaspec: WARNING: listed as an expected deviation, but passed: {name}")
    for name in report["run"]["expected_deviations"]["unused"]:
        print(f"mfaspec: note: listed as an expected deviation, but not run: {name}")
    summary = ", ".join(f"{n} {outcome.replace('_', ' ')}" for outcome, n in counts.items() if n)
    print(f"mfaspec: {summary or 'no scenario ran'}")
    for name in REPORTS:
        print(f"report: {shown(report_dir / name)}")
    ran = sum(
        counts[o]
        for o in ("passed", "failed", "warning", "broken", "expected_deviation", "unexpected_pass")
    )
    if counts["failed"]:
        return ExitStatus.PRODUCT_FAILED
    if counts["broken"]:
        print("mfaspec: the harness or the profile could not run some scenarios (broken)")
        return ExitStatus.BROKEN
    if behave_failed and not (counts["expected_deviation"] or counts["warning"]):
        print("mfaspec: the run failed outside any scenario (a hook, or it was stopped)")
        return ExitStatus.BROKEN
    if not ran:
        print("mfaspec: no scenario could be run on this target; nothing was checked")
        return ExitStatus.NOTHING_RAN
    return ExitStatus.CONFORMANT


def shown(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
