"""The same sources give the same bytes: on another day, time zone, locale, hash seed or core
count, and with or without the cache. Builds run in subprocesses, each with its environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_site, tree_bytes

ROOT = Path(__file__).resolve().parents[1]

ENVIRONMENTS: dict[str, dict[str, str]] = {
    "utc": {"TZ": "UTC", "LANG": "en_US.UTF-8", "PYTHONHASHSEED": "0"},
    "kiritimati": {"TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "1"},
    "newfoundland posix": {"TZ": "America/St_Johns", "LC_ALL": "POSIX", "PYTHONHASHSEED": "2"},
    "danish, another day": {
        "TZ": "Europe/Copenhagen",
        "LANG": "da_DK.UTF-8",
        "PYTHONHASHSEED": "random",
        "SOURCE_DATE_EPOCH": "1000000000",  # 2001: a build reads no clock into its pages
    },
}
_DROPPED = ("TZ", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_TIME", "PYTHONHASHSEED")


def _site_copy(tmp_path: Path, name: str) -> Path:
    """A snapshot of a site (others may edit the repository while this runs)."""
    dest = tmp_path / name
    if name == "repository site":
        for part in ("mvsite.yaml", "content", "templates", "static"):
            src = ROOT / part
            if src.is_dir():
                shutil.copytree(src, dest / part)
            elif src.is_file():
                dest.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / part)
    else:
        copy_site("basic", dest)
    return dest


def _build(site: Path, out: Path, env: dict[str, str], *extra: str) -> dict[str, bytes]:
    base = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    proc = subprocess.run(
        [sys.executable, "-m", "mvsite", "build", "--source", str(site), "--output", str(out),
         *extra],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return tree_bytes(out)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["repository site", "basic fixture site"])
def test_builds_are_byte_identical_everywhere(name: str, tmp_path: Path) -> None:
    site = _site_copy(tmp_path, name)
    builds = {
        label: _build(site, tmp_path / f"out-{n}", env, "--no-cache", "--jobs", str(1 + n % 2))
        for n, (label, env) in enumerate(ENVIRONMENTS.items())
    }
    # Incremental: twice with the cache into one folder (the second reuses everything).
    builds["cached, first"] = _build(site, tmp_path / "cached", ENVIRONMENTS["utc"])
    builds["cached, again"] = _build(site, tmp_path / "cached", ENVIRONMENTS["kiritimati"])
    reference = builds["utc"]
    assert len(reference) > 5
    for label, files in builds.items():
        assert sorted(files) == sorted(reference), label
        different = [rel for rel in reference if files[rel] != reference[rel]]
        assert not different, f"{label}: {different[:5]}"
