"""`dupviewer-cli`: the headless command line over the engine.

Each subcommand lives in its own module with a `register(subparsers)` function that adds its
parser and sets `func(args) -> int` (the exit status). Exit status: 0 success, 1 partial
(see each command), 2 bad usage or unreadable input, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys

from dupviewer import __version__

EXIT_OK = 0
EXIT_PARTIAL = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    from dupviewer.cli import dedupe_cmd, find_cmd, scan_cmd

    parser = argparse.ArgumentParser(
        prog="dupviewer-cli",
        description="Find duplicate and near-duplicate photos, and remove extra copies safely.",
    )
    parser.add_argument("--version", action="version", version=f"dupviewer {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for module in (scan_cmd, dedupe_cmd, find_cmd):
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with status 2 on bad usage
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
