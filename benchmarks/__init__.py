"""Benchmark harness: mvsite timed side by side with peer static site generators."""
