"""The ``mfaspec`` command: run the specification against a target, check and start profiles."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import TextIO

import mfaspec
from mfaspec.profile import ProfileError, load_profile, profile_template, unset_secret_variables
from mfaspec.report.deviations import DeviationsError, load_deviations
from mfaspec.report.writers import HTML_REPORT, JSON_REPORT, JUNIT_REPORT
from mfaspec.secrets import mask

PROJECT = Path(mfaspec.__file__).resolve().parent.parent
FEATURES = PROJECT / "features"
DEFAULT_PROFILE = PROJECT / "fixtures" / "targets" / "reference-en.toml"
FORMATTER = "mfaspec.report.formatter:ConformanceFormatter"
USAGE_ERROR = 2

DESCRIPTION = """\
Run the executable specification of TOTP multi-factor authentication against a target,
and write conformance reports (HTML for people, JSON and JUnit XML for tools)."""
RUN_EPILOG = """\
examples:
  mfaspec run                                   the embedded reference app, in a browser
  mfaspec run --in-process                      the reference service layer, no browser
  mfaspec run --target my-product.toml          your deployment, described by a profile
  mfaspec run --tags @doc.T7 --tags "not @needs.sso"
  mfaspec run --in-process -- --stop            anything after -- goes to behave

exit status: 0 when no scenario failed unexpectedly (expected deviations do not count),
1 otherwise, 2 for a usage, profile or expected-deviations error (then nothing runs)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    behave_args: list[str] = []
    if "--" in args:
        split = args.index("--")
        args, behave_args = args[:split], args[split + 1 :]
    parser = build_parser()
    options = parser.parse_args(args)
    if options.command == "run":
        return run(options, behave_args)
    if behave_args:
        parser.error("arguments after -- are for 'mfaspec run' only")
    if options.command == "profile" and options.action == "check":
        return check_profile(options.profile)
    if options.command == "profile" and options.action == "init":
        return init_profile(options.path, force=options.force)
    parser.print_help(sys.stderr)
    return USAGE_ERROR


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``mfaspec`` and its subcommands."""
    parser = argparse.ArgumentParser(prog="mfaspec", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run_parser = commands.add_parser(
        "run",
        help="run the scenarios and write the reports",
        description="Run the scenarios against one target and write the conformance reports.",
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = run_parser.add_mutually_exclusive_group()
    where.add_argument(
        "--target",
        metavar="PROFILE.toml",
        help="the target profile describing the deployment, run in a browser "
        "(default: the embedded reference app, fixtures/targets/reference-en.toml)",
    )
    where.add_argument(
        "--in-process",
        action="store_true",
        help="run against the reference service layer in this process (no browser)",
    )
    run_parser.add_argument(
        "--tags",
        action="append",
        default=[],
        metavar="EXPR",
        help="run only the scenarios whose tags match, e.g. '@doc.T7 and not @needs.sso'; "
        "repeat to require several expressions",
    )
    run_parser.add_argument(
        "--connect",
        metavar="WS_URL",
        help="use a browser already running, reached over a Playwright websocket (ws://…)",
    )
    run_parser.add_argument(
        "--browser-path", metavar="PATH", help="the Chromium executable to launch"
    )
    run_parser.add_argument(
        "--report-dir",
        default="reports",
        type=Path,
        metavar="DIR",
        help="where the reports and the failures' evidence go (default: %(default)s)",
    )
    run_parser.add_argument(
        "--expected-deviations",
        metavar="FILE",
        help="a TOML file of scenarios the target is known to fail, each with its reason",
    )
    profile_parser = commands.add_parser("profile", help="check or start a target profile")
    actions = profile_parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="report every problem of a profile; runs nothing")
    check.add_argument("profile", metavar="PROFILE.toml")
    init = actions.add_parser("init", help="write a commented profile to start from")
    init.add_argument(
        "path", nargs="?", metavar="PATH", help="the file to write (default: standard output)"
    )
    init.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    return parser


def check_profile(path: str) -> int:
    """Load a profile and report its problems; 0 when it can be used."""
    try:
        profile = load_profile(path)
    except ProfileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"mfaspec: {len(error.problems)} problem(s) in {path}", file=sys.stderr)
        return USAGE_ERROR
    capabilities = ", ".join(sorted(c.value for c in profile.capabilities)) or "none"
    print(f"{path}: OK: {profile.target.name} (capabilities: {capabilities})")
    return 0


def init_profile(path: str | None, *, force: bool) -> int:
    """Write the commented profile template to ``path`` (or standard output)."""
    template = profile_template()
    if path is None:
        sys.stdout.write(template)
        return 0
    target = Path(path)
    if target.exists() and not force:
        print(f"mfaspec: {path} exists; use --force to overwrite it", file=sys.stderr)
        return USAGE_ERROR
    target.write_text(template, encoding="utf-8")
    print(f"wrote {path}; edit it, then check it with: mfaspec profile check {path}")
    return 0


def run(options: argparse.Namespace, behave_args: list[str]) -> int:
    """Run behave in this process with the conformance formatter; return the exit status."""
    userdata = target_userdata(options)
    if userdata is None:
        return USAGE_ERROR
    if options.expected_deviations:
        try:
            load_deviations(options.expected_deviations)
        except DeviationsError as error:
            print(error, file=sys.stderr)
            return USAGE_ERROR
        userdata["expected_deviations"] = options.expected_deviations
    report_dir: Path = options.report_dir
    userdata["artifacts"] = str(report_dir / "artifacts")
    args = [
        shown(FEATURES),
        *("--format", FORMATTER, "--outfile", str(report_dir)),
        "--no-skipped",
        *(arg for tag in options.tags for arg in ("--tags", tag)),
        *(arg for key, value in userdata.items() for arg in ("-D", f"{key}={value}")),
        *behave_args,
    ]
    behave_failed = run_behave(args)
    if behave_failed is None:
        return USAGE_ERROR
    return verdict(report_dir, behave_failed)


def target_userdata(options: argparse.Namespace) -> dict[str, str] | None:
    """Return the ``-D`` values naming the target, or None when its profile cannot be used."""
    if options.in_process:
        if options.connect or options.browser_path:
            print("mfaspec: --connect and --browser-path need a browser target", file=sys.stderr)
            return None
        return {"target": "inprocess"}
    profile = options.target or shown(DEFAULT_PROFILE)
    try:
        unset = unset_secret_variables(load_profile(profile))
    except ProfileError as error:
        print("\n".join(error.problems), file=sys.stderr)
        return None
    if unset:
        print(f"mfaspec: set the environment variables {', '.join(unset)}", file=sys.stderr)
        return None
    userdata = {"target": "browser", "profile": profile}
    if options.connect:
        userdata["connect"] = options.connect
    if options.browser_path:
        userdata["browser_path"] = options.browser_path
    return userdata


def run_behave(args: list[str]) -> bool | None:
    """Run behave in-process, its output masked; return whether it failed (None: cannot start)."""
    from behave.configuration import Configuration
    from behave.exception import (
        ConfigError,
        ConstraintError,
        InvalidFileLocationError,
        InvalidFilenameError,
        TagExpressionError,
    )
    from behave.parser import ParserError

    from mfaspec.report.runner import ConformanceRunner

    with masked_output():
        try:
            config = Configuration(args, load_config=False)
            failed: bool = ConformanceRunner(config).run()
        except (
            ConfigError,
            ConstraintError,
            InvalidFileLocationError,
            InvalidFilenameError,
            ImportError,
            ParserError,
            TagExpressionError,
        ) as error:
            print(f"mfaspec: {error}", file=sys.stderr)
            return None
    return failed


def verdict(report_dir: Path, behave_failed: bool) -> int:
    """Print the report paths and what the run amounts to; return the exit status."""
    try:
        report = json.loads((report_dir / JSON_REPORT).read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"mfaspec: the run wrote no {JSON_REPORT} in {report_dir}", file=sys.stderr)
        return 1
    counts = report["run"]["counts"]
    unexpected = [s["name"] for s in report["scenarios"] if s["outcome"] == "unexpected_pass"]
    for name in unexpected:
        print(f"mfaspec: WARNING: listed as an expected deviation, but passed: {name}")
    for name in report["run"]["expected_deviations"]["unused"]:
        print(f"mfaspec: note: listed as an expected deviation, but not run: {name}")
    summary = ", ".join(f"{n} {outcome.replace('_', ' ')}" for outcome, n in counts.items() if n)
    print(f"mfaspec: {summary or 'no scenario ran'}")
    for name in (HTML_REPORT, JSON_REPORT, JUNIT_REPORT):
        print(f"report: {shown(report_dir / name)}")
    failed_outside_scenarios = behave_failed and counts["expected_deviation"] == 0
    return 1 if counts["failed"] or failed_outside_scenarios else 0


def shown(path: Path) -> str:
    """Return ``path`` relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class MaskedStream(io.TextIOBase):
    """A text stream that masks the run's secrets in everything written through it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The encoding of the stream written to."""
        return self.stream.encoding

    def write(self, text: str) -> int:
        """Write ``text`` with its secrets masked."""
        self.stream.write(mask(text))
        return len(text)

    def flush(self) -> None:
        """Flush the stream written to."""
        self.stream.flush()

    def isatty(self) -> bool:
        """Tell whether the stream written to is a terminal."""
        return self.stream.isatty()


@contextmanager
def masked_output() -> Iterator[None]:
    """Mask secrets in everything printed to stdout and stderr meanwhile."""
    with (
        redirect_stdout(MaskedStream(sys.stdout)),
        redirect_stderr(MaskedStream(sys.stderr)),
    ):
        yield


if __name__ == "__main__":
    sys.exit(main())
