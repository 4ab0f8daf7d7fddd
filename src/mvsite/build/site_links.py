"""The link stage: every internal link and #anchor of the built pages checked."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mvsite.build.links import built_ids, check_links
from mvsite.build.output_claims import OutputClaims
from mvsite.build.problems import Problems
from mvsite.build.read_site import SiteContent
from mvsite.errors import SiteError
from mvsite.markdown.converted import Rendered


def check_site_links(
    site: SiteContent,
    rendered: Mapping[str, Rendered],
    claims: OutputClaims,
    stage: Path | None,
    previous: Path | None,
    problems: Problems,
) -> list[SiteError]:
    """Report each broken link to `problems`; an MkDocs site is warned of them, as MkDocs'
    default `validation` warns of a link to a missing file and notes a missing #anchor or a
    link from the root to a page it did not build (a versioned site's `/dev/...`)."""
    ids_of = built_ids(claims.files, stage, previous)
    failed = frozenset(site.sources.failed.values())
    noted: list[SiteError] = []
    for broken in check_links(site.pages, rendered, claims.paths, ids_of, failed):
        if site.config.broken_links_warn:
            noted.append(broken.error())
        else:
            problems.report(broken.error())
    return noted
