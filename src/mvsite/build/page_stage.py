"""The page stage in batches: each PageJob run by a PageWorker, in worker processes or not.

The build plans one PageJob per page that needs work (page_jobs.py) and hands them over in
batches (never one page at a time: each hand-over costs a round trip). A batch runs in this
process when there is little to do, else in a pool of worker processes (pool.py) that each
make their PageWorker (page_worker.py: Markdown converters and Jinja environment) once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from mvsite.build.page_jobs import PageJob, PageJobs, PageResult, RenderInputs, Setup
from mvsite.build.page_pickle import dumps
from mvsite.build.page_worker import BatchDone, PageBatch, PageWorker, WorkerSetup
from mvsite.build.pool import WorkerPool, Workers
from mvsite.build.stage_clock import STAGES, total_seconds
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


@dataclass(frozen=True)
class PagesRun:
    """The page jobs run: each batch's results (packed, if they came from another process),
    up to the first Markdown problem unless keep_going, and the CPU seconds they took."""

    batches: list[BatchDone]
    seconds: dict[str, float]  # stage -> CPU seconds, of every batch

    def take_results(self) -> dict[str, PageResult]:
        """Every result by source rel, in the jobs' order; the batches are let go as read."""
        results: dict[str, PageResult] = {}
        self.batches.reverse()
        while self.batches:
            results.update((result.rel, result) for result in self.batches.pop().taken())
        return results


def run_pages(
    setup: Setup,
    jobs: PageJobs,
    pool: WorkerPool | None,
    keep_going: bool,
    progress: Progress | None,
) -> PagesRun:
    """Run every job: in batches, in the pool's processes, or in this one when there is
    little to do. After a Markdown problem (unless keep_going) the jobs after it are not
    run: the first problem is all a failed build reports."""
    batches: list[BatchDone] = []
    seconds, done = dict.fromkeys(STAGES, 0.0), 0
    for batch in _done_batches(setup, jobs.take(), pool):
        setup.inputs.templates.update(batch.templates)
        seconds = total_seconds(seconds, (batch.seconds,))
        if keep_going:
            batch = replace(batch, stop=None)  # every result is taken
        batches.append(batch)
        if batch.stop is not None:
            break
        done += batch.count
        if progress is not None:
            progress(done, jobs.count)
    return PagesRun(batches, seconds)


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
