"""`python -m mvsite` is the `mvsite` command."""

from mvsite.cli import main_entry

main_entry()
