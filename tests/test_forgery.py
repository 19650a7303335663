"""Pages elsewhere: another origin of the target's own site, forged forms, cookies they carry."""

from __future__ import annotations

import pytest

from mfaspec.drivers.forgery import carries_cookies, forged_form, framing_page, same_site_page


@pytest.mark.parametrize(
    ("base_url", "page"),
    [
        ("http://127.0.0.1:5000", "http://127.0.0.1:5001/forged-form"),
        ("https://app.example.com", "https://mfaspec-neighbour.app.example.com/forged-form"),
        (
            "https://app.example.com:8443",
            "https://mfaspec-neighbour.app.example.com:8443/forged-form",
        ),
        ("http://localhost", "http://localhost:81/forged-form"),
        ("http://[::1]:65535", "http://[::1]:65534/forged-form"),
    ],
)
def test_the_same_site_page_is_another_origin_of_the_same_site(base_url: str, page: str) -> None:
    assert same_site_page(base_url) == page


def test_a_forged_form_escapes_what_it_is_given() -> None:
    document = forged_form('/x?a="b"', "POST", {"re<quired": 'o"n'})
    assert 'action="/x?a=&quot;b&quot;"' in document
    assert 'name="re&lt;quired" value="o&quot;n"' in document


def test_a_framing_page_frames_the_address() -> None:
    assert '<iframe src="http://127.0.0.1:5000/a?b=1&amp;c=2"' in framing_page(
        "http://127.0.0.1:5000/a?b=1&c=2"
    )


@pytest.mark.parametrize(
    ("header", "carried"),
    [
        ("mfaspec_session=abc; lang=fr", True),
        ("lang=fr", False),
        ("", False),
        ("x_mfaspec_session=1", False),
    ],
)
def test_the_cookie_header_is_read_by_cookie_name(header: str, carried: bool) -> None:
    assert carries_cookies(header, {"mfaspec_session"}) is carried
