"""The build's second stage: the templates, every source's output path, and each page's job."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from mvsite.build.cache import BuildCache, describes_output
from mvsite.build.options import BuildOptions
from mvsite.build.output_claims import OutputClaims, claim_sources
from mvsite.build.page_jobs import LOCALIZED_FIGURES, RenderInputs
from mvsite.build.page_keys import targets_key
from mvsite.build.plan import PagePlan, Reusable, SharedKeys, plan_pages
from mvsite.build.read_pages import parse_settings
from mvsite.build.read_site import SiteContent
from mvsite.build.template_keys import template_keys
from mvsite.errors import SiteError


@dataclass(frozen=True)
class BuildPlan:
    """What the page stage is to do, and with what."""

    inputs: RenderInputs  # what every page's conversion and template read
    env: jinja2.Environment  # this process's templates (each worker makes its own)
    keys: SharedKeys
    last: Reusable  # what this build may reuse
    pages: PagePlan
    claims: OutputClaims  # the sources' output paths; later stages add theirs
    collision: SiteError | None  # two sources on one path: raised after Markdown problems


def render_inputs(site: SiteContent, cache: BuildCache) -> RenderInputs:
    """What every page's conversion and template read besides the page."""
    config = site.config
    manifest = {logical: out for _, (out, logical) in site.assets.items()}
    globals_ = {
        "data": site.data.values,
        "figures": site.data.figures,
        LOCALIZED_FIGURES: {
            lang.code: site.data.figures_in(lang.code) for lang in config.site_languages
        },
    }
    return RenderInputs(
        config, site.targets, manifest, globals_, cache.templates, parse_settings(config)
    )


def plan_build(
    site: SiteContent, cache: BuildCache, options: BuildOptions, inputs: RenderInputs
) -> BuildPlan:
    """Each page's keys and job (Markdown only, if two sources claim one output path), to
    be done with `inputs` (render_inputs)."""
    claims, collision = claim_sources(site)
    env = inputs.environment()
    last = last_build(options, cache, site)
    keys = SharedKeys(
        targets_key(site.targets, site.config), template_keys(env, site.config, inputs.manifest)
    )
    work = plan_pages(site, keys, last, render=collision is None)
    return BuildPlan(inputs, env, keys, last, work, claims, collision)


def last_build(options: BuildOptions, cache: BuildCache, site: SiteContent) -> Reusable:
    """What the last build left for this one: the cache, and the output folder if its files
    are the ones `cache.outputs` records."""
    output = options.output
    if output is not None and not describes_output(cache, output):
        output = None
    return Reusable(cache, output.absolute() if output else None, site.sources.records)
