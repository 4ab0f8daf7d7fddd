"""Search in Chromium: the search page, the header's field, figures by label, loading on use."""

from __future__ import annotations

from typing import Any

import pytest

from .qa import DESKTOP, OpenPage, Visit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _results(visit: Visit) -> list[dict[str, str]]:
    visit.page.wait_for_selector("#search-results li", timeout=15_000)
    found: list[dict[str, str]] = visit.page.eval_on_selector_all(
        "#search-results li",
        "items => items.map(li => ({href: li.querySelector('a').getAttribute('href'),"
        " title: li.querySelector('a').textContent, excerpt: li.querySelector('p').textContent}))",
    )
    return found


def _clean(visit: Visit) -> None:
    assert visit.offsite == [], visit.offsite
    assert visit.console_errors == [], visit.console_errors  # CSP violations show here
    assert visit.page_errors == [], visit.page_errors


def test_searching_lund_lists_the_pages_that_mention_it(open_page: OpenPage) -> None:
    visit = open_page("/search/")
    visit.page.fill("#search-q", "Lund")
    visit.page.press("#search-q", "Enter")
    results = _results(visit)
    hrefs = [r["href"] for r in results]
    assert "/research/stem-cells/" in hrefs, hrefs
    assert all("lund" in r["excerpt"].lower() for r in results if "/facts/#" not in r["href"])
    assert visit.page.locator("#search-results mark").count() >= 1
    # The words around a match keep their spaces ("Lund University", not "LundUniversity").
    assert any("Lund University" in r["excerpt"] for r in results), results
    status = visit.page.locator("#search-status").inner_text()
    assert status.endswith("for “Lund”"), status
    assert visit.page.url.endswith("/search/?q=Lund")
    _clean(visit)


def test_the_header_field_searches_from_any_page(open_page: OpenPage) -> None:
    visit = open_page("/research/cancer/", viewport=DESKTOP)
    field = visit.page.locator("#site-search-q")
    assert field.is_visible()
    assert not visit.page.locator(".site-search-link").is_visible()
    field.fill("Lund")
    field.press("Enter")
    visit.page.wait_for_url("**/search/?q=Lund")
    assert visit.page.locator("#search-q").input_value() == "Lund"
    assert len(_results(visit)) >= 1
    _clean(visit)


def test_the_header_has_a_link_to_search_without_javascript(open_page: OpenPage) -> None:
    visit = open_page("/", viewport=DESKTOP, js=False)
    link = visit.page.locator(".site-search-link")
    assert link.is_visible()
    assert link.get_attribute("href") == "/search/"
    assert not visit.page.locator(".site-search").is_visible()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_on_a_phone_search_is_in_the_menu(js: bool, open_page: OpenPage) -> None:
    visit = open_page("/research/", viewport=PHONE, js=js)
    page = visit.page
    assert not page.locator(".site-search").is_visible()
    assert not page.locator(".site-search-link").is_visible()
    page.click(".nav-menu summary")
    link = page.locator(".nav-drop a[href='/search/']")
    assert link.is_visible() and link.inner_text() == "Search"


def test_a_figure_is_found_by_its_label(open_page: OpenPage) -> None:
    visit = open_page("/search/?q=inhabitants")
    results = _results(visit)
    figure = [r for r in results if r["href"] == "/facts/#fig-inhabitants"]
    assert figure, results
    assert figure[0]["title"] == "Inhabitants of Greater Copenhagen"
    visit.page.click("a[href='/facts/#fig-inhabitants']")
    visit.page.wait_for_url("**/facts/#fig-inhabitants")
    assert visit.page.locator("#fig-inhabitants").count() == 1
    _clean(visit)


@pytest.mark.parametrize("path", ["/", "/research/cancer/", "/search/"])
def test_search_assets_load_only_when_someone_searches(path: str, open_page: OpenPage) -> None:
    visit = open_page(path)
    visit.page.wait_for_load_state("networkidle")
    assert [u for u in visit.requests if "/pagefind/" in u] == []


def test_a_search_loads_pagefind_from_this_site_only(open_page: OpenPage) -> None:
    visit = open_page("/search/?q=diabetes")
    _results(visit)
    loaded = [u for u in visit.requests if "/pagefind/" in u]
    assert any(u.endswith("/pagefind/pagefind.js") for u in loaded), loaded
    assert any(".pagefind" in u or ".pf_" in u for u in loaded), loaded
    _clean(visit)


def test_no_results_says_so(open_page: OpenPage) -> None:
    from playwright.sync_api import expect

    visit = open_page("/search/?q=xylophonequartz")
    page: Any = visit.page
    expect(page.locator("#search-status")).to_have_text("0 results for “xylophonequartz”")
    assert page.locator("#search-results li").count() == 0
    _clean(visit)


def test_search_works_on_the_main_thread_when_no_worker_starts(open_page: OpenPage) -> None:
    # Pagefind runs its wasm in a worker, and in the page when the worker fails: that path
    # is why the search page's CSP allows 'wasm-unsafe-eval' (and only that page's).
    visit = open_page("/search/")
    visit.page.route("**/pagefind-worker.js", lambda route: route.abort())
    visit.page.fill("#search-q", "Lund")
    visit.page.press("#search-q", "Enter")
    assert len(_results(visit)) >= 1
    assert [e for e in visit.console_errors if "Content Security Policy" in e] == []
