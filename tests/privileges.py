"""Run part of a test as a user whom file permissions apply to, even when the tests run as root.

Root reads and writes any file through two capabilities; this drops them from the calling
thread's effective set (they stay permitted, so they come back afterwards). The build runs
in this thread (`--jobs 1`), and worker processes forked from it inherit the same set.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

_VERSION_3 = 0x20080522
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2
_BYPASS = (1 << _CAP_DAC_OVERRIDE) | (1 << _CAP_DAC_READ_SEARCH)


class _Header(ctypes.Structure):
    _fields_ = (("version", ctypes.c_uint32), ("pid", ctypes.c_int))


class _Data(ctypes.Structure):
    _fields_ = (
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    )


def _call(name: str, header: _Header, data: ctypes.Array[_Data]) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if getattr(libc, name)(ctypes.byref(header), data) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{name}: {os.strerror(errno)}")


@contextmanager
def permissions_apply() -> Iterator[None]:
    """chmod'ed files are unreadable and read-only folders unwritable inside the block (or
    the test is skipped where that cannot be arranged)."""
    if sys.platform != "linux":
        pytest.skip("uses Linux capabilities")
    if os.geteuid() != 0:
        yield
        return
    header, data = _Header(_VERSION_3, 0), (_Data * 2)()
    _call("capget", header, data)
    saved = data[0].effective
    data[0].effective = saved & ~_BYPASS
    _call("capset", header, data)
    try:
        yield
    finally:
        data[0].effective = saved
        _call("capset", _Header(_VERSION_3, 0), data)
