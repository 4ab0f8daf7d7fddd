"""Page work in worker processes: the same bytes and the same first error whatever --jobs,
the --profile table, the progress bar, and page size independent of the site's size."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mvsite.build.page_stage import _batches
from mvsite.build.pipeline import BuildOptions, build_site
from mvsite.commands.progress import ProgressBar, format_profile, progress_line, wants_progress

from ..conftest import Run, SiteFiles, tree_bytes


def _many_pages(count: int, section: str = "notes") -> dict[str, str]:
    files = {"mvsite.yaml": "title: Many\n"}
    for i in range(count):
        body = f"Page {i} links to [the next](p{(i + 1) % count:04d}.md) and has *words*.\n"
        files[f"content/{section}/p{i:04d}.md"] = (
            f"---\ntitle: Page {i:04d}\ndescription: D\n---\n## Part\n\n{body}"
        )
    return files


def test_jobs_do_not_change_a_byte(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run], tmp_path: Path
) -> None:
    site = make_site(_many_pages(60))
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_cli("build", "--source", site, "--output", one, "--jobs", "1").code == 0
    assert run_cli("build", "--source", site, "--output", two, "--jobs", "2").code == 0
    assert tree_bytes(one) == tree_bytes(two)
    assert len(tree_bytes(one)) > 60


def test_the_first_problem_in_page_order_is_reported_whatever_the_jobs(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    files = _many_pages(60)
    for i in (7, 30, 55):  # in different batches
        files[f"content/notes/p{i:04d}.md"] += f"\nSee [gone](gone{i}.md).\n"
    site = make_site(files)
    for jobs in ("2", "1", "2"):
        result = run_cli("build", "--source", site, "--jobs", jobs)
        assert result.code == 1
        assert result.err.startswith(
            "error: content/notes/p0007.md:9: link to a missing page: content/notes/gone7.md"
        ), result.err


def test_keep_going_collects_every_problem_with_workers(
    make_site: Callable[[SiteFiles], Path],
) -> None:
    files = _many_pages(40)
    for i in (3, 21, 39):
        files[f"content/notes/p{i:04d}.md"] += "\n[[fig:nope]]\n"
    site = make_site(files)
    built = build_site(BuildOptions(site, keep_going=True, jobs=2))
    assert [str(p.path) for p in built.problems] == [
        "content/notes/p0003.md",
        "content/notes/p0021.md",
        "content/notes/p0039.md",
    ]


def test_profile_prints_each_stage(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site(_many_pages(20))
    result = run_cli("build", "--source", site, "--profile", "--jobs", "2")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    table = lines[lines.index(next(x for x in lines if x.startswith("stage"))) :]
    assert [row.split()[0] for row in table] == [
        "stage",
        "read",
        "markdown",
        "render",
        "write",
        "total",
    ]
    assert "(wall " in table[-1] and "2 processes" in table[-1]


def test_format_profile_shares() -> None:
    text = format_profile({"read": 1.0, "markdown": 3.0}, 2.5, 1)
    assert text.splitlines() == [
        "stage        CPU s  share",
        "read          1.00    25%",
        "markdown      3.00    75%",
        "total         4.00  (wall 2.50 s, 1 process)",
    ]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_quiet_unless_a_person_watches_a_terminal(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    assert not wants_progress(io.StringIO(), {})
    assert not wants_progress(_Terminal(), {"CI": "true"})
    assert not wants_progress(_Terminal(), {"TERM": "dumb"})
    assert wants_progress(_Terminal(), {"TERM": "xterm"})
    site = make_site(_many_pages(20))
    result = run_cli("build", "--source", site)
    assert "[#" not in result.err and "\r" not in result.err


def test_progress_bar_draws_only_after_the_delay_and_clears_itself() -> None:
    now = [0.0]
    stream = _Terminal()
    bar = ProgressBar(stream, True, delay=1.0, clock=lambda: now[0])
    bar(10, 100)
    assert stream.getvalue() == ""
    now[0] = 1.5
    bar(50, 100)
    assert stream.getvalue() == "\r" + progress_line(50, 100)
    bar.close()
    assert stream.getvalue().endswith("\r")
    assert progress_line(50, 100) == "[" + "#" * 15 + "-" * 15 + "] 50/100 pages"
    off = _Terminal()
    ProgressBar(off, False, delay=0)(1, 2)
    assert off.getvalue() == ""


@pytest.mark.slow
def test_a_page_is_as_big_in_a_site_of_100_pages_as_in_one_of_1000(
    tmp_path: Path,
) -> None:
    sizes = []
    for count in (100, 1000):
        site = tmp_path / str(count)
        for rel, text in _many_pages(count).items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(text)
        built = build_site(BuildOptions(site, jobs=2))
        data = built.files["notes/p0050/index.html"].data
        assert data is not None
        sizes.append(len(data.replace(str(count).encode(), b"")))
    assert sizes[0] == sizes[1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_streamed_build_leaves_no_staging_folder_after_an_error(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run], jobs: int
) -> None:
    files = _many_pages(40)
    files["content/notes/p0039.md"] += "\n[x](/nowhere/)\n"  # found after pages are rendered
    site = make_site(files)
    result = run_cli("build", "--source", site, "--jobs", str(jobs))
    assert result.code == 1
    assert not (site / "public").exists()
    assert not list(site.glob(".public*"))


@pytest.mark.parametrize("count", [1, 15, 16, 100, 1007, 10_000])
def test_batches_shrink_as_the_work_runs_out(count: int) -> None:
    jobs: list[Any] = list(range(count))
    batches = _batches(jobs, 2)
    assert [job for batch in batches for job in batch] == jobs
    sizes = [len(batch) for batch in batches]
    assert max(sizes) <= 64
    if count >= 16:  # worth sending: the last batches are the smallest there are
        assert min(sizes) >= 8
        assert sizes[-2] <= 16
        assert all(a >= b for a, b in itertools.pairwise(sizes[:-1]))
    in_one_process = [len(batch) for batch in _batches(jobs, 1)]
    assert in_one_process == [len(jobs[i : i + 64]) for i in range(0, count, 64)]
