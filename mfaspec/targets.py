"""Open the target a run names: ``-D target=inprocess`` (default) or ``-D target=browser``."""

from __future__ import annotations

from collections.abc import Mapping

from mfaspec.target import Target


def open_target(userdata: Mapping[str, str]) -> Target:
    """Return the target named by ``userdata["target"]``."""
    name = userdata.get("target", "inprocess")
    if name == "inprocess":
        from mfaspec.drivers.inprocess.target import InProcessTarget

        return InProcessTarget()
    if name == "browser":
        from mfaspec.drivers.browser_target import open_browser_target

        return open_browser_target(userdata)
    raise SystemExit(f"mfaspec: unknown target {name!r}; use 'inprocess' or 'browser'")
