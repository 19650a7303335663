"""The report package on its own: outcomes, verdicts, deviations, writers and scrubbing."""

from __future__ import annotations

import base64
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from html import escape
from pathlib import Path

import pytest
import segno
import zxingcpp
from behave.model_type import Status
from PIL import Image

from mfaspec import secrets
from mfaspec.report.artifacts import ArtifactWatch
from mfaspec.report.catalogue import CATALOGUE, Clause, Strength
from mfaspec.report.deviations import Deviation, DeviationsError, load_deviations
from mfaspec.report.documented import ARTICLES, DOCUMENTED_STEPS
from mfaspec.report.formatter import outcome_of, warns_only
from mfaspec.report.html_report import conformance_html
from mfaspec.report.json_report import SCHEMA_VERSION, conformance
from mfaspec.report.junit import junit_xml
from mfaspec.report.model import (
    Artifact,
    Example,
    Failure,
    Outcome,
    Participant,
    Run,
    ScenarioRecord,
    Step,
    Tags,
    Verdict,
    verdict,
)
from mfaspec.report.requirements import requirement
from mfaspec.report.scrub import paint_over_qr_codes, scrub_file, scrub_text
from mfaspec.traceability import DOCUMENTED_STEPS as TRACED_STEPS

SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = 'p<a&s"s%w+o rd!'


def record(name: str, outcome: Outcome, *tags: str, **changes: object) -> ScenarioRecord:
    """Return a scenario record with sensible defaults."""
    base = ScenarioRecord(
        id=f"features/x.feature:{abs(hash(name)) % 1000}",
        feature="Logging in",
        name=name,
        outline=None,
        example=None,
        location="features/x.feature:3",
        tags=Tags.split(tags),
        status="passed" if outcome is Outcome.PASSED else "failed",
        outcome=outcome,
        reason=None,
        duration=0.25,
        steps=(Step("Given", "Alice has an account", "features/x.feature:4", "passed", 0.1, True),),
        failure=None,
        artifacts=(),
        people=(Participant("Alice", "alice.x@example.com"),),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def run_of(*scenarios: ScenarioRecord) -> Run:
    """Return a run holding ``scenarios``."""
    return Run(
        target_kind="inprocess",
        target_name="Test target",
        profile=None,
        tag_selection=(),
        deviations_file=None,
        unused_deviations=(),
        started_at="2026-03-02T09:00:00+00:00",
        finished_at="2026-03-02T09:00:01+00:00",
        duration=1.0,
        scenarios=scenarios,
    )


def qr_png(text: str) -> bytes:
    """Return a PNG of a QR code carrying ``text``, on a larger white page."""
    code = io.BytesIO()
    segno.make(text, error="m").save(code, kind="png", scale=5, border=4)
    page = Image.new("RGB", (600, 400), "white")
    page.paste(Image.open(code), (50, 40))
    out = io.BytesIO()
    page.save(out, format="PNG")
    return out.getvalue()


def qr_texts(picture: bytes) -> list[str]:
    """Return the texts of the QR codes readable in a picture."""
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(picture)))]


# -- outcomes and verdicts -------------------------------------------------------------------------


FAILED_AT = Step("Then", "the code is refused", "features/x.feature:9", "failed", 0.1, False)
PINNED = Deviation("the code is refused", "known bug")


@pytest.mark.parametrize(
    ("status", "skip_reason", "deviation", "expected"),
    [
        (Status.passed, None, None, Outcome.PASSED),
        (Status.failed, None, None, Outcome.FAILED),
        (Status.error, None, None, Outcome.FAILED),
        (Status.failed, None, PINNED, Outcome.EXPECTED_DEVIATION),
        (
            Status.failed,
            None,
            Deviation("Then the code is refused", "x"),
            Outcome.EXPECTED_DEVIATION,
        ),
        (Status.failed, None, Deviation("the code is accepted", "x"), Outcome.FAILED),
        (Status.passed, None, PINNED, Outcome.UNEXPECTED_PASS),
        (Status.skipped, "not applicable: the target has no sso", None, Outcome.NOT_APPLICABLE),
        (Status.skipped, "not applicable: the target has no sso", PINNED, Outcome.NOT_APPLICABLE),
        (Status.skipped, "marked @wip", None, Outcome.SKIPPED),
        (Status.untested, None, None, Outcome.SKIPPED),
    ],
)
def test_outcome_of_a_scenario(
    status: Status, skip_reason: str | None, deviation: Deviation | None, expected: Outcome
) -> None:
    outcome, _ = outcome_of(status, skip_reason, deviation=deviation, failed_step=FAILED_AT)
    assert outcome is expected


def test_a_listed_scenario_failing_at_another_step_is_a_failure() -> None:
    other = replace(FAILED_AT, text="she sees her dashboard")
    assert outcome_of(Status.failed, None, deviation=PINNED, failed_step=other) == (
        Outcome.FAILED,
        None,
    )
    assert outcome_of(Status.failed, None, deviation=PINNED, failed_step=None)[0] is Outcome.FAILED


def test_a_broken_scenario_is_neither_failed_nor_excused_and_keeps_its_reason() -> None:
    why = "the profile's locators.enable (p.toml:57) matched nothing to click on http://x/"
    for deviation in (None, PINNED):
        assert outcome_of(
            Status.error, None, deviation=deviation, failed_step=FAILED_AT, broken=why
        ) == (Outcome.BROKEN, why)
    assert outcome_of(Status.passed, None, broken=why)[0] is Outcome.PASSED


def test_a_failure_of_should_level_clauses_only_is_a_warning() -> None:
    assert outcome_of(Status.failed, None, warns_only=True)[0] is Outcome.WARNING
    assert outcome_of(Status.failed, None, warns_only=False)[0] is Outcome.FAILED
    assert outcome_of(Status.failed, None, warns_only=True, broken="x")[0] is Outcome.BROKEN


def test_a_scenario_warns_only_when_every_requirement_it_checks_is_a_should(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    should = Clause("Codes drift at most one time step", Strength.SHOULD, "https://x/")
    monkeypatch.setitem(CATALOGUE, "rfc9999.1", should)
    assert warns_only(Tags.split(["doc.T1", "rfc9999.1"]))
    assert not warns_only(Tags.split(["rfc9999.1", "asvs.6.5.1"]))
    assert not warns_only(Tags.split(["doc.T1"]))


def test_a_skip_keeps_its_reason_and_a_deviation_its_own() -> None:
    assert outcome_of(Status.skipped, "marked @wip") == (Outcome.SKIPPED, "marked @wip")
    assert outcome_of(Status.untested, None) == (Outcome.SKIPPED, "not run")
    assert outcome_of(Status.failed, None, deviation=PINNED, failed_step=FAILED_AT) == (
        Outcome.EXPECTED_DEVIATION,
        "known bug",
    )


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        ([Outcome.PASSED, Outcome.FAILED, Outcome.EXPECTED_DEVIATION], Verdict.FAILED),
        ([Outcome.PASSED, Outcome.EXPECTED_DEVIATION], Verdict.EXPECTED_DEVIATION),
        ([Outcome.PASSED, Outcome.NOT_APPLICABLE], Verdict.PASSED),
        ([Outcome.UNEXPECTED_PASS], Verdict.PASSED),
        ([Outcome.NOT_APPLICABLE, Outcome.SKIPPED], Verdict.NOT_APPLICABLE),
        ([Outcome.SKIPPED], Verdict.NOT_RUN),
        ([], Verdict.NOT_RUN),
    ],
)
def test_verdict_adds_outcomes_up(outcomes: list[Outcome], expected: Verdict) -> None:
    assert verdict(outcomes) is expected


def test_tags_are_split_by_meaning_in_natural_order() -> None:
    tags = Tags.split(["doc.T10", "asvs.6.5.10", "doc.T2", "needs.sso", "asvs.6.5.2", "wip"])
    assert tags.documented_steps == ("T2", "T10")
    assert tags.requirements == ("asvs.6.5.2", "asvs.6.5.10")
    assert tags.needs == ("sso",)
    assert tags.other == ("wip",)


def test_every_documented_step_has_a_description() -> None:
    assert list(DOCUMENTED_STEPS) == TRACED_STEPS
    assert all(step.text for step in DOCUMENTED_STEPS.values())


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("asvs.6.5.1", "OWASP ASVS 5.0 6.5.1"),
        ("rfc6238.5.2", "RFC 6238 §5.2"),
        ("rfc4226.4.should", "RFC 4226 §4"),
        ("nist.800-63b-4.3.2.2", "NIST SP 800-63B-4 §3.2.2"),
        ("nist.800-63b.5.1.2.1", "NIST SP 800-63B §5.1.2.1"),
        ("wstg.athn.11", "OWASP WSTG WSTG-ATHN-11"),
        ("iso.27001", "iso.27001"),
    ],
)
def test_requirement_tags_read_as_standard_and_section(tag: str, label: str) -> None:
    assert requirement(tag).label == label


# -- expected deviations ---------------------------------------------------------------------------


def test_deviations_match_a_scenario_or_its_outline(tmp_path: Path) -> None:
    path = tmp_path / "deviations.toml"
    path.write_text(
        '[deviations]\n"A backup code works only once" = { step = "x", reason = "SEC-42" }\n'
        '"Codes drift" = { step = "Then y", reason = "SEC-7" }\n',
        encoding="utf-8",
    )
    deviations = load_deviations(path)
    assert deviations.listing("A backup code works only once", None) == Deviation("x", "SEC-42")
    assert deviations.listing("Codes drift -- @1.2 ", "Codes drift") == Deviation("Then y", "SEC-7")
    assert deviations.listing("Something else", None) is None
    assert deviations.unused({"Codes drift"}) == ["A backup code works only once"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[deviations]\n"A" = { step = "s", reason = "r" }\n"B" = 3\n',
            ":3: deviations.B: must be",
        ),
        ('[deviations]\n"A" = "SEC-42"\n', ':2: deviations.A: must be { step = "'),
        ('[deviations]\n"A" = { step = " ", reason = "r" }\n', ":2: deviations.A: must be"),
        ('[deviations]\n"A" = { reason = "r" }\n', ":2: deviations.A: must be"),
        ('[deviatons]\n"A" = "x"\n', ":1: deviatons: unknown key"),
        ("deviations = 1\n", ":1: deviations: must be a table"),
        ("[deviations\n", "not valid TOML"),
    ],
)
def test_a_bad_deviations_file_names_line_and_key(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "deviations.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeviationsError, match=expected):
        load_deviations(path)


# -- the three reports -----------------------------------------------------------------------------


def test_json_report_has_every_documented_step_and_the_scenarios_behind_it() -> None:
    passing = record("Alice logs in", Outcome.PASSED, "doc.T1", "asvs.6.5.1")
    failing = record(
        "A wrong code",
        Outcome.FAILED,
        "doc.T1",
        failure=Failure(
            "Then the code is refused", "features/x.feature:9", "ASSERT FAILED", "ASSERT FAILED"
        ),
    )
    data = conformance(run_of(passing, failing))
    assert data["schema_version"] == SCHEMA_VERSION
    assert [item["id"] for item in data["documented_steps"]] == TRACED_STEPS
    t1 = next(item for item in data["documented_steps"] if item["id"] == "T1")
    assert t1["outcome"] == "failed"
    assert t1["scenarios"] == [passing.id, failing.id]
    assert t1["counts"] == {"passed": 1, "failed": 1, "total": 2}
    assert data["requirements"][0]["outcome"] == "passed"
    assert data["run"]["counts"]["failed"] == 1
    assert data["scenarios"][1]["failure"]["step"] == "Then the code is refused"
    json.dumps(data)


def test_html_report_shows_the_grid_escapes_text_and_embeds_screenshots(tmp_path: Path) -> None:
    (tmp_path / "artifacts").mkdir()
    (tmp_path / "artifacts" / "shot.png").write_bytes(qr_png("hello"))
    failing = record(
        "<script>alert(1)</script>",
        Outcome.FAILED,
        "doc.T8",
        failure=Failure("Then it fails", "features/x.feature:9", "expected <b>", "expected <b>"),
        artifacts=(
            Artifact("screenshot", "artifacts/shot.png"),
            Artifact("trace", "artifacts/trace.zip"),
        ),
    )
    outline_row = record(
        "Codes drift -- @1.2 ",
        Outcome.PASSED,
        "doc.T7",
        outline="Codes drift",
        example=Example("1.2", "", (("moment", "the next time step"),)),
    )
    page = conformance_html(run_of(failing, outline_row), tmp_path)
    for step_id in TRACED_STEPS:
        assert f'id="doc-{step_id}"' in page
    assert '<div class="card failed" id="doc-T8">' in page
    assert '<div class="card passed" id="doc-T7">' in page
    assert '<div class="card not_run" id="doc-T0">' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "expected &lt;b&gt;" in page
    assert 'src="data:image/png;base64,' in page
    assert 'href="artifacts/trace.zip"' in page
    assert "Example 1.2: moment “the next time step”" in page
    assert "<link" not in page and "<script" not in page


def test_junit_counts_failures_and_skips_deviations() -> None:
    scenarios = (
        record("passes", Outcome.PASSED),
        record("fails", Outcome.FAILED, failure=Failure("Then x", "f:1", "boom\nmore", "boom")),
        record("deviates", Outcome.EXPECTED_DEVIATION, reason="SEC-42"),
        record("not here", Outcome.NOT_APPLICABLE, reason="not applicable: no sso"),
        record("surprise", Outcome.UNEXPECTED_PASS, reason="SEC-1"),
    )
    suites = ET.fromstring(junit_xml(run_of(*scenarios)))
    suite = suites.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("5", "1", "2")
    failure = suites.find(".//testcase[@name='fails']/failure")
    assert failure is not None and failure.get("message") == "boom"
    skipped = suites.find(".//testcase[@name='deviates']/skipped")
    assert skipped is not None and "SEC-42" in (skipped.get("message") or "")


# -- secrets ---------------------------------------------------------------------------------------


def test_scrub_text_masks_secrets_in_every_encoding() -> None:
    secrets.remember(PASSWORD)
    text = f"raw {PASSWORD} json {json.dumps(PASSWORD)} form password=p%3Ca%26s%22s%25w%2Bo+rd%21"
    text += " html p&lt;a&amp;s&quot;s%w+o rd!"
    scrubbed = scrub_text(text)
    assert "p<a" not in scrubbed and "p%3Ca" not in scrubbed and "p&lt;a" not in scrubbed
    assert scrubbed.count(secrets.MASK) == 4


def test_qr_codes_are_painted_over_and_other_pictures_left_alone() -> None:
    picture = qr_png(f"otpauth://totp/Acme:alice?secret={SEED}")
    assert qr_texts(picture)
    painted = paint_over_qr_codes(picture)
    assert painted is not None and not qr_texts(painted)
    blank = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(blank, format="PNG")
    assert paint_over_qr_codes(blank.getvalue()) is None
    assert paint_over_qr_codes(b"not a picture") is None


def test_a_trace_is_scrubbed_member_by_member(tmp_path: Path) -> None:
    secrets.remember(SEED)
    qr = qr_png(f"otpauth://totp/Acme:alice?secret={SEED}")
    data_uri = "data:image/png;base64," + base64.b64encode(qr).decode()
    trace = tmp_path / "trace.zip"
    with zipfile.ZipFile(trace, "w") as archive:
        archive.writestr("trace.trace", json.dumps({"html": f'<img src="{data_uri}"> {SEED}'}))
        archive.writestr("resources/page.html", f"<p>{SEED}</p>")
        archive.writestr("resources/qr.png", qr)
    scrub_file(trace)
    with zipfile.ZipFile(trace) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    assert all(SEED.encode() not in content for content in members.values())
    assert not qr_texts(members["resources/qr.png"])
    uri = json.loads(members["trace.trace"])["html"].split('"')[1]
    assert not qr_texts(base64.b64decode(uri.split(",", 1)[1]))


def test_the_watch_lists_and_scrubs_only_new_evidence(tmp_path: Path) -> None:
    secrets.remember(SEED)
    artifacts = tmp_path / "reports" / "artifacts"
    artifacts.mkdir(parents=True)
    (artifacts / "old.png").write_bytes(b"from an earlier run")
    (artifacts / "001-x.png").write_bytes(b"the same name, an earlier run")
    watch = ArtifactWatch(artifacts)
    (artifacts / "001-x.png").write_bytes(qr_png(f"otpauth://totp/A:b?secret={SEED}"))
    (artifacts / "001-x.trace.zip").write_bytes(b"")
    with zipfile.ZipFile(artifacts / "001-x.trace.zip", "w") as archive:
        archive.writestr("trace.trace", SEED)
    found = watch.new_files(tmp_path / "reports")
    assert found == (
        Artifact("screenshot", "artifacts/001-x.png"),
        Artifact("trace", "artifacts/001-x.trace.zip"),
    )
    assert not qr_texts((artifacts / "001-x.png").read_bytes())
    assert watch.new_files(tmp_path / "reports") == ()


# -- verdicts and reports for their readers ----------------------------------------------------


def test_broken_and_warning_add_up_after_failed_and_before_the_rest() -> None:
    assert verdict([Outcome.PASSED, Outcome.BROKEN, Outcome.FAILED]) is Verdict.FAILED
    assert verdict([Outcome.PASSED, Outcome.BROKEN, Outcome.WARNING]) is Verdict.BROKEN
    assert verdict([Outcome.PASSED, Outcome.WARNING]) is Verdict.WARNING


def test_every_requirement_in_the_reports_has_its_title_and_a_link_to_its_clause() -> None:
    checked = record("A used code is refused", Outcome.PASSED, "doc.T9", "rfc6238.5.2")
    run = run_of(checked)
    clause = CATALOGUE["rfc6238.5.2"]

    entry = conformance(run)["requirements"][0]
    page = conformance_html(run, Path("."))

    assert (entry["title"], entry["strength"], entry["url"]) == (
        clause.title,
        "must",
        "https://www.rfc-editor.org/rfc/rfc6238#section-5.2",
    )
    assert page.count(f'<a href="{clause.url}"><b>§5.2</b></a>') == 2  # the table, the scenario
    assert page.count(clause.title) == 2


def test_the_report_is_about_the_product_and_the_articles_are_its_sources() -> None:
    page = conformance_html(replace(run_of(), target_name="Acme Cloud (staging)"), Path("."))

    assert "<h1>Acme Cloud (staging)</h1>" in page
    assert "<title>Acme Cloud (staging): MFA conformance</title>" in page
    assert f"<h3>From {escape(ARTICLES[0].vendor)}'s article" in page
    assert "says whether Acme Cloud (staging) does the step" in page


def test_a_broken_scenario_leads_with_its_reason_and_folds_the_traceback() -> None:
    why = "the profile's locators.enable (p.toml:57) matched nothing to click on http://x/s"
    broken = record(
        "Alice turns 2FA on",
        Outcome.BROKEN,
        "doc.T5",
        reason=why,
        failure=Failure("When she clicks Enable", "f:3", f"{why}\nTraceback (most recent…", why),
    )
    run = run_of(broken)

    page = conformance_html(run, Path("."))
    suites = ET.fromstring(junit_xml(run))

    assert "⚠ 1 of 1 scenarios broken" in page
    assert f"<p>{escape(why)}</p><details><summary>Whole message</summary>" in page
    error = suites.find(".//testcase/error")
    assert error is not None and error.get("message") == why
    assert suites.find(".//testcase/failure") is None
    assert conformance(run)["run"]["counts"]["broken"] == 1
