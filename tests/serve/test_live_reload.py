"""The live-reload channel: what the open pages are told after a build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tornado.websocket import WebSocketClosedError

from mvsite.errors import SiteError
from mvsite.serve.live_reload import Browsers, swappable


def test_only_stylesheets_and_images_are_swapped_in_place() -> None:
    assert swappable(["style.css", "img/a.png"], []) == ("/style.css", "/img/a.png")
    assert swappable(["style.css", "a/index.html"], []) is None
    assert swappable(["style.css"], ["old.css"]) is None
    assert swappable([], []) == ()


class _Page:
    """An open page's socket, as Browsers sees it."""

    def __init__(self, closed: bool = False) -> None:
        self.closed = closed
        self.told: list[dict[str, Any]] = []

    def write_message(self, message: str) -> None:
        if self.closed:
            raise WebSocketClosedError
        self.told.append(json.loads(message))


def test_pages_are_told_the_version_the_error_and_what_to_swap() -> None:
    browsers, page, gone = Browsers(), _Page(), _Page(closed=True)
    browsers.pages.update([page, gone])  # type: ignore[list-item]
    assert json.loads(browsers.status()) == {"version": 0, "error": None, "swap": []}
    browsers.update(None, pages_changed=True)
    browsers.update(SiteError("bad", Path("content/a.md"), 3, hint="fix it"), pages_changed=False)
    browsers.update(None, pages_changed=False, swap=("/style.css",))
    assert page.told == [
        {"version": 1, "error": None, "swap": []},
        {
            "version": 1,
            "error": {"text": "error: content/a.md:3: bad\n  hint: fix it"},
            "swap": [],
        },
        {"version": 1, "error": None, "swap": ["/style.css"]},
    ]
    assert browsers.pages == {page}  # a closed page is forgotten
