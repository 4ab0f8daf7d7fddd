"""Where the preview listens, and which addresses a request may name to be answered."""

from __future__ import annotations

import errno
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from tornado import netutil

from mvsite.errors import SiteError


def is_loopback(host: str) -> bool:
    """Only this machine can reach the host: 'localhost', 127.x.y.z, ::1."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def preview_url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def listen(host: str, port: int) -> list[socket.socket]:
    """Sockets listening on host:port, or a SiteError saying which port to try instead."""
    if not 0 <= port <= 65535:
        raise SiteError(f"--port must be a number from 1 to 65535 (got {port})")
    try:
        return netutil.bind_sockets(port, address=host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise SiteError(
                f"port {port} on {host} is in use: try --port {free_port(host, port)}"
            ) from None
        raise SiteError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="use --host 127.0.0.1 and a --port above 1024",
        ) from None


def free_port(host: str, after: int) -> int:
    """A port that can be listened on now: the first free one after `after`, else any."""
    for port in [*range(after + 1, min(after + 50, 65535) + 1), 0]:
        try:
            sockets = netutil.bind_sockets(port, address=host)
        except OSError:
            continue
        found = int(sockets[0].getsockname()[1])
        for sock in sockets:
            sock.close()
        return found
    return 0


@dataclass(frozen=True)
class Listening:
    """The address the preview listens on, and so the only ones a request may name.

    A page on another site can make its own name resolve to 127.0.0.1 (DNS rebinding):
    its requests then reach the preview with that name in Host, and its websockets with
    it in Origin too. Both must name this address; an IP address cannot be rebound.
    """

    host: str
    port: int

    def accepts(self, netloc: str) -> bool:
        """Is `netloc` (a Host header, or an Origin's host and port) this address?"""
        try:
            parts = urlsplit(f"//{netloc}")
            name, port = parts.hostname or "", parts.port or 80
        except ValueError:  # a port that is not a number
            return False
        if port != self.port:
            return False
        given = self.host.strip("[]").lower()
        if name in ("127.0.0.1", "localhost", "::1", given):
            return True
        return given in ("", "0.0.0.0", "::") and _is_ip_address(name)

    def accepts_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and self.accepts(parts.netloc)


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
