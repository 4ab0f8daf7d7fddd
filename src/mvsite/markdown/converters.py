"""Python-Markdown converters for mvsite: its extension set, the optional extensions a document
needs (`features_of`), and a converter with or without the fast path; or, for a site that names
its own extensions, the stock converter with those.
"""

from __future__ import annotations

from collections.abc import Sequence

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.tables import TableExtension

from mvsite.markdown import task_boxes, tree_passes
from mvsite.markdown.block_skipping import install_block_needles, install_fast_block_level
from mvsite.markdown.fenced_blocks import install_fenced_blocks
from mvsite.markdown.highlight import HighlightExtension
from mvsite.markdown.inline_skipping import install_inline_skipping
from mvsite.markdown.listed_registries import list_registries_once
from mvsite.markdown.raw_html_pass import install_raw_html
from mvsite.markdown.toc_pass import FastTocExtension, StockTocExtension, heading_slug
from mvsite.markdown.whitespace import install_whitespace
from mvsite.sources.dialect import ExtensionSpec, stock_extensions

# By class, not by name: a name is looked up among every installed package's entry points,
# which took each worker process 40 ms.
EXTENSIONS: dict[str, type[Extension]] = {
    "tables": TableExtension,
    "fenced_code": FencedCodeExtension,
    "footnotes": FootnoteExtension,
    "attr_list": AttrListExtension,
    "abbr": AbbrExtension,
    "def_list": DefListExtension,
    "admonition": AdmonitionExtension,
    "smarty": SmartyExtension,
    "codehilite": HighlightExtension,
}
# Extension -> strings of which a document needs one for the extension to change anything.
OPTIONAL_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "tables": ("|",),
    "footnotes": ("[^",),
    "attr_list": ("{",),
    "abbr": ("*[",),
    "def_list": (": ", ":\t"),  # the definition marker: ':' and a space (tabs expand)
    "admonition": ("!!!",),
}
TOC_MARKER = "[TOC]"


# A character of a needle that prose seldom has, looked for first: a search for one character
# (memchr) runs several times faster than one for a longer string, which a page without the
# string pays for along its whole length (~1 ns a character).
SELDOM_IN_PROSE = {"[^": "^", ":\t": "\t", "!!!": "!"}


def features_of(body: str) -> frozenset[str]:
    """The optional extensions (and the TOC marker) that this Markdown text may use."""
    return frozenset(
        name for seldom, needle, name in _FEATURE_NEEDLES if seldom in body and needle in body
    )


ALL_FEATURES = frozenset({*OPTIONAL_EXTENSIONS, TOC_MARKER})
_FEATURE_NEEDLES = tuple(
    (SELDOM_IN_PROSE.get(needle, ""), needle, name)  # "" is in every text
    for needle, name in (
        *((needle, name) for name, needles in OPTIONAL_EXTENSIONS.items() for needle in needles),
        (TOC_MARKER, TOC_MARKER),
    )
)


def make_converter(
    features: frozenset[str], own: Sequence[Extension], allow_html: bool, fast: bool = True
) -> markdown.Markdown:
    """A converter with the always-on extensions, the optional ones in `features`, and `own`;
    `fast` adds the fast path (raises FastPathUnavailable if Python-Markdown lacks a part it
    needs: `fast_path_problem` says whether it is safe to ask for)."""
    chosen = [
        extension()
        for name, extension in EXTENSIONS.items()
        if name not in OPTIONAL_EXTENSIONS or name in features
    ]
    toc_extension = FastTocExtension if fast else StockTocExtension
    marker = TOC_MARKER if TOC_MARKER in features else ""
    toc = toc_extension(toc_depth="2-4", marker=marker, slugify=heading_slug)
    md = markdown.Markdown(extensions=[*chosen, toc, *own], output_format="html")
    if not allow_html:
        _show_raw_html_as_text(md)
    if fast:
        install_fast_block_level(md)
        install_block_needles(md)
        install_inline_skipping(md)
        install_fenced_blocks(md)
        install_whitespace(md)
        install_raw_html(md)
        tree_passes.install(md)
        list_registries_once(md)
    return md


def make_dialect_converter(
    specs: tuple[ExtensionSpec, ...], own: Sequence[Extension], allow_html: bool
) -> markdown.Markdown:
    """The stock converter for a site that names extensions: mvsite's, then the site's."""
    toc = {"toc_depth": "2-4", "marker": TOC_MARKER, "slugify": heading_slug}
    md = markdown.Markdown(
        extensions=[*stock_extensions(EXTENSIONS, specs, toc), *own], output_format="html"
    )
    if not allow_html:
        _show_raw_html_as_text(md)
    if any(spec.key == task_boxes.EXTENSION for spec in specs):
        task_boxes.install_task_box_labels(md)
    return md


def _show_raw_html_as_text(md: markdown.Markdown) -> None:
    """Raw HTML is shown as text: an editor's <script> must never reach a reader."""
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
