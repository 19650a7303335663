"""junit.xml for CI: a test suite per feature, a test case per scenario.

An expected deviation is a skipped case (it must not fail the build); a broken scenario is an
``<error>`` (the harness could not run it), not a ``<failure>``; a warning and an unexpected
pass are passed cases whose output says so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from mfaspec.report.model import Outcome, Run, ScenarioRecord


def junit_xml(run: Run) -> str:
    """Return the run as JUnit XML."""
    suites = ET.Element(
        "testsuites", name=f"mfaspec: {run.target_name}", time=f"{run.duration:.3f}"
    )
    for feature, group in groupby(run.scenarios, key=lambda scenario: scenario.feature):
        scenarios = list(group)
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=feature,
            tests=str(len(scenarios)),
            failures=str(sum(s.outcome is Outcome.FAILED for s in scenarios)),
            errors=str(sum(s.outcome is Outcome.BROKEN for s in scenarios)),
            skipped=str(sum(s.outcome in SKIPPED for s in scenarios)),
            time=f"{sum(s.duration for s in scenarios):.3f}",
            timestamp=run.started_at,
        )
        for scenario in scenarios:
            suite.append(_case(scenario))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


SKIPPED = frozenset({Outcome.NOT_APPLICABLE, Outcome.SKIPPED, Outcome.EXPECTED_DEVIATION})


def _case(scenario: ScenarioRecord) -> ET.Element:
    case = ET.Element(
        "testcase",
        classname=scenario.feature,
        name=scenario.name,
        file=scenario.location.rsplit(":", 1)[0],
        time=f"{scenario.duration:.3f}",
    )
    failing = {Outcome.FAILED: "failure", Outcome.BROKEN: "error"}
    if scenario.outcome in failing and scenario.failure is not None:
        failure = scenario.failure
        failed = ET.SubElement(case, failing[scenario.outcome], message=failure.reason[:300])
        failed.text = (
            f"{failure.step or 'hook'} ({failure.location or scenario.location})\n{failure.message}"
        )
    elif scenario.outcome is Outcome.EXPECTED_DEVIATION:
        ET.SubElement(case, "skipped", message=f"expected deviation: {scenario.reason}")
    elif scenario.outcome in SKIPPED:
        ET.SubElement(case, "skipped", message=scenario.reason or "skipped")
    elif scenario.outcome is Outcome.WARNING and scenario.failure is not None:
        output = ET.SubElement(case, "system-out")
        output.text = f"warning (a SHOULD-level clause is not met): {scenario.failure.reason}"
    elif scenario.outcome is Outcome.UNEXPECTED_PASS:
        output = ET.SubElement(case, "system-out")
        output.text = f"unexpected pass: listed as an expected deviation ({scenario.reason})"
    return case
