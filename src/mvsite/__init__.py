"""mvsite: a static site generator (load → parse → render → write)."""

__version__ = "0.1.0"
CACHE_DIR = ".mvsite-cache"  # beside the content: the build cache (cache.py) and its kin
