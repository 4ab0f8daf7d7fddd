"""One output file written: linked from the previous build when identical, else written."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.write.output import OutputFile, WriteReport, refuse_outside, write_file


def test_an_identical_previous_file_is_linked_not_written(tmp_path: Path) -> None:
    previous = tmp_path / "old.html"
    previous.write_bytes(b"same")
    assert write_file(OutputFile(b"same"), tmp_path / "new.html", previous) is False
    assert (tmp_path / "new.html").stat().st_ino == previous.stat().st_ino


def test_a_different_file_is_written(tmp_path: Path) -> None:
    previous = tmp_path / "old.html"
    previous.write_bytes(b"old")
    assert write_file(OutputFile(b"new"), tmp_path / "new.html", previous) is True
    assert (tmp_path / "new.html").read_bytes() == b"new"
    assert (tmp_path / "new.html").stat().st_ino != previous.stat().st_ino


@pytest.mark.parametrize("rel", ["/etc/passwd", "../up.html", "a/../../up.html"])
def test_a_path_leaving_the_output_is_refused(rel: str) -> None:
    with pytest.raises(SiteError, match="refusing to write outside the output folder"):
        refuse_outside(rel)


def test_changed_files_are_the_written_ones_the_previous_build_had() -> None:
    report = WriteReport(("a.html", "b.html"), ("c.html",), (), {}, added=("b.html",))
    assert (report.files, report.changed) == (3, ("a.html",))
