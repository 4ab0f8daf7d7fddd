"""The link stage: every internal link and #anchor of the built pages checked."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mvsite.build.links import built_ids, check_links, is_missing_anchor
from mvsite.build.output_claims import OutputClaims
from mvsite.build.problems import Problems
from mvsite.build.read_site import SiteContent
from mvsite.errors import SiteError
from mvsite.markdown.converted import Rendered
from mvsite.sources.site_paths import MKDOCS_CONFIG


def check_site_links(
    site: SiteContent,
    rendered: Mapping[str, Rendered],
    claims: OutputClaims,
    stage: Path | None,
    previous: Path | None,
    problems: Problems,
) -> list[SiteError]:
    """Report each broken link to `problems`; the missing anchors an MkDocs site is only
    warned of (MkDocs' own default: validation: anchors: info)."""
    ids_of = built_ids(claims.files, stage, previous)
    failed = frozenset(site.sources.failed.values())
    anchors: list[SiteError] = []
    for error in check_links(site.pages, rendered, claims.paths, ids_of, failed):
        if site.config.file == MKDOCS_CONFIG and is_missing_anchor(error):
            anchors.append(error)
        else:
            problems.report(error)
    return anchors
