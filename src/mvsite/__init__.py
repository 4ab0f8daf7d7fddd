"""mvsite: a static site generator (load → parse → render → write)."""

__version__ = "0.1.0"
