"""Read a source file as text, turning encoding and access problems into SiteErrors."""

from __future__ import annotations

from pathlib import Path

from .errors import SiteError


def read_source_text(src: Path, shown_as: Path | None = None) -> str:
    """A source file as text; non-UTF-8 or unreadable files are SiteErrors."""
    shown = shown_as or src
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise SiteError(
            f"cannot read file: {exc.strerror}", shown, None, "check the file's permissions"
        ) from None
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
