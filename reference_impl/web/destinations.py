"""The web page of each destination reference_impl.navigation names, and going there."""

from __future__ import annotations

from flask import flash, redirect, url_for
from werkzeug.wrappers.response import Response

from reference_impl.navigation import Destination

ENDPOINTS = {
    Destination.LOG_IN: "auth.login",
    Destination.CODE_PROMPT: "auth.code",
    Destination.REQUIRED_SETUP: "mfa.required",
    Destination.DASHBOARD: "account.dashboard",
    Destination.ACCOUNT_SETTINGS: "account.settings",
    Destination.CHECK_EMAIL: "mfa.check_email",
    Destination.SETUP: "mfa.setup",
    Destination.SECURITY_SETTINGS: "organisation.security",
}


def url_of(destination: Destination, next_path: str | None = None) -> str:
    """Return the path of the destination's page (asked to go on to ``next_path`` after)."""
    return url_for(ENDPOINTS[destination], next=next_path)


def go_to(
    destination: Destination, message: str | None = None, category: str = "alert"
) -> Response:
    """Redirect to the destination's page, which shows ``message`` (a text key) if given."""
    if message is not None:
        flash(message, category)
    return redirect(url_of(destination))
