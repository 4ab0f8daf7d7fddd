"""Shared fixtures: small sites written on the fly, the CLI run in-process, golden updates."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from mvsite.build.build_record import code_files, code_identity
from mvsite.build.cache import BuildCache, load_cache
from mvsite.cli import main
from mvsite.sources.site_paths import CACHE_DIR
from mvsite.write.stage import MARKER

SITES = Path(__file__).parent / "sites"
# Where the bundled site's tests say it is published: its mvsite.yaml names no address (the
# hosted workflow passes one), and `build --strict` refuses a missing or example one.
PUBLISHED_URL = "https://mvsite.github.io/"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the expected output of fixture sites (review the diff like code)",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The quick loop (pytest -m "not slow") leaves out the browser suite too.
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def _caches_in_fixture_sites() -> set[Path]:
    return set(SITES.glob(f"*/{CACHE_DIR}"))


@pytest.fixture(autouse=True)
def _fixture_sites_stay_clean(_caches_in_fixture_sites: set[Path]) -> Iterator[None]:
    """A test builds a copy of a fixture site (copy_site): a build leaves its cache beside the
    sources, and a cache left in tests/sites/ would be copied into the next run's sites."""
    before = _caches_in_fixture_sites
    yield
    left = set(SITES.glob(f"*/{CACHE_DIR}")) - before
    assert not left, f"a test built a fixture site in place: {sorted(map(str, left))}"


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


SiteFiles = Mapping[str, str | bytes]


def copy_site(name: str, dest: Path) -> Path:
    """A copy of the fixture site tests/sites/NAME at `dest`, to build and edit (a build
    leaves its cache beside the sources): without a cache or output left in the fixture."""
    shutil.copytree(SITES / name, dest, ignore=shutil.ignore_patterns(CACHE_DIR, "public"))
    return dest


def saved_cache(site: Path) -> BuildCache:
    """The build cache `mvsite build` left for the site at `site` (made by this code)."""
    return load_cache(site, code_identity(code_files()))


def check_golden(out: Path, golden: Path, update: bool) -> dict[str, bytes]:
    """Assert the built site at `out` is the golden output at `golden` (with --update-goldens:
    make it so first), file by file; the built files."""
    built = {k: v for k, v in tree_bytes(out).items() if k != MARKER}
    if update:
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(out, golden, ignore=shutil.ignore_patterns(MARKER))
    expected = tree_bytes(golden)
    assert sorted(built) == sorted(expected)
    for rel, data in expected.items():
        assert built[rel].decode(errors="replace") == data.decode(errors="replace"), rel
    return built


def write_tree(root: Path, files: SiteFiles) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[[SiteFiles], Path]:
    """A site folder with the given files (paths relative to the site root)."""

    def make(files: SiteFiles) -> Path:
        return write_tree(tmp_path / "site", files)

    return make


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run `mvsite ARGS...` in-process and capture its exit code and output."""

    def run(*argv: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root (relative POSIX path -> bytes)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


class _SecondsLater:
    """In place of the `time` module in a stage that distrusts files changed moments ago
    (build_record, read_pages): its clock runs seconds ahead, as if the sources were saved a while
    ago. A copied site keeps its files' mtimes, but their ctimes are new."""

    def __getattr__(self, name: str) -> object:
        return getattr(time, name)

    def time_ns(self) -> int:
        return time.time_ns() + 3_000_000_000


SECONDS_LATER = _SecondsLater()


def with_catalogues(site: Path) -> Path:
    """The site, with the bundled site's theme catalogues (they translate every string)."""
    shutil.copytree(SITES.parent.parent / "templates/locale", site / "templates/locale")
    return site


def git(repo: Path, *args: str) -> None:
    """git in `repo`, as a committer with a name (a test machine may have none set)."""
    who = ["-c", "user.name=A", "-c", "user.email=a@a"]
    subprocess.run(["git", *who, "-C", str(repo), *args], check=True, capture_output=True)
