"""The specification against two real products: their verdicts hold, each failure explained.

Each product from PyPI is served unchanged by its site on loopback (products/), and the whole
specification runs against it through its profile, as a vendor would run it. Both run at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from products.site import CLOCK_HOOKS, PASSWORD, PASSWORD_ENV, Site
from products.verdicts import PRODUCTS, Finding, Verdicts, differences, load_verdicts, markdown
from tests.test_cli import ROOT
from tests.test_products import PROFILES


def run_against(product: str, directory: Path) -> dict[str, Any]:
    """Serve the product, run the specification against it, and return its JSON report."""
    directory.mkdir()
    with Site(product, directory / "site.sqlite3", test_clock=product in CLOCK_HOOKS) as site:
        source = ROOT / "fixtures" / "targets" / PROFILES[product]
        profile = site.profile(source, directory / "profile.toml")
        reports = directory / "reports"
        command = [sys.executable, "-m", "mfaspec.cli", "run", "--target", str(profile)]
        result = subprocess.run(
            [*command, "--report-dir", str(reports)],
            env={**os.environ, PASSWORD_ENV: PASSWORD},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    assert result.returncode in (0, 1), f"{product}: the run broke\n{result.stdout[-3000:]}"
    report: dict[str, Any] = json.loads((reports / "conformance.json").read_text("utf-8"))
    return report


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """Run the specification against both products at once."""
    base = tmp_path_factory.mktemp("products")
    with ThreadPoolExecutor(max_workers=len(PRODUCTS)) as pool:
        runs = {product: pool.submit(run_against, product, base / product) for product in PRODUCTS}
        yield {product: run.result() for product, run in runs.items()}


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_the_product_gets_the_verdicts_its_table_explains(
    reports: dict[str, dict[str, Any]], product: str
) -> None:
    report = reports[product]
    wrong = differences(load_verdicts(product), report)

    assert not wrong, f"{product}: {len(wrong)} verdicts differ from its table\n" + "\n".join(wrong)
    assert report["run"]["counts"]["broken"] == 0


def test_the_readme_shows_both_products_tables() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- products:start -->\n", 1)[1].split("<!-- products:end -->", 1)[0]

    assert block == markdown(), "regenerate with: python -m products.verdicts"


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_every_finding_names_its_clause_and_what_the_product_does(product: str) -> None:
    for finding in load_verdicts(product).findings:
        assert finding.clause and finding.property, f"{product}: {finding.scenario} is unexplained"
        assert "TODO" not in finding.clause + finding.property, f"{product}: {finding.scenario}"


def test_a_verdict_other_than_the_table_says_is_named_with_its_scenario() -> None:
    verdicts = Verdicts(
        "p",
        frozenset({"f/lacking"}),
        (Finding("f/flawed", "failed", "Then the code is refused", "RFC 6238 §5.2", "reuse"),),
    )
    report = {
        "scenarios": [
            {"id": "f/lacking", "outcome": "passed"},
            {"id": "f/flawed", "outcome": "failed", "failure": {"step": "When she logs in"}},
            {"id": "f/other", "outcome": "broken", "reason": "locators.enable matched nothing"},
        ]
    }

    assert differences(verdicts, report) == [
        "f/lacking: passed, expected not_applicable",
        "f/flawed: failed at 'When she logs in', expected at 'Then the code is refused'",
        "f/other: broken, expected passed: locators.enable matched nothing",
    ]
