"""axe-core (npm axe-core, injected into Chromium): 0 violations on every page.

Rules: WCAG 2.0/2.1 A and AA, WCAG 2.2 AA (includes target-size) and axe's
best practices, the same set Lighthouse's accessibility audit draws on.
"""

from __future__ import annotations

from typing import Any

import pytest

from .qa import AXE_JS, OpenPage, require_node_module

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


# Only colours change between the light and dark scheme, so the dark pass runs
# just the colour rules (saves a full axe run per page).
AXE_DARK_OPTIONS = {
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    return require_node_module(AXE_JS).read_text(encoding="utf-8")


def _format(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v.get('impact')}): {v.get('help')} [{v.get('helpUrl', '')}]")
        for node in v.get("nodes", [])[:10]:
            target = " ".join(map(str, node.get("target", [])))
            summary = node.get("failureSummary", "").splitlines()
            reason = summary[1].strip() if len(summary) > 1 else ""
            lines.append(f"      at {target} {node.get('html', '')[:100]!r}: {reason}")
        if len(v.get("nodes", [])) > 10:
            lines.append(f"      ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def test_axe_no_violations(page_path: str, open_page: OpenPage, axe_source: str) -> None:
    """All rules in the light scheme, then the colour rules in the dark scheme, one load."""
    visit = open_page(page_path, color_scheme="light")
    visit.page.evaluate(axe_source)  # defines window.axe
    found = {}
    for scheme, options in (("light", AXE_OPTIONS), ("dark", AXE_DARK_OPTIONS)):
        visit.page.emulate_media(color_scheme=scheme)
        found[scheme] = visit.page.evaluate("o => axe.run(document, o)", options)["violations"]
    summary = {scheme: sorted(v["id"] for v in vs) for scheme, vs in found.items() if vs}
    details = "\n".join(f"{scheme}:\n{_format(vs)}" for scheme, vs in found.items() if vs)
    assert not summary, f"axe violations on {page_path}: {summary}\n{details}"
