"""The README's module table: every module of the package has its line, and no line names a
module that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "mvsite"


def _modules() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        name = path.relative_to(PACKAGE).with_suffix("").as_posix()
        if path.name not in ("__init__.py", "__main__.py"):
            found.add(name)
    return found


def _table_rows() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## For developers", 1)[1]
    return set(re.findall(r"^\| `([a-z_/]+)` \|", section, flags=re.M))


def test_every_module_has_a_line_in_the_readme() -> None:
    assert sorted(_modules() - _table_rows()) == []


def test_the_readme_names_no_module_that_is_gone() -> None:
    assert sorted(_table_rows() - _modules()) == []
