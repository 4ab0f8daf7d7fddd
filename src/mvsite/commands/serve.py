"""`mvsite serve`: the preview server, with a word first when it is open to the network."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from mvsite.commands.today import today
from mvsite.errors import EXIT_OK

# serve/server.py's DEFAULT_PORT, repeated: the parser needs it, and importing the server
# (tornado) on every command took longer than a build with nothing to do. A test checks
# that they agree.
DEFAULT_PORT = 8000


def run_serve(args: argparse.Namespace) -> int:
    """Serve the site until Ctrl-C; the exit code."""
    from mvsite.serve.address import is_loopback
    from mvsite.serve.server import ServeOptions, serve

    if not is_loopback(args.host):
        print(
            f"warning: listening on {args.host}: other machines on the network can see this "
            "preview, drafts included\n  hint: leave out --host to keep it on this machine",
            file=sys.stderr,
        )

    def log(line: str) -> None:
        problem = line.startswith(("error:", "warning:"))
        if problem or not args.quiet:
            print(line, file=sys.stderr if problem else sys.stdout, flush=True)

    opener, day = _browser_opener(args.open), today(os.environ)
    serve(ServeOptions(args.source, args.host, args.port, opener, day), log)
    print("Stopped.", flush=True)
    return EXIT_OK


def _browser_opener(wanted: bool) -> Callable[[str], object] | None:
    if not wanted:
        return None
    import webbrowser

    return webbrowser.open
