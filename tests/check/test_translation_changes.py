"""mvsite.check.translation_changes: what changed in an original, with its lines now."""

from __future__ import annotations

from pathlib import Path

from mvsite.check.translation_changes import Change, changes_since, describe_changes

SHOWN = Path("content/cancer.md")
OLD = """\
---
title: Cancer
description: Trials.
---

Intro.

## Trials

One trial.

## Centres

A centre.
Another centre.
"""


def test_the_changed_lines_and_their_heading() -> None:
    new = OLD.replace("One trial.", "Two trials.").replace("Another centre.\n", "")
    new = new.replace("Intro.\n", "Intro.\n\nMore intro.\n")
    assert changes_since(OLD, new, SHOWN) == (
        Change("added", 8, 8, ""),
        Change("changed", 12, 12, "Trials"),
        Change("removed", 16, 16, "Centres"),
    )
    assert describe_changes(changes_since(OLD, new, SHOWN)) == (
        'line 8 added; line 12 changed (under "Trials"); '
        'lines removed after line 16 (under "Centres")'
    )


def test_title_and_description() -> None:
    new = OLD.replace("title: Cancer", "title: Oncology").replace("Trials.", "Studies.")
    assert describe_changes(changes_since(OLD, new, SHOWN)) == (
        "title changed (line 2); description changed (line 3)"
    )


def test_many_changes_are_counted() -> None:
    old = "\n\n".join(f"P{n}." for n in range(8)) + "\n"
    new = "\n\n".join(f"Q{n}." for n in range(8)) + "\n"
    text = describe_changes(changes_since(old, new, SHOWN))
    assert text.startswith("line 1 changed; line 3 changed; line 5 changed; line 7 changed")
    assert text.endswith("; and 4 more")


def test_a_heading_inside_a_fence_is_not_one() -> None:
    old = "## Real\n\n```\n## not a heading\n```\n\nText.\n"
    new = old.replace("Text.", "Other text.")
    assert changes_since(old, new, SHOWN) == (Change("changed", 7, 7, "Real"),)
