"""The keys that say whether a page's work can be reused: a digest of everything it reads.

A page's Markdown key covers everything its conversion reads (its source, and where links
may point: targets_key); its output key covers everything its file depends on (the Markdown
key, what the template sees of the page and its navigation: its view key, and its templates,
data and config: its template's context key, template_keys.py). plan.py compares them with
the cache's.
"""

from __future__ import annotations

from mvsite.markdown.converted import LinkTargets
from mvsite.markdown.sanitize import Policy
from mvsite.render.navigation import SECTION_WINDOW, SiteTree, Version
from mvsite.sources.config import Config
from mvsite.sources.digest import digest
from mvsite.sources.pages import Page


def targets_key(targets: LinkTargets, config: Config) -> str:
    """Everything besides its own source that a page's Markdown conversion depends on."""
    return digest(
        repr(sorted(targets.pages.items())),
        repr(sorted(targets.assets)),
        repr(sorted(targets.drafts)),
        repr(sorted(targets.figures.items())),
        repr(sorted((code, _view_parts(view)) for code, view in targets.views.items())),
        targets.base_path,
        Policy(config.allow_html, config.allow_style).key,
        str(config.convert_time_limit),
        repr(config.markdown_extensions),
    )


def _view_parts(view: LinkTargets) -> tuple[object, ...]:
    """What a language's view of the targets adds: where its links point, which of them reach
    another language's text (hreflang), its figures and its citation words."""
    return (
        sorted(view.pages.items()),
        sorted(view.hreflang.items()),
        sorted(view.figures.items()),
        view.citations,
    )


def page_keys(rel: str, source: str, rendering: str, inputs_key: str) -> tuple[str, str]:
    """A page's Markdown key and output key, from the digest of its source, its rendering
    key and targets_key (see the module docstring)."""
    markdown = digest(inputs_key, rel, source)
    return markdown, digest(rendering, markdown)


def rendering_key(view: str, context_key: str) -> str:
    """What a page's file depends on besides its Markdown: its view key, and its template's
    context key (short: a later build keeps it for every page, edit_records.py)."""
    return digest(context_key, view)


def view_key(page: Page, tree: SiteTree, versions: tuple[Version, ...] = ()) -> str:
    """One page's view key (see ViewKeys)."""
    return ViewKeys(tree).key(page, versions)


class ViewKeys:
    """Each page's view key: text that changes whenever `page_view` would (but for the HTML
    and TOC, which the Markdown key covers, and the config, which the context key covers).

    Building every page's view just to write it out took longer than the rest of a no-op
    build of 10,000 pages. A view is a function of the page and the tree, so its key is the
    page's own values (its front matter as FrontMatter.key, made where it was parsed: its
    repr was a third of a one-page edit's plan) plus the parts of the tree its navigation is
    made of: the top level, its sections' chain (breadcrumbs), its section's pages around it
    (window, neighbours) and a section's children; each part is written once per plan. A
    NavItem's `current` is a function of its url and the page's, so titles and urls are all
    the parts need; so is a declared menu's `current` and `open`, and the whole menu is part
    of every key.
    """

    def __init__(self, tree: SiteTree) -> None:
        self.tree = tree
        # Every page's key holds it: its digest, not a MkDocs nav's whole menu again and again.
        self.top = digest(repr([(p.title, p.url) for p in tree.top]), repr(tree.menu))
        self._chains: dict[str, str] = {}
        self._siblings: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._children: dict[str, str] = {}

    def key(self, page: Page, versions: tuple[Version, ...] = ()) -> str:
        """`versions`: the page in each language (its language switcher)."""
        parts = [repr((page.rel, page.url, page.title, page.heading, page.meta.key, versions))]
        parts.append(self.top)
        folder = page.folder
        is_section = page.is_section
        section_key = folder.rpartition("/")[0] if is_section else folder  # page.section_key
        parts.append(self._chain(section_key))
        if folder:  # which parts there are follows from page.rel, written first
            parts.append(self._window(page, folder))
        if is_section:
            parts.append(self._children_of(folder))
        return "\n".join(parts)

    def _chain(self, folder: str) -> str:
        """The sections from `folder` up to the root, as the breadcrumbs show them."""
        chain = self._chains.get(folder)
        if chain is None:
            items = []
            current = folder
            while True:
                section = self.tree.sections[current].page
                items.append((section.title, section.url))
                if not current:
                    break
                current = current.rpartition("/")[0]
            chain = self._chains[folder] = repr(items)
        return chain

    def _window(self, page: Page, folder: str) -> str:
        """The section, and its pages from which page_nav takes the window and neighbours."""
        section = self.tree.sections[folder]
        head, items = self._section_items(folder)
        index = self.tree.positions.get(page.rel, -1)
        if index >= 0 and section.pages[index] is not page and section.pages[index] != page:
            index = -1
        start = max(0, min(index - SECTION_WINDOW // 2, len(items) - SECTION_WINDOW))
        low, high = max(0, min(start, index - 1)), max(start + SECTION_WINDOW, index + 2)
        # Positions relative to the slice: a page added far away moves none of this.
        return f"{head}{index - low} {start - low}:" + "".join(items[low:high])

    def _section_items(self, folder: str) -> tuple[str, tuple[str, ...]]:
        """The section's own title and url, and each of its pages' (each written once: a
        repr is self-delimiting, so joined they are as distinct as the tuple's repr)."""
        found = self._siblings.get(folder)
        if found is None:
            section = self.tree.sections[folder]
            items = tuple(repr((p.title, p.url)) for p in section.pages)
            found = self._siblings[folder] = (repr((section.page.title, section.page.url)), items)
        return found

    def _children_of(self, folder: str) -> str:
        children = self._children.get(folder)
        if children is None:
            section = self.tree.sections[folder]
            items = [(p.title, p.url) for p in (*section.subsections, *section.pages)]
            children = self._children[folder] = repr(items)
        return children
