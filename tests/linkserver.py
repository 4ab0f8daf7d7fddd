"""A local HTTP server for the external link checker's tests: never the internet."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Log:
    """What the server was asked: (method, path) counts, and the most requests at once."""

    requests: Counter[tuple[str, str]] = field(default_factory=Counter)
    in_flight: int = 0
    most_at_once: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, path: str) -> int:
        return sum(n for (_, p), n in self.requests.items() if p == path)


def _status(method: str, path: str, seen: int) -> int:
    """/ok 200, /gone 404, /flaky 500 on its first request, /no-head 405 to HEAD."""
    if path.startswith("/ok") or path.startswith("/slow"):
        return 200
    if path == "/flaky":
        return 500 if seen == 1 else 200
    if path == "/no-head":
        return 405 if method == "HEAD" else 200
    if path == "/down":
        return 503
    return 404


@contextmanager
def serve() -> Iterator[tuple[str, Log]]:
    """A server on 127.0.0.1 (a free port) -> (its base URL, its log)."""
    log = Log()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            with log.lock:
                log.requests[(self.command, self.path)] += 1
                seen = log.count(self.path)
                log.in_flight += 1
                log.most_at_once = max(log.most_at_once, log.in_flight)
            if self.path.startswith("/slow"):
                time.sleep(0.2)
            # Counted out before answering: once the answer is sent, the client may start its
            # next request before this thread runs again.
            with log.lock:
                log.in_flight -= 1
            self.send_response(_status(self.command, self.path, seen))
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_HEAD = do_GET = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
