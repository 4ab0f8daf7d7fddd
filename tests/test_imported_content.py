"""Pages written for other tools (Hugo, GitHub, Obsidian) build as they stand: what mvsite
reads is read, and what it cannot is said at its line, never published silently."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from .conftest import Run, copy_site


class _Elements(HTMLParser):
    """Each element's tag and attributes, and the text of the page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _page(public: Path, url: str) -> _Elements:
    parsed = _Elements()
    parsed.feed((public / url / "index.html").read_text())
    return parsed


def test_other_tools_pages_build_and_what_is_not_read_is_said(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = copy_site("imported", tmp_path / "site")
    result = run_cli("build", "--source", site)
    assert result.code == 0, result.err
    said = [line for line in result.err.splitlines() if line.startswith("warning")]
    assert [line.split(" is shown as text")[0] for line in said] == [
        "warning: content/hugo-page.md:12: '{{< youtube w7Ft2ymGmfc >}}'",
        "warning: content/readme.md:13: raw HTML",
        "warning: content/vault-note.md:9: '[[Getting Started|the start]]'",
    ]
    assert run_cli("build", "--source", site, "--strict").code == 1

    public = site / "public"
    hugo = _page(public, "hugo-page")
    assert ("time", {"datetime": "2024-01-14"}) in hugo.elements
    assert "A page from Hugo" in hugo.text and "+++" not in "".join(hugo.text)
    readme = _page(public, "readme")
    classes = [attrs.get("class") for tag, attrs in readme.elements if tag == "div"]
    assert "admonition note" in classes and "admonition warning" in classes
    warning = (public / "readme" / "index.html").read_text().split('class="admonition warning"')
    assert "<ul>\n<li>Back up first.</li>\n<li>Then upgrade.</li>\n</ul>" in warning[1]
    assert "[!NOTE]" not in "".join(readme.text)
    vault = _page(public, "vault-note")
    assert ("details", {"class": "faq"}) in vault.elements  # folded: no `open`


def test_a_readmes_code_in_lists_and_its_named_anchors_work_in_a_strict_build(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "mvsite.yaml").write_text(
        "title: Tool\nbase_url: https://tool.example.dev/\nallow_html: true\n"
    )
    (site / "content" / "index.md").write_text(
        "---\ntitle: Tool\ndescription: A README as GitHub shows it.\n---\n"
        "1. Install it:\n\n    ```bash\n    pip install tool\n    ```\n\n2. See [parse](#parse).\n\n"
        '#### <a name="parse"></a> `parse(text)`\n\nReads the text.\n'
    )
    result = run_cli("build", "--source", site, "--strict")
    assert result.code == 0, result.err
    page = _page(site / "public", "")
    tags = [tag for tag, _ in page.elements]
    assert tags[tags.index("ol") : tags.index("ol") + 5] == ["ol", "li", "p", "div", "pre"]
    assert ("a", {"id": "parse"}) in page.elements


def test_an_h1_that_is_only_an_image_stays_on_the_page(
    tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "mvsite.yaml").write_text("title: Tool\nbase_url: https://tool.example.dev/\n")
    (site / "content" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (site / "content" / "start.md").write_text("# ![](logo.svg)\n\nHello.\n")
    assert run_cli("build", "--source", site).code == 0
    page = _page(site / "public", "start")
    assert "Start · Tool" in page.text  # named after its file
    assert ("img", {"alt": "", "src": "/logo.svg"}) in page.elements
