"""The --profile stage times: this process's, plus each batch's from whichever process ran it."""

from __future__ import annotations

from mvsite.build.stage_clock import STAGES, StageClock, total_seconds


def test_a_clock_starts_every_stage_at_zero_and_laps_only_the_one_named() -> None:
    clock = StageClock(STAGES)
    clock.lap("markdown")
    assert set(clock.seconds) == set(STAGES)
    assert all(clock.seconds[s] == 0.0 for s in STAGES if s != "markdown")
    assert clock.seconds["markdown"] >= 0.0


def test_total_adds_each_batchs_seconds_to_this_processs() -> None:
    own = {"read": 1.0, "markdown": 0.0, "render": 0.5, "write": 0.0}
    batches = [{"markdown": 2.0}, {"markdown": 1.0, "write": 0.25}]
    assert total_seconds(own, batches) == {
        "read": 1.0,
        "markdown": 3.0,
        "render": 0.5,
        "write": 0.25,
    }
    assert own["markdown"] == 0.0  # not changed in place
