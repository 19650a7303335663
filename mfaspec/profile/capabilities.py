"""Reading a profile's [capabilities]: switches, and the kinds of single sign-on account."""

from __future__ import annotations

from mfaspec.profile.table import Table
from mfaspec.target import SSO_KINDS, SWITCHES, Capability


def read_capabilities(table: Table) -> frozenset[Capability]:
    """Return what the product can do; ``sso`` is true (both kinds), false, or the kinds listed."""
    able = {c for c in SWITCHES if c is not Capability.SSO and table.boolean(c, False)}
    return frozenset(able | _sso_kinds(table))


def _sso_kinds(table: Table) -> set[Capability]:
    """Return ``sso`` and the kinds of SSO account the product has, as ``sso`` states them."""
    value = table.values.get(Capability.SSO.value, False)
    if isinstance(value, bool):
        return {Capability.SSO, *SSO_KINDS.values()} if value else set()
    if not isinstance(value, list) or not value or not set(value) <= set(SSO_KINDS):
        kinds = ", ".join(f'"{kind}"' for kind in SSO_KINDS)
        table.problem(Capability.SSO.value, f"must be true, false or a non-empty array of {kinds}")
        return set()
    return {Capability.SSO, *(SSO_KINDS[kind] for kind in value)}
