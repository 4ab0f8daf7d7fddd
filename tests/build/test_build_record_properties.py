"""Property-based: after any sequence of edits, breakages and fixes, a normal build (the
"nothing changed" shortcut, the cache) says and writes exactly what a build without the
cache says and writes: the same exit code, the same messages, the same output bytes.

Two copies of a small site get the same changes; one is built as an editor builds it, the
other with --no-cache. Both run as a user whom file permissions apply to, so that a file
made unreadable is unreadable. Every sequence runs twice: as if the sources were changed
seconds before each build, so that the shortcut is taken whenever its record allows; and as
they are, just now, on a file system with one-second timestamps, so that a change often keeps
a racy file's stats and only its recorded content can tell (file_identity.fingerprint).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mvsite.build import body_edits, build_record, input_stats, output_record, read_pages
from mvsite.build import pipeline as site_module
from mvsite.cli import main

from ..conftest import SECONDS_LATER, SITES, copy_site, tree_bytes
from ..privileges import permissions_apply

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same sequences on every run: a failure is always reproducible
)

FILES = (
    "content/about.md",
    "content/guide/first.md",
    "content/guide/second.md",
    "content/notes/plain.md",
    "templates/special.html",
    "static/js/app.js",
    "content/_data/team.yaml",
    "mvsite.yaml",
)
BROKEN = {  # appended (or, for a page, put first) to break each kind of file
    ".md": "---\ntitle: [unclosed\n---\n",
    ".html": "{% if %}\n",
    ".js": "// still valid\n",
    ".yaml": "\nkey: [unclosed\n",
}
COMMENT = {".md": "\nMore text.\n", ".html": "<!-- more -->\n", ".js": "// more\n"}


def _apply(site: Path, step: tuple[str, int], count: int) -> None:
    """One change: an edit, a breakage, a translation, languages declared or not, or a fix
    (of whatever is broken)."""
    action, index = step
    rel = FILES[index]
    path, suffix = site / rel, Path(rel).suffix
    if action == "edit" and path.is_file():
        path.write_text(path.read_text() + COMMENT.get(suffix, f"\n# {count}\n"))
    elif action == "retitle" and suffix == ".md" and path.is_file():
        text = path.read_text()
        path.write_text(re.sub(r"^title: .*$", f"title: Page {count}", text, count=1, flags=re.M))
    elif action == "break" and path.is_file():
        text = path.read_text()
        path.write_text(BROKEN[suffix] + text if suffix == ".md" else text + BROKEN[suffix])
    elif action == "broken link" and suffix == ".md" and path.is_file():
        path.write_text(path.read_text() + "\nSee [nowhere](missing.md).\n")
    elif action == "dangling symlink":
        link = site / "content/guide/gone.md"
        if not link.is_symlink():
            link.symlink_to("nowhere.md")
    elif action == "unreadable" and path.exists():
        path.chmod(0)
    elif action == "delete" and path.exists():
        path.unlink()
    elif action == "translate" and suffix == ".md" and path.is_file():
        path.with_suffix(".da.md").write_text(path.read_text())
    elif action == "languages" and (site / "mvsite.yaml").is_file():
        _toggle_languages(site / "mvsite.yaml")
        translation = site / "content/guide/first.da.md"
        if not translation.exists():
            translation.write_text("---\ntitle: Første\n---\n\nTekst.\n")
    elif action == "fix":
        (site / "content/guide/gone.md").unlink(missing_ok=True)
        path.unlink(missing_ok=True)
        shutil.copyfile(SITES / "basic" / rel, path)


LANGUAGES = "languages: {en: English, da: Dansk}\n"


def _toggle_languages(config: Path) -> None:
    """Languages declared, or no longer: a file's code is read, or not (`first.da.md` is the
    Danish `first.md`, or a page of its own)."""
    text = config.read_text()
    config.write_text(text.replace(LANGUAGES, "") if LANGUAGES in text else text + LANGUAGES)


ACTIONS = [
    *("edit", "retitle", "break", "broken link", "dangling symlink", "unreadable", "delete"),
    *("translate", "languages"),
]
steps = st.lists(
    st.tuples(
        st.sampled_from([*ACTIONS, "languages", "fix", "fix", "nothing", "nothing"]),
        st.integers(0, len(FILES) - 1),
    ),
    min_size=1,
    max_size=6,
)


def _tick(ns: int) -> int:
    return ns // 10**9 * 10**9


def _one_second_ticks(stat: os.stat_result) -> tuple[int, int, int, int]:
    """A file's identity on a file system whose timestamps move in whole seconds (and whose
    inodes say nothing)."""
    return stat.st_size, _tick(stat.st_mtime_ns), _tick(stat.st_ctime_ns), 0


def _recording_in_ticks(real: Any) -> Any:
    """build_record.record_outcome, told what the build wrote in the same one-second ticks."""

    def record_outcome(file: Path, inputs: Any, output: Path, written: Any, *more: Any) -> None:
        files = written.files
        ticked = {rel: (size, _tick(mtime)) for rel, (size, mtime) in files.items()}
        real(file, inputs, output, replace(written, files=ticked), *more)

    return record_outcome


@contextlib.contextmanager
def _clock(kind: str, built: list[str]) -> Iterator[None]:
    """As if the sources were saved seconds before each build; or saved just now, on a file
    system with one-second timestamps, so that most files are racy and a second change often
    keeps their stats (and the record compares them by content). Each build that does not take
    the shortcut adds to `built`."""

    def build_site(*args: Any, **kwargs: Any) -> Any:
        built.append("built")
        return real_build_site(*args, **kwargs)

    real_build_site = site_module.build_site
    with pytest.MonkeyPatch.context() as patch:
        if kind == "saved earlier":
            patch.setattr(build_record, "time", SECONDS_LATER)
            patch.setattr(read_pages, "time", SECONDS_LATER)
            patch.setattr(body_edits, "time", SECONDS_LATER)
        else:
            for module in (input_stats, output_record):
                patch.setattr(module, "identity_of", _one_second_ticks)
            patch.setattr(
                build_record, "record_outcome", _recording_in_ticks(build_record.record_outcome)
            )
        patch.setattr(site_module, "build_site", build_site)
        yield


def _build(site: Path, *options: str) -> tuple[int | str, str, str]:
    """Exit code, stderr and stdout with the site's path and the time taken left out (or,
    for a bug that escapes as an exception, its type: the comparison must hold for it too)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code: int | str = main(["build", "--source", str(site), "--jobs", "1", *options])
    except Exception as exc:
        code = f"raised {type(exc).__name__}"
    said = [re.sub(r"in \d+\.\d\d s", "in T s", text.getvalue()) for text in (err, out)]
    return code, *(text.replace(str(site), "SITE") for text in said)  # type: ignore[return-value]


def _published(site: Path) -> dict[str, bytes]:
    return tree_bytes(site / "public") if (site / "public").is_dir() else {}


@pytest.mark.parametrize("clock", ["saved earlier", "saved just now"])
@SETTINGS
@given(changes=steps)
def test_a_normal_build_says_and_writes_what_a_build_without_the_cache_does(
    clock: str, changes: list[tuple[str, int]]
) -> None:
    root = Path(tempfile.mkdtemp())
    normal, full = root / "normal", root / "full"
    try:
        built: list[str] = []
        with permissions_apply(), _clock(clock, built):
            for site in (normal, full):
                copy_site("basic", site)
            assert _build(normal) == _build(full, "--no-cache")
            for count, step in enumerate(changes):
                for site in (normal, full):
                    with contextlib.suppress(PermissionError):  # an unreadable file stays so
                        _apply(site, step, count)
                built.clear()
                after = _build(normal)
                event(f"exit {after[0]}" + ("" if built else ", by the shortcut"))
                assert after == _build(full, "--no-cache"), (step, after)
                assert _published(normal) == _published(full), step
    finally:
        shutil.rmtree(root, ignore_errors=True)  # (with the permission bypass back)
