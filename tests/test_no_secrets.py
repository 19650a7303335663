"""No secret a run handles reaches a report, a log or the evidence of a failure.

The specification runs through ``mfaspec run`` in a copy of the project with extra scenarios
whose last step collects, on its own, every secret of its scenario (the password, the key and
the backup code on screen or written down, the codes typed, the confirmation link's token,
every cookie the browser was given) and fails with some of them in its message. Every file
the run wrote is then searched byte by byte, every archive and compressed member unpacked, for
each of them in the forms a browser, a server and a trace write (``tests/secret_forms.py``),
not in the scrubber's own encodings. The secrets the harness registered are searched as well.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, UnidentifiedImageError

from mfaspec.secrets import MASK
from tests.mutants import Mutant
from tests.secret_forms import displayed, forms, typed_text_at, unpacked
from tests.test_mutation import mutated_copy

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium")
LEAK_FEATURE = """\
Feature: Steps that leak secrets

  @leak
  Scenario: Alice's secrets in a failure message
    Given the secrets test watches the browser
    And Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has turned on multi-factor authentication
    When she logs in with her password
    And she enters the code her app shows and clicks Log in
    Then Alice reveals every secret in a failure

  @leak
  Scenario: A failure after logging in through the target's hook
    Given the secrets test watches the browser
    And Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has turned on multi-factor authentication
    And Alice has logged in with her password and a code
    Then Alice reveals every secret in a failure

  @leak
  Scenario: A failure while the backup code is on screen
    Given the secrets test watches the browser
    And Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has asked to turn on multi-factor authentication
    When she opens the link in the confirmation e-mail
    And she scans the QR code with her authenticator app
    And she enters the code her app shows and clicks Verify
    Then Alice reveals every secret in a failure

  @leak
  Scenario: A failure after a backup code was shown and not written down
    Given the secrets test watches the browser
    And Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has asked to turn on multi-factor authentication
    When she opens the link in the confirmation e-mail
    And she scans the QR code with her authenticator app
    And she enters the code her app shows and clicks Verify
    And she clicks Done
    Then Alice reveals every secret in a failure

  @leak
  Scenario: A failure after leaving a backup code by typing an address
    Given the secrets test watches the browser
    And Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has asked to turn on multi-factor authentication
    When she opens the link in the confirmation e-mail
    And she scans the QR code with her authenticator app
    And she enters the code her app shows and clicks Verify
    And she opens her dashboard directly
    Then Alice reveals every secret in a failure

  @leak
  Scenario: A failure after opening the set-up page through the target's hook
    Given the secrets test watches the browser
    And Alice has an account with a verified e-mail address
    And Alice has an authenticator app on her phone
    And Alice has opened the set-up page
    Then Alice reveals every secret in a failure

  @leak
  Scenario: A failure while the set-up page shows the key
    Given the secrets test watches the browser
    And Alice has an account with a verified e-mail address
    And Alice has asked to turn on multi-factor authentication
    When she opens the link in the confirmation e-mail
    Then Alice reveals every secret in a failure
"""
# Playwright paints the elements a screenshot masks in this colour.
MASK_COLOUR = (255, 0, 255)
LEAK_STEPS = '''\
"""Steps that collect a scenario's secrets on their own and fail (tests/test_no_secrets.py)."""

import json
import os
import re
import secrets
from urllib.parse import parse_qsl, urlsplit

from behave import given, then
from behave.runner import Context

URL = re.compile(r"https?://[^\\s\\"'<>]+")


# Sends the secret elements of every page to the step, once its document is parsed.
SEND_SHOWN = """document.addEventListener("DOMContentLoaded", () => window.mfaspecShown(
    [...document.querySelectorAll("#manual-key, #backup-code")].map(e => [e.id, e.textContent])
))"""


@given("the secrets test watches the browser")
def watch(context: Context) -> None:
    """Keep every response and secret shown; give people passwords of tricky characters."""
    context.cast._faker.password = lambda **_: "*~ &<>\\"'%+/é" + secrets.token_hex(6)
    context.responses, context.shown = [], []
    if hasattr(context.driver, "page"):
        browser = context.driver.context
        browser.on("response", lambda response: context.responses.append(response))
        browser.expose_binding("mfaspecShown", lambda _, shown: context.shown.extend(shown))
        browser.add_init_script(SEND_SHOWN)


def cookies(context: Context) -> list[str]:
    if not hasattr(context.driver, "page"):
        return []
    values = [cookie["value"] for cookie in context.driver.context.cookies()]
    for response in context.responses:
        for header in response.headers_array() + response.request.headers_array():
            if header["name"].lower() == "set-cookie":
                values.append(header["value"].split(";", 1)[0].split("=", 1)[-1])
            elif header["name"].lower() == "cookie":
                values += [pair.split("=", 1)[-1] for pair in header["value"].split("; ")]
    return values


def on_screen(context: Context, element: str, attribute: str) -> list[str]:
    """The text of the element with this id on screen and on every page the browser showed."""
    driver = context.driver
    if not hasattr(driver, "page"):
        shown = getattr(driver, attribute, None)
        return [getattr(shown, "manual_key", shown)] if shown else []
    driver.page.wait_for_load_state()
    on_screen = driver.page.locator(f"#{element}").all_text_contents()  # shown or not
    return [text.strip() for name, text in context.shown if name == element] + on_screen


def link_tokens(context: Context, person) -> list[str]:
    driver = context.driver
    if hasattr(driver, "page"):
        texts = [m.text + m.html for m in context.target.messages(driver.account_address(person))]
    else:
        texts = [mail.text for mail in driver.outbox.sent if mail.to == person.email]
    tokens = []
    for url in (found for text in texts for found in URL.findall(text)):
        parts = urlsplit(url)
        tokens += [parts.path.rsplit("/", 1)[-1], *(value for _, value in parse_qsl(parts.query))]
    return [token for token in tokens if len(token) >= 16]


@then("{who:Who} reveals every secret in a failure")
def reveal(context: Context, who: str) -> None:
    person = context.cast[who]
    phone = context.cast.phone(person)
    seeds = [account.totp.secret for account in phone.accounts]
    written_down = [
        code for shown in context.cast.backup_codes.values() for codes in shown for code in codes
    ]
    harvest = {
        "password": [person.password],
        "seed": seeds + on_screen(context, "manual-key", "_enrolment"),
        "backup code": written_down + on_screen(context, "backup-code", "_backup_code"),
        "code": [a.totp.at(step * 30) for a in phone.accounts for step in phone.used_steps],
        "link token": link_tokens(context, person),
        "cookie": cookies(context),
    }
    with open(os.environ["MFASPEC_TEST_HARVEST"], "a", encoding="utf-8") as out:
        out.write(json.dumps(harvest) + "\\n")
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


Secrets = dict[str, set[str]]
GROUPED = frozenset({"seed", "backup code"})  # shown grouped, typed compact
GRAM = 8


def run_logged(tree: Path, log: Path, *args: str) -> tuple[int, Secrets]:
    """Run ``mfaspec run`` in ``tree``, output in ``log``; return its status and secrets by kind.

    The secrets are those the leaking steps collected and those the harness registered.
    """
    dump, harvest = log.with_suffix(".secrets.json"), log.with_suffix(".harvest.jsonl")
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "MFASPEC_SECRETS_DUMP": str(dump),
        "MFASPEC_TEST_HARVEST": str(harvest),
    }
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
    secrets: Secrets = {"registered": set(json.loads(dump.read_text(encoding="utf-8")))}
    for line in harvest.read_text(encoding="utf-8").splitlines():
        for kind, values in json.loads(line).items():
            shown = (displayed(v) if kind in GROUPED else {v} for v in values)
            secrets.setdefault(kind, set()).update(*shown)
    dump.unlink()
    harvest.unlink()
    return result.returncode, secrets


class Search:
    """Every form of every secret, indexed by its first bytes, to search a file in one pass."""

    def __init__(self, secrets: Secrets) -> None:
        self.long: dict[bytes, list[tuple[bytes, str]]] = {}
        self.short: list[tuple[bytes, str]] = []
        for kind, values in secrets.items():
            for value in values:
                for form in forms(value):
                    if len(form) >= GRAM:
                        self.long.setdefault(form[:GRAM], []).append((form, kind))
                    else:
                        self.short.append((form, kind))

    def kinds_in(self, data: bytes) -> set[str]:
        """Return the kinds of secrets ``data`` holds in some form."""
        grams = {data[i : i + GRAM] for i in range(len(data) - GRAM + 1)}
        found = {
            kind
            for gram in grams & self.long.keys()
            for form, kind in self.long[gram]
            if form in data
        }
        return found | {kind for form, kind in self.short if typed(data, form)}


def typed(data: bytes, form: bytes) -> bool:
    """Return whether a short secret stands in ``data`` where text (not a number) would."""
    start = data.find(form)
    while start >= 0:
        if typed_text_at(data, start, start + len(form)):
            return True
        start = data.find(form, start + 1)
    return False


def every_file(reports: Path, log: Path) -> list[Path]:
    """Return every file the run wrote: its reports and evidence, and its output."""
    return [path for path in sorted(reports.rglob("*")) if path.is_file()] + [log]


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


def assert_nothing_leaked(reports: Path, log: Path, secrets: Secrets, kinds: Iterable[str]) -> int:
    """Search every file of the run for every secret; return how many trace members it read."""
    collected = {kind for kind, values in secrets.items() if values}
    assert collected >= {*kinds, "registered"}, f"the steps collected only {sorted(collected)}"
    search, members, leaks = Search(secrets), 0, []
    for path in every_file(reports, log):
        for name, data in unpacked(str(path.relative_to(path.parent.parent)), path.read_bytes()):
            members += "!" in name
            leaked = sorted(search.kinds_in(data))
            if [text for text in qr_texts(data) if "otpauth" in text]:
                leaked.append("QR code")
            if leaked:
                leaks.append(f"{name}: {', '.join(leaked)}")
    assert not leaks, f"{len(leaks)} files hold secrets of the run:\n" + "\n".join(leaks)
    report = json.loads((reports / "conformance.json").read_text(encoding="utf-8"))
    emails = {person["email"] for s in report["scenarios"] for person in s["people"]}
    page = (reports / "conformance.html").read_text(encoding="utf-8")
    assert emails and all(email in page for email in emails)
    leak = next(
        s for s in report["scenarios"] if s["name"] == "Alice's secrets in a failure message"
    )
    assert leak["outcome"] == "failed"
    assert leak["failure"]["message"].count(MASK) >= 3, leak["failure"]["message"]
    return members


def test_an_in_process_run_leaks_no_secret(tmp_path: Path) -> None:
    tree = leaking_copy(tmp_path)
    reports, log = tmp_path / "reports", tmp_path / "run.log"
    status, secrets = run_logged(tree, log, "--in-process", "--report-dir", str(reports))
    assert status == 1, log.read_text(encoding="utf-8")[-3000:]
    assert "scenarios passed" in log.read_text(encoding="utf-8")
    kinds = ("password", "seed", "backup code", "code", "link token")
    assert_nothing_leaked(reports, log, secrets, kinds)


@pytest.mark.skipif(
    not any(os.access(path, os.X_OK) for path in BROWSERS), reason="no Chromium installed"
)
def test_a_browser_run_and_its_failure_evidence_leak_no_secret(tmp_path: Path) -> None:
    tree = leaking_copy(tmp_path)
    reports, log = tmp_path / "reports", tmp_path / "run.log"
    status, secrets = run_logged(
        tree, log, "--tags", "@leak", "--trace", "retain-on-failure", "--report-dir", str(reports)
    )
    assert status == 1, log.read_text(encoding="utf-8")[-3000:]
    report = json.loads((reports / "conformance.json").read_text(encoding="utf-8"))
    evidence = {artifact["kind"] for s in report["scenarios"] for artifact in s["artifacts"]}
    assert evidence == {"screenshot", "trace"}, report["scenarios"]
    kinds = ("password", "seed", "backup code", "code", "link token", "cookie")
    members = assert_nothing_leaked(reports, log, secrets, kinds)
    assert members >= 6 * 3, "the search did not look inside the six traces"
    backup_codes = {re.sub("[^A-Z0-9]", "", code.upper()) for code in secrets["backup code"]}
    assert len(backup_codes) >= 4, "the steps missed a backup code shown"
    on_screen = next(s for s in report["scenarios"] if s["name"].endswith("is on screen"))
    screenshot = next(a["path"] for a in on_screen["artifacts"] if a["kind"] == "screenshot")
    picture = Image.open(reports / screenshot).convert("RGB")
    painted = picture.getcolors(maxcolors=2**24) or []
    masked = sum(count for count, colour in painted if colour == MASK_COLOUR)
    assert masked > 2000, "the backup code was not painted over in the failure screenshot"
