"""External links -> LinkStatus: checked concurrently, retried, cached between runs.

The only module of `check` that talks to the network or keeps a file: the cache, in
`<site>/.mvsite-cache/external-links.json`, remembers links that answered well, so that
a second run within the TTL asks nothing again. Failures are never cached: they are
asked again on every run, in case the server was only down for a moment.
"""

from __future__ import annotations

import http.client
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mvsite import __version__
from mvsite.errors import SiteError

CACHE_FILE = "external-links.json"  # in site_paths.cache_dir, beside the build cache
_CACHE_VERSION = 1

Fetch = Callable[[str, str, float], int]  # (method, url, timeout) -> HTTP status


@dataclass(frozen=True)
class LinkStatus:
    url: str
    ok: bool
    status: int | None  # the last HTTP status, None when no answer came
    reason: str  # 'HTTP 404', 'no answer: timed out'
    checked_at: float  # seconds since the epoch


@dataclass(frozen=True)
class Policy:
    workers: int = 8
    timeout: float = 10.0
    retries: int = 2  # after the first attempt, for 5xx, 429 and no answer
    backoff: float = 0.5  # seconds before the first retry; doubles for each next one
    ttl: float = 24 * 3600.0  # how long a good answer is trusted


def http_status(method: str, url: str, timeout: float) -> int:
    """One request; the final status after redirects. Raises OSError when nothing answers."""
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": f"mvsite/{__version__} (link check)"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        return int(exc.code)


def check_urls(
    urls: Iterable[str],
    cache_file: Path,
    now: float,
    policy: Policy = Policy(),
    fetch: Fetch = http_status,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, LinkStatus]:
    """Each URL -> its status, from the cache when fresh, else asked (concurrently)."""
    wanted = sorted(set(urls))
    fresh = {
        url: status
        for url, status in read_cache(cache_file).items()
        if status.ok and now - status.checked_at < policy.ttl
    }
    todo = [url for url in wanted if url not in fresh]
    with ThreadPoolExecutor(max_workers=max(1, min(policy.workers, len(todo)))) as pool:
        results = pool.map(lambda url: check_url(url, now, policy, fetch, sleep), todo)
        asked = dict(zip(todo, results, strict=True))
    if asked:
        write_cache(cache_file, {**fresh, **{u: s for u, s in asked.items() if s.ok}})
    return {url: asked.get(url) or fresh[url] for url in wanted}


def check_url(
    url: str, now: float, policy: Policy, fetch: Fetch, sleep: Callable[[float], None]
) -> LinkStatus:
    """HEAD (then GET if HEAD is refused), retried with backoff while the failure may pass."""
    status, reason = _attempt(url, policy.timeout, fetch)
    for retry in range(policy.retries):
        if status is not None and status < 500 and status != 429:
            break
        sleep(policy.backoff * 2**retry)
        status, reason = _attempt(url, policy.timeout, fetch)
    ok = status is not None and status < 400
    return LinkStatus(url, ok, status, reason, now)


def _attempt(url: str, timeout: float, fetch: Fetch) -> tuple[int | None, str]:
    try:
        status = fetch("HEAD", url, timeout)
        if (400 <= status < 500 and status != 429) or status == 501:
            status = fetch("GET", url, timeout)  # some servers refuse or mishandle HEAD
    except (OSError, http.client.HTTPException, ValueError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        return None, f"no answer: {reason}"
    return status, f"HTTP {status}"


def read_cache(cache_file: Path) -> dict[str, LinkStatus]:
    """The cached answers; a missing, old or damaged cache is an empty one (it is only a
    cache: the links are asked again)."""
    try:
        raw = json.loads(cache_file.read_text(encoding="utf-8"))
        if raw.get("version") != _CACHE_VERSION:
            return {}
        return {
            url: LinkStatus(url, True, int(entry["status"]), "", float(entry["checked_at"]))
            for url, entry in raw["links"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_cache(cache_file: Path, statuses: Mapping[str, LinkStatus]) -> None:
    """Write the cache atomically: a temporary file in the same folder, then a rename."""
    data = {
        "version": _CACHE_VERSION,
        "links": {
            url: {"status": s.status, "checked_at": s.checked_at}
            for url, s in sorted(statuses.items())
        },
    }
    temp: str | None = None
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=cache_file.parent, prefix=".external-links.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
        os.replace(temp, cache_file)
    except OSError as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        raise SiteError(
            f"cannot write the link cache: {exc.strerror or exc}",
            cache_file,
            None,
            "check the folder's permissions, or delete it",
        ) from None
