"""The Jinja environment and page -> HTML. Templates see values, never the build's internals."""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from mvsite.errors import SiteError
from mvsite.markdown.converted import Heading
from mvsite.render.cards import card_path
from mvsite.render.charts import bar_chart
from mvsite.render.navigation import NavItem, PageNav
from mvsite.render.sandbox import CompiledTemplates, Sandbox, TemplateFiles
from mvsite.sources.config import Config
from mvsite.sources.limits import TimeLimitExceeded, time_limit

THEME_DIR = Path(__file__).parent / "theme"
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


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


def make_environment(
    config: Config,
    assets: Mapping[str, str],
    globals_: Mapping[str, Any],
    compiled: MutableMapping[str, bytes] | None = None,
) -> jinja2.Environment:
    """Site templates over the packaged theme; autoescape on, undefined names are errors.

    `compiled` keeps templates' compiled code between builds (a BuildCache's): compiling
    is most of the time a small rebuild takes, and a template's code is reused only while
    its source is unchanged. Templates are read once per environment (one per build): no
    file-system check of each template for every page that uses it.
    """
    env = Sandbox(
        auto_reload=False,
        bytecode_cache=CompiledTemplates(compiled) if compiled is not None else None,
        loader=TemplateFiles(
            (
                (config.templates_dir, Path("templates")),
                (THEME_DIR / "templates", Path("(mvsite theme)/templates")),
            )
        ),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(globals_)
    env.globals["config"] = config
    env.globals["asset"] = _asset_helper(config.base_path, assets)
    env.globals["url"] = lambda path: config.base_path.rstrip("/") + "/" + path.lstrip("/")
    env.globals["bar_chart"] = bar_chart
    base = config.base_path.rstrip("/")
    env.globals["card_url"] = lambda view: config.absolute_url(
        "/" + card_path(view.url.removeprefix(base))
    )
    env.filters["long_date"] = long_date
    env.filters["absolute"] = config.absolute_url
    return env


def long_date(value: dt.date) -> str:
    """2026-11-21 -> '21 November 2026', the same on every machine and locale."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


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
    except TimeLimitExceeded as exc:
        where, line = _template_frame(exc, site_root)
        raise SiteError(
            f"template took longer than {seconds:g} s to render",
            where,
            line,
            "look for loops inside loops on this line; if the template is fine, raise"
            " convert_time_limit in mvsite.yaml",
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        where = _shown(exc.filename, site_root) if exc.filename else None
        raise SiteError(
            f"template syntax: {exc.message}",
            where,
            exc.lineno,
            "check that every {% ... %} and {{ ... }} on this line is complete and closed",
        ) from None
    except jinja2.TemplateNotFound as exc:
        where, line = _template_frame(exc, site_root)
        if where is None:  # the page's own template (render_page puts it at the page)
            raise SiteError(
                f"template not found: {exc.name}",
                hint=f"add templates/{exc.name}, or name an existing template",
            ) from None
        raise SiteError(
            f"template not found: {exc.name}",
            where,
            line,
            "include, import or extend a template by its path inside templates/;"
            " no other file can be used",
        ) from None
    except jinja2.UndefinedError as exc:
        where, line = _template_frame(exc, site_root)
        raise SiteError(
            f"template: {exc.message}",
            where,
            line,
            "check the spelling; templates get page, config, data and figures",
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        where, line = _template_frame(exc, site_root)
        raise SiteError(
            f"template: not allowed: {exc}",
            where,
            line,
            "templates run in a sandbox: they can use the values they get (page, config,"
            " data, figures), not Python's internals or files",
        ) from None
    except SiteError as exc:
        if exc.path is not None:  # a template file that cannot be read names itself
            raise
        where, line = _template_frame(exc, site_root)
        raise SiteError(exc.message, where, line, exc.hint) from None
    except Exception as exc:
        where, line = _template_frame(exc, site_root)
        if where is None:
            raise
        hint = "check this template line"
        if isinstance(exc, OverflowError) and "MAX_RANGE" in str(exc):
            hint = "loop over the site's values (page.pages, data, figures), not a range this big"
        raise SiteError(f"template: {type(exc).__name__}: {exc}", where, line, hint) from None


def _template_frame(exc: BaseException, site_root: Path) -> tuple[Path | None, int | None]:
    """The innermost template line in the exception's traceback. Jinja rewrites the
    traceback of an Exception to show template lines; for anything else (the time limit)
    the compiled code's frames are mapped to template lines here."""
    found: tuple[Path | None, int | None] = (None, None)
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = _shown(template.filename, site_root), template.get_corresponding_lineno(lineno)
        elif frame.f_code.co_filename.endswith((".html", ".xml")):
            found = _shown(frame.f_code.co_filename, site_root), lineno
    return found


def _shown(filename: str, site_root: Path) -> Path:
    path = Path(filename)
    if path.is_relative_to(site_root):
        return path.relative_to(site_root)
    if path.is_relative_to(THEME_DIR):
        return Path("(mvsite theme)") / path.relative_to(THEME_DIR)
    return path


def render_sitemap(urls: list[tuple[str, dt.date | None]]) -> str:
    """Absolute URLs (with last-modified dates) -> sitemap.xml text."""
    rows = []
    for url, lastmod in urls:
        date = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        rows.append(f"  <url><loc>{escape(url, quote=False)}</loc>{date}</url>\n")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(rows)
        + "</urlset>\n"
    )


def render_robots(sitemap_url: str | None) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines.append(f"Sitemap: {sitemap_url}")
    return "\n".join(lines) + "\n"
