"""Requirement tags (``@asvs.6.5.1``, ``@rfc6238.5.2.should``…) read as the standard and section."""

from __future__ import annotations

import re
from dataclasses import dataclass

from mfaspec.report.catalogue import CATALOGUE, SHOULD_SUFFIX, Clause, Strength


@dataclass(frozen=True)
class Requirement:
    """A requirement tag, the standard it cites and the section within it."""

    id: str
    standard: str
    section: str
    clause: Clause | None = None

    @property
    def warns_only(self) -> bool:
        """Return whether the clause is a SHOULD: failing it is a warning, not a failure."""
        return self.clause is not None and self.clause.strength is Strength.SHOULD

    @property
    def label(self) -> str:
        """Return how a reader cites it: ``RFC 6238 §5.2``, ``OWASP WSTG WSTG-ATHN-11``."""
        return f"{self.standard} {self.section}".strip()


def requirement(tag: str) -> Requirement:
    """Read a requirement tag, with its catalogue entry; an unknown standard keeps the tag.

    A SHOULD-level tag (``rfc6238.5.2.should``) cites the same section as its clause's MUST.
    """
    cited = _cited(tag.removesuffix(SHOULD_SUFFIX))
    return Requirement(tag, cited.standard, cited.section, CATALOGUE.get(tag))


def _cited(tag: str) -> Requirement:
    if tag.startswith("asvs."):
        return Requirement(tag, "OWASP ASVS 5.0", tag.removeprefix("asvs."))
    rfc = re.fullmatch(r"rfc(\d+)\.(.+)", tag)
    if rfc:
        return Requirement(tag, f"RFC {rfc[1]}", f"§{rfc[2]}")
    nist = re.fullmatch(r"nist\.(\d+-\d+[a-z]?(?:-\d+)?)\.(.+)", tag)
    if nist:
        return Requirement(tag, f"NIST SP {nist[1].upper()}", f"§{nist[2]}")
    if tag.startswith("wstg."):
        return Requirement(
            tag, "OWASP WSTG", "WSTG-" + tag.removeprefix("wstg.").upper().replace(".", "-")
        )
    return Requirement(tag, "", tag)
