"""Swap a staged site in for the current one in one step, and delete the old one aside."""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

_RENAME_EXCHANGE = 2
_TRASH = ".mvsite-old-"
_DELETE = "import shutil, sys\nfor folder in sys.argv[1:]: shutil.rmtree(folder, True)"


def swap(stage: Path, dest: Path) -> None:
    """Put `stage` at `dest`; the old `dest` ends up at `stage`. Never leaves `dest` missing."""
    if not dest.exists():
        os.rename(stage, dest)
        return
    if sys.platform == "linux" and _exchange(stage, dest):
        return
    # Elsewhere: two renames, with a moment in which dest is missing.
    aside = dest.parent / f".{dest.name}.mvsite-old"
    shutil.rmtree(aside, ignore_errors=True)
    os.rename(dest, aside)
    os.rename(stage, dest)
    os.rename(aside, stage)


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): swap two folders in one atomic step."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # old kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


def delete_previous(stage: Path, dest: Path) -> None:
    """Delete the previous site, now at `stage`, in a process of its own that outlives the
    build: on a busy disk, removing 10,000 page folders took longer than building them. It
    is moved aside first, so the next build's stage is free; a folder a deleter that was
    killed left behind is deleted by the next one."""
    prefix = f".{dest.name}{_TRASH}"
    trash = dest.parent / f"{prefix}{os.getpid()}-{time.time_ns()}"
    try:
        os.rename(stage, trash)
        folders = [str(dest.parent / n) for n in os.listdir(dest.parent) if n.startswith(prefix)]
        subprocess.Popen(
            [sys.executable, "-c", _DELETE, *sorted(folders)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:  # no rename, or no process: delete it here and now
        shutil.rmtree(trash if trash.exists() else stage, ignore_errors=True)
