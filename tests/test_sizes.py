"""The package's size rules (README, "For developers"): at most eight top-level modules, no
module over 300 lines, no function over 40, so that each stays readable in one sitting."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "mvsite"
MAX_TOP_LEVEL, MAX_MODULE_LINES, MAX_FUNCTION_LINES = 8, 300, 40


def test_at_most_eight_top_level_modules() -> None:
    assert len(list(PACKAGE.glob("*.py"))) <= MAX_TOP_LEVEL


def test_no_module_is_too_long() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_function_is_too_long() -> None:
    too_long = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    too_long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = lines
    assert too_long == {}
