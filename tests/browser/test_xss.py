"""Hostile content in every field an editor controls never runs in a reader's browser.

The repository's own site is copied and every editable field gets script payloads: site
title and description, page title, description, tags, extra values and body, figure labels,
values, notes and units, source titles and publishers, area titles, and a data file rendered
by a template. It is built twice (raw HTML escaped, the default; and `allow_html: true`,
where nh3 sanitises it), served on 127.0.0.1 and opened in Chromium with the CSP bypassed
(escaping alone must hold; the CSP is tested on its own). Every payload would set
`window.__xss` or open a dialog; neither may happen.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from mvsite.cli import main

from .conftest import _QuietHandler, _QuietServer
from .qa import ROOT, discover_pages

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload=window.__xss=1>',
    "'><script>alert(1)</script>",
    '<a href="javascript:window.__xss=1" id="jslink">click</a>',
    "</script><script>window.__xss=1</script>",
    '<iframe src="javascript:parent.__xss=1"></iframe>',
    "<input autofocus onfocus=window.__xss=1>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>",
    "{{ 7*7 }}{% raw %}",
]
ALL = " ".join(PAYLOADS)


def _hostile_page() -> str:
    front = {
        "title": "XSS " + ALL,
        "description": ALL,
        "tags": PAYLOADS,
        "extra": {"note": ALL},
        "template": "xss.html",
    }
    body = "\n\n".join(
        [
            "Figure: [[fig:xss-figure]].",
            *PAYLOADS,
            "A [safe link](https://example.org/?q=%22%3E%3Cscript%3E) and ![alt "
            + ALL
            + "](data:image/gif;base64,R0lGODlhAQABAAAAACw=)",
            f"| {ALL} |\n|---|\n| cell |",
            "```\n" + ALL + "\n```",
        ]
    )
    return "---\n" + json.dumps(front, ensure_ascii=False) + "\n---\n" + body + "\n"


# The page of issue #12: in the default mode, attribute lists carried each of these through.
ISSUE_12_PAGE = """---
title: Issue 12
description: Attribute lists that carried script.
---
Para.
{: onclick="alert(1)" #para }

## H {: onmouseover="alert(2)" style="position:fixed;inset:0" }

[x](https://example.org/){: .fig href="javascript:alert(3)" #js }

![i](broken.png){: onerror="alert(4)" }

[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==){: #data }
"""


XSS_TEMPLATE = """{% extends "base.html" %}
{% block main %}
<h1>{{ page.title }}</h1>
<p class="lead">{{ page.description }}</p>
<ul>{% for tag in page.tags %}<li>{{ tag }}</li>{% endfor %}</ul>
<p>{{ page.extra.note }}</p>
<dl>{% for key, value in data.hostile.items() %}<dt>{{ key }}</dt><dd>{{ value }}</dd>{% endfor %}</dl>
<div class="prose">{{ page.html }}</div>
{% endblock %}
"""


def _add_hostile_figures(path: Path) -> None:
    figures = yaml.safe_load(path.read_text())
    figures["sources"]["xss-source"] = {
        "title": ALL,
        "publisher": ALL,
        "retrieved": figures["sources"][next(iter(figures["sources"]))]["retrieved"],
        "url": "https://example.org/report?q=%3Cscript%3E",
    }
    figures["areas"]["xss-area"] = {"title": "Area " + ALL}
    figures["figures"]["xss-figure"] = {
        "value": 7,
        "display": "7 " + PAYLOADS[1],
        "unit": "compounds",
        "label": "Label " + ALL,
        "area": "xss-area",
        "source": "xss-source",
        "as_of": figures["sources"]["xss-source"]["retrieved"],
        "note": ALL,
    }
    path.write_text(yaml.safe_dump(figures, allow_unicode=True, sort_keys=False))


def _make_site(dest: Path, allow_html: bool) -> Path:
    for part in ("content", "templates", "static"):
        shutil.copytree(ROOT / part, dest / part)
    config = yaml.safe_load((ROOT / "mvsite.yaml").read_text())
    config.update(title="Medicon " + PAYLOADS[0], description=ALL, allow_html=allow_html)
    (dest / "mvsite.yaml").write_text(yaml.safe_dump(config, allow_unicode=True))
    (dest / "content" / "xss.md").write_text(_hostile_page())
    (dest / "content" / "issue12.md").write_text(ISSUE_12_PAGE)
    (dest / "content" / "broken.png").write_bytes(b"not a picture: onerror fires")
    (dest / "content" / "_data" / "hostile.yaml").write_text(
        yaml.safe_dump({"<b>key</b>": ALL, "list": PAYLOADS}, allow_unicode=True)
    )
    (dest / "templates" / "xss.html").write_text(XSS_TEMPLATE)
    _add_hostile_figures(dest / "content" / "_data" / "figures.yaml")
    return dest


@pytest.fixture(scope="module")
def hostile_sites(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both builds under one folder: /escaped/... and /sanitised/..."""
    tmp = tmp_path_factory.mktemp("xss")
    served = tmp / "served"
    for name, allow_html in (("escaped", False), ("sanitised", True)):
        site = _make_site(tmp / name, allow_html)
        argv = ["build", "--source", str(site), "--output", str(served / name),
                "--base-url", f"/{name}/", "--no-cache"]  # fmt: skip
        assert main(argv) == 0, f"the hostile site ({name}) did not build"
    return served


@pytest.fixture(scope="module")
def hostile_url(hostile_sites: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(hostile_sites))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


# What the DOM holds after parsing: anything that could run, whatever CSP says.
DANGEROUS_DOM_JS = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value.replace(/[\\s\\x00-\\x1f]/g, '');
      if (name.startsWith('on')) found.push(`${el.tagName} ${name}`);
      if (/^(javascript|vbscript|data):/i.test(value) && ['href', 'src', 'action', 'formaction',
          'xlink:href'].includes(name) && !(name === 'src' && el.tagName === 'IMG'))
        found.push(`${el.tagName} ${name}=${attr.value}`);
    }
    // The theme's own: its search forms and the site's script files (editors can add neither).
    const ownSearch = el.tagName === 'FORM' && el.getAttribute('role') === 'search'
      && new URL(el.action).origin === location.origin;
    const ownScript = el.tagName === 'SCRIPT' && el.src && new URL(el.src).origin === location.origin;
    if (['IFRAME', 'OBJECT', 'EMBED', 'STYLE', 'BASE', 'FORM'].includes(el.tagName) && !ownSearch)
      found.push(el.tagName);
    if (el.tagName === 'SCRIPT' && el.type !== 'application/ld+json' && !ownScript)
      found.push('SCRIPT ' + el.outerHTML.slice(0, 60));
  }
  for (const s of document.querySelectorAll('script[type="application/ld+json"]'))
    try { JSON.parse(s.textContent); } catch (e) { found.push('bad JSON-LD: ' + e); }
  return found;
}"""


def _visit(browser: Any, url: str) -> tuple[list[str], Any, list[str]]:
    """Open url without its CSP; -> (dialogs seen, window.__xss, dangerous DOM)."""
    context = browser.new_context(bypass_csp=True)
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status in (200, 404), url
        for link in page.query_selector_all("a#jslink, a[href^='javascript']"):
            with contextlib.suppress(Exception):
                link.click(timeout=500, no_wait_after=True)
        page.wait_for_timeout(100)
        flag = page.evaluate("() => window.__xss")
        dangerous = page.evaluate(DANGEROUS_DOM_JS)
        text = page.evaluate("() => document.body.innerText")
        if "/xss/" in url:
            assert "{{ 7*7 }}" in text and "49" not in text, "template injection rendered"
            if "/escaped/" in url:
                assert "<script>window.__xss=1</script>" in text, "payload not shown as text"
    finally:
        context.close()
    return dialogs, flag, dangerous


@pytest.mark.parametrize("variant", ["escaped", "sanitised"])
def test_no_payload_runs_on_any_page(
    variant: str, browser: Any, hostile_sites: Path, hostile_url: str
) -> None:
    """With the CSP bypassed: escaping and sanitising alone must hold (the CSP is a second
    wall, tested below)."""
    pages = discover_pages(hostile_sites / variant)
    assert "/xss/" in pages and "/facts/" in pages
    problems = {}
    for path in pages:
        dialogs, flag, dangerous = _visit(browser, f"{hostile_url}/{variant}{path}")
        if dialogs or flag is not None or dangerous:
            problems[path] = {"dialogs": dialogs, "__xss": flag, "dangerous DOM": dangerous}
    assert not problems, json.dumps(problems, indent=1)


def test_the_csp_blocks_inline_script(browser: Any, hostile_url: str) -> None:
    """If markup ever slipped through, the page's own CSP would still stop it running."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{hostile_url}/escaped/xss/")
        result = page.evaluate(
            """() => new Promise((resolve) => {
                 const seen = [];
                 document.addEventListener('securitypolicyviolation',
                                           (e) => seen.push(e.violatedDirective));
                 const s = document.createElement('script');
                 s.textContent = 'window.__inline = 1';
                 document.head.appendChild(s);
                 const d = document.createElement('div');
                 d.setAttribute('style', 'color: red');
                 document.body.appendChild(d);
                 // A template that put an editor's text in href would make this link:
                 const a = document.createElement('a');
                 a.href = 'javascript:window.__link = 1';
                 a.textContent = 'x';
                 document.body.appendChild(a);
                 a.click();
                 setTimeout(() => resolve({inline: window.__inline, link: window.__link, seen,
                                           color: getComputedStyle(d).color}), 150);
               })"""
        )
    finally:
        context.close()
    assert result["inline"] is None and result["link"] is None, result
    assert any(v.startswith("script-src") for v in result["seen"]), result
    assert result["color"] != "rgb(255, 0, 0)", "inline style applied"


_CSP_META = re.compile(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", re.IGNORECASE)


def _without_csp(route: Any) -> None:
    """Serve the page with its CSP taken out: the meta tag and any header."""
    response = route.fetch()
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-security-policy"}
    route.fulfill(response=response, headers=headers, body=_CSP_META.sub("", response.text()))


@pytest.mark.parametrize("variant", ["escaped", "sanitised"])
def test_the_issue_12_page_runs_nothing_without_its_csp(
    variant: str, browser: Any, hostile_url: str
) -> None:
    """Issue #12: only the CSP stopped these alerts; now the sanitiser alone does."""
    context = browser.new_context()
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/issue12/", _without_csp)
        response = page.goto(f"{hostile_url}/{variant}/issue12/", wait_until="load")
        assert response is not None and response.status == 200
        assert page.evaluate("() => document.querySelectorAll('meta[http-equiv]').length") == 0
        # Events sent to the elements themselves: an overlay (the h2's style) cannot hide them.
        for selector, event in (("#para", "click"), ("h2", "mouseover"), ("#js", "click")):
            page.dispatch_event(selector, event)
        page.wait_for_timeout(200)
        dangerous = page.evaluate(DANGEROUS_DOM_JS)
        styled = page.evaluate("() => document.querySelectorAll('main [style]').length")
    finally:
        context.close()
    assert (dialogs, dangerous, styled) == ([], [], 0)
