"""The suite runs every test file: none is left out by pytest's folder rules (its defaults
skip any folder named `build`, which once kept tests/build/ out of CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent


def test_pytest_collects_every_test_file() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=TESTS.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    collected = {line.partition("::")[0] for line in listed.splitlines() if "::" in line}
    on_disk = {path.relative_to(TESTS.parent).as_posix() for path in TESTS.rglob("test_*.py")}
    assert on_disk - collected == set()
