"""Full-page screenshots of every page for people to look at.

Written to tests/artifacts/screenshots/<page>-<width>-<scheme>.png (gitignored):
375 px and 1280 px wide, light and dark colour scheme. The test only makes sure
they are produced; looking at them is a human's job.
"""

from __future__ import annotations

import pytest

from .qa import SCREENSHOTS, OpenPage, page_slug

pytestmark = pytest.mark.browser

WIDTHS = {375: 812, 1280: 800}  # width -> viewport height
SCHEMES = ("light", "dark")
MIN_BYTES = 2_000  # a blank or failed render is far smaller than a real page


def test_screenshots(page_path: str, open_page: OpenPage) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = []
    visit = open_page(page_path, viewport={"width": 375, "height": WIDTHS[375]})
    for width, height in WIDTHS.items():
        visit.page.set_viewport_size({"width": width, "height": height})
        for scheme in SCHEMES:
            visit.page.emulate_media(color_scheme=scheme)
            out = SCREENSHOTS / f"{page_slug(page_path)}-{width}-{scheme}.png"
            out.unlink(missing_ok=True)
            visit.page.screenshot(path=str(out), full_page=True, animations="disabled")
            shots.append(out)
    for out in shots:
        assert out.is_file(), f"screenshot {out} was not written"
        size = out.stat().st_size
        assert size >= MIN_BYTES, f"screenshot {out} is only {size} bytes"
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{out} is not a PNG"
