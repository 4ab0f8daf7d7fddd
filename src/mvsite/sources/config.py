"""Load the site config (`mvsite.yaml` at the site root) into a frozen Config."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mvsite.errors import SiteError
from mvsite.sources.dialect import ExtensionSpec, extension_notes, read_extensions, snippets_rooted
from mvsite.sources.languages import (
    UNTRANSLATED_CHOICES,
    Language,
    read_languages,
    single_language,
)
from mvsite.sources.mkdocs import config_fields, exclude_patterns, read_mkdocs, settings
from mvsite.sources.mkdocs_nav import NavEntry
from mvsite.sources.site_paths import CONFIG_NAME, MKDOCS_CONFIG, content_dir, shown_content_dir
from mvsite.sources.strict_yaml import YamlDoc, parse_yaml
from mvsite.sources.textfile import read_source_text
from mvsite.sources.yaml_values import (
    check_known_keys,
    read_bool,
    read_choice,
    read_int,
    read_mapping,
    read_text,
    read_text_list,
)

_SWITCHES = frozenset(
    {"allow_html", "allow_style", "external_images", "social_cards", "search", "dates_from_git"}
)
_KEYS = _SWITCHES | {
    *("title", "description", "base_url", "language", "nav", "facts_page", "publisher"),
    *("allowed_front_matter", "figure_max_age_days", "convert_time_limit", "docs_dir"),
    *("markdown_extensions", "extra", "exclude_docs", "languages", "untranslated"),
}
_PUBLISHER_KEYS = {"name", "contact", "about"}


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site, for the footer and the about page."""

    name: str
    contact: str = ""  # an email address, an http(s) address or a sentence
    about: str = ""  # a sentence or two about the site

    @property
    def contact_href(self) -> str | None:
        """The contact as a link target, when it is an address."""
        if urlsplit(self.contact).scheme in ("http", "https"):
            return self.contact
        if "@" in self.contact and " " not in self.contact.strip():
            return "mailto:" + self.contact.strip()
        return None


@dataclass(frozen=True)
class Config:
    root: Path
    title: str = "My site"
    description: str = ""
    base_url: str = "/"
    language: str = "en"  # the default language's code
    languages: tuple[Language, ...] = ()  # the default first; () for a site of one language
    untranslated: str = "notice"  # a page not yet translated: 'notice' (a copy) or 'original'
    nav: tuple[str, ...] = ()
    facts_page: str | None = None
    allowed_front_matter: tuple[str, ...] = ()
    allow_html: bool = False
    allow_style: bool = False  # keep style="" on pages (the sanitiser drops it otherwise)
    external_images: bool = False  # images from other sites: the pages' CSP lets them load
    figure_max_age_days: int = 730
    markdown_extensions: tuple[ExtensionSpec, ...] = ()  # besides mvsite's own: see dialect
    docs_dir: str | None = None  # the content folder, if not content/ (MkDocs: docs/)
    extra: Mapping[str, Any] = field(default_factory=dict)  # for templates, as config.extra
    exclude_docs: tuple[str, ...] = ()  # gitignore-like patterns of files not to publish
    page_order: Mapping[str, int] = field(default_factory=dict)  # rel -> place (MkDocs nav)
    page_titles: Mapping[str, str] = field(default_factory=dict)  # rel -> title (MkDocs nav)
    menu: tuple[NavEntry, ...] = ()  # the menu a MkDocs nav declares (none: made from folders)
    notes: tuple[SiteError, ...] = field(default=(), compare=False)  # warnings of the config
    social_cards: bool = False  # a PNG per page for og:image (cards.py)
    search: bool = False  # a Pagefind index and a search page (search.py)
    publisher: Publisher | None = None
    dates_from_git: bool = False  # a page without `updated:` gets its last commit's date
    convert_time_limit: float = 5.0  # CPU seconds a page may take to convert, and to render
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)
    # The config file read and the content folder, as messages name them (file None: none).
    file: Path | None = field(default=None, compare=False)
    shown_content: Path = field(default=Path("content"), compare=False)

    @property
    def site_languages(self) -> tuple[Language, ...]:
        """Every language of the site, the default one first."""
        return self.languages or single_language(self.language)

    @property
    def base_path(self) -> str:
        """The path part of base_url, with slashes at both ends: '/' or '/site/'."""
        return urlsplit(self.base_url).path

    @property
    def has_absolute_base(self) -> bool:
        return urlsplit(self.base_url).scheme in ("http", "https")

    @property
    def broken_links_warn(self) -> bool:
        """A MkDocs project is warned of a link that leads nowhere, as MkDocs' `validation`
        default is; any other site fails to build with it."""
        return self.from_mkdocs

    @property
    def from_mkdocs(self) -> bool:
        """Is the site a MkDocs project (its settings read from mkdocs.yml)?"""
        return self.file == Path(MKDOCS_CONFIG)

    @property
    def content_dir(self) -> Path:
        """docs_dir; else content/, or for a bare folder of Markdown files the site folder."""
        return self.root / self.docs_dir if self.docs_dir else content_dir(self.root)

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def has_reserved_host(self) -> bool:
        """Is base_url on a domain reserved for examples (RFC 2606, RFC 6761)?"""
        return is_reserved_host(urlsplit(self.base_url).hostname or "")

    def absolute_url(self, url: str) -> str:
        """'/research/' -> 'https://example.org/site/research/' (or '/site/research/')."""
        return self.base_url.rstrip("/") + url

    def with_base_url(self, base_url: str) -> Config:
        """The config with base_url given on the command line."""
        return replace(self, base_url=normalise_base_url(base_url, BASE_URL_OPTION))


# Where a mistake in the address given on the command line is said to be.
BASE_URL_OPTION = Path("--base-url")
_RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
_RESERVED_TLDS = ("example", "test", "invalid", "localhost")


def is_reserved_host(host: str) -> bool:
    """'example.org', 'www.example.com', 'site.test', 'localhost' -> True: RFC 2606 names,
    which can never be where a site is published."""
    host = host.lower().rstrip(".")
    if host.rpartition(".")[2] in _RESERVED_TLDS:
        return True
    return any(host == d or host.endswith("." + d) for d in _RESERVED_DOMAINS)


def normalise_base_url(value: str, where: Path, line: int | None = None) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("", "http", "https") or (parts.scheme and not parts.netloc):
        raise SiteError(
            f"base_url must be an http(s) URL or a path (got {value!r})",
            where,
            line,
            "for example https://example.org/ or https://example.org/site/",
        )
    if parts.query or parts.fragment or not (parts.scheme or value.startswith("/")):
        raise SiteError(
            f"base_url must be an http(s) URL or a path starting with / (got {value!r})",
            where,
            line,
        )
    return value if value.endswith("/") else value + "/"


def _publisher(doc: YamlDoc, value: object) -> Publisher:
    entry = read_mapping(doc, ("publisher",), value)
    check_known_keys(doc, ("publisher",), entry, _PUBLISHER_KEYS)
    if entry.get("name") is None:
        raise SiteError(
            "'publisher' is missing 'name'",
            doc.path,
            doc.line_of(("publisher",)),
            "add 'name: ...' under publisher: the person or body that publishes the site",
        )
    text = {k: read_text(doc, ("publisher", k), v) for k, v in entry.items() if v is not None}
    return Publisher(text["name"], text.get("contact", ""), text.get("about", ""))


def load_config(root: Path) -> Config:
    """Site folder -> Config; a missing config file means all defaults."""
    src = root / CONFIG_NAME
    if not os.path.lexists(src):
        if (root / MKDOCS_CONFIG).is_file():
            return load_mkdocs_config(root)
        return Config(root=root, shown_content=shown_content_dir(root))
    doc = parse_yaml(read_source_text(src, Path(CONFIG_NAME)), Path(CONFIG_NAME))
    config = replace(parse_config(doc, root), file=Path(CONFIG_NAME))
    shown = Path(config.docs_dir) if config.docs_dir else shown_content_dir(root)
    return replace(config, shown_content=shown)


def load_mkdocs_config(root: Path) -> Config:
    """A MkDocs project (mkdocs.yml, no mvsite.yaml) -> Config: see mkdocs.py."""
    doc, values = read_mkdocs(root)
    fields = config_fields(doc, values, root)
    if "base_url" in fields:
        fields["base_url"] = normalise_base_url(
            fields["base_url"], Path(MKDOCS_CONFIG), doc.line_of(("site_url",))
        )
    more = settings(doc, values)
    return Config(
        root=root,
        **fields,
        allow_html=True,  # as MkDocs keeps raw HTML; sanitised, as on every site
        external_images=True,  # as MkDocs pages show them (a README's badges)
        docs_dir=more.docs_dir,
        extra=more.extra,
        exclude_docs=more.exclude,
        page_order=more.order,
        page_titles=more.titles,
        menu=more.menu,
        notes=(
            *((more.unsupported,) if more.unsupported else ()),
            *extension_notes(doc, "markdown_extensions", fields.get("markdown_extensions", ())),
        ),
        lines={str(k): doc.line_of((k,)) or 1 for k in values},
        file=Path(MKDOCS_CONFIG),
        shown_content=Path(more.docs_dir),
    )


def parse_config(doc: YamlDoc, root: Path) -> Config:
    values = read_mapping(doc, (), doc.value)
    check_known_keys(doc, (), values, _KEYS)
    config = Config(root=root, lines={str(k): doc.line_of((k,)) or 1 for k in values})
    fields: dict[str, object] = {}
    for key, value in values.items():
        if key in ("nav", "allowed_front_matter"):
            fields[key] = read_text_list(doc, (key,), value)
        elif key in _SWITCHES:
            fields[key] = read_bool(doc, (key,), value)
        elif key == "publisher":
            fields[key] = _publisher(doc, value)
        elif key == "convert_time_limit":
            fields[key] = _read_time_limit(doc, key, value)
        elif key == "docs_dir":
            fields[key] = _checked_docs_dir(doc, read_text(doc, (key,), value))
        elif key == "extra":
            fields[key] = dict(read_mapping(doc, (key,), value))
        elif key == "exclude_docs":
            fields[key] = exclude_patterns(value)
        elif key == "markdown_extensions":
            fields[key] = read_extensions(doc, key, snippets_rooted(doc, key, value, root), root)
            fields["notes"] = extension_notes(doc, key, fields[key])  # type: ignore[arg-type]
        elif key == "figure_max_age_days":
            fields[key] = read_int(doc, (key,), value)
        elif key == "languages":
            fields[key] = read_languages(doc, value, values.get("language"))
        elif key == "untranslated":
            fields[key] = read_choice(doc, (key,), value, UNTRANSLATED_CHOICES)
        elif key == "base_url":
            text = read_text(doc, (key,), value)
            fields[key] = normalise_base_url(text, doc.path, doc.line_of((key,)))
        else:
            fields[key] = read_text(doc, (key,), value)
    if fields.get("languages"):
        fields["language"] = fields["languages"][0].code  # type: ignore[index]
    return replace(config, **fields)  # type: ignore[arg-type]


def _read_time_limit(doc: YamlDoc, key: str, value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 3600:
        return float(value)
    raise doc.error(
        (key,),
        f"'{key}' must be a number of seconds between 0 and 3600 (got {value!r})",
        "write a number without quotes or units; the default, 5, is plenty for any page",
    )


def _checked_docs_dir(doc: YamlDoc, value: str) -> str:
    parts = Path(value).parts
    if not value or Path(value).is_absolute() or ".." in parts:
        raise doc.error(
            ("docs_dir",),
            f"docs_dir {value!r} must be a folder inside the site",
            "for example docs_dir: docs",
        )
    return value
