"""`mvsite serve` as a command: the port, Ctrl-C, --host, --open."""

from __future__ import annotations

import datetime as dt
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import mvsite.serve.server as server_module
from mvsite.commands import serve as serve_command
from mvsite.serve.address import listen
from mvsite.serve.server import ServeOptions

from ..conftest import Run, write_tree
from ..serving import SITE, STARTUP_TIMEOUT, free_port, start


def test_a_port_in_use_gets_one_line_and_a_free_port(tmp_path: Path) -> None:
    site = write_tree(tmp_path / "site", SITE)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "mvsite", "serve", "--source", str(site), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    prefix = f"error: mvsite: port {port} on 127.0.0.1 is in use: try --port "
    assert lines[0].startswith(prefix)
    suggested = int(lines[0].removeprefix(prefix))
    listen("127.0.0.1", suggested)[0].close()  # it is free


@pytest.mark.parametrize(
    "stops",
    [[signal.SIGINT], [signal.SIGINT, signal.SIGINT], [signal.SIGTERM]],
    ids=["ctrl-c", "ctrl-c-twice", "sigterm"],
)
def test_ctrl_c_stops_the_server_with_exit_code_0(
    tmp_path: Path, stops: list[signal.Signals]
) -> None:
    site = write_tree(tmp_path / "site", SITE)
    server = start(site, free_port())
    server.wait_for_output("Serving http://", 20)
    for stop in stops:
        server.proc.send_signal(stop)
    assert server.proc.wait(10) == 0
    assert "Traceback" not in server.output
    assert "Stopped." in server.output


def test_a_host_other_than_this_machine_is_warned_about(
    run_cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[ServeOptions] = []
    monkeypatch.setattr(server_module, "serve", lambda options, log: calls.append(options))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01: later dates are warned of
    result = run_cli("serve", "--host", "0.0.0.0", "--port", "8123")
    assert result.code == 0
    assert result.err.startswith("warning: listening on 0.0.0.0: other machines")
    assert calls == [ServeOptions(Path("."), "0.0.0.0", 8123, today=dt.date(2025, 12, 1))]
    assert run_cli("serve", "--host", "localhost").err == ""


def test_the_cli_default_port_is_the_servers() -> None:
    assert serve_command.DEFAULT_PORT == server_module.DEFAULT_PORT


def test_serve_open_opens_the_preview_in_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = tmp_path / "opened"
    monkeypatch.setenv("BROWSER", f"sh -c 'echo \"$0\" > {opened}' %s")
    site = write_tree(tmp_path / "site", SITE)
    server = start(site, free_port(), "--open", "-q")
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not (opened.is_file() and opened.read_text().strip()):
            assert time.monotonic() < deadline and server.proc.poll() is None, server.output
            time.sleep(0.05)
        assert opened.read_text() == f"http://127.0.0.1:{server.port}/\n"
        assert "Serving" not in server.output  # -q: problems only
    finally:
        server.stop()
