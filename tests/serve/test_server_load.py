"""`mvsite serve` under a burst of requests while it rebuilds: no 5xx, no dropped connection,
and never a half-written page (every HTML response is a whole document).

Bounded: THREADS client threads on 127.0.0.1 for DURATION seconds, each opening keep-alive
http.client connections of a few requests, while another thread saves a template (which
changes every page) and a page, again and again.
"""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..serving import SITE, serving

DURATION = 8.0
THREADS = 32
REQUESTS_PER_CONNECTION = 5
SAVE_EVERY = 0.25
PAGES = 30

TEMPLATE = """{% extends "base.html" %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
{{ page.html }}
<p class="version">template version VERSION</p>
</article>
{% endblock %}
"""
FILES = {
    **SITE,
    "templates/page.html": TEMPLATE.replace("VERSION", "0"),
    **{
        f"content/many/p{n:02}.md": f"---\ntitle: Page {n}\ndescription: D.\n---\n"
        + "A paragraph of text. " * 200
        for n in range(PAGES)
    },
}
URLS = ["/", "/a/", "/notes/", "/notes/b/", "/wip/", "/style.css", "/404.html",
        "/no-such-page/", "/__mvsite/preview.js", *(f"/many/p{n:02}/" for n in range(PAGES))]  # fmt: skip


@dataclass
class Tally:
    """What the clients saw (shared by the client threads: guarded by `lock`)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[int] = field(default_factory=Counter)
    connections: int = 0
    failures: list[str] = field(default_factory=list)
    torn: list[str] = field(default_factory=list)

    @property
    def served(self) -> int:
        return sum(self.statuses.values())


def _client(port: int, deadline: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        with tally.lock:
            tally.connections += 1
        try:
            for _ in range(REQUESTS_PER_CONNECTION):
                url = rng.choice(URLS)
                connection.request("GET", url)
                response = connection.getresponse()
                body = response.read()
                html = "text/html" in (response.getheader("Content-Type") or "")
                whole = body.rstrip().endswith(b"</html>")
                with tally.lock:
                    tally.statuses[response.status] += 1
                    if html and not whole:
                        tally.torn.append(f"{url}: {body[-80:]!r}")
                if time.monotonic() >= deadline:
                    break
        except (OSError, http.client.HTTPException) as exc:
            with tally.lock:
                tally.failures.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()


def _keep_saving(site: Path, deadline: float) -> int:
    """Save the page template and a page until the deadline; how many saves."""
    saves = 0
    while time.monotonic() < deadline:
        saves += 1
        (site / "templates" / "page.html").write_text(TEMPLATE.replace("VERSION", str(saves)))
        (site / "content" / "a.md").write_text(
            f"---\ntitle: Page A\ndescription: A page.\n---\nSaved {saves} times.\n"
        )
        time.sleep(SAVE_EVERY)
    return saves


@pytest.mark.slow
def test_a_burst_of_requests_during_rebuilds(tmp_path: Path) -> None:
    with serving(tmp_path, FILES) as server:
        tally = Tally()
        deadline = time.monotonic() + DURATION
        with ThreadPoolExecutor(THREADS + 1) as pool:
            saver = pool.submit(_keep_saving, server.site, deadline)
            clients = [
                pool.submit(_client, server.port, deadline, tally, seed) for seed in range(THREADS)
            ]
            for client in clients:
                client.result(timeout=DURATION + 30)
            saves = saver.result()
        # The last save is served once its rebuild is done.
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        wanted = f"template version {saves}".encode()
        give_up = time.monotonic() + 10
        while True:
            connection.request("GET", "/many/p00/")
            body = connection.getresponse().read()
            if wanted in body or time.monotonic() > give_up:
                break
            time.sleep(0.1)
        connection.close()
        rebuilds = server.output.count("Rebuilt in")
        alive = server.proc.poll() is None
    print(
        f"\n{tally.served} requests served over {tally.connections} connections in "
        f"{DURATION:.0f} s by {THREADS} threads ({dict(sorted(tally.statuses.items()))}); "
        f"{len(tally.failures)} failed; {saves} saves, {rebuilds} rebuilds"
    )
    assert alive
    assert not tally.failures, tally.failures[:5]
    assert not [s for s in tally.statuses if s >= 500], tally.statuses
    assert set(tally.statuses) <= {200, 304, 404}, tally.statuses
    assert not tally.torn, tally.torn[:5]
    assert tally.served > 100
    assert rebuilds >= 2, server.output
    assert wanted in body, "the last save was never served"
