"""What the browser driver reads from a page, as a person reads it: fields by their value."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from mfaspec.drivers.element import Element, LocatorFoundWrongElement
from mfaspec.drivers.launch import DEBIAN_CHROMIUM, BrowserOptions, launch

pytestmark = pytest.mark.skipif(
    not any(Path(path).exists() for path in DEBIAN_CHROMIUM), reason="no Debian chromium"
)


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    """A blank page in the browser the driver launches."""
    with sync_playwright() as playwright:
        browser = launch(playwright, BrowserOptions())
        yield browser.new_page()
        browser.close()


@pytest.mark.parametrize(
    "markup",
    [
        '<label>Secret <input disabled value="JBSWY3DPEHPK3PXP"></label>',
        "<label>Secret <textarea readonly>JBSWY3DPEHPK3PXP</textarea></label>",
        '<label for="k">Secret</label><p id="k">JBSWY3DPEHPK3PXP</p>',
    ],
    ids=["input", "textarea", "text"],
)
def test_a_key_is_read_from_a_field_value_or_an_element_text(page: Page, markup: str) -> None:
    page.set_content(f"<main>{markup}</main>")
    element = page.get_by_label("Secret") if "<label>" in markup else page.locator("#k")

    assert Element(element, "locators.manual_key", page).shown_text().strip() == "JBSWY3DPEHPK3PXP"


def test_a_locator_that_matched_the_wrong_element_breaks_the_scenario_naming_its_key(
    page: Page,
) -> None:
    page.set_content('<label><input type="radio"> Use a recovery code</label>')
    field = Element(
        page.get_by_label("recovery code"), "locators.backup_code_field (p.toml:9)", page
    )

    with pytest.raises(LocatorFoundWrongElement) as raised:
        field.fill("12345678")

    message = str(raised.value)
    assert message.startswith(
        "the profile's locators.backup_code_field (p.toml:9) matched the wrong"
    )
    assert "radio" in message and "12345678" not in message
