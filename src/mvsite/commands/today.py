"""The day `build`, `check` and `new` take as today: UTC, or SOURCE_DATE_EPOCH's day if set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from mvsite.errors import SiteError


def today(environ: Mapping[str, str]) -> dt.date:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when it is set (reproducible builds)."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise SiteError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970 (got {epoch!r})",
            hint="unset it, or set it to e.g. $(git log -1 --format=%ct)",
        ) from None
