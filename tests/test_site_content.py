"""The bundled Medicon Valley site, built in-process and read back as HTML.

Checks what the design promises: every figure cited and listed with its source, each research
page naming its institutions (per the source documents in shared/seeds), charts with a text
alternative and a matching table, valid JSON-LD, one h1 and the head metadata on every page,
internal links that resolve, no requests to other origins, and the site working under a sub-path.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from mvsite.cli import main

from .conftest import PUBLISHED_URL

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FIG_REF = re.compile(r"\[\[fig:([^\]\s]+)\]\]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
VOID |= {"track", "wbr"}

# Institutions each research page must name, from the Invest in Skåne source document.
INSTITUTIONS = {
    "cancer": [
        "Rigshospitalet",
        "Sino Danish Breast Cancer Research Center",
        "CREATE Health",
        "MAD for Cancer",
    ],
    "diabetes": [
        "LUDC",
        "Lund University Diabetes Centre",
        "Gentofte",
        "Novo Nordisk Foundation Center for Basic Metabolic Research",
    ],
    "inflammation": [
        "Institute for Inflammation Research",
        "Centre for Inflammation and Metabolism",
        "Department of Drug Design and Pharmacology",
        "Lund University",
    ],
    "neuroscience": ["Wallenberg Neuroscience Center", "Epilepsy Center", "BRAINlab", "CNSR"],
    "stem-cells": ["Lund Stem Cell Centre", "DanStem"],
    "microbiome": ["80+"],
}


# --------------------------------------------------------------------------- a tiny DOM


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.iter()
            if n.tag == tag and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]

    def find(self, tag: str, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag} {attrs}>"
        return found[0]

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join(" ".join(parts).split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# --------------------------------------------------------------------------- the built site


def build(tmp: Path, *extra: str, source: Path = ROOT) -> Path:
    out = tmp / "public"
    argv = ["build", "--source", str(source), "--output", str(out), "--base-url", PUBLISHED_URL]
    assert main([*argv, *extra]) == 0
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Node]:
    """URL path ('/', '/research/cancer/', '/404.html') -> parsed page."""
    found = {}
    for src in sorted(site.rglob("*.html")):
        rel = src.relative_to(site).as_posix()
        url = "/" + rel.removesuffix("index.html")
        found[url] = parse(src.read_text(encoding="utf-8"))
    return found


@dataclass(frozen=True)
class Language:
    """What the bundled site says in one of its languages, where tests look for it."""

    home: str
    facts: str
    retrieved: str  # how a source's date ends
    publisher: str  # the footer's line naming the publisher
    updated: str  # how a page's date starts


LANGUAGES = {
    "en": Language(
        "/", "/facts/", "retrieved 21 November 2026.", "Publisher: The mvsite project.",
        "Page last updated",
    ),
    "da": Language(
        "/da/", "/da/fakta/", "hentet 21. november 2026.", "Udgiver: mvsite-projektet.",
        "Siden blev senest opdateret",
    ),
    "sv": Language(
        "/sv/", "/sv/fakta-och-siffror/", "hämtad den 21 november 2026.",
        "Utgivare: mvsite-projektet.", "Sidan uppdaterades senast den",
    ),
}  # fmt: skip
NOT_FOUND = {f"{language.home}404.html" for language in LANGUAGES.values()}
SEARCH = {f"{language.home}search/" for language in LANGUAGES.values()}


def language_of(url: str) -> Language:
    """The language of the page at `url`: its folder's."""
    return LANGUAGES.get(url.split("/")[1], LANGUAGES["en"])


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, object]]:
    data = yaml.safe_load((CONTENT / "_data" / "figures.yaml").read_text(encoding="utf-8"))
    return dict(data["figures"])


def cited_keys() -> dict[str, set[str]]:
    """Figure key -> the Markdown files that cite it."""
    cited: dict[str, set[str]] = {}
    for src in sorted(CONTENT.rglob("*.md")):
        for key in FIG_REF.findall(src.read_text(encoding="utf-8")):
            cited.setdefault(key, set()).add(src.relative_to(CONTENT).as_posix())
    return cited


def head_meta(doc: Node) -> dict[str, str]:
    meta = {}
    for node in doc.find_all("meta"):
        name = node.attrs.get("name") or node.attrs.get("property")
        if name:
            meta[name] = node.attrs.get("content", "")
    return meta


# --------------------------------------------------------------------------- figures


def test_every_figure_is_cited_somewhere(figures: dict[str, object]) -> None:
    cited = cited_keys()
    assert sorted(k for k in figures if k not in cited) == []


def test_every_citation_names_a_known_figure(figures: dict[str, object]) -> None:
    unknown = {key: sorted(where) for key, where in cited_keys().items() if key not in figures}
    assert unknown == {}


def test_every_figure_has_a_row_on_the_facts_page(
    pages: dict[str, Node], figures: dict[str, dict[str, object]]
) -> None:
    facts = pages["/facts/"]
    for key, spec in figures.items():
        row = facts.find("tr", id=f"fig-{key}")
        assert row.find("th", scope="row").text.startswith(str(spec["label"]))
        cells = row.find_all("td")
        assert str(spec["display"]) in cells[0].text
        assert cells[1].text.endswith(", retrieved 21 November 2026")
        assert cells[1].find("time").attrs["datetime"] == "2026-11-21"


def test_facts_rows_name_publisher_and_document(pages: dict[str, Node]) -> None:
    sources = {
        "inhabitants": ("Medicon Valley Alliance", "Microbiome Signature Project"),
        "cancer-compounds": (
            "Invest in Skåne",
            "World-class research matched by world-class facilities",
        ),
    }
    for key, (publisher, title) in sources.items():
        facts = pages["/facts/"]
        cell = facts.find("tr", id=f"fig-{key}").find_all("td")[1]
        assert publisher in cell.text
        entry = facts.find("div", id=cell.find("a").attrs["href"].removeprefix("#"))
        assert entry.find("cite").text == title
        assert f"Published by {publisher}." in entry.text


def test_cluster_wide_figures_come_before_the_areas(pages: dict[str, Node]) -> None:
    ids = [n.attrs["id"] for n in pages["/facts/"].find_all("h3") if "id" in n.attrs]
    assert ids[0] == "cluster-wide"
    assert ids[1:] == [
        "area-cancer",
        "area-diabetes",
        "area-inflammation",
        "area-neuroscience",
        "area-microbiome",
    ]


def test_figure_links_on_every_page_reach_a_facts_row(pages: dict[str, Node]) -> None:
    for url, doc in pages.items():
        facts = language_of(url).facts
        facts_ids = {n.attrs["id"] for n in pages[facts].iter() if "id" in n.attrs}
        for link in (a for a in doc.find_all("a") if a.has_class("fig")):
            path, _, fragment = link.attrs["href"].partition("#")
            assert path == facts, (url, link.attrs["href"])
            assert fragment in facts_ids, (url, link.attrs["href"])


def figure_values(doc: Node) -> list[Node]:
    """Every element that shows a figure's value: in the text, the strip, charts, tables."""
    found = [a for a in doc.find_all("a") if a.has_class("fig") or a.has_class("stat-value")]
    found += [a for a in doc.find_all("a") if a.has_class("chart-row")]
    for table in doc.find_all("table"):
        if table.has_class("chart-table"):
            found += table.find_all("a")
    found += [td for td in doc.find_all("span") if td.has_class("fig-value")]
    return found


def test_every_figure_shown_links_to_its_facts_row_and_names_its_source(
    pages: dict[str, Node], figures: dict[str, dict[str, object]]
) -> None:
    displays = {str(f["display"]) for f in figures.values()}
    shown = 0
    for url, doc in pages.items():
        language = language_of(url)
        facts = pages[language.facts]
        facts_rows = {n.attrs["id"] for n in facts.find_all("tr") if "id" in n.attrs}
        for node in figure_values(doc):
            if node.tag == "span":  # the facts row itself
                continue
            shown += 1
            href = node.attrs["href"]
            fragment = href.partition("#")[2]
            assert href.split("#")[0] in ("", language.facts), (url, href)
            assert fragment in facts_rows, (url, href)
        cited = [a for a in doc.find_all("a") if a.has_class("fig")]
        if cited:  # the page's list of sources names each document and its date
            sources = doc.find("section", class_="page-sources")
            items = sources.find_all("li")
            assert items and all(i.text.endswith(language.retrieved) for i in items), url
            for a in cited:
                sup = next(
                    s for s in doc.find_all("span") if s.has_class("fig-cited") and a in s.children
                )
                ref = sup.find("sup").find("a").attrs["href"].removeprefix("#")
                assert sources.find("li", id=ref), (url, ref)
    assert shown > len(displays)
    strip = pages["/"].find("p", class_="stats-source").text
    assert "Medicon Valley Alliance" in strip and "Invest in Skåne" in strip
    assert "retrieved 21 November 2026" in strip


def test_every_source_with_an_address_links_out(pages: dict[str, Node]) -> None:
    data = yaml.safe_load((CONTENT / "_data" / "figures.yaml").read_text(encoding="utf-8"))
    with_url = {k: v["url"] for k, v in data["sources"].items() if v.get("url")}
    assert with_url  # the Medicon Valley Alliance page is public
    for key, address in with_url.items():
        entry = pages["/facts/"].find("div", id=f"doc-{key}")
        assert entry.find("a").attrs["href"] == address
        for url, doc in pages.items():
            for li in doc.find_all("li", id=f"source-{key}"):
                assert li.find("a").attrs["href"] == address, url


def test_the_site_says_nothing_about_what_its_sources_leave_out(pages: dict[str, Node]) -> None:
    for url, doc in pages.items():
        text = doc.find("body").text.lower()
        for phrase in (
            "does not describe",
            "give no",
            "gives no",
            "no figures",
            "static site generator",
            "as of",
        ):
            assert phrase not in text, (url, phrase)


def test_publisher_is_named_in_the_footer_and_on_the_about_page(pages: dict[str, Node]) -> None:
    config = yaml.safe_load((ROOT / "mvsite.yaml").read_text(encoding="utf-8"))
    publisher = config["publisher"]
    assert LANGUAGES["en"].publisher == f"Publisher: {publisher['name']}."
    for url, doc in pages.items():
        footer = doc.find("footer").text
        assert language_of(url).publisher in footer, url
    about = pages["/about/"].find("main").text
    for value in publisher.values():
        assert " ".join(value.split()) in about


def test_every_page_says_when_it_was_last_updated(pages: dict[str, Node]) -> None:
    import subprocess

    for url, doc in pages.items():
        if url in NOT_FOUND | SEARCH:  # made by the build, from no source of its own
            continue
        stamp = doc.find("p", class_="page-updated")
        assert stamp.text.startswith(language_of(url).updated), url
        if language_of(url) != LANGUAGES["en"]:
            assert stamp.find("time").attrs["datetime"], url
            continue
        rel = (
            "_index.md"
            if url == "/"
            else url.strip("/")
            + (".md" if url.count("/") == 2 and url != "/research/" else "/_index.md")
        )
        if url == "/research/":
            rel = "research/_index.md"
        done = subprocess.run(
            ["git", "log", "-1", "--format=%as", "--", str(CONTENT / rel)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0 and done.stdout.strip():
            assert stamp.find("time").attrs["datetime"] == done.stdout.strip(), url


# --------------------------------------------------------------------------- research pages


@pytest.mark.parametrize("area", sorted(INSTITUTIONS))
def test_research_page_names_its_institutions(pages: dict[str, Node], area: str) -> None:
    text = pages[f"/research/{area}/"].find("main").text
    missing = [name for name in INSTITUTIONS[area] if name not in text]
    assert missing == []


def test_research_section_and_home_link_every_area(pages: dict[str, Node]) -> None:
    areas = {f"/research/{area}/" for area in INSTITUTIONS}
    for url, extra in (("/", {"/microbiome-signature-project/"}), ("/research/", set())):
        cards = pages[url].find_all("li", class_="card")
        hrefs = {card.find("a").attrs["href"] for card in cards}
        assert hrefs == areas | extra, url
        assert all(card.find("p").text for card in cards), url


def test_home_shows_the_key_figures(pages: dict[str, Node]) -> None:
    strip = pages["/"].find("section", class_="key-figures")
    hrefs = [a.attrs["href"] for a in strip.find_all("a") if a.has_class("stat-value")]
    assert hrefs == [
        "/facts/#fig-inhabitants",
        "/facts/#fig-university-researchers",
        "/facts/#fig-universities",
        "/facts/#fig-microbiome-organisations",
    ]
    assert "4+ million" in strip.text and "80+" in strip.text


# --------------------------------------------------------------------------- charts


def chart_figures(pages: dict[str, Node]) -> list[Node]:
    return [f for f in pages["/facts/"].find_all("figure") if f.has_class("chart")]


def test_facts_page_charts_one_unit(pages: dict[str, Node]) -> None:
    ids = [f.find("svg").attrs["aria-labelledby"] for f in chart_figures(pages)]
    assert ids == ["chart-compounds-title"]
    facts = pages["/facts/"]
    for fig in chart_figures(pages):
        units = set()
        for a in fig.find("table").find_all("a"):
            row = facts.find("tr", id=a.attrs["href"].removeprefix("#"))
            units.add(next(s for s in row.find_all("span") if s.has_class("fig-unit")).text)
        assert len(units) == 1, units
        note = next(p for p in fig.find_all("p") if p.has_class("chart-note")).text
        assert "lower bound" in note and "retrieved 21 November 2026" in note


def test_each_chart_has_title_desc_and_a_matching_table(pages: dict[str, Node]) -> None:
    for fig in chart_figures(pages):
        svg = fig.find("svg")
        assert svg.attrs["role"] == "group"
        title_id, desc_id = svg.attrs["aria-labelledby"], svg.attrs["aria-describedby"]
        assert svg.find("title", id=title_id).text
        desc = svg.find("desc", id=desc_id).text
        values = [t.text for t in svg.find_all("text") if t.has_class("chart-value")]
        assert len(svg.find_all("rect", class_="chart-bar")) == len(values) > 0
        rows = fig.find("table").find("tbody").find_all("tr")
        table_values = [row.find("td").find("a").text for row in rows]
        assert table_values == values
        for row, value in zip(rows, values, strict=True):
            assert f"{row.find('th').text}" in desc and value in desc


def test_chart_bars_follow_the_figures(
    pages: dict[str, Node], figures: dict[str, dict[str, object]]
) -> None:
    compounds = chart_figures(pages)[0].find("svg")
    expected = sorted(
        (f for f in figures.values() if f["unit"] == "compounds" and f["area"]),
        key=lambda f: -float(str(f["value"])),
    )
    widths = [float(r.attrs["width"]) for r in compounds.find_all("rect", class_="chart-bar")]
    top = float(str(expected[0]["value"]))
    for width, f in zip(widths, expected, strict=True):
        assert width / widths[0] == pytest.approx(float(str(f["value"])) / top, abs=0.001)


# --------------------------------------------------------------------------- every page


def test_every_page_has_one_h1_and_its_metadata(pages: dict[str, Node]) -> None:
    for url, doc in pages.items():
        assert len(doc.find_all("h1")) == 1, url
        meta = head_meta(doc)
        assert meta.get("description"), url
        for key in ("og:title", "og:description", "og:type", "og:site_name", "og:locale"):
            assert meta.get(key), (url, key)
        if url in NOT_FOUND:
            assert meta["robots"] == "noindex"
            continue
        canonical = doc.find("link", rel="canonical").attrs["href"]
        assert canonical == PUBLISHED_URL.rstrip("/") + url
        assert meta["og:url"] == canonical


def test_json_ld_is_valid_and_describes_the_page(pages: dict[str, Node]) -> None:
    for url, doc in pages.items():
        scripts = doc.find_all("script", type="application/ld+json")
        if url in NOT_FOUND:
            assert scripts == []
            continue
        assert len(scripts) == 1, url
        data = json.loads(scripts[0].text)
        graph = {node["@type"]: node for node in data["@graph"]}
        assert graph["Place"]["name"] == "Medicon Valley"
        assert "Organization" not in graph  # the site is about the cluster, not run by it
        page = next(n for n in data["@graph"] if n["@id"] == PUBLISHED_URL.rstrip("/") + url)
        assert page["about"] == {"@id": graph["Place"]["@id"]}
        crumbs = page.get("breadcrumb", {}).get("itemListElement", [])
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
        if crumbs:
            assert crumbs[-1]["item"] == PUBLISHED_URL.rstrip("/") + url


def test_no_scripts_styles_or_handlers_inline(pages: dict[str, Node]) -> None:
    for url, doc in pages.items():
        for node in doc.iter():
            assert "style" not in node.attrs, (url, node.tag)
            assert not [a for a in node.attrs if a.startswith("on")], (url, node.tag)
            if node.tag == "script" and node.attrs.get("type") != "application/ld+json":
                # The one script is the search page's own, from a file (search loads on use).
                assert url in SEARCH and node.attrs["src"].startswith("/search/"), url
                assert node.attrs["type"] == "module" and not node.children, url
        assert doc.find_all("style") == [], url


def test_nothing_is_loaded_from_another_origin(pages: dict[str, Node]) -> None:
    for url, doc in pages.items():
        for node in doc.iter():
            # A canonical or alternate (hreflang) link names a page; it loads nothing.
            loaded = node.attrs.get("src") or (
                node.attrs.get("href")
                if node.tag == "link" and node.attrs.get("rel") not in ("canonical", "alternate")
                else None
            )
            if loaded:
                assert not urlsplit(loaded).netloc, (url, loaded)


def internal_links(doc: Node) -> list[str]:
    return [
        n.attrs.get("href") or n.attrs.get("src") or ""
        for n in doc.iter()
        if (n.attrs.get("href") or n.attrs.get("src") or "").startswith("/")
    ]


def resolve(site: Path, url: str, base: str = "/") -> Path:
    path = urlsplit(url).path
    assert path.startswith(base), url
    rel = path[len(base) :]
    return site / (rel + "index.html" if rel.endswith("/") or not rel else rel)


def test_internal_links_and_fragments_resolve(site: Path, pages: dict[str, Node]) -> None:
    for url, doc in pages.items():
        for href in internal_links(doc):
            target = resolve(site, href)
            assert target.is_file(), (url, href)
            fragment = urlsplit(href).fragment
            if fragment and target.suffix == ".html":
                ids = {n.attrs["id"] for n in parse(target.read_text()).iter() if "id" in n.attrs}
                assert fragment in ids, (url, href)
        for link in (a for a in doc.find_all("a") if a.attrs.get("href", "").startswith("#")):
            assert any(n.attrs.get("id") == link.attrs["href"][1:] for n in doc.iter()), url


def test_on_page_contents_on_long_pages(pages: dict[str, Node]) -> None:
    cancer = pages["/research/cancer/"].find("nav", class_="toc")
    assert [a.attrs["href"] for a in cancer.find_all("a")][:2] == [
        "#why-it-matters-for-investors",
        "#institutions-and-centres",
    ]
    assert pages["/research/"].find_all("nav", class_="toc") == []  # one heading: no list


def test_section_pages_have_breadcrumbs_and_neighbours(pages: dict[str, Node]) -> None:
    doc = pages["/research/diabetes/"]
    crumbs = doc.find("nav", class_="breadcrumbs")
    assert [li.text for li in crumbs.find_all("li")] == [
        "Medicon Valley",
        "Research areas",
        "Diabetes and metabolic disease",
    ]
    pager = doc.find("nav", class_="pager")
    assert pager.find("a", rel="prev").attrs["href"] == "/research/cancer/"
    assert pager.find("a", rel="next").attrs["href"] == "/research/inflammation/"
    # No sidebar repeating the menu: the main menu is the only list of the top pages.
    assert doc.find_all("nav", class_="section-nav") == []


def test_404_page_points_somewhere_useful(pages: dict[str, Node]) -> None:
    hrefs = {a.attrs["href"] for a in pages["/404.html"].find("main").find_all("a")}
    assert {"/", "/research/", "/facts/", "/research/cancer/"} <= hrefs


def test_every_page_stays_light(site: Path) -> None:
    css = sum(p.stat().st_size for p in site.glob("style.*.css"))
    for page in site.rglob("*.html"):
        html = page.stat().st_size
        # 40 KB before the languages' row and hreflang links (~0.6 KB a page, 1 KB of CSS);
        # the heaviest page is the Swedish facts page (Swedish runs longer than English).
        assert html + css <= 41_000, f"{page}: {html} B HTML + {css} B CSS"


# --------------------------------------------------------------------------- other builds


def test_site_works_under_a_sub_path(tmp_path: Path) -> None:
    site = build(tmp_path, "--base-url", "https://example.org/site/")
    for src in sorted(site.rglob("*.html")):
        doc = parse(src.read_text(encoding="utf-8"))
        links = internal_links(doc)
        assert links, src
        for href in links:
            assert resolve(site, href, "/site/").is_file(), (src, href)
        if src.name != "404.html":
            canonical = doc.find("link", rel="canonical").attrs["href"]
            assert canonical.startswith("https://example.org/site/")
            data = json.loads(doc.find("script", type="application/ld+json").text)
            for node in data["@graph"]:
                for crumb in node.get("breadcrumb", {}).get("itemListElement", []):
                    assert crumb["item"].startswith("https://example.org/site/"), crumb


def test_drafts_carry_a_visible_badge(tmp_path: Path) -> None:
    source = tmp_path / "src"
    for name in ("mvsite.yaml", "content", "templates", "static"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, source / name)
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, source / name)
    draft = source / "content" / "research" / "draft-area.md"
    draft.write_text(
        "---\ntitle: Draft area\ndescription: A page still being written.\ndraft: true\n---\n\n"
        "Not ready.\n",
        encoding="utf-8",
    )
    site = build(tmp_path, "--drafts", source=source)
    doc = parse((site / "research" / "draft-area" / "index.html").read_text(encoding="utf-8"))
    badge = doc.find("p", class_="draft-badge")
    assert badge.text.startswith("Draft")
    assert head_meta(doc)["robots"] == "noindex"
    published = parse((site / "research" / "cancer" / "index.html").read_text(encoding="utf-8"))
    assert published.find_all("p", class_="draft-badge") == []


# --------------------------------------------------------------------------- languages

SEEDS = ROOT.parent / "shared" / "seeds"
COPIED_WORDS = 8  # a run of this many words in a row, as in a seed, is a copied sentence
NUMBER = re.compile(r"\d[\d.,\u00a0\u202f ]*\d|\d")


# A name of two capitalised words or more ('Novo Nordisk Foundation Center for Basic Metabolic
# Research') is a fact to keep as published, not a sentence.
NAME = re.compile(
    r"\b[A-ZÆØÅÄÖ][\w-]*(?:\s+(?:(?:for|of|and|at|the|og|och|för)\s+)?[A-ZÆØÅÄÖ][\w-]*)+"
)


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", NAME.sub(" ", text).casefold())


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + COPIED_WORDS]) for i in range(len(words) - COPIED_WORDS + 1)}


def _prose(src: Path) -> str:
    """A page's Markdown without its front matter, code, link targets and figure keys."""
    text = src.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    return re.sub(r"\]\([^)]*\)|\[\[fig:[^\]]*\]\]|\{#[^}]*\}", " ", text)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the project")
def test_no_page_in_any_language_copies_a_sentence_of_the_seeds() -> None:
    seeds = set().union(*(_runs(_words(p.read_text())) for p in SEEDS.glob("*.txt")))
    for src in sorted(CONTENT.rglob("*.md")):
        copied = _runs(_words(_prose(src))) & seeds
        assert not copied, f"{src.relative_to(ROOT)} copies: {' '.join(sorted(copied)[0])}"


def _numbers(src: Path) -> list[str]:
    """The numbers a page's text states, written without separators: '7,000' -> '7000'."""
    return sorted(re.sub(r"\D", "", n) for n in NUMBER.findall(_prose(src)))


@pytest.mark.parametrize("code", ["da", "sv"])
def test_every_translation_states_the_numbers_its_original_states(code: str) -> None:
    for original in sorted(p for p in CONTENT.rglob("*.md") if p.suffixes == [".md"]):
        translation = original.with_suffix(f".{code}.md")
        assert translation.is_file(), f"{translation.relative_to(ROOT)} is missing"
        assert _numbers(translation) == _numbers(original), translation.relative_to(ROOT)
