"""One look in a real browser: body text, headings and form controls use the theme's fonts
(served from our own static files), not the browser's Times New Roman."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_text_headings_and_controls_use_the_theme_fonts(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/login/")
    page.evaluate("document.fonts.ready")
    fonts = page.evaluate(
        """() => Object.fromEntries(['body', 'h1', 'p', 'label', 'input', 'button']
             .map(s => [s, getComputedStyle(document.querySelector(s)).fontFamily]))"""
    )
    assert fonts["h1"].startswith('"Noto Serif"'), fonts
    for selector in ("body", "p", "label", "input", "button"):
        assert fonts[selector].startswith('"Noto Sans"'), fonts
    # The font files themselves were loaded from this server, not only named.
    assert page.evaluate("document.fonts.check('16px \"Noto Sans\"')")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert any("Noto Sans" in family for family in loaded), loaded
