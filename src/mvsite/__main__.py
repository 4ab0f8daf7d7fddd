"""`python -m mvsite` is the `mvsite` command.

`-m` puts the current folder first on sys.path, and a site's folder is where one runs it:
its files would shadow any module mvsite imports after this (nh3.py, pymdownx/...). The
`mvsite` command never had it there, so neither does this.
"""

import os
import sys

sys.path[:] = [p for p in sys.path if p not in ("", os.curdir) and p != os.getcwd()]

from mvsite.cli import main_entry  # noqa: E402  (after sys.path is safe)

main_entry()
