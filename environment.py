"""behave hooks: pick the target from ``-D target=…`` and give each scenario a fresh driver."""

from __future__ import annotations

import json
import os
from pathlib import Path

import parse
from behave import register_type
from behave.model import Scenario, Status, Step
from behave.runner import Context

from mfaspec import secrets
from mfaspec.driver import HarnessError, NotApplicable
from mfaspec.people import Cast
from mfaspec.report.broken import note_harness_error
from mfaspec.targets import open_target


@parse.with_pattern(r"[A-Z][a-z]+|she|he|they")
def parse_who(text: str) -> str:
    """A person named in a scenario, or a pronoun for the last one named."""
    return text


@parse.with_pattern(r"her|his|their")
def parse_their(text: str) -> str:
    """A possessive pronoun for the last person named."""
    return text


@parse.with_pattern(r"[A-Z][a-z]+'s")
def parse_owner(text: str) -> str:
    """A possessive name ("Alice's")."""
    return text


@parse.with_pattern(r"Verify|Log in")
def parse_button(text: str) -> str:
    """The button that submits a code: Verify at set-up, Log in at login."""
    return text


@parse.with_pattern(r'[^"]*')
def parse_typed(text: str) -> str:
    """Whatever a person types between quotes, possibly nothing."""
    return text


register_type(
    Who=parse_who, Their=parse_their, Owner=parse_owner, Button=parse_button, Typed=parse_typed
)


def before_all(context: Context) -> None:
    """Open the target named on the command line (default: in-process), unless given one."""
    if getattr(context, "target", None) is None:
        context.target = open_target(dict(context.config.userdata))


def before_scenario(context: Context, scenario: Scenario) -> None:
    """Skip what the target cannot run; otherwise give the scenario a driver and a cast."""
    needed = {
        tag.removeprefix("needs.") for tag in scenario.effective_tags if tag.startswith("needs.")
    }
    offered = {capability.value for capability in context.target.capabilities}
    missing = sorted(needed - offered - context.target.policy.declared())
    if missing:
        scenario.skip(reason=f"not applicable: the target has no {', '.join(missing)}")
        return
    try:
        context.driver = context.target.open_driver(scenario.name)
    except HarnessError as error:  # the scenario is broken: its report says why, in one line
        note_harness_error(scenario, error)
        raise
    context.cast = Cast()


def after_step(context: Context, step: Step) -> None:
    """Note a harness error (the scenario is broken); a missing capability: not applicable."""
    note_harness_error(context.scenario, step.exception)
    if isinstance(step.exception, NotApplicable):
        step.status = Status.skipped
        context.scenario.skip(reason=f"not applicable: {step.exception}")


def after_scenario(context: Context, scenario: Scenario) -> None:
    """Release the scenario's driver, keeping evidence of a failure."""
    driver = getattr(context, "driver", None)
    if driver is not None:
        failed = scenario.status in (Status.failed, Status.error, Status.hook_error)
        context.target.close_driver(driver, failed=failed)
        context.driver = None


def after_all(context: Context) -> None:
    """Release the target; list the run's secrets, and its page loads, where asked (tests)."""
    dump = os.environ.get("MFASPEC_SECRETS_DUMP")
    if dump:
        Path(dump).write_text(json.dumps(sorted(secrets.known())), encoding="utf-8")
    target = getattr(context, "target", None)  # None when opening it failed
    loads = os.environ.get("MFASPEC_PAGE_LOADS_DUMP")
    if loads:
        Path(loads).write_text(json.dumps(getattr(target, "page_loads", [])), encoding="utf-8")
    if target is not None:
        target.close()
