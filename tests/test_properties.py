"""Property-based: whatever an editor writes in front matter, Markdown, file names or data
files, a build either succeeds or fails with one SiteError (exit 1, `path: message`, no
traceback), and it never writes anywhere but its output folder."""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mvsite.cli import main
from mvsite.sources.site_paths import CACHE_DIR
from mvsite.write.stage import staging_dir

from .conftest import tree_bytes, write_tree

pytestmark = pytest.mark.slow

EXAMPLES = 100
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # the same inputs on every run: a failure here is always reproducible
)

# Characters that mean something to YAML, Markdown, HTML, URLs or file systems.
TRICKY = "\t\n :-?,[]{}#&*!|>'\"%@`\\/.<=+_~()$;^\u00e9\u2028\u0085\ufeff"
tricky_text = st.text(alphabet=st.sampled_from([*TRICKY, "a", "b", "1", "0"]), max_size=40)
words = st.sampled_from(
    ["yes", "No", "on", "~", "null", "1.10", "12:30", "2026-13-45", "2026-01-01", "0x1F",
     ".inf", "-1", "1e3", "&a", "*a", "!!python/object:os.system", "..", "../x", "/etc",
     "%2e%2e", "a/b", "<script>", "{{ 7*7 }}", "javascript:x", "[a, b]", "{a: 1}", "''", '"']
)  # fmt: skip
scalar = st.one_of(words, tricky_text)
SEPARATORS = [" ", "", "  ", "\t"]
KEYS = ["title", "description", "date", "updated", "draft", "weight", "template",
        "page_template", "slug", "aliases", "tags", "extra", "tilte"]  # fmt: skip


plain_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30
)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Front matter text: valid with odd values, `key: value` lines of traps, or anything."""
    kind = draw(st.sampled_from(["valid", "valid", "valid", "lines", "text"]))
    if kind == "text":
        return draw(st.text(max_size=120))
    lines = []
    if kind == "valid":  # a JSON string is a valid YAML double-quoted scalar
        lines = [f"title: {json.dumps(draw(plain_text), ensure_ascii=False)}", "description: D."]
        lines += [f"tags: {json.dumps(draw(st.lists(plain_text, max_size=3)), ensure_ascii=False)}"]
        lines += [f"extra: {{k: {json.dumps(draw(plain_text), ensure_ascii=False)}}}"]
    for _ in range(draw(st.integers(0, 3 if kind == "valid" else 6))):
        separator = draw(st.sampled_from(SEPARATORS))
        lines.append(draw(st.sampled_from(KEYS)) + ":" + separator + draw(scalar))
    return "\n".join(lines) + "\n"


MARKDOWN_PIECES = [
    "# Heading\n", "## Sub\n", "[b](b.md)", "[x](missing.md)", "[a](#part)", "[j](javascript:x)",
    "![img](img/dot.png)", "![](nope.png)", "[[fig:f]]", "[[fig:nope]]", "<script>x()</script>",
    "<img src=x onerror=y>", "```\ncode\n", "```\n", "> quote\n", "- item\n", "1. one\n",
    "    indented\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "Term\n: Def\n", "[^n]\n\n[^n]: Note\n",
    "*[HTML]: Hyper\n", "!!! note\n    Body\n", "{: #id .c }\n", "[TOC]\n", "\n\n", "***",
    "&amp;", "&#0;", "\\", "`", "[", "](", "<", "{{ 7*7 }}", "%", "\u2028", "\r\n",
]  # fmt: skip
markdown_text = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), tricky_text), max_size=25).map(
    "".join
)


def _page(front: str | None, body: str) -> str:
    return body if front is None else f"---\n{front}---\n{body}"


BASE_SITE: Mapping[str, str | bytes] = {
    "mvsite.yaml": "title: Props\nbase_url: https://mvsite.github.io/\n",
    "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\nHi.\n",
    "content/b.md": "---\ntitle: B\ndescription: B.\n---\n## Part\n",
    "content/img/dot.png": b"\x89PNG\r\n\x1a\n",
    "content/_data/figures.yaml": "sources:\n  s: {title: T, publisher: P, retrieved: 2026-01-01}\n"
    "figures:\n  f: {value: 1, display: '1', unit: u, label: L, source: s, as_of: 2026-01-01}\n",
}


@contextlib.contextmanager
def _workspace() -> Iterator[Path]:
    """A temporary folder with a bystander folder next to the site and the output."""
    with tempfile.TemporaryDirectory(prefix="mvsite-prop-") as tmp:
        root = Path(tmp)
        write_tree(root / "bystander", {"keep.txt": "untouched\n", "x/etc/passwd": "root\n"})
        yield root


def _everything_but_output(root: Path) -> dict[str, bytes]:
    """(--no-cache writes the site's cache anew: that is the build's too.)"""
    ours = ("out/", f"site/{CACHE_DIR}/")
    return {rel: data for rel, data in tree_bytes(root).items() if not rel.startswith(ours)}


def check_build(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Build `files` over the base site: exit 0, or exit 1 with one located error; and
    nothing written outside root/out and the cache (and no staging folder left)."""
    site = write_tree(root / "site", {**BASE_SITE, **files})
    before = _everything_but_output(root)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(
            ["build", "--source", str(site), "--output", str(root / "out"), "--no-cache",
             "--jobs", "1"]
        )  # fmt: skip
    text = err.getvalue()
    assert code in (0, 1), text
    first = text.splitlines()[0] if text else ""
    event("built" if code == 0 else "refused: " + first.split(": ", 2)[-1].split("(")[0][:50])
    if code == 1:
        errors = [line for line in text.splitlines() if line.startswith("error: ")]
        assert errors, text
        assert all(re.match(r"error: (.+?: |and \d+ more errors$)", e) for e in errors)
        assert "Traceback" not in text
    assert _everything_but_output(root) == before
    assert not staging_dir(root / "out").exists()
    built = root / "out"
    if code == 0:
        assert all(p.resolve().is_relative_to(built.resolve()) for p in built.rglob("*"))


@SETTINGS
@given(front=front_matter(), body=st.one_of(st.just("Text.\n"), markdown_text))
def test_any_front_matter_builds_or_fails_cleanly(front: str, body: str) -> None:
    with _workspace() as root:
        check_build(root, {"content/a.md": _page(front, body)})


@SETTINGS
@given(body=markdown_text, allow_html=st.booleans(), as_section=st.booleans())
def test_any_markdown_builds_or_fails_cleanly(
    body: str, allow_html: bool, as_section: bool
) -> None:
    files = {"content/s/_index.md" if as_section else "content/a.md": _page("title: A\n", body)}
    if allow_html:
        files["mvsite.yaml"] = (
            "title: Props\nbase_url: https://mvsite.github.io/\nallow_html: true\n"
        )
    with _workspace() as root:
        check_build(root, files)


name_text = st.text(
    alphabet=st.sampled_from([*"ab1 .-_%#?&~=+,;'", "\u00e9", "\u0301", "A", "\\", ":"]),
    min_size=1,
    max_size=12,
).filter(lambda n: n not in (".", ".."))


@SETTINGS
@given(
    names=st.lists(name_text, min_size=1, max_size=4),
    folder=st.one_of(st.just(""), name_text.map(lambda n: n + "/")),
    slug=st.one_of(st.none(), scalar),
    alias=st.one_of(st.none(), scalar),
)
def test_any_file_name_slug_or_alias_stays_inside_the_output(
    names: list[str], folder: str, slug: str | None, alias: str | None
) -> None:
    front = "title: T\n"
    if slug is not None:
        front += f"slug: {slug}\n"
    if alias is not None:
        front += f"aliases: [{alias}]\n"
    files = {f"content/{folder}{name}.md": _page(front, "Text.\n") for name in names}
    with _workspace() as root:
        check_build(root, files)


yaml_value = st.recursive(
    scalar | st.integers() | st.floats(allow_nan=True) | st.booleans() | st.none(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "value", "label"]), children, max_size=3)
    ),
    max_leaves=8,
)


def _yaml_scalar(value: object) -> str:
    return repr(value) if not isinstance(value, str) else value


GOOD_FIGURE = {"value": "1", "display": "'1'", "unit": "u", "label": "L", "source": "s",
               "as_of": "2026-01-01"}  # fmt: skip
GOOD_SOURCE = {"title": "T", "publisher": "P", "retrieved": "2026-01-01",
               "url": "https://example.org/"}  # fmt: skip


@st.composite
def figures_file(draw: st.DrawFn) -> str:
    """figures.yaml: good entries with some fields replaced by YAML's traps, added or left out."""
    figure = dict(GOOD_FIGURE)
    source = dict(GOOD_SOURCE)
    for entry, names in ((figure, [*GOOD_FIGURE, "area", "note", "valeu"]), (source, GOOD_SOURCE)):
        for name in draw(st.lists(st.sampled_from(list(names)), unique=True, max_size=2)):
            if draw(st.booleans()):
                entry[name] = _yaml_scalar(draw(yaml_value))
            else:
                entry.pop(name, None)
    figure_text = "".join(f"    {k}: {v}\n" for k, v in figure.items())
    source_text = "".join(f"    {k}: {v}\n" for k, v in source.items())
    return f"sources:\n  s:\n{source_text}figures:\n  f:\n{figure_text}"


@SETTINGS
@given(
    figures=figures_file(),
    other=st.one_of(
        yaml_value.map(lambda v: json.dumps(v, ensure_ascii=False)),  # JSON is YAML
        tricky_text,
        markdown_text,
    ),
)
def test_any_data_file_builds_or_fails_cleanly(figures: str, other: str) -> None:
    files = {
        "content/_data/figures.yaml": figures,
        "content/_data/other.yaml": other,
        "content/a.md": _page("title: A\n", "[[fig:f]] and [b](b.md)\n"),
    }
    with _workspace() as root:
        check_build(root, files)
