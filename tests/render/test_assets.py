"""Static files: the site's over the theme's, CSS and JS named by their content."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from mvsite.render.assets import static_assets
from mvsite.sources.config import load_config

from ..conftest import SiteFiles


def test_the_sites_files_win_and_css_and_js_are_named_by_content(
    make_site: Callable[[SiteFiles], Path],
) -> None:
    css = "body { color: black }\n"
    site = make_site(
        {
            "content/index.md": "# Home\n",
            "static/style.css": css,
            "static/js/app.js": "",
            "static/img/logo.png": "png",
            "static/.hidden": "x",
        }
    )
    assets = static_assets(load_config(site))
    named = {logical: out for out, logical in assets.values()}
    short = hashlib.sha256(css.encode()).hexdigest()[:8]
    assert (
        named
        == {
            "favicon.svg": "favicon.svg",  # the theme's: the site has none
            "img/logo.png": "img/logo.png",
            "js/app.js": f"js/app.{hashlib.sha256(b'').hexdigest()[:8]}.js",
            "style.css": f"style.{short}.css",  # the site's, not the theme's
        }
    )
    assert assets[site / "static" / "style.css"] == (f"style.{short}.css", "style.css")
    plain = static_assets(load_config(site), hashed=False)
    assert {out for out, _ in plain.values()} == set(named)
