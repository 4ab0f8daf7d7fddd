"""The default theme's code colours: Pygments styles -> the CSS block of theme/static/style.css.

    python scripts/code_colours.py          # rewrite the block between the markers
    python scripts/code_colours.py --check  # exit 1 if the block is not what this makes

Code is coloured when the site is built (codehilite, or pymdownx.highlight when a MkDocs
site names it: classes `.codehilite` and `.highlight`); this CSS is all the reader's browser
needs. Light: Pygments' `xcode`; dark (prefers-color-scheme): `lightbulb`. They are the two
bundled styles whose every colour reaches 4.5:1 (WCAG AA) on the code backgrounds below;
tests/render/test_theme.py checks that, and that the block is up to date.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pygments.formatters import HtmlFormatter

STYLE_CSS = Path(__file__).resolve().parents[1] / "src/mvsite/render/theme/static/style.css"
LIGHT, DARK = "xcode", "lightbulb"
LIGHT_BACKGROUND, DARK_BACKGROUND = "#f6f8fa", "#1b1f24"
PREFIX = ":is(.codehilite, .highlight)"
BEGIN = "/* Code colours: made by scripts/code_colours.py, do not edit by hand */"
END = "/* End of code colours */"
_RULE = re.compile(r"^(?P<selectors>[^{]+)\{(?P<body>[^}]*)\}")


def token_rules(style: str) -> dict[str, str]:
    """The style's rules for token classes: selector list -> declarations, in Pygments' order."""
    rules = {}
    for line in HtmlFormatter(style=style).get_token_style_defs(PREFIX):
        match = _RULE.match(line)
        if match:
            rules[match["selectors"].strip()] = match["body"].strip().rstrip(";")
    return rules


def css() -> str:
    """The CSS block: light rules, then the dark ones (a class only the light style colours
    falls back to the text colour in dark mode)."""
    pre = f"{PREFIX} pre"
    light, dark = token_rules(LIGHT), token_rules(DARK)
    reset = (
        "color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit"
    )
    dark_rules = {**dict.fromkeys(light, reset), **dark}
    lines = [
        BEGIN,
        f"{pre} {{ background: {LIGHT_BACKGROUND}; }}",
        *(f"{selectors} {{ {body} }}" for selectors, body in light.items()),
        "@media (prefers-color-scheme: dark) {",
        f"  {pre} {{ background: {DARK_BACKGROUND}; }}",
        *(f"  {selectors} {{ {body} }}" for selectors, body in dark_rules.items()),
        "}",
        END,
    ]
    return "\n".join(lines) + "\n"


def with_block(stylesheet: str) -> str:
    """`stylesheet` with its code-colour block replaced (or appended)."""
    start, end = stylesheet.find(BEGIN), stylesheet.find(END)
    if start < 0:
        return stylesheet.rstrip("\n") + "\n\n" + css()
    return stylesheet[:start] + css() + stylesheet[end + len(END) + 1 :]


def main(argv: list[str]) -> int:
    current = STYLE_CSS.read_text(encoding="utf-8")
    wanted = with_block(current)
    if "--check" in argv:
        if current != wanted:
            print(f"{STYLE_CSS}: code colours out of date; run python scripts/code_colours.py")
            return 1
        return 0
    STYLE_CSS.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
