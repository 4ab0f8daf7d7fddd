"""Where the preview listens, and which addresses a request may name."""

from __future__ import annotations

import socket

import pytest

from mvsite.errors import SiteError
from mvsite.serve.address import Listening, is_loopback, listen, preview_url


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("host", "netloc", "accepted"),
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "evil.example:8000", False),
        ("127.0.0.1", "127.0.0.1:8001", False),
        ("127.0.0.1", "192.168.1.5:8000", False),
        ("192.168.1.5", "192.168.1.5:8000", True),
        ("192.168.1.5", "evil.example:8000", False),
        ("preview.lan", "preview.lan:8000", True),
        ("preview.lan", "PREVIEW.LAN:8000", True),
        ("::1", "[::1]:8000", True),
        ("0.0.0.0", "192.168.1.5:8000", True),  # every address of the machine: no names
        ("0.0.0.0", "[fe80::1]:8000", True),
        ("0.0.0.0", "evil.example:8000", False),
    ],
)
def test_the_preview_answers_only_to_its_own_address(
    host: str, netloc: str, accepted: bool
) -> None:
    listening = Listening(host, 8000)
    assert listening.accepts(netloc) == accepted
    assert listening.accepts_origin(f"http://{netloc}") == accepted
    assert not listening.accepts_origin(f"https://{netloc}")


def test_preview_url() -> None:
    assert preview_url("127.0.0.1", 8000) == "http://127.0.0.1:8000/"
    assert preview_url("0.0.0.0", 8001) == "http://127.0.0.1:8001/"
    assert preview_url("::1", 8000) == "http://[::1]:8000/"


def test_listen_says_which_port_to_try() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SiteError, match=rf"port {port} on 127.0.0.1 is in use: try --port \d+"):
            listen("127.0.0.1", port)
