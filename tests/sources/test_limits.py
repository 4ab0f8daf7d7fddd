"""Markdown that would take Python-Markdown minutes is refused before converting, and any page
that still takes too long is stopped at the site's time limit."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources import limits
from mvsite.sources.limits import (
    MAX_LINK_WALK,
    TimeLimitExceeded,
    check_link_brackets,
    link_walk_length,
    time_limit,
)

from ..conftest import Run

N = 8_000  # the sizes in issue #12: 26 s and 33 s to convert
OPEN_LINKS = "[a](b " * N
NESTED = "[" * N + "x" + "](y)" * N


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (OPEN_LINKS, 7, "8,000 link brackets or parentheses left open in one paragraph"),
        (NESTED, 7, "link brackets nested 8,000 deep would take minutes to convert"),
        ("[" * 4_000, 7, "4,000 link brackets or parentheses left open"),
        # a paragraph: the lines are one text to Python-Markdown, not list items
        ("Intro\n" + "- [i\n" * 3_000, 8, "3,000 link brackets or parentheses left open"),
    ],
)
def test_quadratic_link_patterns_are_refused_at_their_line(
    body: str, line: int, message: str
) -> None:
    with pytest.raises(SiteError) as caught:
        check_link_brackets("Fine.\n\n" + body, Path("content/a.md"), 5)
    assert (caught.value.line, caught.value.message[: len(message)]) == (line, message)
    assert "\\[" in caught.value.hint


@pytest.mark.parametrize(
    "body",
    [
        "[a](b) " * N,  # many links, each closed
        "[![map](map.png)](big.png) " * N,  # an image in a link
        "- [x] task\n" * N,  # task lists
        "- [1 an unclosed bracket in each of many list items\n" * 3_000,
        "\\[ an escaped bracket " * N,
        "[a](b\n\n" * N,  # open, but each in its own paragraph
    ],
)
def test_many_links_that_convert_quickly_pass(body: str) -> None:
    check_link_brackets(body, Path("content/a.md"), 5)
    assert link_walk_length(body)[0] <= MAX_LINK_WALK


def test_the_time_limit_stops_a_loop_and_is_lifted_after() -> None:
    with pytest.raises(TimeLimitExceeded), time_limit(0.05):
        while True:
            pass
    with time_limit(0.05):
        pass
    deadline = time.process_time() + 0.2
    while time.process_time() < deadline:  # the timer was disarmed: nothing interrupts
        pass


@pytest.mark.parametrize("setter", ["C", "public"])
def test_the_time_limit_gives_the_previous_handler_back(
    setter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if setter == "public":  # an interpreter without _signal
        monkeypatch.setattr(limits, "_set_handler", signal.signal)
    seen: list[int] = []

    def own(signum: int, frame: object) -> None:
        seen.append(signum)

    previous = signal.signal(signal.SIGPROF, own)
    try:
        with pytest.raises(TimeLimitExceeded), time_limit(0.05):
            while True:
                pass
        assert signal.getsignal(signal.SIGPROF) is own and not seen
        signal.signal(signal.SIGPROF, signal.SIG_DFL)
        with time_limit(1.0):
            pass
        assert signal.getsignal(signal.SIGPROF) is signal.SIG_DFL
    finally:
        signal.signal(signal.SIGPROF, previous)


def _site(make_site: Callable[..., Path], slow: str, pages: int = 1) -> Path:
    files = {
        "mvsite.yaml": "title: T\nconvert_time_limit: 0.05\n",
        "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\nHi.\n",
        "content/slow.md": "---\ntitle: Slow\ndescription: d\n---\n" + slow,
    }
    for i in range(pages):
        files[f"content/p{i}.md"] = f"---\ntitle: P{i}\ndescription: d\n---\nText.\n"
    return make_site(files)


# Under the check's limit, so it is converted: about half a second of CPU time.
SLOW = "[a](b " * 1_100


@pytest.mark.parametrize("jobs", ["1", "2"])  # in this process, and in worker processes
def test_a_page_over_the_time_limit_is_stopped_and_located(
    jobs: str, make_site: Callable[..., Path], run_cli: Callable[..., Run]
) -> None:
    assert link_walk_length(SLOW)[0] <= MAX_LINK_WALK
    site = _site(make_site, SLOW, pages=40)
    result = run_cli("build", "--source", site, "--no-cache", "--jobs", jobs)
    assert result.code == 1
    assert result.err.startswith(
        "error: content/slow.md: took longer than 0.05 s to convert\n"
        "  hint: look for a very long paragraph"
    ), result.err
    assert "convert_time_limit" in result.err and "Traceback" not in result.err


def test_the_time_limit_is_a_setting(
    make_site: Callable[..., Path], run_cli: Callable[..., Run]
) -> None:
    site = _site(make_site, SLOW)
    (site / "mvsite.yaml").write_text("title: T\nconvert_time_limit: 60\n")
    assert run_cli("build", "--source", site, "--no-cache").code == 0
    (site / "mvsite.yaml").write_text("title: T\nconvert_time_limit: '5 s'\n")
    result = run_cli("build", "--source", site)
    assert result.err.startswith(
        "error: mvsite.yaml:2: 'convert_time_limit' must be a number of seconds"
    )
