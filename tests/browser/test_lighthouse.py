"""Lighthouse 12 (npm) on key pages, desktop and mobile presets, simulated throttling.

All runs share one Chrome in one Node process (tests/browser/lighthouse_multi.mjs):
about 6-8 s per URL and form factor on a 2-core machine. Reports (HTML + JSON)
land in tests/artifacts/lighthouse/ for people to read.

Required: accessibility, best-practices and SEO == 1.0; performance >= 0.95.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .qa import (
    ARTIFACTS,
    LIGHTHOUSE_DIR,
    Site,
    chrome_path,
    require,
    require_chromium,
    require_node_module,
)

pytestmark = [pytest.mark.browser, pytest.mark.lighthouse]

SCRIPT = Path(__file__).with_name("lighthouse_multi.mjs")
REPORTS = ARTIFACTS / "lighthouse"
# One page of each kind, and a home and an area page in each other language.
PATHS = [
    *("/", "/research/cancer/", "/facts/", "/search/"),
    *("/da/", "/da/forskning/kraeft/", "/sv/", "/sv/forskning/cancer/"),
]
FORM_FACTORS = ["desktop", "mobile"]
MINIMUM = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}

Results = dict[tuple[str, str], dict[str, Any]]


@pytest.fixture(scope="module")
def lighthouse_results(site: Site, site_url: str) -> Results:
    require_chromium()
    node = shutil.which("node")
    require(node is not None, "node", "install Node.js >= 20")
    assert node is not None
    require_node_module(LIGHTHOUSE_DIR)
    missing = [p for p in PATHS if p not in site.pages]
    assert not missing, f"pages audited by Lighthouse are not in the built site: {missing}"
    cmd = [node, str(SCRIPT), "--chrome-path", str(chrome_path()), "--report-dir", str(REPORTS)]
    for ff in FORM_FACTORS:
        cmd += ["--form-factor", ff]
    cmd += [site_url + p for p in PATHS]
    proc = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "CHROME_PATH": str(chrome_path())},
    )
    try:
        data = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(
            f"lighthouse_multi.mjs exited {proc.returncode} without JSON.\n"
            f"stdout: {proc.stdout[-3000:]}\nstderr: {proc.stderr[-3000:]}",
            pytrace=False,
        )
    return {(r["formFactor"], r["url"].removeprefix(site_url)): r for r in data["results"]}


def _explain(result: dict[str, Any], low: dict[str, float]) -> str:
    lines = [f"scores: {result['scores']}"]
    for cat in low:
        failing = [a for a in result["failing"] if a["category"] == cat]
        failing.sort(key=lambda a: (-a["weight"], a["score"]))
        lines.append(f"  {cat} = {low[cat]} (needs >= {MINIMUM[cat]}); audits below 1:")
        for a in failing:
            value = f" ({a['displayValue']})" if a.get("displayValue") else ""
            lines.append(
                f"    {a['id']}: score {a['score']}, weight {a['weight']} - {a['title']}{value}"
            )
    return "\n".join(lines)


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize("path", PATHS)
def test_lighthouse_scores(path: str, form_factor: str, lighthouse_results: Results) -> None:
    result = lighthouse_results.get((form_factor, path))
    assert result is not None, f"no Lighthouse result for {path} ({form_factor})"
    assert result["runtimeError"] is None, f"Lighthouse failed: {result['runtimeError']}"
    scores = result["scores"]
    low = {
        cat: scores.get(cat)
        for cat, minimum in MINIMUM.items()
        if scores.get(cat) is None or scores[cat] < minimum
    }
    report = REPORTS / f"{(path.strip('/') or 'index').replace('/', '-')}-{form_factor}.report.html"
    assert not low, f"Lighthouse {form_factor} {path}: {_explain(result, low)}\nreport: {report}"
