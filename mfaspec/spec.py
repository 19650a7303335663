"""Where the specification lives: its features, steps, behave environment and target profiles.

An installed mfaspec carries them as package data in ``mfaspec/_spec/`` (pyproject.toml maps
the checkout's top-level directories there when the wheel is built). A checkout has no
``_spec``: its top level, laid out the same way, is the specification.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

PACKAGE_DATA = "_spec"


@cache
def spec_root() -> Path:
    """Return the directory holding features/, steps/, environment.py and fixtures/targets/."""
    package = Path(str(files("mfaspec")))
    bundled = package / PACKAGE_DATA
    return bundled if bundled.is_dir() else package.parent


def features_dir() -> Path:
    """Return the directory of the feature files."""
    return spec_root() / "features"


def reference_profile(language: str = "en") -> Path:
    """Return the reference application's profile in ``language`` (``en`` or ``fr``)."""
    return spec_root() / "fixtures" / "targets" / f"reference-{language}.toml"
