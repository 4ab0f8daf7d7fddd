"""The benchmark corpus: generate it once per size and read its pages back."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from benchmarks import gen_corpus

DEFAULT_SEED = 42
# A relative link to another page of the corpus: `slug.md` or `../section/slug.md`.
MD_LINK = re.compile(r"\]\(((?:\.\./[a-z0-9-]+/)?[a-z0-9-]+)\.md\)")


@dataclass(frozen=True)
class CorpusPage:
    """One Markdown page of the corpus, split into front matter and body."""

    rel: str  # "<section>/<slug>.md"
    section: str
    slug: str
    front_matter: str  # the YAML between the '---' lines, without them
    body: str


@dataclass(frozen=True)
class Corpus:
    root: Path
    pages: tuple[CorpusPage, ...]

    @property
    def images(self) -> Path:
        return self.root / "images"

    @property
    def stats(self) -> Path:
        return self.root / "data" / "stats.yaml"

    def edit_target(self) -> CorpusPage:
        """The page that the one-page-edit build changes: the same one for every tool."""
        ordered = sorted(self.pages, key=lambda p: p.rel)
        return ordered[len(ordered) // 2]


def ensure_corpus(work: Path, pages: int, seed: int = DEFAULT_SEED) -> Path:
    """Generate the corpus of ``pages`` pages under ``work`` unless it is already there."""
    root = work / "corpus" / f"{pages}"
    manifest = root / "corpus.json"
    if manifest.exists():
        meta = json.loads(manifest.read_text(encoding="utf-8"))
        if meta.get("pages") == pages and meta.get("seed") == seed:
            return root
    root.parent.mkdir(parents=True, exist_ok=True)
    gen_corpus.generate(pages, root, seed)
    return root


def split_front_matter(text: str) -> tuple[str, str]:
    """Return (front matter, body) of a page that starts with a '---' block."""
    if not text.startswith("---\n"):
        return "", text
    end = text.index("\n---\n", 3)
    return text[4 : end + 1], text[end + 5 :]


def load_corpus(root: Path) -> Corpus:
    pages = []
    for path in sorted(root.glob("*/*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        section = path.parent.name
        pages.append(CorpusPage(f"{section}/{path.name}", section, path.stem, front, body))
    return Corpus(root, tuple(pages))


def links_to_html(body: str) -> str:
    """Rewrite relative `.md` links to the `.html` files of a `<section>/<slug>.html` site."""
    return MD_LINK.sub(r"](\1.html)", body)
