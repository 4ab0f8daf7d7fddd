"""The live-reload channel: what the open pages are told after a build."""

from __future__ import annotations

from mvsite.serve.live_reload import swappable


def test_only_stylesheets_and_images_are_swapped_in_place() -> None:
    assert swappable(["style.css", "img/a.png"], []) == ("/style.css", "/img/a.png")
    assert swappable(["style.css", "a/index.html"], []) is None
    assert swappable(["style.css"], ["old.css"]) is None
    assert swappable([], []) == ()
