"""Plain error pages (never a stack trace) and where a refused session is sent."""

from __future__ import annotations

from flask import Flask, current_app, flash, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers.response import Response

from reference_impl.navigation import DESTINATIONS, UNANNOUNCED, Destination
from reference_impl.service import Reason, Refused
from reference_impl.web.context import alert_key

PAGES = frozenset({400, 403, 404, 405, 413, 500})
ENDPOINTS = {
    Destination.LOG_IN: "auth.login",
    Destination.CODE_PROMPT: "auth.code",
    Destination.REQUIRED_SETUP: "mfa.required",
}


def register(app: Flask) -> None:
    """Install the error pages and the handler for refusals a view did not handle itself."""
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Refused, refused)
    app.register_error_handler(Exception, unexpected_error)


def error_page(code: int, alert: str | None = None) -> tuple[str, int]:
    """Render the plain page for ``code``, with a refusal's message when there is one."""
    return render_template("error.html", code=code, alert=alert), code


def http_error(error: HTTPException) -> tuple[str, int] | HTTPException:
    """Render a plain page for the common errors; others (such as redirects) pass through."""
    if error.code not in PAGES:
        return error
    return error_page(error.code)


def unexpected_error(_error: Exception) -> tuple[str, int]:
    """Log the failure for the operator and show the plain 500 page."""
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return error_page(500)


def refused(error: Refused) -> Response | tuple[str, int]:
    """Send a session that cannot see this page where it must go; other refusals get a page."""
    reason = error.reason
    destination = DESTINATIONS.get(reason)
    if destination is None:
        return error_page(403, alert_key(reason))
    if reason is Reason.NOT_SIGNED_IN:
        wanted = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for(ENDPOINTS[destination], next=wanted))
    if reason not in UNANNOUNCED:
        flash(alert_key(reason), "alert")
    return redirect(url_for(ENDPOINTS[destination]))
