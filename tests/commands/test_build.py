"""`mvsite build`: its summary, exit codes, warnings and errors as printed, --strict, -q/-v."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable
from pathlib import Path

from ..conftest import Run, SiteFiles, tree_bytes, write_tree

PAGE = "---\ntitle: T\ndescription: D\n---\nBody\n"


def test_a_build_ends_with_one_summary_line(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": PAGE, "mvsite.yaml": "base_url: https://x.org/\n"})
    result = run_cli("build", "--source", site)
    assert result.code == 0, result.err
    assert re.fullmatch(
        rf"Built 2 pages into {re.escape(str(site / 'public'))}: 7 files written, 0 unchanged, "
        r"0 removed in \d+\.\d\d s\n",
        result.out,
    )


def test_a_site_error_exits_1_and_keeps_the_last_good_site(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": PAGE})
    assert run_cli("build", "--source", site).code == 0
    good = tree_bytes(site / "public")
    (site / "content" / "a.md").write_text("---\ntitle: [unclosed\n---\n")
    result = run_cli("build", "--source", site)
    assert result.code == 1
    assert result.err.startswith("error: content/a.md:2: YAML syntax:")
    assert "Traceback" not in result.err
    assert tree_bytes(site / "public") == good


def test_a_pooled_build_turns_the_cycle_collector_back_on(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    # The build pauses it in its own process while the workers convert (commands/build.py); a
    # process that goes on (a test, a script calling main) must get it back, after a
    # failed build too.
    site = make_site({"content/a.md": PAGE})
    assert gc.isenabled()
    assert run_cli("build", "--source", site, "--jobs", "2").code == 0
    assert gc.isenabled()
    (site / "content" / "a.md").write_text("---\ntitle: [unclosed\n---\n")
    assert run_cli("build", "--source", site, "--jobs", "2").code == 1
    assert gc.isenabled()


def test_strict_turns_warnings_into_errors_and_writes_nothing(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"content/a.md": "# A\n"})
    result = run_cli("build", "--source", site, "--strict")
    assert result.code == 1
    assert "error: content/a.md:1: page has no description" in result.err
    assert "warning(s) in --strict mode; nothing was written" in result.err
    assert not (site / "public").exists()


def test_a_build_and_the_no_op_after_it_print_the_same_counted_warnings(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({f"content/p{i:02}.md": "# P\n" for i in range(14)})
    built, again = (run_cli("build", "--source", site) for _ in range(2))
    assert built.code == again.code == 0
    lines = built.err.splitlines()
    described = [line for line in lines if "page has no description" in line]
    assert len(described) == 10 + 1  # ten in full, then how many more (p10 to p13)
    assert described[-1].startswith("warning: 4 more like this: page has no description (")
    assert "Built 15 pages" in built.out and "0 files written" in again.out
    assert again.err == built.err


def test_quiet_prints_nothing_on_success_and_verbose_every_warning(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    pages = {f"content/p{i}.md": "---\ntitle: T\n---\nBody\n" for i in range(12)}
    site = make_site({**pages, "mvsite.yaml": "base_url: https://x.org/\n"})
    quiet = run_cli("build", "-s", site, "-q", "--no-cache")
    assert quiet == Run(0, "", "")
    verbose = run_cli("build", "-s", site, "-v", "--no-cache")
    assert verbose.err.count("page has no description") == 12
    assert "more like this" not in verbose.err
    assert "warning: 2 more like this" in run_cli("build", "-s", site, "--no-cache").err


def test_build_reports_every_problem_at_once_and_writes_nothing(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    good = {"content/a.md": PAGE}
    site = make_site(good)
    assert run_cli("build", "--source", site).code == 0
    before = tree_bytes(site / "public")
    broken = {f"content/p{i:02}.md": PAGE + f"[x](missing{i}.md)\n" for i in range(25)}
    write_tree(site, {**broken, "content/bad.md": "---\ntitle: [unclosed\n---\n"})
    result = run_cli("build", "--source", site)
    assert result.code == 1
    assert result.err.count("link to a missing page") == 19  # the first 20 problems
    assert "error: content/bad.md:2: YAML syntax:" in result.err
    assert "error: and 6 more errors\n  hint: `mvsite check` lists every one\n" in result.err
    assert result.err.endswith("26 errors: nothing was written\n")
    assert tree_bytes(site / "public") == before
    checked = run_cli("check", "--source", site, "--format", "json")
    assert checked.out.count('"severity": "error"') == 26
