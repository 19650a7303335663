"""No secret a run handles reaches a report, a log or the evidence of a failure.

The specification runs through ``mfaspec run`` in a copy of the project with one extra
scenario whose step prints every secret it knows and fails with them in its message. The run
lists its secrets (``MFASPEC_SECRETS_DUMP``); every file the run wrote is then searched for
each of them, as is and in the encodings reports and traces use.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape as xml_escape

import pytest
import zxingcpp
from PIL import Image, UnidentifiedImageError

from mfaspec.secrets import MASK
from tests.mutants import Mutant
from tests.test_mutation import mutated_copy

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium")
LEAK_FEATURE = """\
Feature: A step that leaks secrets

  @leak
  Scenario: Alice's secrets in a failure message
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has turned on multi-factor authentication
    Then Alice reveals every secret in a failure

  @leak
  Scenario: A failure while the backup code is on screen
    Given Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has asked to turn on multi-factor authentication
    When she opens the link in the confirmation e-mail
    And she scans the QR code with her authenticator app
    And she enters the code her app shows and clicks Verify
    Then Alice reveals every secret in a failure
"""
# Playwright paints the elements a screenshot masks in this colour.
MASK_COLOUR = (255, 0, 255)
LEAK_STEPS = '''\
"""A step that prints every secret it knows and fails with them (for tests/test_no_secrets.py)."""

from behave import then
from behave.runner import Context


@then("{who:Who} reveals every secret in a failure")
def reveal(context: Context, who: str) -> None:
    person = context.cast[who]
    seeds = [account.totp.secret for account in context.cast.phone(person).accounts]
    leaked = f"password={person.password} seeds={seeds} backup={context.cast.backup_codes}"
    print(leaked)
    raise AssertionError(leaked)
'''
DATA_URI = re.compile(rb"data:image/[a-z]+;base64,([A-Za-z0-9+/=]+)")


def leaking_copy(base: Path) -> Path:
    """Copy the project (with the target profiles) and add the leaking scenario and its step."""
    tree = mutated_copy(
        Mutant("leak", "nothing", "features/login.feature", "Feature:", "Feature:"), base
    )
    shutil.copytree(ROOT / "fixtures", tree / "fixtures")
    (tree / "features" / "leak.feature").write_text(LEAK_FEATURE, encoding="utf-8")
    (tree / "steps" / "leak.py").write_text(LEAK_STEPS, encoding="utf-8")
    return tree


def run_logged(tree: Path, log: Path, *args: str) -> tuple[int, list[str]]:
    """Run ``mfaspec run`` in ``tree``, output in ``log``; return its exit status and secrets."""
    dump = log.with_suffix(".secrets.json")
    env = {**os.environ, "PYTHONPATH": str(tree), "MFASPEC_SECRETS_DUMP": str(dump)}
    with log.open("w", encoding="utf-8") as output:
        result = subprocess.run(
            ["mfaspec", "run", *args],
            cwd=tree,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )
    secrets: list[str] = json.loads(dump.read_text(encoding="utf-8"))
    dump.unlink()
    return result.returncode, secrets


def encodings(secret: str) -> set[bytes]:
    """Return a secret as reports and traces could write it."""
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        html.escape(secret),
        html.escape(secret, quote=False),
        xml_escape(secret, {'"': "&quot;"}),
        quote(secret, safe=""),
        quote_plus(secret),
    }
    return {form.encode("utf-8") for form in forms}


def contents(paths: list[Path]) -> Iterator[tuple[str, bytes]]:
    """Yield every file's content, and each member of a zip archive (a trace) on its own."""
    for path in paths:
        data = path.read_bytes()
        yield str(path), data
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    yield f"{path}!{info.filename}", archive.read(info)


def qr_texts(data: bytes) -> list[str]:
    """Return the texts of the QR codes in a picture, and in pictures embedded as data URIs."""
    pictures = [data]
    for match in DATA_URI.finditer(data):
        with contextlib.suppress(binascii.Error):  # a trace cuts long attributes short with "…"
            pictures.append(base64.b64decode(match[1]))
    texts = []
    for picture in pictures:
        try:
            image = Image.open(io.BytesIO(picture))
            image.load()
        except (UnidentifiedImageError, OSError):
            continue
        texts += [code.text for code in zxingcpp.read_barcodes(image.convert("L"))]
    return texts


def assert_nothing_leaked(reports: Path, log: Path, secrets: list[str]) -> None:
    """Search every file of the run for every secret; check the search looked at the reports."""
    assert len(secrets) >= 3, secrets
    files = [path for path in sorted(reports.rglob("*")) if path.is_file()] + [log]
    forms = {form: secret for secret in secrets for form in encodings(secret)}
    for name, data in contents(files):
        leaked = [secret for form, secret in forms.items() if form in data]
        assert not leaked, f"{name} holds {len(leaked)} secret(s)"
        assert not [text for text in qr_texts(data) if "otpauth" in text], f"{name} holds a QR code"
    report = json.loads((reports / "conformance.json").read_text(encoding="utf-8"))
    emails = {person["email"] for s in report["scenarios"] for person in s["people"]}
    page = (reports / "conformance.html").read_text(encoding="utf-8")
    assert emails and all(email in page for email in emails)
    leak = next(
        s for s in report["scenarios"] if s["name"] == "Alice's secrets in a failure message"
    )
    assert leak["outcome"] == "failed"
    assert leak["failure"]["message"].count(MASK) >= 3, leak["failure"]["message"]


def test_an_in_process_run_leaks_no_secret(tmp_path: Path) -> None:
    tree = leaking_copy(tmp_path)
    reports, log = tmp_path / "reports", tmp_path / "run.log"
    status, secrets = run_logged(tree, log, "--in-process", "--report-dir", str(reports))
    assert status == 1, log.read_text(encoding="utf-8")[-3000:]
    assert "scenarios passed" in log.read_text(encoding="utf-8")
    assert_nothing_leaked(reports, log, secrets)


@pytest.mark.skipif(
    not any(os.access(path, os.X_OK) for path in BROWSERS), reason="no Chromium installed"
)
def test_a_browser_run_and_its_failure_evidence_leak_no_secret(tmp_path: Path) -> None:
    tree = leaking_copy(tmp_path)
    reports, log = tmp_path / "reports", tmp_path / "run.log"
    status, secrets = run_logged(tree, log, "--tags", "@leak", "--report-dir", str(reports))
    assert status == 1, log.read_text(encoding="utf-8")[-3000:]
    report = json.loads((reports / "conformance.json").read_text(encoding="utf-8"))
    evidence = {artifact["kind"] for s in report["scenarios"] for artifact in s["artifacts"]}
    assert evidence == {"screenshot", "trace"}, report["scenarios"]
    assert_nothing_leaked(reports, log, secrets)
    on_screen = next(s for s in report["scenarios"] if s["name"].endswith("is on screen"))
    screenshot = next(a["path"] for a in on_screen["artifacts"] if a["kind"] == "screenshot")
    picture = Image.open(reports / screenshot).convert("RGB")
    painted = picture.getcolors(maxcolors=2**24) or []
    masked = sum(count for count, colour in painted if colour == MASK_COLOUR)
    assert masked > 2000, "the backup code was not painted over in the failure screenshot"
