"""Watch a site's sources (content, data, templates, static files, config) for `serve`.

watchdog uses the platform's own notifications (inotify on Linux, FSEvents on macOS, ...),
so a save is seen in about a millisecond instead of at the next poll.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from mvsite.errors import SiteError
from mvsite.sources.site_paths import CONFIG_NAME, SOURCE_DIRS, reads_whole_folder

WRITE, DONE, CHANGE = "write", "done", "change"  # a write may still go on; it ended; both
MAX_WRITE_WAIT = 0.25  # seconds to wait for a write that is never seen to end
_EVENTS: list[type[FileSystemEvent]] = [
    FileModifiedEvent,
    FileClosedEvent,  # closed after writing: the save is complete
    FileCreatedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]
_EDITOR_FILES = ("~", ".swp", ".swx", ".swpx", ".tmp", ".kate-swp")

OnChange = Callable[[str, str], None]  # (kind, path)


@dataclass
class Saves:
    """Sources changed since the last build; a file still being written holds the build back."""

    pending: set[str] = field(default_factory=set)
    writing: dict[str, float] = field(default_factory=dict)  # path -> when first seen written

    def add(self, kind: str, path: str, now: float) -> None:
        self.pending.add(path)
        if kind == WRITE:
            self.writing.setdefault(path, now)
        else:
            self.writing.pop(path, None)

    def wait(self, now: float) -> float:
        """Seconds until a build should start: 0, or until a write is done or given up on."""
        if not self.writing:
            return 0.0
        return max(0.0, min(self.writing.values()) + MAX_WRITE_WAIT - now)

    def take(self) -> tuple[str, ...]:
        taken = tuple(sorted(self.pending))
        self.pending.clear()
        self.writing.clear()
        return taken


def is_source(root: Path, path: str, bare: bool = False) -> bool:
    """Can a change at `path` change the site at `root` (`bare`: a folder of Markdown files)?

    Not hidden files, nor editors' swap and backup files.
    """
    try:
        rel = Path(path).relative_to(root)
    except ValueError:
        return False
    if not rel.parts or any(part.startswith(".") for part in rel.parts):
        return False
    if rel.name.endswith(_EDITOR_FILES) or rel.name.startswith("#"):
        return False
    if bare:
        return True
    return rel.parts[0] in SOURCE_DIRS or rel.as_posix() == CONFIG_NAME


class _Handler(FileSystemEventHandler):
    def __init__(
        self, root: Path, on_change: OnChange, observer: BaseObserver, closes: bool
    ) -> None:
        self.root = root
        self.bare = reads_whole_folder(root)
        self.on_change = on_change
        self.observer = observer
        self.closes = closes  # the platform reports a finished write (inotify)

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [os.fsdecode(event.src_path)]
        if isinstance(event, FileMovedEvent | DirMovedEvent):
            paths.append(os.fsdecode(event.dest_path))
        kind = CHANGE
        if isinstance(event, FileModifiedEvent | FileCreatedEvent) and self.closes:
            kind = WRITE
        elif isinstance(event, FileClosedEvent):
            kind = DONE
        for path in paths:
            if not is_source(self.root, path, self.bare):
                continue
            if isinstance(event, DirCreatedEvent | DirMovedEvent):
                self._watch_new_folder(Path(path))
            self.on_change(kind, path)

    def _watch_new_folder(self, folder: Path) -> None:
        if folder.parent == self.root and folder.name in SOURCE_DIRS:
            self.observer.schedule(self, str(folder), recursive=True, event_filter=_EVENTS)


def watch_sources(root: Path, on_change: OnChange) -> BaseObserver:
    """Start watching the site at `root`; `on_change(kind, path)` is called on watchdog's thread."""
    observer = Observer()
    handler = _Handler(root, on_change, observer, _reports_closes(observer))
    try:
        observer.schedule(handler, str(root), recursive=handler.bare, event_filter=_EVENTS)
        for name in () if handler.bare else SOURCE_DIRS:
            if (root / name).is_dir():
                observer.schedule(handler, str(root / name), recursive=True, event_filter=_EVENTS)
        observer.start()
    except OSError as exc:  # e.g. the system's limit on inotify watches
        observer.stop()
        raise SiteError(
            f"cannot watch the site's files for changes: {exc.strerror or exc}",
            root,
            hint="on Linux, raise fs.inotify.max_user_watches (sysctl) or close other watchers",
        ) from None
    return observer


def _reports_closes(observer: BaseObserver) -> bool:
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return False
    return isinstance(observer, InotifyObserver)
