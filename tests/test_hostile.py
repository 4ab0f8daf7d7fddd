"""Bad input never publishes: one located error, exit 1, and the previous site byte for byte.

Every case builds a good site first, then breaks it and builds again over the same output.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from mvsite.sources.limits import MAX_NESTING, MAX_PAGE_CHARS
from mvsite.write.stage import staging_dir

from .conftest import Run, tree_bytes, write_tree

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
FIGURES = """\
sources:
  s:
    title: Annual report
    publisher: Cluster office
    retrieved: 2026-01-01
    url: https://example.org/report
figures:
  f:
    value: 12
    display: "12+"
    unit: companies
    label: Companies
    source: s
    as_of: 2026-01-01
"""
GOOD_SITE: Mapping[str, str | bytes] = {
    "mvsite.yaml": "title: Good\nbase_url: https://mvsite.github.io/\n",
    "content/_index.md": "---\ntitle: Home\ndescription: The home page.\n---\nWelcome.\n",
    "content/a.md": "---\ntitle: A\ndescription: Page A.\n---\nThere are [[fig:f]].\n",
    "content/b.md": "---\ntitle: B\ndescription: Page B.\n---\nSee [A](a.md).\n",
    "content/img/dot.png": PNG,
    "content/_data/figures.yaml": FIGURES,
    "content/_data/team.yaml": "lead: Ada\n",
    "static/extra.css": "p { margin: 0; }\n",
    "static/notes.txt": "Plain text.\n",
    "templates/partial.html": "<p>A part no page uses yet.</p>\n",
}


def page(front: str, body: str = "Text.\n") -> str:
    return f"---\n{front}---\n{body}"


A = "title: A\ndescription: Page A.\n"
# Nine aliases of nine aliases ... of nine values: 9**12 values from 13 lines of YAML.
_NINE = ", ".join(["*l{}"] * 9)
_LAUGHS = (
    "  l0: &l0 ["
    + ", ".join(["lol"] * 9)
    + "]\n"
    + "".join(f"  l{i}: &l{i} [{_NINE.format(*[i - 1] * 9)}]\n" for i in range(1, 13))
)
_TOO_LONG = page(A, "word " * (MAX_PAGE_CHARS // 5))


def _symlink(rel: str, target: str) -> Callable[[Path], None]:
    """Make site/rel a symlink to target (a path relative to the site, or absolute)."""

    def make(site: Path) -> None:
        link = site / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target if target.startswith("/") else site / target)

    return make


def _outside_file(site: Path) -> None:
    secret = site.parent / "secret.txt"
    secret.write_text("private\n")
    (site / "content" / "leak.txt").symlink_to(secret)


def _outside_folder(site: Path) -> None:
    folder = site.parent / "elsewhere"
    folder.mkdir(exist_ok=True)
    (folder / "x.md").write_text(page(A))
    (site / "content" / "linked").symlink_to(folder)


def _outside_link(rel: str, folder: bool = False) -> Callable[[Path], None]:
    """Make site/rel a symlink to a file (or folder) beside the site, outside it."""

    def make(site: Path) -> None:
        target = site.parent / ("outside-folder" if folder else "outside.txt")
        if folder:
            target.mkdir(exist_ok=True)
            (target / "secret.txt").write_text("private\n")
            shutil.rmtree(site / rel)
        else:
            target.write_text("private\n")
        link = site / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)

    return make


Breakage = Mapping[str, str | bytes] | Callable[[Path], None]
# case -> (what to write over the good site, the first line of the expected error)
BROKEN: dict[str, tuple[Breakage, str]] = {
    # YAML front matter
    "yaml tab indentation": (
        {"content/a.md": "---\ntitle: A\nextra:\n\tteam: x\n---\n"},
        "content/a.md:4: YAML syntax: found character that cannot start any token",
    ),
    "yaml unclosed quote": (
        {"content/a.md": '---\ntitle: "A\ndescription: d\n---\n'},
        "content/a.md:2: YAML syntax: found unexpected end of stream",
    ),
    "yaml duplicate key": (
        {"content/a.md": page("title: A\ndescription: d\ntitle: B\n")},
        "content/a.md:4: duplicate key 'title'",
    ),
    "yaml duplicate nested key": (
        {"content/a.md": page(A + "extra:\n  team: x\n  team: y\n")},
        "content/a.md:6: duplicate key 'team'",
    ),
    "yaml list instead of mapping": (
        {"content/a.md": page("- title\n- A\n")},
        "content/a.md:2: 'the file' must be a mapping of key: value",
    ),
    "yaml 1.1 boolean title": (
        {"content/a.md": page("title: NO\n")},
        "content/a.md:2: 'title' must be text (got 'NO', which YAML reads as False)",
    ),
    "yaml 1.1 sexagesimal date": (
        {"content/a.md": page(A + "date: 12:30\n")},
        "content/a.md:4: 'date' must be a date (got '12:30', which YAML reads as 750)",
    ),
    "yaml number as tag": (
        {"content/a.md": page(A + "tags: [ok, 1.10]\n")},
        "content/a.md:4: 'tags.1' must be text (got '1.10', which YAML reads as 1.1)",
    ),
    "yaml value read as a mapping key": (
        {"content/a.md": page("title: {{ 7*7 }}\n")},
        "content/a.md:2: a mapping or list cannot be a key",
    ),
    "yaml impossible date": (
        {"content/a.md": page(A + "date: 2026-02-30\n")},
        "content/a.md:4: '2026-02-30' looks like a date but is not one (day is out of range",
    ),
    "yaml nested 5,000 deep": (
        {"content/a.md": page(A + "extra: " + "[" * 5000 + "]" * 5000 + "\n")},
        "content/a.md:4: YAML nested more than 100 levels deep",
    ),
    "yaml billion laughs": (
        {"content/a.md": page(A + "extra:\n" + _LAUGHS)},
        "content/a.md:",  # the line where the expansion passed the limit
    ),
    "data file billion laughs": (
        {"content/_data/team.yaml": _LAUGHS},
        "content/_data/team.yaml:",
    ),
    "front matter never closed": (
        {"content/a.md": "---\ntitle: A\nBody\n"},
        "content/a.md:1: front matter opened on line 1 is never closed",
    ),
    # encodings and binary files
    "latin-1 byte": (
        {"content/a.md": b"---\ntitle: A\n---\ncaf\xe9\n"},
        "content/a.md:4: not valid UTF-8 (byte 0xe9)",
    ),
    "utf-16 file": (
        {"content/a.md": "---\ntitle: A\n---\n".encode("utf-16")},
        "content/a.md:1: not valid UTF-8 (byte 0xff)",
    ),
    "png saved as a page": ({"content/a.md": PNG}, "content/a.md:1: not valid UTF-8 (byte 0x89)"),
    "nul bytes in a page": (
        {"content/a.md": b"---\ntitle: A\n---\nok\n\x00\x01\x02"},
        "content/a.md:5: looks like a binary file, not text",
    ),
    "latin-1 config": (
        {"mvsite.yaml": b"title: Caf\xe9\n"},
        "mvsite.yaml:1: not valid UTF-8 (byte 0xe9)",
    ),
    # Markdown that would take unbounded time
    "10,000 nested quotes": (
        {"content/a.md": page(A, ">" * 10_000 + " deep\n")},
        f"content/a.md:5: lists or quotes nested 10000 levels deep; the limit is {MAX_NESTING}",
    ),
    "quotes one level over the limit, as tight as they come": (
        {"content/a.md": page(A, ">" * (MAX_NESTING + 1) + "deep\n")},
        f"content/a.md:5: lists or quotes nested {MAX_NESTING + 1} levels deep",
    ),
    "list staircase": (
        {"content/a.md": page(A, "".join("    " * i + "- x\n" for i in range(100)))},
        f"content/a.md:{5 + MAX_NESTING}: lists or quotes nested {MAX_NESTING + 1} levels deep",
    ),
    "links left open, 8,000 times": (
        {"content/a.md": page(A, "Text.\n\n" + "[a](b " * 8_000 + "\n")},
        "content/a.md:7: 8,000 link brackets or parentheses left open in one paragraph",
    ),
    "link brackets nested 8,000 deep": (
        {"content/a.md": page(A, "[" * 8_000 + "x" + "](y)" * 8_000 + "\n")},
        "content/a.md:5: link brackets nested 8,000 deep would take minutes to convert",
    ),
    "page over the size limit": (
        {"content/a.md": _TOO_LONG},
        f"content/a.md: page is {len(_TOO_LONG):,} characters long; the limit is {MAX_PAGE_CHARS:,}",
    ),
    "script link": (
        {"content/a.md": page(A, "[click](javascript:alert(1))\n")},
        "content/a.md:5: link 'javascript:alert(1)' would run a script",
    ),
    "script link by reference": (
        {"content/a.md": page(A, "[click][x]\n\n[x]: JavaScript:alert(1)\n")},
        "content/a.md:7: link 'JavaScript:alert(1)' would run a script",
    ),
    # slugs and aliases
    "slug with ..": (
        {"content/a.md": page(A + "slug: ../../x\n")},
        "content/a.md:4: slug '../../x' would leave its folder",
    ),
    "slug with a slash": (
        {"content/a.md": page(A + "slug: x/y\n")},
        "content/a.md:4: slug 'x/y' would leave its folder",
    ),
    "absolute slug": (
        {"content/a.md": page(A + "slug: /etc/passwd\n")},
        "content/a.md:4: slug '/etc/passwd' would leave its folder",
    ),
    "encoded slug": (
        {"content/a.md": page(A + "slug: '%2e%2e'\n")},
        "content/a.md:4: slug '%2e%2e' would leave its folder",
    ),
    "backslash slug": (
        {"content/a.md": page(A + "slug: '..\\x'\n")},
        "content/a.md:4: slug '..\\\\x' would leave its folder",
    ),
    "slug with markup": (
        {"content/a.md": page(A + "slug: '<b>'\n")},
        "content/a.md:4: slug '<b>' is not a valid URL part",
    ),
    "alias with ..": (
        {"content/a.md": page(A + "aliases: [/ok/, ../../x]\n")},
        "content/a.md:4: alias '../../x' is not a path inside the site",
    ),
    "encoded alias": (
        {"content/a.md": page(A + "aliases: ['%2e%2e/x']\n")},
        "content/a.md:4: alias '%2e%2e/x' is not a path inside the site",
    ),
    "alias to another site": (
        {"content/a.md": page(A + "aliases: ['https://evil.example/x']\n")},
        "content/a.md:4: alias 'https://evil.example/x' is not a path inside the site",
    ),
    "windows alias": (
        {"content/a.md": page(A + "aliases: ['C:\\Windows']\n")},
        "content/a.md:4: alias 'C:\\\\Windows' is not a path inside the site",
    ),
    # symlinks
    "symlink to a file outside": (_outside_file, "content/leak.txt: symlink points outside"),
    "symlink to a folder outside": (
        _outside_folder,
        "content/linked: symlinked folders are not followed",
    ),
    "symlink to /etc/passwd": (
        _symlink("content/p.txt", "/etc/passwd"),
        "content/p.txt: symlink points outside the site",
    ),
    "symlink loop": (
        _symlink("content/loop.md", "content/loop.md"),
        "content/loop.md: symlink is broken or loops",
    ),
    "broken symlink": (
        _symlink("content/gone.md", "content/nowhere.md"),
        "content/gone.md: symlink is broken or loops",
    ),
    "static symlink to /etc/hostname": (
        _symlink("static/hostname.txt", "/etc/hostname"),
        "static/hostname.txt: symlink points outside the site",
    ),
    "static stylesheet linked from outside": (
        _outside_link("static/more.css"),
        "static/more.css: symlink points outside the site",
    ),
    "static folder linked from outside": (
        _outside_link("static", folder=True),
        "static: symlink points outside the site",
    ),
    "symlinked folder in static": (
        _symlink("static/again", "content/img"),
        "static/again: symlinked folders are not followed",
    ),
    "template linked from outside": (
        _outside_link("templates/page.html"),
        "templates/page.html: symlink points outside the site",
    ),
    "broken template symlink": (
        _symlink("templates/page.html", "templates/nowhere.html"),
        "templates/page.html: symlink is broken or loops",
    ),
    "300-character slug": (
        {"content/a.md": page(A + "slug: " + "a" * 300 + "\n")},
        "content/a.md:4: slug is 300 bytes long; the limit is 200",
    ),
    "alias with a 300-character part": (
        {"content/a.md": page(A + "aliases: [/old/" + "b" * 300 + "/]\n")},
        "content/a.md:4: alias '/old/bbbb",
    ),
    # URLs that collide
    "alias of the sitemap": (
        {"content/c.md": page("title: C\ndescription: d\naliases: [/sitemap.xml]\n")},
        "content/c.md:4: content/c.md produces /sitemap.xml/index.html and sitemap.xml"
        " produces /sitemap.xml: one cannot be a file and the other in a folder of that name",
    ),
    "alias of robots.txt, second in the list": (
        {"content/c.md": page("title: C\ndescription: d\naliases: [/c-old/, /robots.txt/]\n")},
        "content/c.md:4: content/c.md produces /robots.txt/index.html and robots.txt",
    ),
    "alias under an image": (
        {"content/c.md": page("title: C\ndescription: d\naliases: [/img/dot.png/x/]\n")},
        "content/c.md:4: content/c.md produces /img/dot.png/x/index.html and"
        " content/img/dot.png produces /img/dot.png",
    ),
    "static file named like a page's folder": (
        {"static/a": "x\n"},
        "static/a: static/a produces /a and content/a.md produces /a/index.html",
    ),
    "urls differing by case": (
        {"content/A.md": page("title: Big A\ndescription: d\n")},
        "content/a.md: content/a.md and content/A.md both produce /A/index.html",
    ),
    "slug taken": (
        {"content/c.md": page("title: C\ndescription: d\nslug: a\n")},
        "content/c.md:4: slug 'a' gives /a/, which content/a.md already has",
    ),
    "alias over a page": (
        {"content/c.md": page("title: C\ndescription: d\naliases: [/a/]\n")},
        "content/c.md:4: content/c.md and content/a.md both produce /a/index.html",
    ),
    "folder named like a page": (  # (a folder with no page in it is no section: no clash)
        {"content/a/x.md": page("title: X\ndescription: d\n")},
        "content/a/_index.md: content/a/_index.md and content/a.md both produce /a/index.html",
    ),
    "file over a generated file": (
        {"content/robots.txt": "User-agent: *\nDisallow: /\n"},
        "robots.txt: robots.txt and content/robots.txt both produce /robots.txt",
    ),
    "page over the 404 page": (
        {"content/404.html": "<p>mine</p>\n"},
        "404.html: 404.html and content/404.html both produce /404.html",
    ),
    # data files
    "figure value as text": (
        {"content/_data/figures.yaml": FIGURES.replace("value: 12", "value: lots")},
        "content/_data/figures.yaml:9: 'figures.f.value' must be a number (got 'lots')",
    ),
    "figure display read as a number": (
        {"content/_data/figures.yaml": FIGURES.replace('display: "12+"', "display: 1.10")},
        "content/_data/figures.yaml:10: 'figures.f.display' must be text "
        "(got '1.10', which YAML reads as 1.1)",
    ),
    "source title read as a boolean": (
        {"content/_data/figures.yaml": FIGURES.replace("title: Annual report", "title: No")},
        "content/_data/figures.yaml:3: 'sources.s.title' must be text "
        "(got 'No', which YAML reads as False)",
    ),
    "figure date as sexagesimal": (
        {"content/_data/figures.yaml": FIGURES.replace("as_of: 2026-01-01", "as_of: 20:26")},
        "content/_data/figures.yaml:14: 'figures.f.as_of' must be a date (got '20:26', which YAML reads as 1226)",
    ),
    "source url with a script": (
        {
            "content/_data/figures.yaml": FIGURES.replace(
                "https://example.org/report", "javascript:x"
            )
        },
        "content/_data/figures.yaml:6: 'sources.s.url' must be an http(s) address",
    ),
    "data file syntax": (
        {"content/_data/team.yaml": "lead: [Ada\n"},
        "content/_data/team.yaml:1: YAML syntax: did not find expected ',' or ']'",
    ),
    "data file duplicate key": (
        {"content/_data/team.yaml": "lead: Ada\nlead: Bo\n"},
        "content/_data/team.yaml:2: duplicate key 'lead'",
    ),
    "data file as latin-1": (
        {"content/_data/team.yaml": b"lead: Ren\xe9\n"},
        "content/_data/team.yaml:1: not valid UTF-8 (byte 0xe9)",
    ),
    "config yaml 1.1 trap": (
        {"mvsite.yaml": "title: Good\nbase_url: https://mvsite.github.io/\nallow_html: 'yes'\n"},
        "mvsite.yaml:3: 'allow_html' must be true or false (got 'yes')",
    ),
    # templates
    "missing template": (
        {"content/a.md": page(A + "template: nope.html\n")},
        "content/a.md:4: template not found: nope.html",
    ),
    "template syntax error": (
        {"templates/page.html": "<p>\n{% if %}\n"},
        "templates/page.html:2: template syntax: Expected an expression",
    ),
    "undefined attribute": (
        {"templates/page.html": "<p>\n{{ page.titel }}\n"},
        "templates/page.html:2: page has no 'titel'",
    ),
    "undefined variable": (
        {"templates/page.html": "<p>\n\n{{ nope }}\n"},
        "templates/page.html:3: template: 'nope' is undefined",
    ),
    "template runtime error": (
        {"templates/page.html": "<p>{{ 1 // 0 }}</p>\n"},
        "templates/page.html:1: template: ZeroDivisionError: integer division or modulo by zero",
    ),
    "template recursion": (
        {"templates/page.html": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}\n"},
        "templates/page.html:1: template: RecursionError",
    ),
    "template runs a shell command": (
        {"templates/page.html": "<p>\n{{ cycler.__init__.__globals__.os.popen('id').read() }}\n"},
        "templates/page.html:2: template: not allowed: access to attribute '__init__'",
    ),
    "template loops a billion times": (
        {"templates/page.html": "<p>\n{% for i in range(10**9) %}{{ i }}{% endfor %}\n"},
        "templates/page.html:2: template: OverflowError: Range too big.",
    ),
    "template includes /etc/passwd": (
        {"templates/page.html": "<p>\n\n{% include '/etc/passwd' %}\n"},
        "templates/page.html:3: template not found: /etc/passwd",
    ),
    "template includes a missing template": (
        {"templates/page.html": "<p>\n{% include 'nope.html' %}\n"},
        "templates/page.html:2: template not found: nope.html",
    ),
    "template not UTF-8": (
        {"templates/page.html": b"<p>\ncaf\xe9\n"},
        "templates/page.html:2: not valid UTF-8 (byte 0xe9)",
    ),
    "unknown asset in a template": (
        {"templates/page.html": "{{ asset('nope.css') }}\n"},
        "templates/page.html:1: asset('nope.css'): no such file in static/",
    ),
}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good site, built once: each case copies it (sources, output and cache)."""
    site = write_tree(tmp_path_factory.mktemp("good") / "site", GOOD_SITE)
    result = _build(site)
    assert result.code == 0, result.err
    return site


def _build(site: Path, *extra: str, timeout: float = 120) -> Run:
    proc = subprocess.run(
        [sys.executable, "-m", "mvsite", "build", "--source", str(site), *extra],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _break(site: Path, breakage: Breakage) -> None:
    if callable(breakage):
        breakage(site)
    else:
        write_tree(site, breakage)


def _copy(good: Path, dest: Path) -> Path:
    shutil.copytree(good, dest, symlinks=True)
    return dest


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_site_keeps_the_previous_output(
    case: str, good_build: Path, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    breakage, expected = BROKEN[case]
    site = _copy(good_build, tmp_path / "site")
    before = tree_bytes(site / "public")
    _break(site, breakage)
    result = run_cli("build", "--source", site)
    assert result.code == 1, result.out + result.err
    assert result.err.startswith("error: " + expected), result.err
    if "laughs" in case:
        assert "YAML aliases expand to too many values" in result.err
    assert "Traceback" not in result.err
    assert "\n  hint: " in result.err
    assert tree_bytes(site / "public") == before
    assert not staging_dir(site / "public").exists()


def test_yaml_aliases_in_moderation_still_build(
    good_build: Path, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    """A value reused through an alias is fine; only an explosion of them is refused."""
    data = "base: &base {publisher: Cluster office, year: 2026}\n" + "".join(
        f"r{i}: {{<<: *base, title: Report {i}}}\n" for i in range(20)
    )
    site = _copy(good_build, tmp_path / "site")
    write_tree(site, {"content/_data/team.yaml": data})
    result = run_cli("build", "--source", site)
    assert result.code == 0, result.err


def test_a_byte_order_mark_is_accepted_and_dropped(
    good_build: Path, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    """Windows editors save UTF-8 with a BOM; it is not content, so it never reaches a page."""
    site = _copy(good_build, tmp_path / "site")
    bom = "\ufeff"
    write_tree(
        site,
        {
            "mvsite.yaml": bom + GOOD_SITE["mvsite.yaml"],  # type: ignore[operator]
            "content/a.md": bom + page(A, "Body.\n"),
            "content/_data/team.yaml": bom + "lead: Ada\n",
        },
    )
    result = run_cli("build", "--source", site)
    assert result.code == 0, result.err
    html = (site / "public" / "a" / "index.html").read_text(encoding="utf-8")
    assert bom not in html and "<title>A · Good</title>" in html


def test_windows_line_endings_build(
    good_build: Path, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = _copy(good_build, tmp_path / "site")
    (site / "content" / "a.md").write_bytes(
        page(A, "Body.\n\n## Part\n").encode().replace(b"\n", b"\r\n")
    )
    result = run_cli("build", "--source", site)
    assert result.code == 0, result.err
    assert 'id="part"' in (site / "public" / "a" / "index.html").read_text()


def test_a_binary_asset_is_copied_byte_for_byte(
    good_build: Path, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    site = _copy(good_build, tmp_path / "site")
    blob = bytes(range(256)) * 1000 + b"\x00\xff"
    write_tree(site, {"content/files/data.bin": blob, "content/files/odd.md.bak": b"\x00"})
    result = run_cli("build", "--source", site)
    assert result.code == 0, result.err
    assert (site / "public" / "files" / "data.bin").read_bytes() == blob
    assert (site / "public" / "img" / "dot.png").read_bytes() == PNG


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("a 1 MB line of words", "word " * 200_000),
        ("a 1 MB line with markup", ("*a* [b](b.md) `c` " + "word " * 190) * 1_000),
    ],
)
def test_a_long_line_builds(name: str, line: str, good_build: Path, tmp_path: Path) -> None:
    site = _copy(good_build, tmp_path / "site")
    write_tree(site, {"content/a.md": page(A, line + "\n")})
    result = _build(site)  # its timeout guards against a hang
    assert result.code == 0, (name, result.err)
    assert (site / "public" / "a" / "index.html").stat().st_size > 900_000


def test_a_20_mb_page_is_refused_before_it_is_converted(good_build: Path, tmp_path: Path) -> None:
    """Before the size limit this took 150 s and 700 MB to build. Now it is refused."""
    site = _copy(good_build, tmp_path / "site")
    paragraph = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit. " * 20 + "\n\n"
    (site / "content" / "a.md").write_text(page(A, paragraph * (20_000_000 // len(paragraph))))
    before = tree_bytes(site / "public")
    # A wrapper whose only child is the build: its RUSAGE_CHILDREN is that build's own peak
    # (pytest's would be the largest child it ever had, a browser say).
    wrapper = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[1:]).returncode\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(code)\n"
    )
    command = [sys.executable, "-m", "mvsite", "build", "--source", str(site)]
    proc = subprocess.run(
        [sys.executable, "-c", wrapper, *command], capture_output=True, text=True, timeout=120
    )
    err, peak_mb = proc.stderr, int(proc.stdout.split()[-1]) / 1024
    assert proc.returncode == 1
    assert err.startswith("error: content/a.md: page is 19,99"), err
    assert "Traceback" not in err
    assert peak_mb < 400, peak_mb  # the file is read once, not parsed
    assert tree_bytes(site / "public") == before


def test_a_runaway_markdown_recursion_is_a_located_error(
    good_build: Path, tmp_path: Path, run_cli: Callable[..., Run]
) -> None:
    """Python-Markdown recurses once per definition in a run without blank lines: a glossary
    of 500 terms exhausts the interpreter's recursion limit. That is one located error."""
    site = _copy(good_build, tmp_path / "site")
    write_tree(site, {"content/a.md": page(A, "Term\n: Definition.\n" * 500)})
    before = tree_bytes(site / "public")
    result = run_cli("build", "--source", site)
    assert result.code == 1
    assert result.err.startswith("error: content/a.md: Markdown too deeply nested"), result.err
    assert "\n  hint: " in result.err
    assert tree_bytes(site / "public") == before


# --------------------------------------------------------------------------- unreadable files

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _without_permission_bypass() -> None:
    """preexec_fn: root keeps its uid but loses the capabilities that let it read any file.

    (Dropping to `nobody` with os.setuid would also stop the read, but this machine's
    Python lives under /root, which nobody may not enter.)
    """
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _build_unprivileged(site: Path) -> Run:
    proc = subprocess.run(
        [sys.executable, "-m", "mvsite", "build", "--source", str(site)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_without_permission_bypass if os.geteuid() == 0 else None,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _require_unreadable(path: Path) -> None:
    probe = subprocess.run(
        [sys.executable, "-c", f"open({str(path)!r}, 'rb').read()"],
        capture_output=True,
        preexec_fn=_without_permission_bypass if os.geteuid() == 0 else None,
    )
    if probe.returncode == 0:
        pytest.skip("chmod 000 does not stop reads here (root with capabilities we cannot drop)")


@pytest.mark.skipif(sys.platform != "linux", reason="uses Linux capabilities to act as non-root")
@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("content/a.md", "content/a.md: cannot read file: Permission denied"),
        ("content/_data/team.yaml", "content/_data/team.yaml: cannot read file: Permission denied"),
        ("mvsite.yaml", "mvsite.yaml: cannot read file: Permission denied"),
        ("content/img", "content/img: cannot read folder: Permission denied"),
        ("content/img/dot.png", "content/img/dot.png: cannot read file: Permission denied"),
        ("static", "static: cannot read folder: Permission denied"),
        ("static/extra.css", "static/extra.css: cannot read file: Permission denied"),
        ("static/notes.txt", "static/notes.txt: cannot read file: Permission denied"),
        ("templates/partial.html", "templates/partial.html: cannot read file: Permission denied"),
        ("templates", "templates: cannot read folder: Permission denied"),
    ],
)
def test_an_unreadable_file_is_a_located_error(
    rel: str, expected: str, good_build: Path, tmp_path: Path
) -> None:
    site = _copy(good_build, tmp_path / "site")
    before = tree_bytes(site / "public")
    target = site / rel
    target.chmod(0)
    try:
        _require_unreadable(target / "dot.png" if target.is_dir() else target)
        result = _build_unprivileged(site)
    finally:
        target.chmod(0o755 if target.is_dir() else 0o644)
    assert result.code == 1, result.out + result.err
    assert result.err.startswith("error: " + expected), result.err
    assert "Traceback" not in result.err
    assert tree_bytes(site / "public") == before
    assert not staging_dir(site / "public").exists()


# --------------------------------------------------------------------------- special files


def _special(rel: str, kind: int) -> Callable[[Path], None]:
    def make(site: Path) -> None:
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        try:  # a device (/dev/null's numbers) needs privileges; a pipe or socket does not
            os.mknod(path, kind | 0o600, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("cannot make a device file here")

    return make


@pytest.mark.skipif(not hasattr(os, "mknod"), reason="needs os.mknod")
@pytest.mark.parametrize(
    ("rel", "kind", "expected"),
    [
        ("content/f.md", stat.S_IFIFO, "content/f.md: a named pipe (FIFO), not a file"),
        ("content/a.md", stat.S_IFIFO, "content/a.md: a named pipe (FIFO), not a file"),
        ("content/img/f.png", stat.S_IFIFO, "content/img/f.png: a named pipe (FIFO), not a file"),
        ("content/_data/team.yaml", stat.S_IFIFO, "content/_data/team.yaml: a named pipe"),
        ("static/extra.css", stat.S_IFIFO, "static/extra.css: a named pipe (FIFO), not a file"),
        ("static/f.txt", stat.S_IFIFO, "static/f.txt: a named pipe (FIFO), not a file"),
        ("templates/page.html", stat.S_IFIFO, "templates/page.html: a named pipe (FIFO)"),
        ("mvsite.yaml", stat.S_IFIFO, "mvsite.yaml: a named pipe (FIFO), not a file"),
        ("content/s.md", stat.S_IFSOCK, "content/s.md: a socket, not a file"),
        ("static/null.txt", stat.S_IFCHR, "static/null.txt: a device, not a file"),
    ],
)
def test_a_pipe_socket_or_device_is_named_and_never_read(
    rel: str, kind: int, expected: str, good_build: Path, tmp_path: Path
) -> None:
    """Reading a named pipe waits for a writer that never comes: the build must not open it."""
    site = _copy(good_build, tmp_path / "site")
    before = tree_bytes(site / "public")
    _special(rel, kind)(site)
    try:
        result = _build(site, "--no-cache", timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the build hung on {rel}")
    assert result.code == 1, result.out + result.err
    assert result.err.startswith("error: " + expected), result.err
    assert "\n  hint: " in result.err
    assert "Traceback" not in result.err
    assert tree_bytes(site / "public") == before
