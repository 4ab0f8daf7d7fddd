"""The layout as a reader on a phone sees it, in Chromium at 390 x 844 (an iPhone 14's screen).

The header stays compact (the menu is behind a button that opens without JavaScript), and the
first paragraph of every page starts inside the first screen.
"""

from __future__ import annotations

import pytest

from .qa import OpenPage

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HEADER_MAX = 110  # px


def test_phone_header_is_compact(page_path: str, open_page: OpenPage) -> None:
    page = open_page(page_path, viewport=PHONE).page
    height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert height <= HEADER_MAX, f"{page_path}: header is {height:.0f} px tall"


def test_first_paragraph_is_on_the_first_phone_screen(page_path: str, open_page: OpenPage) -> None:
    page = open_page(page_path, viewport=PHONE).page
    # The body's first paragraph (the home page's is its introduction, under the title; a
    # page without body text: its lead).
    top = page.evaluate(
        "(() => { const first = sel => [...document.querySelectorAll(sel)]"
        ".find(p => p.offsetParent !== null && p.textContent.trim().length > 40);"
        " const p = first('main .hero > p, main .prose p') || first('main p');"
        " return p ? p.getBoundingClientRect().top : null })()"
    )
    assert top is not None, f"{page_path}: no paragraph"
    # At least three lines of it on the first screen.
    assert top < PHONE["height"] - 100, f"{page_path}: first paragraph starts at y={top:.0f}"


def test_phone_menu_opens_without_javascript(open_page: OpenPage) -> None:
    page = open_page("/research/cancer/", viewport=PHONE, js=False).page
    menu = page.locator(".nav-menu")
    links = page.locator(".nav-drop a")
    assert not links.first.is_visible()
    assert not page.locator(".nav-row").is_visible()
    menu.locator("summary").click()
    assert links.count() == 4 + 1  # the menu's sections, then Search
    assert all(links.nth(i).is_visible() for i in range(5))
    assert links.filter(has_text="Research areas").get_attribute("aria-current") == "true"


def test_wide_screen_shows_the_menu_as_a_row_and_uses_the_width(open_page: OpenPage) -> None:
    page = open_page("/research/cancer/", viewport={"width": 1280, "height": 800}).page
    assert page.locator(".nav-row").is_visible() and not page.locator(".nav-menu").is_visible()
    right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert right > 1280 * 0.85, f"content ends at x={right:.0f}"
