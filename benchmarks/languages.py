"""The corpus in several languages: every page also as a translation beside it
(`page.da.md`, `page.sv.md`), for the generators that read translations by file name
(mvsite and Hugo). A translation is its original with its title marked: the cost measured
is that of the pages, not of the words in them."""

from __future__ import annotations

import re
from pathlib import Path

from benchmarks.corpus import Corpus

TOOLS_WITH_LANGUAGES = frozenset({"mvsite", "hugo"})
_TITLE = re.compile(r'^title: "(.*)"$', re.M)


def add_translations(tool: str, corpus: Corpus, site: Path, codes: tuple[str, ...]) -> None:
    """Translations of every page of `corpus` in `codes`, laid out in `tool`'s `site`."""
    content = site / "content"
    for page in corpus.pages:
        original = (content / page.rel).read_text(encoding="utf-8")
        for code in codes:
            translation = content / page.rel.replace(".md", f".{code}.md")
            translation.write_text(_translated(original, code), encoding="utf-8")
    if tool == "mvsite":
        _append(
            site / "mvsite.yaml",
            "languages:\n  en: English\n" + "".join(f"  {c}: {c}\n" for c in codes),
        )
    else:
        tables = "".join(f"[languages.{c}]\nweight = {i + 2}\n" for i, c in enumerate(codes))
        _append(
            site / "hugo.toml",
            f'defaultContentLanguage = "en"\n[languages.en]\nweight = 1\n{tables}',
        )


def _translated(text: str, code: str) -> str:
    return _TITLE.sub(lambda m: f'title: "{m[1]} ({code})"', text, count=1)


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
