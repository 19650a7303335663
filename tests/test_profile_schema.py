"""The committed JSON Schema of profiles is the one generated, and agrees with the loader."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from mfaspec.profile.loader import parse_profile
from mfaspec.profile.locators import ProfileError
from mfaspec.profile.template import profile_template
from mfaspec.profile_schema import profile_schema, schema_text

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "mfaspec" / "profile.schema.json"
PROFILES = sorted((ROOT / "fixtures" / "targets").glob("*.toml"))
# the reference profile has every table, which the unknown-key tests add a key to
REFERENCE = ROOT / "fixtures" / "targets" / "reference-en.toml"


def validator() -> jsonschema.Draft202012Validator:
    """Return a validator of the generated schema (itself checked against the meta-schema)."""
    schema = profile_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_committed_schema_is_the_generated_one() -> None:
    """Regenerate with: python -m mfaspec.profile_schema > mfaspec/profile.schema.json"""
    assert COMMITTED.read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize(
    "text", [p.read_text(encoding="utf-8") for p in PROFILES] + [profile_template()]
)
def test_profiles_the_loader_accepts_are_valid(text: str) -> None:
    errors = [error.message for error in validator().iter_errors(tomllib.loads(text))]
    assert errors == []


@pytest.mark.parametrize(
    "table", ["target", "capabilities", "accounts", "mail", "clock", "sso", "locators", "menu"]
)
def test_an_unknown_key_is_refused_by_both(table: str) -> None:
    data = tomllib.loads(REFERENCE.read_text(encoding="utf-8"))
    data[table]["colour"] = "blue"
    assert not validator().is_valid(data)
    with pytest.raises(ProfileError, match=rf"{table}\.colour: unknown key"):
        parse_profile(data, json.dumps(data), Path("p.toml"))


def test_a_locator_with_two_kinds_is_refused_by_both() -> None:
    data = tomllib.loads(REFERENCE.read_text(encoding="utf-8"))
    data["locators"]["done"] = {"role": "button", "css": "#done"}
    assert not validator().is_valid(data)
    with pytest.raises(ProfileError, match=r"locators\.done: a locator has exactly one of"):
        parse_profile(data, "", Path("p.toml"))
