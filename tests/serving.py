"""`mvsite serve` as a real subprocess on a free port, over a small site written for the test."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .conftest import write_tree

STARTUP_TIMEOUT = 20.0

SITE = {
    "mvsite.yaml": "title: Serve Test\nbase_url: https://mvsite.github.io/\n",
    "content/_index.md": "---\ntitle: Home\ndescription: The home page.\n---\nWelcome home.\n",
    "content/a.md": (
        "---\ntitle: Page A\ndescription: A page.\n---\nOriginal text of page A.\n\n"
        "See [the note](notes/b.md).\n"
    ),
    "content/notes/_index.md": "---\ntitle: Notes\ndescription: Notes.\n---\nAll notes.\n",
    "content/notes/b.md": "---\ntitle: Note B\ndescription: A note.\n---\nText of note B.\n",
    "content/wip.md": (
        "---\ntitle: Work in progress\ndescription: Not yet.\ndraft: true\n---\nUnfinished.\n"
    ),
    "static/style.css": "body { margin: 0 auto; }\n",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[str]
    port: int
    site: Path
    lines: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_output(self, text: str, timeout: float = 10.0, after: int = 0) -> None:
        """Wait until `text` is in the output (from character `after` on)."""
        deadline = time.monotonic() + timeout
        while text not in self.output[after:]:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"{text!r} not in the server's output:\n{self.output}")
            time.sleep(0.02)

    def stop(self, timeout: float = 10.0) -> int:
        """Ctrl-C, as a person would; the exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise


def start(site: Path, port: int, *extra: str) -> Server:
    """Start `python -m mvsite serve`; stdout and stderr are collected in Server.lines."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mvsite",
            "serve",
            "--source",
            str(site),
            "--port",
            str(port),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    server = Server(proc, port, site)
    assert proc.stdout is not None
    stream = proc.stdout
    threading.Thread(target=lambda: server.lines.extend(stream), daemon=True).start()
    return server


@contextlib.contextmanager
def serving(tmp_path: Path, files: dict[str, str] | None = None) -> Iterator[Server]:
    """A running server over a fresh copy of SITE (or `files`); stopped with Ctrl-C after."""
    site = write_tree(tmp_path / "site", files or SITE)
    server = start(site, free_port())
    try:
        server.wait_for_output("Serving http://", STARTUP_TIMEOUT)
        yield server
    finally:
        if server.proc.poll() is None:
            server.proc.send_signal(signal.SIGINT)
            try:
                server.proc.wait(10)
            except subprocess.TimeoutExpired:
                server.proc.kill()
                server.proc.wait()
