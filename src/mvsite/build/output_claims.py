"""The site's output paths and who claimed each: two sources on one path is an error."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mvsite.build.read_site import SiteContent
from mvsite.errors import SiteError
from mvsite.sources.pages import Page
from mvsite.write.output import OutputFile
from mvsite.write.urls import url_file


class OutputClaims:
    """Output paths and who claimed them; two sources on one path (even by case) is an error.

    One build fills it stage by stage: pages, content files and static files first, then
    social cards, generated files and the search index.
    """

    def __init__(self) -> None:
        self.files: dict[str, OutputFile] = {}
        self._owners: dict[str, tuple[str, Path]] = {}
        self._folders: dict[str, tuple[str, Path]] = {}  # a folder -> a file in it, its owner

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(self.files)

    def owner_of(self, rel: str) -> Path | None:
        """The source that claimed `rel` (or a path differing from it only in case)."""
        claimed = self._owners.get(rel.casefold())
        return claimed[1] if claimed else None

    def add(self, rel: str, owner: Path, file: OutputFile, line: int | None = None) -> None:
        key = rel.casefold()
        if key in self._owners:
            other_rel, other = self._owners[key]
            raise SiteError(
                f"{owner} and {other} both produce /{other_rel}",
                owner,
                line,
                "rename one of them or give one a different slug (URLs that differ only"
                " in case collide on many servers)",
            )
        clash = self._folders.get(key)
        folder = key.rpartition("/")[0]
        while clash is None and folder and folder not in self._folders:
            if folder in self._owners:
                clash = self._owners[folder]
            self._folders[folder] = (rel, owner)
            folder = folder.rpartition("/")[0]
        if clash is not None:
            other_rel, other = clash
            raise SiteError(
                f"{owner} produces /{rel} and {other} produces /{other_rel}:"
                " one cannot be a file and the other in a folder of that name",
                owner,
                line,
                "change the slug, alias or file name of one of them",
            )
        self._owners[key] = (rel, owner)
        self.files[rel] = file


def _raise_slug_clash(page: Page, other: Page) -> None:
    """Two pages on one URL, one by its slug: an error at that slug's line (else none here:
    OutputClaims names both files)."""
    for by, of in ((page, other), (other, page)):
        if by.meta.slug is not None:
            raise SiteError(
                f"slug '{by.meta.slug}' gives {by.url}, which {of.src} already has",
                by.src,
                by.meta.lines.get("slug"),
                "choose another slug",
            )


def claim_sources(site: SiteContent) -> tuple[OutputClaims, SiteError | None]:
    """Each page's, content file's and static file's output path claimed; the first clash
    (raised by the build after the Markdown problems, which come first)."""
    claims = OutputClaims()
    try:
        _claim(claims, site)
    except SiteError as error:
        return claims, error
    return claims, None


def _claim(claims: OutputClaims, site: SiteContent) -> None:
    config = site.config
    claimed: dict[Path, Page] = {}
    for page in site.pages:
        out = url_file(page.url)
        other = claims.owner_of(out)
        if other is not None and other in claimed:
            _raise_slug_clash(page, claimed[other])
        claims.add(out, page.src, OutputFile())
        claimed.setdefault(page.src, page)
    content_dir = config.content_dir  # a property that looks at the disk
    for rel in site.sources.files.assets:
        src = content_dir / rel
        shown = src.relative_to(config.root)
        claims.add(rel, shown, OutputFile(copy_from=src, shown=shown))
    assets: Mapping[Path, tuple[str, str]] = site.assets
    for src, (out, _) in assets.items():
        shown = src.relative_to(config.root) if src.is_relative_to(config.root) else src
        claims.add(out, shown, OutputFile(copy_from=src, shown=shown))
