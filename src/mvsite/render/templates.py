"""The Jinja environment and page -> HTML. Templates see values, never the build's internals."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from mvsite.errors import SiteError
from mvsite.markdown.converted import Heading, LinkTargets
from mvsite.render.cards import card_path
from mvsite.render.charts import bar_chart
from mvsite.render.locale import Catalogues, load_catalogues
from mvsite.render.navigation import NavItem, PageNav, Version
from mvsite.render.sandbox import CompiledTemplates, Sandbox, TemplateFiles
from mvsite.render.shared_entries import SharedEntries, entries_function
from mvsite.render.template_errors import template_error
from mvsite.render.template_languages import install_languages
from mvsite.render.template_names import SiteUndefined
from mvsite.render.theme_files import THEME_DIR, THEME_SHOWN
from mvsite.sources.config import Config
from mvsite.sources.limits import TimeLimitExceeded, time_limit

_NOTHING = Markup("")


@dataclass(frozen=True, slots=True)
class PageView:
    """What a template gets as `page`: every URL already carries the base path."""

    title: str
    description: str
    url: str
    permalink: str
    html: Markup
    toc: tuple[Heading, ...]
    date: dt.date | None
    updated: dt.date | None
    tags: tuple[str, ...]
    extra: Mapping[str, Any]
    meta: Mapping[str, Any]  # front matter keys mvsite does not use (other generators')
    source: str
    is_section: bool
    is_home: bool
    draft: bool
    pages: tuple[NavItem, ...]  # a section's pages and subsections, in order
    nav: PageNav
    lang: str = "en"  # the code of the language of its part of the site
    content_lang: str = "en"  # the code of the language its text is in (a copy: the original's)
    versions: tuple[Version, ...] = ()  # the page in each language; () for a site of one
    heading: str = ""  # its h1: its title, or its own '# H1' where a MkDocs nav titles it
    heading_from_body: bool = False  # its heading is its own first '# H1', taken from the body

    def with_body(self, html: Markup, toc: tuple[Heading, ...]) -> PageView:
        """This view with the page's converted HTML and TOC. (Made for every page: by
        position, in a third of dataclasses.replace's time.)"""
        values = list(_VIEW_VALUES(self))
        values[_HTML], values[_TOC] = html, toc
        return PageView(*values)


_VIEW_VALUES = operator.attrgetter(*PageView.__match_args__)
_HTML, _TOC = PageView.__match_args__.index("html"), PageView.__match_args__.index("toc")


def lead_heading(page: PageView) -> tuple[Markup, Markup]:
    """`page | lead_heading` -> (the <h1> its body begins with, the rest of the body); ('',
    the body) if none, or if its heading came from its body. A theme shows the first in its
    heading's place: one h1, as MkDocs themes show a page that is a snippet of a changelog."""
    html = page.html
    end = html.find("</h1>") + len("</h1>") if html.startswith("<h1") else 0
    if page.heading_from_body or end <= len("</h1>"):
        return _NOTHING, html
    return html[:end], html[end:].lstrip("\n")


def make_environment(
    config: Config,
    assets: Mapping[str, str],
    globals_: Mapping[str, Any],
    compiled: MutableMapping[str, bytes] | None = None,
    targets: LinkTargets | None = None,
) -> jinja2.Environment:
    """Site templates over the packaged theme; autoescape on, undefined names are errors.

    `compiled` keeps templates' compiled code between builds (a BuildCache's): compiling
    is most of the time a small rebuild takes, and a template's code is reused only while
    its source is unchanged. Templates are read once per environment (one per build): no
    file-system check of each template for every page that uses it. `targets`: where
    `page_url()` finds a page in each language.
    """
    env = Sandbox(
        extensions=["jinja2.ext.i18n"],
        auto_reload=False,
        cache_size=-1,  # every template kept in a dict: a few, and Jinja's LRU locks each lookup
        bytecode_cache=CompiledTemplates(compiled) if compiled is not None else None,
        loader=TemplateFiles(template_folders(config)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=SiteUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(globals_)
    env.globals["config"] = config
    env.globals["asset"] = _asset_helper(config.base_path, assets)
    env.globals["url"] = lambda path: config.base_path.rstrip("/") + "/" + path.lstrip("/")
    env.globals["bar_chart"] = bar_chart
    env.globals["shared_entries"] = entries_function(SharedEntries())
    base = config.base_path.rstrip("/")
    env.globals["card_url"] = lambda view: config.absolute_url(
        "/" + card_path(view.url.removeprefix(base))
    )
    env.filters.update(absolute=config.absolute_url, lead_heading=lead_heading)
    install_languages(env, site_catalogues(config), config, targets)
    return env


def template_folders(config: Config) -> tuple[tuple[Path, Path], ...]:
    """The folders templates (and catalogues) come from, first first, each as messages show it."""
    return (
        (config.templates_dir, Path("templates")),
        (THEME_DIR / "templates", THEME_SHOWN / "templates"),
    )


def site_catalogues(config: Config) -> Catalogues:
    """Each of the site's languages' catalogue of the template strings."""
    return load_catalogues(template_folders(config), (lang.code for lang in config.site_languages))


def _asset_helper(base_path: str, assets: Mapping[str, str]) -> Callable[[str], str]:
    def asset(path: str) -> str:
        """'css/style.css' -> '/css/style.3f2a1c9e.css' (content-hashed, cacheable forever)."""
        key = path.lstrip("/")
        if key not in assets:
            raise SiteError(
                f"asset('{path}'): no such file in static/",
                hint="known assets: " + ", ".join(sorted(assets)[:10]),
            )
        return base_path.rstrip("/") + "/" + assets[key]

    return asset


def render_template(
    env: jinja2.Environment,
    name: str,
    context: Mapping[str, Any],
    site_root: Path,
    seconds: float | None = None,
) -> str:
    """Render one template, stopped after `seconds` of CPU time; template mistakes become
    SiteErrors at the template's line."""
    try:
        with time_limit(seconds):
            return env.get_template(name).render(context)
    except (TimeLimitExceeded, Exception) as exc:
        error = template_error(exc, env, site_root, seconds)
        if error is None:
            raise
        raise error from None
