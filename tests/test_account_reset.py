"""Listed accounts go back to their starting state through the profile's reset command or call."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from mfaspec.drivers.reset import ResetError, reset_accounts
from mfaspec.exit_status import ExitStatus
from mfaspec.profile.model import AccountReset, ListedAccount
from products.site import PASSWORD, PASSWORD_ENV, Site
from tests.test_cli import ROOT, mfaspec, report
from tests.test_products import PROFILES

LISTED = (
    ListedAccount("Alice", "alice@qa.example.com", "A_PASSWORD", email_verified=True, sso=False),
    ListedAccount("Bob", "bob@qa.example.com", "B_PASSWORD", email_verified=True, sso=False),
)


def no_call(path: str, body: Mapping[str, object], method: str) -> object:
    raise AssertionError(f"a command reset made an HTTP call to {path}")


def test_the_reset_command_runs_once(tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    script = f"open({str(marks)!r}, 'a').write('reset\\n')"
    reset_accounts(AccountReset(command=(sys.executable, "-c", script)), LISTED, no_call)

    assert marks.read_text() == "reset\n"


def test_a_failing_reset_command_says_which_and_what_it_printed() -> None:
    script = "import sys; print('no such database', file=sys.stderr); sys.exit(3)"

    with pytest.raises(ResetError, match=r"exited with 3: no such database"):
        reset_accounts(AccountReset(command=(sys.executable, "-c", script)), LISTED, no_call)


def test_a_reset_command_that_does_not_exist_is_named() -> None:
    with pytest.raises(ResetError, match="'no-such-reset-command' did not run"):
        reset_accounts(AccountReset(command=("no-such-reset-command",)), LISTED, no_call)


def test_the_reset_call_is_made_per_listed_account_with_its_placeholders() -> None:
    calls: list[tuple[str, object, str]] = []
    reset = AccountReset(
        method="PUT",
        path="/admin/users/{label}/mfa",
        body={"email": "{email}", "mfa": False, "tags": ["{label}"]},
    )

    reset_accounts(reset, LISTED, lambda path, body, method: calls.append((path, body, method)))

    assert calls == [
        (
            "/admin/users/Alice/mfa",
            {"email": "alice@qa.example.com", "mfa": False, "tags": ["Alice"]},
            "PUT",
        ),
        (
            "/admin/users/Bob/mfa",
            {"email": "bob@qa.example.com", "mfa": False, "tags": ["Bob"]},
            "PUT",
        ),
    ]


def test_a_reset_that_fails_breaks_the_scenario_and_says_why_first(tmp_path: Path) -> None:
    with Site("flask_security_tf", tmp_path / "site.sqlite3") as site:
        profile = site.profile(
            ROOT / "fixtures" / "targets" / PROFILES[site.product], tmp_path / "p"
        )
        failing = json.dumps([sys.executable, "-c", "raise SystemExit('no such database')"])
        text = re.sub(
            r"(?m)^(\[accounts\.reset\]\ncommand = ).*$", rf"\g<1>{failing}", profile.read_text()
        )
        profile.write_text(text)
        ran = mfaspec(
            *("run", "--target", str(profile), "--report-dir", str(tmp_path / "reports")),
            *("-k", "^Alice logs in with her password$"),
            env={PASSWORD_ENV: PASSWORD},
        )

    scenarios = report(tmp_path / "reports")["scenarios"]
    assert ran.returncode == ExitStatus.BROKEN, ran.stdout[-2000:] + ran.stderr[-2000:]
    assert [s["outcome"] for s in scenarios] == ["broken"]
    assert scenarios[0]["reason"].startswith(
        f"the accounts' reset command {sys.executable!r} exited with 1: no such database"
    )
