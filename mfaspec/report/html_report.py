"""conformance.html: one self-contained page a product owner reads from the top.

First the verdict and a grid of the documented steps, then the requirements, then every
scenario in Gherkin with, for a failure, the step, the message and the evidence. Inline CSS,
screenshots embedded, no script: it opens from a mail attachment or a CI artifact as is.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime
from html import escape
from itertools import groupby
from pathlib import Path

from mfaspec.policy import CHOICES
from mfaspec.report.catalogue import Strength
from mfaspec.report.documented import ARTICLES, DOCUMENTED_STEPS
from mfaspec.report.model import Artifact, Coverage, Outcome, Run, ScenarioRecord, Step, Verdict
from mfaspec.report.requirements import requirement

EMBED_LIMIT = 4_000_000  # bytes; a bigger screenshot is linked, not embedded
LABELS = {
    "passed": ("✓", "Passes"),
    "failed": ("✗", "Fails"),
    "warning": ("!", "Warning"),
    "broken": ("⚠", "Broken"),
    "not_applicable": ("—", "Not applicable"),
    "expected_deviation": ("≈", "Expected deviation"),
    "unexpected_pass": ("!", "Unexpected pass"),
    "skipped": ("○", "Skipped"),
    "not_run": ("○", "Not run"),
}
COUNTED = {
    Outcome.PASSED: "passed",
    Outcome.FAILED: "failed",
    Outcome.WARNING: "warnings",
    Outcome.BROKEN: "broken",
    Outcome.NOT_APPLICABLE: "not applicable",
    Outcome.EXPECTED_DEVIATION: "expected deviations",
    Outcome.UNEXPECTED_PASS: "unexpected passes",
    Outcome.SKIPPED: "skipped",
}
SET_UP_WAYS = {"hook": "the target's test hook", "pages": "the pages"}
STEP_MARKS = {"passed": "✓", "failed": "✗", "error": "✗", "undefined": "?", "skipped": "○"}
CSS = """
:root { --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --na: #57606a; --na-bg: #eaeef2; --dev: #9a6700; --dev-bg: #fff8c5;
  --up: #8250df; --up-bg: #fbefff; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2328; margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 8px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; }
a { color: #0969da; }
code { font-size: 13px; }
.muted, .meta { color: #57606a; }
.verdict { font-size: 20px; font-weight: 600; padding: 14px 18px; border-radius: 8px;
  margin: 12px 0; border: 2px solid; }
.lead { font-size: 17px; margin: 0 0 6px; color: #57606a; }
.verdict .sub { font-size: 15px; font-weight: 400; }
.counts, .legend { display: flex; flex-wrap: wrap; gap: 8px; padding: 0; list-style: none; }
.counts { margin: 10px 0 0; }
.counts li { padding: 2px 10px; border-radius: 999px; font-size: 14px; border: 1px solid; }
.legend { margin: 0 0 8px; }
.legend li { font-size: 13px; padding: 2px 8px; border-radius: 4px; border: 1px solid; }
.passed { background: var(--pass-bg); color: var(--pass); border-color: var(--pass); }
.failed { background: var(--fail-bg); color: var(--fail); border-color: var(--fail); }
.not_applicable, .skipped, .not_run {
  background: var(--na-bg); color: var(--na); border-color: var(--na); }
.warning { background: var(--dev-bg); color: var(--dev); border-color: var(--dev);
  border-style: dashed; }
.broken { background: #fff1e5; color: #953800; border-color: #953800; }
.expected_deviation { background: var(--dev-bg); color: var(--dev); border-color: var(--dev); }
.unexpected_pass { background: var(--up-bg); color: var(--up); border-color: var(--up); }
.not_run { border-style: dashed; background: #fff; }
.alert h2 { margin-top: 8px; }
.failing { margin: 10px 0 0; font-size: 15px; font-weight: 400; }
.ids { font-size: 12.5px; color: #57606a; }
.alert { border: 2px solid var(--up); background: var(--up-bg); border-radius: 8px;
  padding: 4px 16px; margin: 12px 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
  gap: 10px; }
.card { border: 2px solid; border-radius: 8px; padding: 8px 10px; display: flex;
  flex-direction: column; }
.card .head { display: flex; justify-content: space-between; align-items: baseline; }
.card .id { font-size: 22px; font-weight: 700; }
.card .state { font-weight: 700; font-size: 12.5px; text-transform: uppercase; }
.card p { color: #1f2328; margin: 4px 0 6px; font-size: 13.5px; flex: 1; }
.card details { font-size: 12.5px; color: #1f2328; }
.card summary, .cell summary { cursor: pointer; color: #57606a; }
.card ul, .cell ul { margin: 4px 0 0; padding-left: 18px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
.badge { display: inline-block; white-space: nowrap; font-size: 12.5px; font-weight: 700;
  padding: 1px 8px; border-radius: 4px; border: 1px solid; }
.scenario { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; }
.scenario > summary { padding: 8px 12px; cursor: pointer; display: flex; gap: 10px;
  align-items: baseline; }
.scenario > summary .name { flex: 1; font-weight: 600; }
.scenario > summary .example { font-weight: 400; font-size: 13.5px; color: #57606a; }
.scenario .body { padding: 0 14px 12px; border-top: 1px solid var(--line); }
.gherkin { font: 13.5px/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  margin: 10px 0; }
.gherkin div { white-space: pre-wrap; }
.gherkin .bg { color: #57606a; }
.gherkin .mark { display: inline-block; width: 1.4em; margin-left: 1.4em; }
.gherkin .kw { font-weight: 700; color: #0550ae; }
.gherkin .step-failed, .gherkin .step-error, .gherkin .step-undefined {
  background: var(--fail-bg); }
.gherkin .step-skipped { color: #8c959f; }
.gherkin table { width: auto; margin: 2px 0 2px 3em; }
.gherkin td { border: 1px solid var(--line); padding: 0 6px; }
.failure { border-left: 4px solid var(--fail); background: var(--fail-bg);
  padding: 8px 12px; margin: 10px 0; }
.failure pre { white-space: pre-wrap; margin: 6px 0 0; font-size: 12.5px; max-height: 24em;
  overflow: auto; }
.evidence img { max-width: min(100%, 760px); border: 1px solid var(--line); margin-top: 6px; }
.tags { font-size: 12.5px; color: #57606a; }
@media print { .scenario[open] { break-inside: avoid; } }
"""


def conformance_html(run: Run, report_dir: Path) -> str:
    """Return the report page; screenshots are read from ``report_dir`` to embed them."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(run.target_name)}: MFA conformance</title>",
        f"<style>{CSS}</style></head><body>",
        _summary(run),
        _unexpected_passes(run),
        _documented_steps(run),
        _requirements(run),
        _declared_policy(run),
        _scenarios(run, report_dir),
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"


def _badge(value: str) -> str:
    mark, label = LABELS[value]
    return f'<span class="badge {value}">{mark} {label}</span>'


def anchor(scenario_id: str) -> str:
    """Return the HTML id of a scenario's section."""
    return "s-" + re.sub(r"[^A-Za-z0-9]+", "-", scenario_id).strip("-")


def _summary(run: Run) -> str:
    counts = run.counts.by_outcome
    failed, broken = counts[Outcome.FAILED], counts[Outcome.BROKEN]
    if failed:
        verdict, css = f"✗ {failed} of {run.counts.total} scenarios failed", "failed"
    elif broken:
        verdict, css = (
            f"⚠ {broken} of {run.counts.total} scenarios broken: the harness or the profile"
            " could not run them, so they say nothing of the product",
            "broken",
        )
    elif run.counts.total == 0:
        verdict, css = "○ No scenario ran", "not_run"
    else:
        verdict, css = f"✓ No unexpected failure in {run.counts.total} scenarios", "passed"
    steps = run.documented_steps
    passing = sum(item.verdict is Verdict.PASSED for item in steps)
    chips = "".join(
        f'<li class="{outcome.value}">{n} {COUNTED[outcome]}</li>'
        for outcome, n in counts.items()
        if n or outcome in (Outcome.PASSED, Outcome.FAILED)
    )
    meta = [f"Reached {'in-process' if run.target_kind == 'inprocess' else 'in a browser'}"]
    if run.profile:
        meta.append(f"profile <code>{escape(run.profile)}</code>")
    started = datetime.fromisoformat(run.started_at).strftime("%Y-%m-%d %H:%M:%S %Z")
    meta.append(f"started {started}, took {run.duration:.1f} s")
    if run.tag_selection:
        meta.append("tags " + " and ".join(f"<code>{escape(t)}</code>" for t in run.tag_selection))
    if run.deviations_file:
        meta.append(f"expected deviations <code>{escape(run.deviations_file)}</code>")
    return (
        f"<header><h1>{escape(run.target_name)}</h1>"
        '<p class="lead">Multi-factor authentication (TOTP): conformance report</p>'
        f'<p class="meta">{" · ".join(meta)}</p>'
        f'<div class="verdict {css}">{verdict}'
        f'<div class="sub">{passing} of {len(steps)} documented '
        "steps pass</div>"
        f'<ul class="counts">{chips}</ul>{_failing(run)}</div></header>'
    )


def _failing(run: Run) -> str:
    failed = [s for s in run.scenarios if s.outcome in (Outcome.FAILED, Outcome.BROKEN)]
    if not failed:
        return ""
    items = "".join(
        f'<li><a href="#{anchor(s.id)}">{escape(s.name)}</a> '
        f'<span class="ids">{" ".join(s.tags.documented_steps)}</span></li>'
        for s in failed
    )
    return f'<ul class="failing">{items}</ul>'


def _unexpected_passes(run: Run) -> str:
    listed = [s for s in run.scenarios if s.outcome is Outcome.UNEXPECTED_PASS]
    unused = run.unused_deviations
    if not listed and not unused:
        return ""
    parts = ['<section class="alert"><h2>Check the expected deviations</h2>']
    if listed:
        parts.append(
            "<p>These scenarios are listed as expected deviations but <b>passed</b>: "
            "if the product now meets them, take them off the list.</p><ul>"
        )
        parts += [
            f'<li><a href="#{anchor(s.id)}">{escape(s.name)}</a>: {escape(s.reason or "")}</li>'
            for s in listed
        ]
        parts.append("</ul>")
    if unused:
        parts.append("<p>Listed but not run (no scenario of this name ran):</p><ul>")
        parts += [f"<li>{escape(name)}</li>" for name in unused]
        parts.append("</ul>")
    return "".join(parts) + "</section>"


def _legend() -> str:
    items = [
        *("passed", "failed", "warning", "broken"),
        *("expected_deviation", "not_applicable", "not_run"),
    ]
    return (
        '<ul class="legend">'
        + "".join(f'<li class="{v}">{LABELS[v][0]} {LABELS[v][1]}</li>' for v in items)
        + "</ul>"
    )


def _scenario_links(item: Coverage, run: Run) -> str:
    names = {s.id: s for s in run.scenarios}
    links = "".join(
        f'<li><a href="#{anchor(sid)}">{escape(names[sid].name)}</a> '
        f"{LABELS[names[sid].outcome.value][0]}</li>"
        for sid in item.scenarios
    )
    count = len(item.scenarios)
    if not count:
        return ""
    noun = "scenario" if count == 1 else "scenarios"
    mixed = [f"{n} {COUNTED[Outcome(k)]}" for k, n in item.counts.items() if k != "total"]
    detail = f" ({', '.join(mixed)})" if len(mixed) > 1 else ""
    return f"<details><summary>{count} {noun}{detail}</summary><ul>{links}</ul></details>"


def _documented_steps(run: Run) -> str:
    by_id = {item.id: item for item in run.documented_steps}
    parts = [
        '<section id="documented-steps"><h2>Documented steps</h2>',
        '<p class="muted">The scenarios come from the steps of these help articles; each card '
        f"says whether {escape(run.target_name)} does the step as the scenarios state it.</p>",
        _legend(),
    ]
    for article in ARTICLES:
        parts.append(
            f"<h3>From {escape(article.vendor)}'s article “{escape(article.title)}”</h3>"
            "<div class=grid>"
        )
        for step in DOCUMENTED_STEPS.values():
            if step.article != article:
                continue
            item = by_id[step.id]
            value = item.verdict.value
            mark, label = LABELS[value]
            parts.append(
                f'<div class="card {value}" id="doc-{step.id}"><div class="head">'
                f'<span class="id">{step.id}</span><span class="state">{mark} {label}</span></div>'
                f"<p>{escape(step.text)}</p>{_scenario_links(item, run)}</div>"
            )
        parts.append("</div>")
    return "".join(parts) + "</section>"


def _requirements(run: Run) -> str:
    rows = []
    for item in run.requirements:
        cited = requirement(item.id)
        rows.append(
            f'<tr id="req-{escape(item.id)}"><td>{escape(cited.standard)}</td>'
            f"<td>{_cited_section(item.id)}</td><td>{_clause_title(item.id)}</td>"
            f"<td>{_badge(item.verdict.value)}</td>"
            f'<td class="cell">{_scenario_links(item, run)}</td></tr>'
        )
    if not rows:
        return ""
    return (
        '<section id="requirements"><h2>Requirements</h2>'
        '<p class="muted">Security requirements the scenarios check, by standard and section.</p>'
        "<table><tr><th>Standard</th><th>Section</th><th>What it asks</th><th>Outcome</th>"
        "<th>Scenarios</th></tr>" + "".join(rows) + "</table></section>"
    )


def _declared_policy(run: Run) -> str:
    rows = [
        f'<tr id="policy-{escape(item.id)}"><td><code>{escape(item.id)}</code></td>'
        f"<td>{escape(CHOICES.get(item.id, ''))}</td><td>{_badge(item.verdict.value)}</td>"
        f'<td class="cell">{_scenario_links(item, run)}</td></tr>'
        for item in run.policy
    ]
    if not rows:
        return ""
    return (
        '<section id="policy"><h2>Declared policy</h2>'
        '<p class="muted">The product\'s own choices, as its profile declares them in '
        "<code>[policy]</code>: checked as declared, never against another product's.</p>"
        "<table><tr><th>Choice</th><th>What it decides</th><th>Outcome</th>"
        "<th>Scenarios</th></tr>" + "".join(rows) + "</table></section>"
    )


def _cited_section(tag: str) -> str:
    """Return the requirement's section, linked to the clause when the catalogue has it."""
    cited = requirement(tag)
    section = f"<b>{escape(cited.section)}</b>"
    if cited.clause is None:
        return section
    return f'<a href="{escape(cited.clause.url)}">{section}</a>'


def _clause_title(tag: str) -> str:
    """Return what the clause asks, and SHOULD for one whose failure is only a warning."""
    clause = requirement(tag).clause
    if clause is None:
        return '<span class="muted">not in the catalogue</span>'
    should = " <b>(SHOULD: a warning)</b>" if clause.strength is Strength.SHOULD else ""
    return escape(clause.title) + should


def _scenario_requirements(scenario: ScenarioRecord) -> str:
    """Return the requirements a scenario checks, each with what it asks and a link."""
    items = "".join(
        f"<li>{escape(requirement(tag).standard)} {_cited_section(tag)}: {_clause_title(tag)}</li>"
        for tag in scenario.tags.requirements
    )
    return f'<ul class="reqs">{items}</ul>' if items else ""


def _scenarios(run: Run, report_dir: Path) -> str:
    parts = ['<section id="scenarios"><h2>Scenarios</h2>']
    for feature, group in groupby(run.scenarios, key=lambda scenario: scenario.feature):
        parts.append(f"<h3>Feature: {escape(feature)}</h3>")
        parts += [_scenario(scenario, report_dir) for scenario in group]
    return "".join(parts) + "</section>"


def _scenario(scenario: ScenarioRecord, report_dir: Path) -> str:
    shown_open = (Outcome.FAILED, Outcome.BROKEN, Outcome.WARNING, Outcome.UNEXPECTED_PASS)
    opened = " open" if scenario.outcome in shown_open else ""
    tags = [f"@doc.{t}" for t in scenario.tags.documented_steps]
    tags += [f"@{t}" for t in scenario.tags.requirements]
    tags += [f"@needs.{t}" for t in scenario.tags.needs] + [f"@{t}" for t in scenario.tags.other]
    parts = [
        f'<details class="scenario" id="{anchor(scenario.id)}"{opened}><summary>',
        _badge(scenario.outcome.value),
        f'<span class="name">{_title(scenario)}</span>',
        f'<span class="ids">{" ".join(scenario.tags.documented_steps)}</span>',
        f'<span class="muted">{scenario.duration:.2f} s</span></summary><div class="body">',
        f'<p class="tags">{escape(" ".join(tags))} · <code>{escape(scenario.location)}</code></p>',
    ]
    parts.append(_scenario_requirements(scenario))
    if scenario.reason and scenario.outcome is not Outcome.BROKEN:
        parts.append(f"<p><b>Reason:</b> {escape(scenario.reason)}</p>")
    parts.append(_gherkin(scenario))
    if scenario.failure is not None:
        parts.append(_failure(scenario))
    if scenario.artifacts:
        parts.append(_evidence(scenario.artifacts, report_dir))
    if scenario.people:
        people = ", ".join(f"{escape(p.label)} &lt;{escape(p.email)}&gt;" for p in scenario.people)
        parts.append(f'<p class="tags">Test accounts: {people}</p>')
    if scenario.set_up:
        ways = "; ".join(
            f"{escape(state.state)} (through {SET_UP_WAYS.get(state.path, escape(state.path))})"
            for state in scenario.set_up
        )
        parts.append(f'<p class="tags">Set up: {ways}</p>')
    return "".join(parts) + "</div></details>"


def _failure(scenario: ScenarioRecord) -> str:
    """Return the failure box: the one-line reason first, the whole message folded below."""
    failure = scenario.failure
    assert failure is not None
    heading = "Broken (not the product's failure)" if scenario.outcome is Outcome.BROKEN else ""
    where = escape(failure.step or "A hook failed")
    return (
        f'<div class="failure"><b>{heading or "Failed at:"}</b> '
        f"{'' if heading else where} <code>{escape(failure.location or '')}</code>"
        f"<p>{escape(failure.reason)}</p>"
        f"<details><summary>Whole message</summary><pre>{escape(failure.message)}</pre>"
        "</details></div>"
    )


def _title(scenario: ScenarioRecord) -> str:
    """Return the scenario's name; for an outline's row, the outline's name and the row."""
    if scenario.outline is None or scenario.example is None:
        return escape(scenario.name)
    values = ", ".join(f"{key} “{value}”" for key, value in scenario.example.values)
    return (
        f"{escape(scenario.outline)}<br><span class=example>Example {scenario.example.id}: "
        f"{escape(values)}</span>"
    )


def _gherkin(scenario: ScenarioRecord) -> str:
    """Return the scenario as Gherkin: its background's steps, its own, each with its status."""
    lines = []
    background = [step for step in scenario.steps if step.background]
    if background:
        lines.append('<div class="bg"><span class="kw">Background:</span></div>')
        lines += [_step(step) for step in background]
    keyword = "Scenario Outline:" if scenario.outline else "Scenario:"
    name = escape(scenario.outline or scenario.name)
    lines.append(f'<div><span class="kw">{keyword}</span> {name}</div>')
    lines += [_step(step) for step in scenario.steps if not step.background]
    return '<div class="gherkin">' + "".join(lines) + "</div>"


def _step(step: Step) -> str:
    css = f"step-{step.status}" + (" bg" if step.background else "")
    mark = STEP_MARKS.get(step.status, "·")
    line = (
        f'<div class="{css}"><span class="mark">{mark}</span>'
        f'<span class="kw">{escape(step.keyword)}</span> {escape(step.text)}</div>'
    )
    if step.table:
        rows = "".join(
            "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
            for row in step.table
        )
        line += f"<table>{rows}</table>"
    if step.doc_string is not None:
        line += f'<div class="bg">    """\n{escape(step.doc_string)}\n    """</div>'
    return line


def _evidence(artifacts: tuple[Artifact, ...], report_dir: Path) -> str:
    parts = ['<div class="evidence"><b>Evidence</b><ul>']
    for artifact in artifacts:
        link = f'<a href="{escape(artifact.path)}">{escape(artifact.path)}</a>'
        if artifact.kind == "trace":
            parts.append(
                f"<li>Playwright trace: {link} "
                "(open it with <code>playwright show-trace</code>)</li>"
            )
        elif artifact.kind == "screenshot":
            parts.append(f"<li>Screenshot: {link}<br>{_embedded(artifact, report_dir)}</li>")
        else:
            parts.append(f"<li>{link}</li>")
    return "".join(parts) + "</ul></div>"


def _embedded(artifact: Artifact, report_dir: Path) -> str:
    path = report_dir / artifact.path
    if "://" in artifact.path or not path.is_file() or path.stat().st_size > EMBED_LIMIT:
        return ""
    mime = "image/png" if path.suffix.lower() == ".png" else f"image/{path.suffix.lower()[1:]}"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img alt="Screenshot when the scenario failed" src="data:{mime};base64,{data}">'
