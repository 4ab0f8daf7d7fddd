"""The page stage in batches: each PageJob run by a PageWorker, in worker processes or not.

The build plans one PageJob per page that needs work (page_jobs.py) and hands them over in
batches (never one page at a time: each hand-over costs a round trip). A batch runs in this
process when there is little to do, else in a pool of worker processes (pool.py) that each
make their PageWorker (page_worker.py: Markdown converters and Jinja environment) once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from mvsite.build.page_jobs import PageJob, PageJobs, PageResult, RenderInputs, Setup
from mvsite.build.page_pickle import dumps
from mvsite.build.page_worker import BatchDone, PageBatch, PageWorker, WorkerSetup
from mvsite.build.pool import WorkerPool, Workers
from mvsite.markdown.highlight import PYGMENTS_MODULES

Progress = Callable[[int, int], None]  # pages done, pages to do
# Imported before a pool's workers are forked, once, rather than by each worker.
WORKER_MODULES = ("mvsite.markdown.convert", *PYGMENTS_MODULES)


def start_workers(inputs: RenderInputs, pool: WorkerPool | None, to_convert: int) -> Workers | None:
    """The page workers of `pool`. If `to_convert` pages are enough to be sent to them, each
    idle process makes its worker at once (its renderer, with the fast path's check, and
    its Jinja environment: ~80 ms) while this one plans the build (~60 ms at 1,000 pages),
    rather than when its first batch arrives."""
    if pool is None or pool.size <= 1:
        return None
    now = to_convert >= 2 * _MIN_BATCH
    return pool.workers(PageWorker, WorkerSetup(inputs, converts=now), dumps, now=now)


def run_pages(
    setup: Setup,
    jobs: PageJobs,
    pool: WorkerPool | None,
    keep_going: bool,
    progress: Progress | None,
) -> dict[str, PageResult]:
    """Every job's result by source rel; after a Markdown problem (unless keep_going) the
    jobs after it are not run: the first problem is all a failed build reports."""
    total = jobs.count
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    def stop(result: PageResult) -> bool:
        return not keep_going and bool(result.rendered.problems)

    return {r.rel: r for r in run_jobs(setup, jobs, pool, stop, advance)}


def run_jobs(
    setup: Setup,
    jobs: PageJobs,
    pool: WorkerPool | None,
    stop: Callable[[PageResult], bool],
    progress: Callable[[int], None] | None = None,
) -> Iterator[PageResult]:
    """Each job's result, in the jobs' order; no more once `stop(result)` says so.

    With a pool and enough jobs, batches run in its processes; else in this one.
    """
    done_of = _done_batches(setup, jobs.take(), pool)
    for done in done_of:
        setup.inputs.templates.update(done.templates)
        results = done.results
        yield from _until(results, stop)
        if progress:
            progress(len(results))
        if any(stop(r) for r in results):
            return


def _done_batches(
    setup: Setup, jobs: Sequence[PageJob], pool: WorkerPool | None
) -> Iterator[BatchDone]:
    """What each batch of `jobs` became. Handed to a pool, the batches are sent (pickled)
    at once, and the jobs are let go here."""
    processes = pool.size if pool is not None else 1
    batches = [PageBatch(setup.folders, batch) for batch in _batches(jobs, processes)]
    if pool is None or processes <= 1 or len(batches) <= 1:
        worker = PageWorker(WorkerSetup(setup.inputs, converts=False))
        return (worker.run(batch) for batch in batches)
    workers = setup.workers or pool.workers(PageWorker, WorkerSetup(setup.inputs, False), dumps)
    return pool.run(workers, batches, dumps)


def _until(results: list[PageResult], stop: Callable[[PageResult], bool]) -> Iterator[PageResult]:
    for result in results:
        yield result
        if stop(result):
            return


def _batches(jobs: Sequence[PageJob], workers: int) -> list[Sequence[PageJob]]:
    """Batches large enough to be worth sending (and for the cache: each batch's HTML is one
    file), smaller as fewer jobs are left: the workers run out of work at about the same time,
    where equal batches left one worker finishing its last while the other waited. In one
    process: batches of the most."""
    if not jobs:
        return []
    if workers > 1 and len(jobs) < 2 * _MIN_BATCH:
        return [jobs]  # too little to be worth sending to other processes
    batches, start = [], 0
    while start < len(jobs):
        left = len(jobs) - start
        size = _MAX_BATCH if workers <= 1 else -(-left // (workers * 4))
        size = left if left < 2 * _MIN_BATCH else max(_MIN_BATCH, min(_MAX_BATCH, size))
        batches.append(jobs[start : start + size])
        start += size
    return batches


_MIN_BATCH = 8
_MAX_BATCH = 64
