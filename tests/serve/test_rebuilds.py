"""The rebuild loop: what the open pages and the terminal are told after each build."""

from __future__ import annotations

import datetime as dt
import json

from mvsite.serve.live_reload import Browsers
from mvsite.serve.preview_build import Preview
from mvsite.serve.rebuilds import Rebuilds
from mvsite.serve.server import ServeOptions, preview_build_options

from .conftest import FILES, edit


def test_pages_reload_on_page_changes_and_css_is_swapped(preview: Preview) -> None:
    browsers, lines = Browsers(), list[str]()
    rebuilds = Rebuilds(preview, browsers, lines.append)
    edit(preview.options.source / "content/a.md", "Original text", "New text")
    rebuilds.build(["content/a.md"])
    assert (browsers.version, browsers.error) == (1, None)
    (preview.options.source / "static/style.css").write_text("body { color: red; }\n")
    rebuilds.build(["static/style.css"])
    assert browsers.version == 1  # swapped in place, no reload
    (preview.options.source / "content/a.md").write_text("---\ntitle: [\n---\n")
    rebuilds.build(["content/a.md"])
    assert browsers.version == 1 and browsers.error is not None
    shown = json.loads(browsers.status())["error"]["text"]
    assert shown.startswith("error: content/a.md:") and shown == lines[-1]  # as printed
    (preview.options.source / "content/a.md").write_text(FILES["content/a.md"])
    rebuilds.build(["content/a.md"])
    assert (browsers.version, browsers.error) == (2, None)


def test_a_warning_is_printed_when_it_first_appears_not_on_every_rebuild(
    preview: Preview,
) -> None:
    lines: list[str] = []
    rebuilds = Rebuilds(preview, Browsers(), lines.append)
    (preview.options.source / "content/new.md").write_text("---\ntitle: New\n---\nNew.\n")
    rebuilds.build(["content/new.md"])
    edit(preview.options.source / "content/a.md", "Original text", "New text")
    rebuilds.build(["content/a.md"])
    warnings = [line for line in lines if line.startswith("warning:")]
    assert warnings == [
        "warning: content/new.md:1: page has no description (search engines and link previews"
        " show it)\n  hint: add 'description: ...' (one sentence) to the front matter"
    ]


def test_a_date_after_today_is_warned_of_as_the_build_warns_of_it(preview: Preview) -> None:
    lines: list[str] = []
    served = ServeOptions(preview.options.source, today=dt.date(2025, 12, 1))
    options = preview_build_options(served, preview.options.source.parent / "served")
    rebuilds = Rebuilds(Preview(options), Browsers(), lines.append)
    page = "---\ntitle: Soon\ndescription: Later.\ndate: 2031-01-01\n---\nSoon.\n"
    (preview.options.source / "content/soon.md").write_text(page)
    rebuilds.build(["content/soon.md"])
    assert [line.split("\n")[0] for line in lines if line.startswith("warning:")] == [
        "warning: content/soon.md:4: date 2031-01-01 is in the future"
    ]
