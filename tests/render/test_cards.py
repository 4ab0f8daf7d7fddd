"""Social cards: the PNG each page's og:image names, drawn once and kept while unchanged."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

import mvsite.build.card_files
from mvsite.render.cards import card_key, card_path, render_card

from ..conftest import Run, SiteFiles, tree_bytes

PAGE = "---\ntitle: {title}\ndescription: A page.\n---\nText.\n"
FILES: SiteFiles = {
    "mvsite.yaml": "title: Field Notes\nbase_url: https://notes.github.io/\nsocial_cards: true\n",
    "content/_index.md": PAGE.format(title="Home"),
    "content/birds/_index.md": PAGE.format(title="Birds"),
    "content/birds/swift.md": PAGE.format(title="The common swift"),
}


def test_a_card_is_a_1200_by_630_png_with_the_same_bytes_every_time() -> None:
    first = render_card("The common swift", "Field Notes")
    assert render_card("The common swift", "Field Notes") == first
    image = Image.open(io.BytesIO(first))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert render_card("The common tern", "Field Notes") != first


def test_a_title_too_long_for_three_lines_still_makes_a_card() -> None:
    image = Image.open(io.BytesIO(render_card("word " * 200, "Field Notes")))
    assert image.size == (1200, 630)


def test_a_card_lives_beside_its_page() -> None:
    assert card_path("/") == "social-card.png"
    assert card_path("/birds/swift/") == "birds/swift/social-card.png"


def test_a_card_key_changes_with_the_title_and_the_site_name() -> None:
    keys = {card_key("A", "S"), card_key("B", "S"), card_key("A", "T")}
    assert len(keys) == 3


def _og(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{name}" content="([^"]*)"', html)
    assert found, name
    return found.group(1)


def test_every_page_names_its_card_and_full_title(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(FILES)
    assert run_cli("build", "--source", site, "--strict").code == 0
    html = (site / "public/birds/swift/index.html").read_text()
    assert _og(html, "og:image") == "https://notes.github.io/birds/swift/social-card.png"
    assert _og(html, "og:title") == "The common swift — Field Notes"
    assert _og(html, "twitter:card") == "summary_large_image"
    for rel in ("social-card.png", "birds/social-card.png", "birds/swift/social-card.png"):
        assert Image.open(site / "public" / rel).size == (1200, 630)
    assert "og:image" not in (site / "public/404.html").read_text()


def test_two_builds_make_the_same_card_bytes(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(FILES)
    outs = [site / "a", site / "b"]
    for out in outs:
        assert run_cli("build", "--source", site, "--output", out, "--no-cache").code == 0
    cards = [sorted(out.rglob("*.png")) for out in outs]
    assert len(cards[0]) == 3
    for a, b in zip(*cards, strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_an_unchanged_card_is_not_drawn_again(
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = make_site(FILES)
    assert run_cli("build", "--source", site).code == 0
    card = site / "public/birds/swift/social-card.png"
    before = card.stat().st_mtime_ns
    drawn: list[str] = []
    real = mvsite.build.card_files.render_cards

    def counting(cards: list[tuple[str, str]]) -> list[bytes]:
        drawn.extend(title for title, _ in cards)
        return real(cards)

    monkeypatch.setattr(mvsite.build.card_files, "render_cards", counting)
    page = site / "content/birds/swift.md"
    page.write_text(page.read_text() + "More text.\n")  # the body, not the title
    assert run_cli("build", "--source", site, "--jobs", "1").code == 0
    assert drawn == []
    assert card.stat().st_mtime_ns == before
    page.write_text(PAGE.format(title="The pallid swift"))
    assert run_cli("build", "--source", site, "--jobs", "1").code == 0
    assert drawn == ["The pallid swift"]
    assert card.read_bytes() == render_card("The pallid swift", "Field Notes")


def test_no_cards_unless_the_config_asks(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({**FILES, "mvsite.yaml": "title: Field Notes\n"})
    assert run_cli("build", "--source", site).code == 0
    assert list((site / "public").rglob("*.png")) == []
    assert "og:image" not in (site / "public/birds/swift/index.html").read_text()


def test_cards_drawn_in_the_workers_are_those_one_process_draws(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    """The page stage lets its workers go when no later stage needs them: not with cards."""
    birds = {f"content/birds/b{i:02d}.md": PAGE.format(title=f"Bird {i}") for i in range(60)}
    site = make_site({**FILES, **birds})
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_cli("build", "--source", site, "--output", one, "--jobs", "1").code == 0
    assert (
        run_cli("build", "--source", site, "--output", two, "--jobs", "2", "--no-cache").code == 0
    )
    assert tree_bytes(two) == tree_bytes(one)
    assert len([name for name in tree_bytes(two) if name.endswith(".png")]) > 60


def test_danish_and_swedish_letters_are_drawn_not_empty_boxes() -> None:
    """Pillow's own font had ASCII alone: 'Kræft' was drawn 'Kr□ft'."""
    box = render_card("Kr\U0010fffdft", "Field Notes")  # a character no font has
    for letter in "æøåÆØÅäöÄÖ":
        assert render_card(f"Kr{letter}ft", "Field Notes") != box, letter


def test_a_character_the_font_lacks_is_left_out_of_the_card_not_drawn_as_a_box() -> None:
    assert render_card("Birds 🐦 of 東京", "Field Notes 🐦") == render_card(
        "Birds of", "Field Notes"
    )


def test_a_card_that_leaves_characters_out_is_a_warning_at_the_title(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(
        {
            **FILES,
            "content/birds/swift.md": PAGE.format(title="Swifts 🐦"),
            "content/birds/tern.md": "---\ndescription: A page.\n---\n\n# Terns of 東京\n",
            "content/birds/gull.md": PAGE.format(title="Gulls of Øresund"),
        }
    )
    run = run_cli("build", "--source", site)
    assert run.code == 0
    said = [line for line in run.err.splitlines() if "social card" in line]
    assert said == [
        "warning: content/birds/swift.md:2: title has characters its social card leaves out,"
        " as its font (DejaVu Sans) has none: '🐦' (U+1F426 BIRD)",
        "warning: content/birds/tern.md:5: title has characters its social card leaves out,"
        " as its font (DejaVu Sans) has none: '東' (U+6771 CJK UNIFIED IDEOGRAPH-6771),"
        " '京' (U+4EAC CJK UNIFIED IDEOGRAPH-4EAC)",
    ]
    hint = run.err.splitlines()[run.err.splitlines().index(said[0]) + 1]
    assert hint == (
        "  hint: the page itself shows them; the card's font draws Latin and Greek letters"
        " and common punctuation: reword the title if its card must show them"
    )
    assert "Swifts 🐦" in (site / "public/birds/swift/index.html").read_text()
    assert run_cli("build", "--source", site, "--strict").code == 1
    off = make_site({**FILES, "mvsite.yaml": "title: Field Notes 🐦\n"})
    assert "social card" not in run_cli("build", "--source", off).err


def test_the_site_title_a_card_leaves_characters_out_of_is_a_warning_at_its_line(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    config = "base_url: https://notes.github.io/\nsocial_cards: true\ntitle: Field Notes ✎\n"
    run = run_cli("build", "--source", make_site({**FILES, "mvsite.yaml": config}))
    assert (
        "warning: mvsite.yaml:3: the site's title has characters its social card leaves out,"
        " as its font (DejaVu Sans) has none: '✎' (U+270E LOWER RIGHT PENCIL)"
    ) in run.err.splitlines()
