"""The ``mfaspec`` command: run the specification against a target, check and start profiles."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import mfaspec
from mfaspec.drivers.launch import BrowserName, ScreenshotMode, TraceMode
from mfaspec.exit_status import ExitStatus
from mfaspec.profile.loader import load_profile
from mfaspec.profile.locators import ProfileError
from mfaspec.profile.template import profile_template
from mfaspec.profile_schema import profile_schema
from mfaspec.report.deviations import DeviationsError, load_deviations

DESCRIPTION = """\
Run the executable specification of TOTP multi-factor authentication against a target,
and write conformance reports (HTML for people, JSON and JUnit XML for tools)."""
EXIT_STATUS = """\
exit status: 0 conformant (no scenario failed unexpectedly; expected deviations do not count),
1 the product failed a scenario, 2 a usage, profile or expected-deviations error (nothing ran),
3 broken: the target or a hook did not answer, or the harness failed,
5 nothing ran: no scenario matched the selection, or none could run on this target."""
RUN_EPILOG = f"""\
examples:
  mfaspec run                                   the embedded reference app, in a browser
  mfaspec run --in-process                      the reference service layer, no browser
  mfaspec run --target my-product.toml          your deployment, described by a profile
  mfaspec run --tags @doc.T7 --tags "not @needs.sso"
  mfaspec run -k "backup code" --headed --slowmo 250
  mfaspec run --last-failed                     only what failed in the last run's report
  mfaspec run --workers auto                    in parallel, one worker per core
  mfaspec run --shard 2/4 --durations old/conformance.json   the second of four CI machines
  mfaspec run --in-process -- --stop            anything after -- goes to behave

{EXIT_STATUS}"""


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
        from mfaspec.run_command import run

        return run(options, behave_args, args)
    if behave_args:
        parser.error("arguments after -- are for 'mfaspec run' only")
    if options.command == "profile" and options.action == "check":
        return check_profile(options.profile, options.expected_deviations)
    if options.command == "profile" and options.action == "init":
        return init_profile(options.path, force=options.force)
    if options.command == "profile" and options.action == "schema":
        print(json.dumps(profile_schema(), indent=2))
        return ExitStatus.CONFORMANT
    if options.command == "report":
        return merge_command(options.parts, options.report_dir)
    if options.command == "install-browser":
        from mfaspec.install_browser import install_browsers

        return install_browsers(options.browsers or [BrowserName.CHROMIUM.value])
    parser.print_help(sys.stderr)
    return ExitStatus.USAGE


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``mfaspec`` and its subcommands (no option may be abbreviated)."""
    parser = argparse.ArgumentParser(
        prog="mfaspec",
        description=DESCRIPTION,
        epilog=EXIT_STATUS,
        allow_abbrev=False,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mfaspec {mfaspec.__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    add_run_parser(commands)
    profile_parser = commands.add_parser(
        "profile", help="check or start a target profile", allow_abbrev=False
    )
    actions = profile_parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="report every problem of a profile; runs nothing", allow_abbrev=False
    )
    check.add_argument("profile", metavar="PROFILE.toml")
    check.add_argument(
        "--expected-deviations",
        metavar="FILE",
        help="also check an expected-deviations file: warn of names that match no scenario",
    )
    init = actions.add_parser(
        "init", help="write a commented profile to start from", allow_abbrev=False
    )
    init.add_argument(
        "path", nargs="?", metavar="PATH", help="the file to write (default: standard output)"
    )
    init.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    actions.add_parser(
        "schema", help="print the JSON Schema of the profile format", allow_abbrev=False
    )
    report = commands.add_parser("report", help="combine reports", allow_abbrev=False)
    report_actions = report.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = report_actions.add_parser(
        "merge",
        help="merge the reports of a run's shards into one HTML, JSON and JUnit report",
        allow_abbrev=False,
    )
    merge.add_argument(
        "parts", nargs="+", type=Path, metavar="DIR", help="a shard's report directory"
    )
    merge.add_argument(
        "--report-dir",
        default="reports",
        type=Path,
        metavar="DIR",
        help="where the merged reports go (default: %(default)s)",
    )
    install = commands.add_parser(
        "install-browser",
        help="download Playwright's own browsers (where the system provides none)",
        allow_abbrev=False,
    )
    install.add_argument(
        "browsers",
        nargs="*",
        choices=[name.value for name in BrowserName],
        metavar="BROWSER",
        help="chromium (default), firefox or webkit",
    )
    return parser


def add_run_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``mfaspec run`` and its options."""
    run = commands.add_parser(
        "run",
        help="run the scenarios and write the reports",
        description="Run the scenarios against one target and write the conformance reports.",
        epilog=RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    where = run.add_mutually_exclusive_group()
    where.add_argument(
        "--target",
        metavar="PROFILE.toml",
        help="the target profile describing the deployment, run in a browser "
        "(default: the embedded reference app and its English profile)",
    )
    where.add_argument(
        "--in-process",
        action="store_true",
        help="run against the reference service layer in this process (no browser)",
    )
    select = run.add_argument_group("which scenarios")
    select.add_argument(
        "--tags",
        action="append",
        default=[],
        metavar="EXPR",
        help="run only the scenarios whose tags match, e.g. '@doc.T7 and not @needs.sso'; "
        "repeat to require several expressions",
    )
    names = select.add_mutually_exclusive_group()
    names.add_argument(
        "-k",
        "--name",
        action="append",
        default=[],
        metavar="REGEX",
        help="run only the scenarios whose name matches (a regular expression); repeat for more",
    )
    names.add_argument(
        "--last-failed",
        action="store_true",
        help="run only the scenarios that failed in the report directory's last run",
    )
    select.add_argument(
        "-D",
        dest="define",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a value for the steps and hooks, passed to behave's -D",
    )
    split = run.add_argument_group("in parallel, and across machines")
    split.add_argument(
        "--workers",
        default="1",
        type=workers_value,
        metavar="N|auto",
        help="run the scenarios in N processes at once, each with its own browser; "
        "auto: one per core (default: %(default)s)",
    )
    split.add_argument(
        "--shard",
        metavar="I/N",
        help="run only the I-th of N parts of the selection (deterministic; merge the N "
        "reports with 'mfaspec report merge')",
    )
    split.add_argument(
        "--durations",
        type=Path,
        metavar="conformance.json",
        help="a previous run's report: shards and workers are balanced by its durations",
    )
    split.add_argument("--locations", type=Path, help=argparse.SUPPRESS)  # a worker's scenarios
    browser = run.add_argument_group("the browser")
    browser.add_argument(
        "--browser",
        choices=[name.value for name in BrowserName],
        help="the browser engine (default: chromium; Debian's where installed)",
    )
    browser.add_argument("--browser-path", metavar="PATH", help="the browser executable to launch")
    browser.add_argument(
        "--connect",
        metavar="WS_URL",
        help="use a browser already running, reached over a Playwright websocket (ws://…)",
    )
    browser.add_argument(
        "--headed", action="store_true", help="show the browser window (default: headless)"
    )
    browser.add_argument(
        "--slowmo", type=int, metavar="MS", help="wait MS milliseconds before each browser action"
    )
    browser.add_argument(
        "--trace",
        choices=[mode.value for mode in TraceMode],
        help="record and keep each scenario's Playwright trace (default: off)",
    )
    browser.add_argument(
        "--screenshot",
        choices=[mode.value for mode in ScreenshotMode],
        help="take a screenshot at the end of each scenario (default: only-on-failure)",
    )
    output = run.add_argument_group("the reports")
    output.add_argument(
        "--report-dir",
        default="reports",
        type=Path,
        metavar="DIR",
        help="where the reports and the evidence go; a run first removes the reports and the "
        "artifacts/ an earlier run left there (default: %(default)s)",
    )
    output.add_argument(
        "--allure",
        type=Path,
        metavar="DIR",
        help="also write Allure results to DIR (needs mfaspec[allure]), scrubbed of secrets",
    )
    output.add_argument(
        "--expected-deviations",
        metavar="FILE",
        help="a TOML file of scenarios the target is known to fail, each with its reason",
    )


def workers_value(text: str) -> str:
    """Accept a positive number of workers, or ``auto``."""
    if text == "auto" or (text.isdigit() and int(text) >= 1):
        return text
    raise argparse.ArgumentTypeError(f"{text!r}: give a number from 1, or auto")


def merge_command(parts: list[Path], report_dir: Path) -> int:
    """Merge shard reports into one; exit as the whole run would (2: a part cannot be merged)."""
    from mfaspec.report.load import ReportError
    from mfaspec.report.merge import merge_reports
    from mfaspec.run_command import verdict

    try:
        merge_reports(parts, report_dir)
    except ReportError as error:
        print(f"mfaspec: {error}", file=sys.stderr)
        return ExitStatus.USAGE
    print(f"mfaspec: merged the reports of {len(parts)} parts")
    return verdict(report_dir, behave_failed=False)


def check_profile(path: str, deviations_path: str | None = None) -> int:
    """Load a profile (and a deviations file) and report their problems; 0 when they can be used."""
    try:
        profile = load_profile(path)
    except ProfileError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"mfaspec: {len(error.problems)} problem(s) in {path}", file=sys.stderr)
        return ExitStatus.USAGE
    capabilities = ", ".join(sorted(c.value for c in profile.capabilities)) or "none"
    print(f"{path}: OK: {profile.target.name} (capabilities: {capabilities})")
    from mfaspec.partition import scenario_and_outline_names

    names = scenario_and_outline_names()
    for name in profile.overrides:
        if name not in names:
            print(f"{path}: warning: overrides.{name!r} matches no scenario or outline name")
    if deviations_path is not None:
        try:
            deviations = load_deviations(deviations_path)
        except DeviationsError as error:
            print(f"mfaspec: {error}", file=sys.stderr)
            return ExitStatus.USAGE
        for name in deviations.unused(names):
            print(f"{deviations_path}: warning: {name!r} matches no scenario or outline name")
    return ExitStatus.CONFORMANT


def init_profile(path: str | None, *, force: bool) -> int:
    """Write the commented profile template to ``path`` (or standard output)."""
    template = profile_template()
    if path is None:
        sys.stdout.write(template)
        return ExitStatus.CONFORMANT
    target = Path(path)
    if target.exists() and not force:
        print(f"mfaspec: {path} exists; use --force to overwrite it", file=sys.stderr)
        return ExitStatus.USAGE
    target.write_text(template, encoding="utf-8")
    print(f"wrote {path}; edit it, then check it with: mfaspec profile check {path}")
    return ExitStatus.CONFORMANT


if __name__ == "__main__":
    sys.exit(main())
