"""Write the three reports of a run into the report directory."""

from __future__ import annotations

import json
from pathlib import Path

from mfaspec.report.html_report import conformance_html
from mfaspec.report.json_report import conformance
from mfaspec.report.junit import junit_xml
from mfaspec.report.model import Run
from mfaspec.report.scrub import scrub_text

JSON_REPORT = "conformance.json"
HTML_REPORT = "conformance.html"
JUNIT_REPORT = "junit.xml"


def write_reports(run: Run, report_dir: Path) -> list[Path]:
    """Write conformance.json, conformance.html and junit.xml; return their paths.

    Every text was masked when recorded; each file is scrubbed once more as a whole, with the
    secrets the whole run learnt.
    """
    report_dir.mkdir(parents=True, exist_ok=True)
    texts = {
        JSON_REPORT: json.dumps(conformance(run), indent=2, ensure_ascii=False) + "\n",
        HTML_REPORT: conformance_html(run, report_dir),
        JUNIT_REPORT: junit_xml(run),
    }
    written = []
    for name, text in texts.items():
        path = report_dir / name
        path.write_text(scrub_text(text), encoding="utf-8")
        written.append(path)
    return written
