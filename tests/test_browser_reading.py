"""What the browser driver reads from a page, as a person reads it: fields by their value."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, sync_playwright

from mfaspec.drivers.browser.page import TYPED_FIELDS
from mfaspec.drivers.element import Element, LocatorFoundWrongElement
from mfaspec.drivers.launch import DEBIAN_CHROMIUM, BrowserOptions, launch
from tests.test_no_secrets import MASK_COLOUR

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


def test_a_failure_screenshot_paints_over_what_was_typed_into_any_field(page: Page) -> None:
    page.set_content(
        '<label>Recovery Code <input value="5be9-61cf-cc6a" size="40"></label>'
        '<label><input type="radio"> Use a recovery code</label>'
    )
    picture = Image.open(io.BytesIO(page.screenshot(mask=[page.locator(TYPED_FIELDS)])))
    colours = picture.convert("RGB").getcolors(maxcolors=2**24) or []

    assert sum(count for count, colour in colours if colour == MASK_COLOUR) > 2000
    assert page.locator(TYPED_FIELDS).count() == 1, "only the text field is painted over"


def test_a_numeric_field_keeps_what_typing_would_leave_in_it(page: Page) -> None:
    page.set_content('<label>Code <input type="number" value="9"></label>')
    field = Element(page.get_by_label("Code"), "locators.code_field (p.toml:7)", page)

    field.fill("12a3 456")

    assert page.get_by_label("Code").input_value() == "123456"
