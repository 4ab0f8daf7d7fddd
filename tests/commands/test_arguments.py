"""Each command's options, as the command line takes them."""

from __future__ import annotations

import pytest

from mvsite.cli import make_parser
from mvsite.commands.arguments import COMMANDS


def test_every_command_is_on_the_command_line_with_its_help() -> None:
    helped = " ".join(make_parser().format_help().split())  # (argparse wraps long lines)
    for command in COMMANDS:
        assert command.name in helped and command.summary in helped


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_a_whole_number_of_at_least_one(
    jobs: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        make_parser().parse_args(["build", "--jobs", jobs])
    assert "must be a whole number of at least 1" in capsys.readouterr().err
