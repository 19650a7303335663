"""Requests a person sends by hand: a form built in the page on screen."""

from __future__ import annotations

from playwright.sync_api import Page

from mfaspec.drivers.errors import BrowserDriverError
from mfaspec.profile.model import FormRequest

# Reads the values of the page's fields of these names (null for a field the page lacks).
READ_FIELDS = """names => names.map(
    name => document.querySelector(`[name="${CSS.escape(name)}"]`)?.value ?? null
)"""
# Builds a form in the page on screen and submits it.
SUBMIT_FORM = """({action, method, fields}) => {
    const form = document.createElement("form");
    form.method = method;
    form.action = action;
    for (const [name, value] of Object.entries(fields)) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.append(input);
    }
    document.body.append(form);
    form.submit();
}"""


def send_from_page(page: Page, request: FormRequest, base_url: str) -> None:
    """Build the form in the page on screen, with the fields it copies from the page; send it."""
    names = list(request.page_fields)
    copied = dict(zip(names, page.evaluate(READ_FIELDS, names), strict=True))
    missing = [name for name, value in copied.items() if value is None]
    if missing:
        raise BrowserDriverError(f"the page has no field {missing[0]!r} to copy")
    form = {
        "action": base_url + request.action,
        "method": request.method,
        "fields": {**request.fields, **copied},
    }
    with page.expect_navigation():
        page.evaluate(SUBMIT_FORM, form)
