"""Faults while writing: a build killed at any moment, or a full disk, never loses the site.

After every SIGKILL the output folder holds either the previous complete build or the new
complete build, byte for byte, and the next build succeeds and leaves no staging folder.
Set MVSITE_FAULT_KILLS for more kills than the default (MVSITE_FAULT_SEED to vary them).
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite.write import stage
from mvsite.write.output import OutputFile
from mvsite.write.stage import staging_dir

from .conftest import Run, tree_bytes, write_tree

KILLS = int(os.environ.get("MVSITE_FAULT_KILLS", "24"))
SEED = int(os.environ.get("MVSITE_FAULT_SEED", "20261122"))
PAGES = 300
FOLLOW_UP_EVERY = 6  # a complete build after every few kills (and after the last one)
PARAGRAPH = "Medicon Valley *spans* two countries; see [all notes](../_index.md). " * 12


def site_files(version: int) -> dict[str, str]:
    """A generated site of PAGES pages; the versions differ in a third of the pages, in one
    page on each side, and in a stylesheet (so a new hashed CSS file replaces the old one)."""
    files = {
        "mvsite.yaml": "title: Notes\nbase_url: https://mvsite.github.io/\n",
        "content/_index.md": "---\ntitle: Notes\ndescription: Many notes.\n---\nAll notes.\n",
        "content/notes/_index.md": "---\ntitle: All notes\ndescription: Every note.\n---\n",
        "static/extra.css": f"/* version {version} */\nbody {{ margin: {version}px; }}\n",
    }
    numbers = range(1, PAGES) if version == 1 else range(2, PAGES + 1)
    for n in numbers:
        changed = f" (revised in version {version})" if n % 3 == 0 else ""
        body = "\n\n".join([PARAGRAPH] * 4)
        files[f"content/notes/n{n:03}.md"] = (
            f"---\ntitle: Note {n}\ndescription: Note number {n}{changed}.\n---\n"
            f"## Part one\n\n{body}\n\n## Part two\n\nEnd of note {n}{changed}.\n"
        )
    return files


def _build_command(source: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "mvsite", "build", "--source", str(source), "--output", str(out),
            *extra]  # fmt: skip


def _run(command: list[str]) -> Run:
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _processes_in_group(pgid: int) -> list[int]:
    """Live processes of a process group (a killed build's orphaned page workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    found.append(int(entry.name))
            except (ProcessLookupError, PermissionError):
                continue
    return found


def _reap_group(pgid: int) -> int:
    """Wait (bounded) for a killed build's orphans to exit; kill any left. How many were left."""
    deadline = time.monotonic() + 10
    while _processes_in_group(pgid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _processes_in_group(pgid)
    if left:
        os.killpg(pgid, signal.SIGKILL)  # the group of a build this test started
    return len(left)


def _kill_after(command: list[str], delay: float) -> tuple[bool, int]:
    """Run `command`; SIGKILL it after `delay` seconds unless it has finished.
    -> (killed?, its process group)."""
    proc = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so its workers can be found
    )
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)  # the build process only, as the OOM killer does
    proc.wait()
    assert killed or proc.returncode == 0
    return killed, proc.pid


# Cold like CI's fresh clone, or with the cache a developer has (a kill may hit its writing).
_MODES = (("--no-cache",), ())


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = _run(command)
    assert result.code == 0, result.err
    return time.perf_counter() - started


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="uses /proc and process groups")
def test_a_killed_build_never_leaves_a_half_written_site(tmp_path: Path) -> None:
    sources = {v: write_tree(tmp_path / f"v{v}", site_files(v)) for v in (1, 2)}
    for v in (1, 2):
        _timed(_build_command(sources[v], tmp_path / f"ref{v}", "--no-cache"))
    refs = {v: tree_bytes(tmp_path / f"ref{v}") for v in (1, 2)}
    assert refs[1] != refs[2]
    out = tmp_path / "public"
    # How long each kind of build takes: kills land anywhere in [0, that].
    seconds = {mode: _timed(_build_command(sources[1], out, *mode)) for mode in _MODES}
    current, rng, outcomes, orphans = 1, random.Random(SEED), Counter[str](), 0
    for trial in range(KILLS):
        target, mode = 3 - current, _MODES[trial % 2]
        delay = rng.uniform(0, seconds[mode])
        killed, group = _kill_after(_build_command(sources[target], out, *mode), delay)
        found = tree_bytes(out)
        state = next((v for v in (1, 2) if found == refs[v]), None)
        assert state is not None, (
            f"kill {trial} after {delay:.2f} s left a mixed output: "
            f"{sorted(set(found) ^ set(refs[target]))[:5]} ..."
        )
        kept = "new site complete" if state == target else "previous site kept"
        outcomes[kept if killed else "finished before the kill"] += 1
        current = state
        if trial % FOLLOW_UP_EVERY == FOLLOW_UP_EVERY - 1 or trial == KILLS - 1:
            seconds[mode] = _timed(_build_command(sources[target], out, *mode))
            assert tree_bytes(out) == refs[target]
            assert not staging_dir(out).exists()
            current = target
        orphans += _reap_group(group)
    print(f"\n{KILLS} kills (seed {SEED}): {dict(outcomes)}; orphaned workers left: {orphans}")
    assert orphans == 0  # page workers end with the build that started them


# --------------------------------------------------------------------------- full disk

SMALL_SITE = {
    "mvsite.yaml": "title: Small\nbase_url: https://mvsite.github.io/\n",
    "content/_index.md": "---\ntitle: Home\ndescription: Home.\n---\nHello.\n",
    **{
        f"content/p{n}.md": f"---\ntitle: P{n}\ndescription: Page {n}.\n---\nText {n}.\n"
        for n in range(40)
    },
    "content/img/a.bin": b"\x00" * 1000,
}


def _full_disk_after(monkeypatch: pytest.MonkeyPatch, fails_on: Callable[[Path], bool]) -> None:
    """Make output's file writer fail with ENOSPC for the targets `fails_on` picks."""
    real = stage.write_file

    def write(file: OutputFile, target: Path | str, previous: Path | str | None) -> bool:
        if fails_on(Path(target)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        return real(file, target, previous)

    monkeypatch.setattr(stage, "write_file", write)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize(
    "victim", ["p17/index.html", "img/a.bin", "robots.txt", ".mvsite-output"], ids=str
)
def test_a_full_disk_keeps_the_previous_site(
    victim: str,
    jobs: str,
    tmp_path: Path,
    run_cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = write_tree(tmp_path / "site", SMALL_SITE)
    assert run_cli("build", "--source", site, "--jobs", jobs).code == 0
    before = tree_bytes(site / "public")
    for n in range(40):  # every page changes, so every page is written again
        (site / "content" / f"p{n}.md").write_text(
            f"---\ntitle: P{n}\ndescription: D.\n---\nNew.\n"
        )
    (site / "content" / "img" / "a.bin").write_bytes(b"\x01" * 1000)
    _full_disk_after(monkeypatch, lambda target: target.as_posix().endswith("/" + victim))
    result = run_cli("build", "--source", site, "--jobs", jobs)
    assert result.code == 1
    first = result.err.splitlines()[0]
    assert first.startswith("error: ") and "could not write the site: No space left on device" in (
        first
    ), result.err
    assert "hint: check free disk space and permissions; the previous site is unchanged" in (
        result.err
    )
    assert "Traceback" not in result.err
    assert tree_bytes(site / "public") == before
    assert not staging_dir(site / "public").exists()
    monkeypatch.undo()
    assert run_cli("build", "--source", site, "--jobs", jobs).code == 0  # space again: builds


_TMPFS_SCRIPT = """
set -e
mount -t tmpfs -o size=1m tmpfs "$DISK"
"$PY" -m mvsite build --source "$SRC" --output "$DISK/public" --no-cache > /dev/null 2>&1
cp -a "$DISK/public" "$SAVE/before"
head -c 1500000 /dev/urandom > "$SRC/content/img/big.bin"
set +e
"$PY" -m mvsite build --source "$SRC" --output "$DISK/public" --no-cache > "$SAVE/out" 2> "$SAVE/err"
echo $? > "$SAVE/code"
set -e
cp -a "$DISK/public" "$SAVE/after"
ls -a "$DISK" > "$SAVE/listing"
"""


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1)")
def test_a_real_full_disk_keeps_the_previous_site(tmp_path: Path) -> None:
    """A 1 MB tmpfs in a private mount namespace (it vanishes with the process)."""
    src = write_tree(tmp_path / "src", SMALL_SITE)
    save = tmp_path / "save"
    save.mkdir()
    disk = tmp_path / "disk"
    disk.mkdir()
    env = {**os.environ, "DISK": str(disk), "SRC": str(src), "SAVE": str(save),
           "PY": sys.executable}  # fmt: skip
    proc = subprocess.run(
        ["unshare", "--mount", "sh", "-c", _TMPFS_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode != 0 and "mount" in proc.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {proc.stderr.strip()}")
    assert proc.returncode == 0, proc.stderr
    assert (save / "code").read_text().strip() == "1"
    err = (save / "err").read_text()
    assert "could not write the site: No space left on device" in err, err
    assert "Traceback" not in err
    assert tree_bytes(save / "after") == tree_bytes(save / "before")
    assert ".public.mvsite-new" not in (save / "listing").read_text().split()
