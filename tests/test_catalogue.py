"""The requirement catalogue: every requirement tag of the features has a well-formed entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mfaspec.report.catalogue import CATALOGUE, SHOULD_SUFFIX, Strength
from mfaspec.traceability import REQUIREMENT_PREFIXES, requirement_ids

FEATURES = Path(__file__).resolve().parent.parent / "features"
LINKS = {
    "asvs.": r"https://github\.com/OWASP/ASVS/blob/v5\.0\.0/5\.0/en/0x\w+-V\d+-[\w-]+\.md#v\d+-[\w-]+",
    "rfc": r"https://www\.rfc-editor\.org/rfc/rfc\d+#section-[\d.]+",
    "nist.800-63b-4.": r"https://pages\.nist\.gov/800-63-4/sp800-63b/[a-z]+/#[\w-]+",
    "nist.800-63b.": r"https://pages\.nist\.gov/800-63-3/sp800-63b\.html#\d+-[\w-]+",
    "wstg.": r"https://owasp\.org/www-project-web-security-testing-guide/latest/\S+",
}
# SP 800-63B-4's pages by section: its anchors are names (``#throttle``), not numbers.
NIST_4_PAGES = {"2": "aal", "3": "authenticators", "4": "events", "5": "session"}


def test_every_requirement_tag_of_the_features_is_in_the_catalogue() -> None:
    missing = [tag for tag in requirement_ids(FEATURES) if tag not in CATALOGUE]

    assert not missing, f"add these tags to mfaspec/report/catalogue.py: {missing}"


@pytest.mark.parametrize("tag", sorted(CATALOGUE))
def test_an_entry_has_a_title_a_strength_and_a_link_to_its_clause(tag: str) -> None:
    clause = CATALOGUE[tag]
    prefix = next((p for p in REQUIREMENT_PREFIXES if tag.startswith(p)), None)
    link = next((pattern for start, pattern in LINKS.items() if tag.startswith(start)), None)

    assert prefix is not None, f"{tag}: not a requirement tag ({', '.join(REQUIREMENT_PREFIXES)})"
    assert 20 <= len(clause.title) <= 200 and clause.title[0].isupper(), clause.title
    assert not clause.title.endswith("."), clause.title
    assert isinstance(clause.strength, Strength)
    assert link is not None, f"{tag}: no revision of its standard is cited ({', '.join(LINKS)})"
    assert re.fullmatch(link, clause.url), clause.url


@pytest.mark.parametrize("tag", sorted(CATALOGUE))
def test_a_tag_ends_in_should_exactly_when_its_clause_is_a_should(tag: str) -> None:
    """``rfc4226.4`` is the MUST (128 bits), ``rfc4226.4.should`` the RECOMMENDED (160 bits)."""
    should = tag.endswith(SHOULD_SUFFIX)

    assert (CATALOGUE[tag].strength is Strength.SHOULD) is should, (tag, CATALOGUE[tag].strength)


def test_a_section_in_the_link_is_the_tags_section() -> None:
    for should_tag, clause in CATALOGUE.items():
        tag = should_tag.removesuffix(SHOULD_SUFFIX)
        rfc = re.fullmatch(r"rfc(\d+)\.([\d.]+)", tag)
        if rfc:
            assert clause.url.endswith(f"rfc{rfc[1]}#section-{rfc[2]}"), (tag, clause.url)
        nist = re.fullmatch(r"nist\.800-63b\.([\d.]+)", tag)
        if nist:
            assert f"#{nist[1].replace('.', '')}-" in clause.url, (tag, clause.url)
        nist_4 = re.fullmatch(r"nist\.800-63b-4\.(\d+)[\d.]*", tag)
        if nist_4:
            assert f"/sp800-63b/{NIST_4_PAGES[nist_4[1]]}/#" in clause.url, (tag, clause.url)
        asvs = re.fullmatch(r"asvs\.(\d+)\.(\d+)\.\d+", tag)
        if asvs:
            assert f"-V{asvs[1]}-" in clause.url and f"#v{asvs[1]}{asvs[2]}-" in clause.url, tag
