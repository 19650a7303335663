"""The JSON Schema of the target profile format, for editors' completion and checking.

It is generated from the tables ``mfaspec.profile`` reads a profile with: the keys each table
allows, the locators and their meanings, the capabilities, the sources of accounts and mail.
``load_profile`` remains the judge (it also checks what a schema cannot, such as ARIA roles and
placeholders). ``python -m mfaspec.profile_schema`` prints it; ``mfaspec profile schema`` too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from mfaspec.policy import AfterUse, Asks, LockShown
from mfaspec.profile.keys import (
    ACCOUNTS_KEYS,
    CLOCK_KEYS,
    CONTROLS,
    ENABLE_REQUEST_KEYS,
    FORM_KEYS,
    LISTED_ACCOUNT_KEYS,
    LISTED_TEAM_KEYS,
    MAIL_KEYS,
    MAIL_SECTIONS,
    MAIL_SETTINGS_KEYS,
    MENU,
    MFA_SECTION,
    NOTICES,
    NOTIFICATIONS,
    PATHS,
    POLICY_KEYS,
    POLICY_SECONDS,
    RESET_KEYS,
    REVEALED,
    SCREENS,
    SIGNUP_KEYS,
    SSO_KEYS,
    SUBJECTS,
    TARGET_KEYS,
    TOP_LEVEL,
    Spec,
)
from mfaspec.profile.locators import Flow, LocatorKind, StepAction
from mfaspec.profile.model import AccountSource, LoginName, MailSource
from mfaspec.target import SSO_KINDS, SWITCHES, Capability

Schema = dict[str, Any]
SCHEMA_ID = "https://mfaspec.example/schemas/profile.schema.json"
STRING: Schema = {"type": "string", "minLength": 1}
BOOLEAN: Schema = {"type": "boolean"}
# Value types of the keys that are not locators, by table; every key of a table is listed.
TARGET_TYPES: Schema = {
    "name": STRING,
    "base_url": {"type": "string", "pattern": "^(embedded|https?://.+)$"},
    "locale": {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
    "timeout": {"type": "number", "minimum": 0.1},
    "hook_token_env": {"type": "string"},
    "session_cookie": {"type": "string"},
}
MAIL_SETTINGS_TYPES: Schema = {
    "host": STRING,
    "port": {"type": "integer", "minimum": 0, "maximum": 65535},
    "username": {"type": "string"},
    "password_env": {"type": "string"},
    "tls": BOOLEAN,
    "folder": STRING,
    "url": {"type": "string", "pattern": "^https?://"},
}


def table(properties: Mapping[str, Schema], required: Iterable[str] = ()) -> Schema:
    """Return an object schema that allows exactly ``properties``."""
    schema: Schema = {"type": "object", "properties": dict(properties)}
    schema["additionalProperties"] = False
    if required := sorted(required):
        schema["required"] = required
    return schema


def keys(names: Iterable[str], types: Mapping[str, Schema]) -> Schema:
    """Return the schemas of ``names``, from ``types``."""
    return {name: types[name] for name in names}


def locator() -> Schema:
    """Return the schema of one locator: exactly one kind, with name and exact where allowed."""
    kinds = [kind.value for kind in LocatorKind]
    one_of = []
    for kind in LocatorKind:
        extras: Schema = {}
        if kind is LocatorKind.ROLE:
            extras["name"] = {"type": "string"}
        if kind not in (LocatorKind.TEST_ID, LocatorKind.CSS):
            extras["exact"] = BOOLEAN
        one_of.append(table({kind.value: STRING, **extras}, [kind.value]))
    return {"description": f"exactly one of {', '.join(kinds)}", "oneOf": one_of}


def any_of() -> Schema:
    """Return the schema of a locator, or a non-empty array of alternatives."""
    return {
        "oneOf": [
            {"$ref": "#/$defs/locator"},
            {"type": "array", "items": {"$ref": "#/$defs/locator"}, "minItems": 1},
        ]
    }


def steps() -> Schema:
    """Return the schema of a flow: an array of goto, click or fill steps."""
    found = {"$ref": "#/$defs/any_of"}
    step = {
        "oneOf": [
            table({StepAction.GOTO.value: {"type": "string", "pattern": "^/"}}, ["goto"]),
            table({StepAction.CLICK.value: found}, ["click"]),
            table({StepAction.FILL.value: found, "value": STRING}, ["fill", "value"]),
        ]
    }
    return {"type": "array", "items": step}


def locator_table(specs: Mapping[str, Spec]) -> Schema:
    """Return a table of locators, each described by what it finds."""
    return table(
        {
            key: {"$ref": "#/$defs/any_of", "description": spec.meaning}
            for key, spec in specs.items()
        }
    )


def ui_tables() -> Schema:
    """Return the tables that find things on the pages (also those of a scenario override)."""
    paths = {key: {"type": "string", "pattern": "^/"} for key in PATHS}
    return {
        "paths": table(paths),
        "screens": locator_table(SCREENS),
        "locators": locator_table(CONTROLS),
        "menu": locator_table(MENU),
        "notices": locator_table(NOTICES),
        "mfa_section": locator_table(MFA_SECTION),
    }


def accounts() -> Schema:
    """Return the schema of [accounts]."""
    endpoint = {"type": "string", "pattern": "^(/|https?://)"}
    listed = table(
        {
            "label": STRING,
            "email": STRING,
            "username": STRING,
            "password_env": {"type": "string"},
            "email_verified": BOOLEAN,
            "sso": BOOLEAN,
        },
        ["label", "email"],
    )
    team = table(
        {"admin": STRING, "members": {"type": "array", "items": STRING}, "sso": BOOLEAN},
        ["admin"],
    )
    signup = table(
        {"steps": steps(), "done": {"$ref": "#/$defs/any_of"}, "verify_link_text": STRING},
        ["steps", "done"],
    )
    reset = table(
        {
            "command": {"type": "array", "items": STRING, "minItems": 1},
            "method": {"enum": ["POST", "PUT", "PATCH", "DELETE"]},
            "path": endpoint,
            "body": {"type": "object"},
        }
    )
    types = {
        "source": {"enum": [source.value for source in AccountSource]},
        "email_domain": STRING,
        "locale": STRING,
        "log_in_with": {"enum": [name.value for name in LoginName]},
        "create_account": endpoint,
        "create_team": endpoint,
        "turn_on_mfa": endpoint,
        "log_in": endpoint,
        "start_setup": endpoint,
        "require_team_mfa": endpoint,
        "listed": {"type": "array", "items": listed, "minItems": 1},
        "teams": {"type": "array", "items": team},
        "signup": signup,
        "reset": reset,
    }
    assert set(types) == set(ACCOUNTS_KEYS)
    assert set(listed["properties"]) == set(LISTED_ACCOUNT_KEYS)
    assert set(team["properties"]) == set(LISTED_TEAM_KEYS)
    assert set(signup["properties"]) == set(SIGNUP_KEYS)
    assert set(reset["properties"]) == set(RESET_KEYS)
    return table(types, ["source"])


def mail() -> Schema:
    """Return the schema of [mail]."""
    settings = {
        section: table(keys(MAIL_SETTINGS_KEYS[source], MAIL_SETTINGS_TYPES))
        for source, section in MAIL_SECTIONS.items()
    }
    subjects = table({kind: STRING for kind in SUBJECTS})
    types: Schema = {
        "source": {"enum": [source.value for source in MailSource]},
        "wait": {"type": "number", "minimum": 0},
        "link_text": STRING,
        "subjects": subjects,
        **settings,
    }
    assert set(types) == set(MAIL_KEYS)
    return table(types)


def form(names: Iterable[str]) -> Schema:
    """Return the schema of a form request made without its page."""
    types: Schema = {
        "action": {"type": "string", "pattern": "^/"},
        "method": {"enum": ["POST", "GET"]},
        "fields": {"type": "object", "additionalProperties": {"type": "string"}},
        "page_fields": {"type": "array", "items": STRING},
    }
    return table(keys(names, types), ["action", "method"])


def policy() -> Schema:
    """Return the schema of the declared policy: each key optional, as a product decides."""
    seconds: Schema = {"type": "number", "minimum": 1}
    asks: Schema = {"enum": [asks.value for asks in Asks]}
    lockout = table(
        {
            "failures": {"type": "integer", "minimum": 1},
            "seconds": seconds,
            "shown_at": {"enum": [shown.value for shown in LockShown]},
        },
        ["failures", "seconds"],
    )
    types: Schema = {
        "code_lockout": lockout,
        "password_lockout": lockout,
        **{key: seconds for key in POLICY_SECONDS},
        "notifications": {"type": "array", "items": {"enum": NOTIFICATIONS}},
        "backup_codes": {"type": "integer", "minimum": 1},
        "backup_code_after_use": {"enum": [after.value for after in AfterUse]},
        "new_backup_codes_ask": asks,
        "disable_asks": asks,
        "admin_under_enforcement": BOOLEAN,
    }
    return table(keys(POLICY_KEYS, types))


def profile_schema() -> Schema:
    """Return the JSON Schema of a target profile."""
    capabilities = {capability.value: BOOLEAN for capability in SWITCHES}
    sso_kinds = {"type": "array", "items": {"enum": list(SSO_KINDS)}, "minItems": 1}
    capabilities[Capability.SSO] = {"oneOf": [BOOLEAN, sso_kinds]}
    ui = ui_tables()
    endpoint = {"type": "string", "pattern": "^(/|https?://)"}
    properties: Schema = {
        "target": table(keys(TARGET_KEYS, TARGET_TYPES), ["name", "base_url"]),
        "capabilities": table({**capabilities, "drift_window": {"type": "integer", "minimum": 0}}),
        "accounts": accounts(),
        "mail": mail(),
        "clock": table(keys(CLOCK_KEYS, {"hook": endpoint})),
        "sso": table(
            keys(
                SSO_KEYS,
                {"identity_provider": STRING, "claims_hook": endpoint, "steps": steps()},
            )
        ),
        "forgery": table({"team_switch": form(FORM_KEYS)}),
        "requests": table({"enable": form(ENABLE_REQUEST_KEYS)}),
        "policy": policy(),
        "optional_steps": {
            "type": "array",
            "items": {
                "oneOf": [
                    steps()["items"],
                    table(
                        {"when": {"$ref": "#/$defs/any_of"}, "steps": steps()}, ["when", "steps"]
                    ),
                ]
            },
        },
        "flows": table({flow.value: steps() for flow in Flow}),
        "reveal": table(
            {key: {**steps(), "description": meaning} for key, meaning in REVEALED.items()}
        ),
        **ui,
        "overrides": {
            "type": "object",
            "description": "other locators for one scenario, by its exact name",
            "additionalProperties": table(ui),
        },
    }
    assert set(properties) == set(TOP_LEVEL)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "mfaspec target profile",
        "description": "How mfaspec's scenarios reach one web deployment; see docs/profile.md.",
        **table(properties, ["target"]),
        "$defs": {"locator": locator(), "any_of": any_of()},
    }


def schema_text() -> str:
    """Return the schema as the committed file holds it."""
    return json.dumps(profile_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
