"""The README's tables and figures follow the feature files."""

from __future__ import annotations

import re
from pathlib import Path

from mfaspec.traceability import DOCUMENTED_STEPS, documented_steps_table, requirement_ids

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_traceability_table_is_current() -> None:
    """The table between the markers is what `python -m mfaspec.traceability` prints."""
    block = re.search(
        r"<!-- traceability:start -->\n(.*?)\n<!-- traceability:end -->", README, re.S
    )
    assert block, "the README has no traceability markers"
    assert block[1] == documented_steps_table(ROOT / "features")


def test_every_documented_step_has_a_scenario() -> None:
    """Each ID of STEPS.md is stated by at least one scenario."""
    assert "**none**" not in documented_steps_table(ROOT / "features")
    assert len(DOCUMENTED_STEPS) == 21


def test_every_requirement_is_in_the_requirements_table() -> None:
    """Each requirement tag the features carry has its row in the README, and no row is stale."""
    rows = set(re.findall(r"^\| `@([a-z0-9.\-]+)` \|", README, re.M))
    assert rows == set(requirement_ids(ROOT / "features"))
