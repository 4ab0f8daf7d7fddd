"""Links, requests, console, small screens and no-JS rendering, page by page."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from .qa import OpenPage

pytestmark = pytest.mark.browser

# Every URL a page points at through these elements and attributes.
COLLECT_URLS_JS = """() => {
  const out = [];
  const add = (v) => { if (v) out.push(new URL(v, document.baseURI).href); };
  const addSrcset = (v) => {
    if (v) for (const part of v.split(',')) add(part.trim().split(/\\s+/)[0]);
  };
  const attr = (sel, name, fn) => {
    for (const el of document.querySelectorAll(sel)) fn(el.getAttribute(name));
  };
  attr('a[href], link[href]', 'href', add);
  attr('img[src], script[src], source[src]', 'src', add);
  attr('img[srcset], source[srcset]', 'srcset', addSrcset);
  return out;
}"""

# In-page fragment links ("#main") whose target does not exist.
MISSING_FRAGMENTS_JS = """() => [...document.querySelectorAll('a[href^="#"]')]
  .map((a) => decodeURIComponent(a.getAttribute('href').slice(1)))
  .filter((id) => id && id !== 'top' && !document.getElementById(id)
                  && !document.getElementsByName(id).length)"""

# Elements sticking out to the right of the viewport (why a page scrolls sideways).
OVERFLOWING_JS = """() => {
  const w = document.documentElement.clientWidth, out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 0.5 && r.width > 0) {
      const id = el.id ? '#' + el.id : '';
      const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)}px)`);
    }
  }
  return out.slice(0, 15);
}"""


@dataclass
class LoadReport:
    """What one JS-enabled load of a page showed (shared by the three tests below)."""

    url: str
    broken: dict[str, int]
    missing_fragments: list[str]
    requests: list[str]
    offsite: list[str]
    console_errors: list[str]
    main_texts: list[str]  # inner_text of every <main>


_status_cache: dict[str, int] = {}
_reports: dict[str, LoadReport] = {}


def _same_origin(url: str, origin: str) -> bool:
    p = urlsplit(url)
    return f"{p.scheme}://{p.netloc}" == origin


@pytest.fixture
def report(page_path: str, open_page: OpenPage, site_url: str) -> LoadReport:
    if page_path not in _reports:
        visit = open_page(page_path)
        urls = sorted({urldefrag(u).url for u in visit.page.evaluate(COLLECT_URLS_JS)})
        broken = {}
        for url in (u for u in urls if _same_origin(u, site_url)):
            if url not in _status_cache:
                _status_cache[url] = visit.page.request.get(url, max_redirects=0).status
            if _status_cache[url] != 200:
                broken[url.removeprefix(site_url)] = _status_cache[url]
        _reports[page_path] = LoadReport(
            url=visit.url,
            broken=broken,
            missing_fragments=visit.page.evaluate(MISSING_FRAGMENTS_JS),
            requests=list(visit.requests),
            offsite=list(visit.offsite),
            console_errors=visit.console_errors + [f"uncaught: {e}" for e in visit.page_errors],
            main_texts=visit.page.locator("main").all_inner_texts(),
        )
    return _reports[page_path]


def test_same_origin_urls_answer_200(report: LoadReport) -> None:
    assert report.broken == {}, f"broken same-origin URLs on {report.url}: {report.broken}"
    assert report.missing_fragments == [], (
        f"in-page links to missing ids on {report.url}: {report.missing_fragments}"
    )


def test_no_request_leaves_127_0_0_1(report: LoadReport) -> None:
    assert report.requests, "no requests were recorded at all"
    assert report.offsite == [], f"{report.url} tried to load off-machine URLs: {report.offsite}"


def test_console_has_no_errors(report: LoadReport) -> None:
    assert report.console_errors == [], f"console errors on {report.url}:\n  " + "\n  ".join(
        report.console_errors
    )


def test_no_horizontal_scroll_at_320px(page_path: str, open_page: OpenPage) -> None:
    visit = open_page(page_path, viewport={"width": 320, "height": 640})
    sizes: dict[str, Any] = visit.page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth,"
        " client: document.documentElement.clientWidth})"
    )
    if sizes["scroll"] > sizes["client"]:
        culprits = visit.page.evaluate(OVERFLOWING_JS)
        pytest.fail(
            f"{page_path} scrolls sideways at 320px: scrollWidth {sizes['scroll']} > "
            f"clientWidth {sizes['client']}; overflowing: {culprits}",
            pytrace=False,
        )


def test_main_text_same_without_javascript(
    page_path: str, report: LoadReport, open_page: OpenPage
) -> None:
    assert len(report.main_texts) == 1, f"{page_path} should have exactly one <main>"
    assert report.main_texts[0].strip(), f"{page_path}: <main> has no text"
    without_js = open_page(page_path, js=False).page.locator("main").all_inner_texts()
    if without_js != report.main_texts:
        diff = difflib.unified_diff(
            "\n".join(report.main_texts).splitlines(),
            "\n".join(without_js).splitlines(),
            "with JavaScript",
            "without JavaScript",
            lineterm="",
        )
        pytest.fail(
            f"{page_path}: <main> text differs when JavaScript is off:\n" + "\n".join(diff),
            pytrace=False,
        )
