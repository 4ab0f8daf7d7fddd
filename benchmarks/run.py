"""Benchmark mvsite against peer static site generators.

    python benchmarks/run.py --pages 1000 10000 --runs 5 3 [--tools mvsite,hugo,...]

See benchmarks/README.md.  Works from any directory, with any Python 3.11+ (standard library
only); peers are installed into benchmarks/work/peers/ on first use.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: make the repository root importable so `benchmarks` is a package.
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import main

if __name__ == "__main__":
    raise SystemExit(main())
