"""One process's page work: what a worker process made comes back to the build."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from mvsite.build import page_worker
from mvsite.build.cache import BuildCache
from mvsite.build.page_jobs import PageResult
from mvsite.build.page_pickle import dumps
from mvsite.build.pipeline import BuildOptions, build_site
from mvsite.errors import SiteError
from mvsite.markdown.converted import Rendered

from ..conftest import Run, SiteFiles


def _pages(count: int) -> SiteFiles:
    files = {"mvsite.yaml": "title: Many\n"}
    for i in range(count):
        files[f"content/notes/p{i:04d}.md"] = f"---\ntitle: P{i}\ndescription: D\n---\nText.\n"
    return files


def test_the_templates_the_workers_compiled_are_kept_as_with_one_process(
    make_site: Callable[[SiteFiles], Path],
) -> None:
    site = make_site(_pages(60))
    caches = {jobs: BuildCache() for jobs in (1, 2)}
    for jobs, cache in caches.items():
        build_site(BuildOptions(site, jobs=jobs), cache)
    assert caches[1].templates  # compiled in this process: the page templates, and the 404's
    assert caches[2].templates == caches[1].templates  # the page templates from the workers


def test_a_page_changed_between_reading_and_converting_stops_the_build(
    make_site: Callable[[SiteFiles], Path],
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Workers read each body again; the text must be the one the build planned with."""
    site = make_site(_pages(3))
    read = page_worker.read_source_text
    monkeypatch.setattr(page_worker, "read_source_text", lambda p, s: read(p, s) + "\nSaved now.\n")
    result = run_cli("build", "--source", site, "--jobs", "1")
    assert result.code == 1
    assert result.err.startswith(
        "error: content/notes/p0000.md: the file changed while the site was being built"
    ), result.err
    assert not (site / "public").exists()


def test_a_batch_from_a_worker_keeps_its_results_packed_until_taken() -> None:
    results = [
        PageResult(f"p{i}.md", Rendered("", (), frozenset(), (), (), problems), True, None, None)
        for i, problems in enumerate([(), (SiteError("bad"),), ()])
    ]
    done = page_worker.BatchDone(results, 1, {"markdown": 0.5}, {"page.html": b"code"})
    crossed = pickle.loads(dumps(done))
    assert isinstance(crossed.results, page_worker.PackedResults) and crossed.count == 3
    assert [r.rel for r in crossed.taken()] == ["p0.md", "p1.md"]  # up to the first problem
    assert crossed.taken()[0] == results[0] and crossed.seconds == {"markdown": 0.5}
    assert [e.message for e in crossed.taken()[1].rendered.problems] == ["bad"]
    assert [r.rel for r in replace(crossed, stop=None).taken()] == ["p0.md", "p1.md", "p2.md"]
