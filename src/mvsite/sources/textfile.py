"""Read a source file as text, turning encoding and access problems into SiteErrors."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mvsite.errors import SiteError


def read_source_text(src: Path | str, shown_as: Path | None = None) -> str:
    """A source file as text; non-UTF-8 or unreadable files are SiteErrors."""
    shown = shown_as or Path(src)
    try:
        data = _read_regular(src)
    except OSError as exc:
        raise SiteError(
            f"cannot read file: {exc.strerror}", shown, None, "check the file's permissions"
        ) from None
    if isinstance(data, int):
        raise not_a_file(data, shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SiteError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            shown,
            line,
            "save the file as UTF-8 in your editor",
        ) from None
    if "\x00" in text:
        raise SiteError(
            "looks like a binary file, not text",
            shown,
            text[: text.index("\x00")].count("\n") + 1,
            "only text files can be pages",
        )
    # A byte order mark is what some Windows editors put first; it is not content.
    return text.removeprefix("\ufeff")


def _read_regular(src: Path | str) -> bytes | int:
    """The bytes of `src`, or its mode if it is not a regular file. Opening does not wait: a
    named pipe put where the walk saw a file must not stop the build."""
    fd = os.open(src, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        return handle.read() if stat.S_ISREG(mode) else mode


def not_a_file(mode: int, shown: Path) -> SiteError:
    """The error for a source that is a named pipe, socket or device (its `mode`)."""
    if stat.S_ISFIFO(mode):
        kind = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        kind = "a special file"
    return SiteError(
        f"{kind}, not a file the site can use",
        shown,
        None,
        "remove it from the site's folders: only regular files are read",
    )
