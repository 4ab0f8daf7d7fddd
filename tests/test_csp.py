"""Every built page carries a Content-Security-Policy that allows no inline script or style
and no other origin, and nothing on the page needs more: no inline script (JSON-LD aside),
no `style` attribute or element, no event handler attribute, no javascript: URL.
(The browser enforcing it is tested in tests/browser/test_xss.py.)"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .conftest import Run, SiteFiles, copy_site

ROOT = Path(__file__).resolve().parents[1]
REQUIRED = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
ALLOWED_EXTRA_SOURCES = {"img-src": {"data:"}}  # inline SVG icons as data: URLs are fine


def parse_policy(text: str) -> dict[str, list[str]]:
    policy: dict[str, list[str]] = {}
    for part in text.split(";"):
        words = part.split()
        if words:
            assert words[0] not in policy, f"directive twice: {words[0]}"
            policy[words[0]] = words[1:]
    return policy


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.head_tags: list[tuple[str, dict[str, str | None]]] = []
        self.in_head = False
        self.policies: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif self.in_head:
            self.head_tags.append((tag, values))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == (
            "content-security-policy"
        ):
            self.policies.append(values.get("content") or "")
        if tag == "script" and values.get("type") != "application/ld+json":
            self.problems.append(f"<script {values}>")
        if tag == "script" and values.get("src"):
            self.problems.append(f"script with src: {values['src']}")
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                ("javascript:", "vbscript:")
            ):
                self.problems.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def _copy_repository_site(dest: Path) -> Path:
    for part in ("content", "templates", "static"):
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, dest / part)
    shutil.copy2(ROOT / "mvsite.yaml", dest / "mvsite.yaml")
    return dest


@pytest.fixture(params=["repository site", "basic fixture site", "plain folder"])
def built(request: pytest.FixtureRequest, tmp_path: Path, run_cli: Callable[..., Run]) -> Path:
    if request.param == "repository site":
        source = _copy_repository_site(tmp_path / "src")
    elif request.param == "basic fixture site":
        source = copy_site("basic", tmp_path / "basic")
    else:  # the packaged theme alone, with an alias (its redirect page)
        source = tmp_path / "plain"
        source.mkdir()
        (source / "a.md").write_text("---\ntitle: A\naliases: [/old/]\n---\nText.\n")
    out = tmp_path / "out"
    result = run_cli("build", "--source", source, "--output", out, "--no-cache")
    assert result.code == 0, result.err
    return out


def test_every_page_has_the_policy_and_needs_nothing_more(built: Path) -> None:
    pages = sorted(built.rglob("*.html"))
    assert pages
    for page in pages:
        scan = _PageScan()
        scan.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(built).as_posix()
        assert len(scan.policies) == 1, where
        # Before anything the policy governs: right after <meta charset>.
        assert [t for t, _ in scan.head_tags[:2]] == ["meta", "meta"], where
        assert "charset" in scan.head_tags[0][1], where
        assert scan.head_tags[1][1].get("http-equiv") == "Content-Security-Policy", where
        policy = parse_policy(scan.policies[0])
        problems = scan.problems
        if where in ("search/index.html", "da/search/index.html", "sv/search/index.html"):
            # A search page alone (one a language): Pagefind's wasm when no worker starts,
            # and its script.
            assert policy.pop("script-src") == ["'self'", "'wasm-unsafe-eval'"]
            policy["script-src"] = ["'self'"]
            script = [p for p in problems if p.startswith("<script {'type': 'module'")]
            assert len(script) == 1 and "'src': '/search/search." in script[0], problems
            problems = [p for p in problems if p not in script and "search/search." not in p]
        for directive, sources in REQUIRED.items():
            assert policy.get(directive) == sources, (where, directive, policy.get(directive))
        for directive, sources in policy.items():
            extra = (
                set(sources) - {"'self'", "'none'"} - ALLOWED_EXTRA_SOURCES.get(directive, set())
            )
            assert not extra, (where, directive, extra)  # no other origin, no 'unsafe-*'
        assert not problems, (where, problems)


def _image_policy(html: str) -> list[str]:
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert found is not None
    return parse_policy(found.group(1))["img-src"]


def test_an_image_from_another_site_is_a_warning_unless_the_policy_lets_it_load(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    page = "---\ntitle: A\ndescription: D.\n---\n\n![PyPI](https://img.shields.io/pypi/v/x.svg)\n"
    site = make_site({"mvsite.yaml": "title: T\n", "content/index.md": page})
    blocked = run_cli("build", "-s", site, "--no-cache")
    assert "warning: content/index.md:6: image from another site (https://img.shields.io" in (
        blocked.err
    )
    assert "set external_images: true in mvsite.yaml" in blocked.err
    assert _image_policy((site / "public/index.html").read_text()) == ["'self'", "data:"]
    (site / "mvsite.yaml").write_text("title: T\nexternal_images: true\n")
    allowed = run_cli("build", "-s", site, "--no-cache")
    assert "image from another site" not in allowed.err
    assert _image_policy((site / "public/index.html").read_text()) == ["'self'", "data:", "https:"]


def test_a_mkdocs_project_shows_images_from_other_sites_as_mkdocs_does(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    page = "# Home\n\n![CI](https://github.com/x/y/workflows/ci/badge.svg)\n"
    site = make_site({"mkdocs.yml": "site_name: P\n", "docs/index.md": page})
    result = run_cli("build", "-s", site)
    assert result.code == 0 and "image from another site" not in result.err
    assert _image_policy((site / "public/index.html").read_text()) == ["'self'", "data:", "https:"]


def test_an_image_over_plain_http_is_a_warning_even_where_other_sites_images_load(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    page = "---\ntitle: A\ndescription: D.\n---\n\n![x](http://example.org/x.png) ![y](//example.org/y.png)\n"
    config = "title: T\nexternal_images: true\n"
    site = make_site({"mvsite.yaml": config, "content/index.md": page})
    result = run_cli("build", "-s", site, "--no-cache")
    assert "image from another site (http://example.org/x.png)" in result.err
    assert "write its https:// address" in result.err
    assert "y.png" not in result.err


def test_an_image_from_another_site_in_raw_html_is_a_warning_too(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    page = '---\ntitle: A\ndescription: D.\n---\n\n<p>Logo: <img src="https://x.dk/l.png" alt="X"></p>\n'
    site = make_site({"mvsite.yaml": "title: T\nallow_html: true\n", "content/index.md": page})
    result = run_cli("build", "-s", site, "--no-cache")
    assert "warning: content/index.md:6: image from another site (https://x.dk/l.png)" in result.err
