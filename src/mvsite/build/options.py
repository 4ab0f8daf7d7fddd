"""What a build is asked to do: the site, where its output goes, and how to build it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildOptions:
    source: Path
    output: Path | None = None  # never read as a source, even when inside the site folder
    drafts: bool = False
    base_url: str | None = None
    keep_going: bool = False  # collect problems (for `check`) instead of stopping at the first
    strict: bool = False  # --strict: also warn of what a migrating site may leave as it is
    hash_assets: bool = True  # content-hashed CSS/JS names; `serve` keeps names for live CSS
    jobs: int = 1  # processes for page work; 1: this one only
    # Pages straight into output.staging_dir(output), for write_site; and page bodies only
    # in the worker processes, which read them again (a build keeps no page in memory).
    stream: bool = False
    today: dt.date | None = None  # dates after it are warned of (None: none are)

    @property
    def previous_output(self) -> Path | None:
        """The output folder as an absolute path (what the last build left there)."""
        return self.output.absolute() if self.output else None
