"""CPU seconds per build stage, for `build --profile`: one clock per process or batch of pages."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

STAGES = ("read", "markdown", "render", "write")  # the rows of the --profile table


class StageClock:
    """CPU seconds of this process per stage, the stages timed one after the other."""

    def __init__(self, stages: Iterable[str] = ()) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(stages, 0.0)
        self._last = time.process_time()

    def lap(self, stage: str) -> None:
        """Count the time since the last lap (or skip) as `stage`'s."""
        now = time.process_time()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self._last
        self._last = now

    def skip(self) -> None:
        """Count the time since the last lap as no stage's (other clocks timed it)."""
        self._last = time.process_time()


def total_seconds(
    own: Mapping[str, float], others: Iterable[Mapping[str, float]]
) -> dict[str, float]:
    """Seconds per stage: this process's `own`, plus each of `others` (pages, workers)."""
    seconds = dict(own)
    for spent in others:
        for stage, more in spent.items():
            seconds[stage] += more
    return seconds
