#!/usr/bin/env python3
"""Deterministic synthetic content corpus for static-site-generator benchmarks.

A copy of the project's shared corpus generator (``shared/bench/gen_corpus.py``),
kept here so the harness does not depend on a checkout layout; reformatted for
this repository's lint rules, same output byte for byte.

    python gen_corpus.py --pages 1000 --out corpus-1000 [--seed 42]

Layout written under OUT:

    <section>/<slug>.md     N pages spread over SECTIONS (one folder each)
    images/img-NN.png       a few tiny PNGs that some pages reference
    data/stats.yaml         site-wide numbers (the same for every peer)
    corpus.json             manifest: seed, page count, words, per-section counts

Every page has YAML front matter (title, date, summary, tags, section) and a
body of ~700 words of prose-like Markdown: h2/h3 headings, paragraphs with
*emphasis*, **strong** and `code`, relative .md links to other pages of the
corpus, a bullet list, a numbered list, one pipe table, one fenced code block,
a blockquote and, on ~30% of pages, an image.  The Markdown stays inside what
Python-Markdown (tables, fenced_code, toc) and CommonMark render alike: lists
and tables are surrounded by blank lines, nothing is nested, there is no
intra-word underscore, no raw HTML and no '{{' / '{%' that template engines
could pick up.

Same (--pages, --seed) => byte-identical output.  Only the standard library
is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import random
import re
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any

Page = dict[str, Any]


def _words(text: str) -> list[str]:
    return text.split()


SECTIONS = ["research", "news", "organisations", "people", "projects", "guides"]
# Relative weights: a realistic site is uneven.
SECTION_WEIGHTS = [30, 25, 12, 10, 13, 10]

TAGS = _words(
    "climate water energy policy health education data privacy security cloud "
    "open-source funding transport housing agriculture biology physics history "
    "economics law ethics ai statistics mapping archives oceans forests cities "
    "software hardware community training standards governance accessibility "
    "publishing mobility migration culture languages networks infrastructure"
)

# A small, fixed vocabulary; drawn with Zipf-like weights so text looks natural.
FUNCTION_WORDS = _words(
    "the of and to in a is that for it as with was on be by this are from or "
    "at an which but not have has their they more can its also these were "
    "been other between into most over such through when where while both "
    "each than only after before under about among"
)
CONTENT_WORDS = _words(
    "system network data model result study survey region project team method "
    "analysis report policy program review process community service market "
    "record archive sample source index group level period value measure "
    "growth change impact access support design practice standard framework "
    "budget council partner member school river coast forest station library "
    "museum clinic harbour valley district province village farm factory "
    "network sensor signal pattern trend cycle season decade century season "
    "evidence approach question problem solution effect factor context scale "
    "capacity resource strategy outcome project figure table series estimate "
    "collection catalogue volunteer researcher journalist engineer teacher "
    "student officer committee board agency institute foundation university "
    "observed measured reported published described proposed developed used "
    "collected analysed compared estimated recorded reviewed funded launched "
    "improved reduced increased maintained expanded documented mapped shared "
    "local regional national public private open early recent annual monthly "
    "significant limited broad careful detailed independent reliable stable "
    "rapid gradual seasonal historical current future primary secondary"
)
CODE_IDENTS = _words(
    "load_config parse_args build_index render_page fetch_rows merge_tables "
    "normalise slugify read_csv write_json cache_dir max_workers batch_size "
    "timeout retries output_path input_path api_key base_url page_size"
)
FIRST_NAMES = _words(
    "Ana Ben Chloe Dara Emil Farah Goran Hana Ines Jonas Kira Luis Mina Noor Omar Petra"
)
LAST_NAMES = _words(
    "Adler Barros Chen Dubois Eriksen Fischer Garcia Haddad Ivanova Jensen Kowalski "
    "Lindqvist Moreau Novak Okafor Petrov"
)

N_IMAGES = 12


class Prose:
    """Seeded generator of sentences, paragraphs and other Markdown blocks."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = FUNCTION_WORDS + CONTENT_WORDS
        # Zipf-ish weights: function words frequent, content words long-tailed.
        weights = [30.0 / (i + 1) ** 0.5 for i in range(len(FUNCTION_WORDS))] + [
            8.0 / (i % 40 + 1) ** 0.7 for i in range(len(CONTENT_WORDS))
        ]
        self.cum_weights = list(itertools.accumulate(weights))

    def word(self) -> str:
        return self.rng.choices(self.words, cum_weights=self.cum_weights)[0]

    def words_(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum_weights, k=n)

    def content_word(self) -> str:
        return self.rng.choice(CONTENT_WORDS)

    def phrase(self, lo: int, hi: int) -> str:
        return " ".join(self.content_word() for _ in range(self.rng.randint(lo, hi)))

    def title(self) -> str:
        words = [self.content_word() for _ in range(self.rng.randint(3, 6))]
        small = {"of", "and", "in", "for", "on"}
        if len(words) > 3:
            words.insert(self.rng.randint(1, len(words) - 2), self.rng.choice(sorted(small)))
        return " ".join(w if w in small else w.capitalize() for w in words)

    def sentence(self, links: list[tuple[str, str]] | None = None) -> tuple[str, int]:
        """One sentence with occasional inline markup; returns (text, words)."""
        n = self.rng.randint(8, 22)
        toks = self.words_(n)
        r = self.rng.random()
        i = self.rng.randrange(n)
        if r < 0.12:
            toks[i] = f"*{toks[i]}*"
        elif r < 0.20:
            j = min(n, i + 2)
            toks[i:j] = [f"**{' '.join(toks[i:j])}**"]
        elif r < 0.27:
            toks[i] = f"`{self.rng.choice(CODE_IDENTS)}`"
        elif r < 0.37 and links:
            text, href = links.pop()
            toks[i] = f"[{text}]({href})"
        s = " ".join(toks)
        return s[0].upper() + s[1:] + self.rng.choice([".", ".", ".", "?"]), n

    def paragraph(self, links: list[tuple[str, str]], lo: int = 3, hi: int = 6) -> tuple[str, int]:
        parts, words = [], 0
        for _ in range(self.rng.randint(lo, hi)):
            s, n = self.sentence(links)
            parts.append(s)
            words += n
        return " ".join(parts), words

    def bullet_list(self, links: list[tuple[str, str]]) -> tuple[str, int]:
        items, words = [], 0
        for _ in range(self.rng.randint(3, 6)):
            s, n = self.sentence(links)
            items.append(f"- {s}")
            words += n
        return "\n".join(items), words

    def numbered_list(self) -> tuple[str, int]:
        items, words = [], 0
        for k in range(1, self.rng.randint(3, 6) + 1):
            n = self.rng.randint(5, 12)
            verb = self.rng.choice(
                ["Collect", "Review", "Compare", "Publish", "Check", "Record", "Share"]
            )
            items.append(f"{k}. {verb} the {' '.join(self.word() for _ in range(n))}.")
            words += n + 2
        return "\n".join(items), words

    def table(self) -> tuple[str, int]:
        cols = self.rng.randint(3, 4)
        header = ["Item", "Year", "Count", "Share"][:cols]
        lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(["---"] * cols) + " |"]
        words = cols
        for _ in range(self.rng.randint(4, 7)):
            row = [
                self.phrase(1, 3),
                str(self.rng.randint(1990, 2024)),
                str(self.rng.randint(3, 9000)),
                f"{self.rng.uniform(0, 100):.1f}%",
            ][:cols]
            words += len(" ".join(row).split())
            lines.append("| " + " | ".join(row) + " |")
        return "\n".join(lines), words

    def code_block(self) -> tuple[str, int]:
        lang = self.rng.choice(["python", "yaml", "bash", "json"])
        a, b, c = self.rng.sample(CODE_IDENTS, 3)
        num = self.rng.randint(2, 64)
        if lang == "python":
            body = [
                f"def {a}(path, {b}={num}):",
                f'    """Return the {self.phrase(2, 4)}."""',
                "    rows = []",
                '    with open(path, encoding="utf-8") as fh:',
                "        for line in fh:",
                f'            rows.append(line.strip().split(",")[:{b}])',
                f"    return {c}(rows)",
            ]
        elif lang == "yaml":
            body = [f"{a}:", f"  {b}: {num}", f"  {c}: true", "  sections:"] + [
                f"    - {s}" for s in self.rng.sample(SECTIONS, 3)
            ]
        elif lang == "bash":
            body = [
                "set -eu",
                f"export {b.upper()}={num}",
                f"mkdir -p out/{a}",
                f"python -m {c} --input data/{a}.csv --output out/{a}/",
                f"ls -l out/{a} | wc -l",
            ]
        else:
            body = [
                "{",
                f'  "{a}": {num},',
                f'  "{b}": "{self.content_word()}",',
                f'  "{c}": [1, 2, 3]',
                "}",
            ]
        return f"```{lang}\n" + "\n".join(body) + "\n```", 0

    def blockquote(self, links: list[tuple[str, str]]) -> tuple[str, int]:
        s, n = self.paragraph(links, 1, 3)
        who = f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
        return f"> {s}\n>\n> -- {who}", n + 2


def make_pages(n: int, rng: random.Random) -> list[Page]:
    prose = Prose(rng)
    pages, used = [], set()
    start = dt.date(2015, 1, 1)
    for i in range(n):
        section = rng.choices(SECTIONS, SECTION_WEIGHTS)[0]
        title = prose.title()
        slug = "-".join(title.lower().split()[:4])
        while slug in used:  # keep slugs unique and stable
            slug = f"{slug}-{i}"
        used.add(slug)
        pages.append(
            {
                "i": i,
                "section": section,
                "slug": slug,
                "title": title,
                "date": start + dt.timedelta(days=rng.randrange(0, 3650)),
                "tags": sorted(rng.sample(TAGS, rng.randint(1, 4))),
            }
        )
    return pages


def count_words(text: str) -> int:
    """Prose-ish word count: whitespace tokens that contain a letter, outside code fences."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    return sum(1 for tok in prose.split() if re.search(r"[A-Za-z]", tok))


def page_body(
    page: Page, pages: list[Page], rng: random.Random, target_words: int = 620
) -> tuple[str, str, int]:
    prose = Prose(rng)
    # 3-6 links to other pages, relative to this page's folder (all pages are one level deep).
    links = []
    for _ in range(rng.randint(3, 6)):
        other = pages[rng.randrange(len(pages))]
        href = (
            f"{other['slug']}.md"
            if other["section"] == page["section"]
            else f"../{other['section']}/{other['slug']}.md"
        )
        links.append((other["title"].lower(), href))

    summary, _ = prose.sentence()
    blocks: list[str] = []
    words = 0

    def add(block: tuple[str, int]) -> None:
        nonlocal words
        blocks.append(block[0])
        words += block[1]

    add(prose.paragraph(links))
    add(prose.paragraph(links))
    blocks.append(f"## {prose.title()}")
    add(prose.paragraph(links))
    add(prose.bullet_list(links))
    add(prose.paragraph(links, 2, 4))
    blocks.append(f"### {prose.title()}")
    add(prose.paragraph(links))
    add(prose.numbered_list())
    blocks.append(f"## {prose.title()}")
    add(prose.paragraph(links, 2, 3))
    add(prose.table())
    add(prose.paragraph(links))
    if rng.random() < 0.3:
        blocks.append(f"![{prose.phrase(2, 4)}](../images/img-{rng.randrange(N_IMAGES):02d}.png)")
    add(prose.code_block())
    add(prose.blockquote(links))
    blocks.append(f"### {prose.title()}")
    # Pad with paragraphs (and an occasional extra h2) up to the target length.
    while words < target_words:
        if rng.random() < 0.25:
            blocks.append(f"## {prose.title()}")
        add(prose.paragraph(links))
    body = "\n\n".join(blocks) + "\n"
    return summary, body, count_words(body)


def front_matter(page: Page, summary: str) -> str:
    def q(s: str) -> str:  # YAML double-quoted scalar
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [
        "---",
        f"title: {q(page['title'])}",
        f"date: {page['date'].isoformat()}",
        f"summary: {q(summary)}",
        "tags:",
        *[f"  - {t}" for t in page["tags"]],
        f"section: {page['section']}",
        "---",
        "",
    ]
    return "\n".join(lines)


def tiny_png(rgb: tuple[int, int, int], size: int = 8) -> bytes:
    raw = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def stats_yaml(pages: list[Page], rng: random.Random, total_words: int) -> str:
    counts = {s: sum(p["section"] == s for p in pages) for s in SECTIONS}
    years: dict[int, int] = {}
    for p in pages:
        years[p["date"].year] = years.get(p["date"].year, 0) + 1
    lines = [
        "site_name: Example Observatory",
        "organisation: Example Observatory Foundation",
        f"pages: {len(pages)}",
        f"words: {total_words}",
        "sections:",
        *[f"  {s}: {c}" for s, c in counts.items()],
        "pages_per_year:",
        *[f"  {y}: {c}" for y, c in sorted(years.items())],
        "indicators:",
    ]
    for k in range(12):
        lines += [
            f"  - name: indicator-{k:02d}",
            f"    value: {rng.uniform(0, 1000):.2f}",
            f"    change: {rng.uniform(-20, 20):.1f}",
            f"    unit: {rng.choice(['percent', 'tonnes', 'people', 'km', 'eur'])}",
        ]
    return "\n".join(lines) + "\n"


def generate(n: int, out: Path, seed: int = 42) -> dict[str, Any]:
    rng = random.Random(seed)
    pages = make_pages(n, rng)
    if out.exists():
        shutil.rmtree(out)
    for s in SECTIONS:
        (out / s).mkdir(parents=True)
    total_words = 0
    for page in pages:
        # Each page gets its own RNG stream so a page's text does not depend on
        # the pages generated before it (handy for one-page-changed rebuilds).
        prng = random.Random(f"{seed}-{page['i']}")
        summary, body, words = page_body(page, pages, prng)
        total_words += words
        (out / page["section"] / f"{page['slug']}.md").write_text(
            front_matter(page, summary) + body, encoding="utf-8"
        )
    (out / "images").mkdir()
    irng = random.Random(seed + 1)
    for k in range(N_IMAGES):
        (out / "images" / f"img-{k:02d}.png").write_bytes(
            tiny_png((irng.randrange(256), irng.randrange(256), irng.randrange(256)))
        )
    (out / "data").mkdir()
    (out / "data" / "stats.yaml").write_text(
        stats_yaml(pages, random.Random(seed + 2), total_words), encoding="utf-8"
    )
    manifest = {
        "seed": seed,
        "pages": n,
        "words": total_words,
        "words_per_page": round(total_words / max(n, 1), 1),
        "sections": {s: sum(p["section"] == s for p in pages) for s in SECTIONS},
        "bytes": sum(f.stat().st_size for f in out.rglob("*.md")),
    }
    (out / "corpus.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    print(json.dumps(generate(args.pages, args.out, args.seed)))


if __name__ == "__main__":
    main()
