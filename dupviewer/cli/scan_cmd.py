"""`dupviewer-cli scan ROOT... [options] [--json FILE|-]`: find duplicate photos and report them.

Every look-alike the scan would propose for removal is first compared with the kept copy again,
larger (`finecheck`, as `dedupe` does): `keep` false means what `dedupe` would remove.
Prints a readable summary of the groups and the files that could not be read (or, with
`--json -` or `--csv -`, that report on stdout and nothing else there: the summary goes to
stderr; only one of the two can have stdout). Exit status: 0 when the scan finished (also when
some files could not be read: they are listed as errors), 1 when the report file could not be
written after the scan, 2 for bad usage (also an output file that cannot be written, checked
before scanning; an empty path; a ROOT that is a file but not a supported image), 130 when
interrupted (the JSON report, if asked, is still written with `"complete": false`). When the
reader of stdout stops early (`| head`), the output is cut without a word and the status is
the scan's; stdout that cannot be written (a full disk) is said on stderr, with status 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path
from typing import TextIO

from dupviewer.cli import EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL
from dupviewer.cli.common import (
    BESIDE_LINK,
    BESIDE_LINK_WORDS,
    CLOSER_LOOK_WORDS,
    LINK,
    LINK_WORDS,
    add_scan_options,
    check_output_file,
    path_argument,
    print_problems,
    run_scan_with_progress,
    scan_options_from_args,
    show_path,
    usage_error,
    what_may_go,
    write_output,
)
from dupviewer.engine.finecheck import SAME, to_compare
from dupviewer.engine.model import ScanResult
from dupviewer.engine.report import human_size, write_csv, write_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="find duplicate and near-duplicate photos",
        description="Find duplicate and near-duplicate photos under the given folders.",
    )
    add_scan_options(parser)
    parser.add_argument(
        "--json",
        type=path_argument,
        metavar="FILE",
        help="write the result as JSON to FILE ('-': standard output)",
    )
    parser.add_argument(
        "--csv",
        type=path_argument,
        metavar="FILE",
        help="write one row per group member to FILE ('-': standard output)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    options = scan_options_from_args(args)
    check_output_file(args, args.json)  # before the scan: a typo must not cost an hour
    check_output_file(args, args.csv)
    if args.json == "-" and args.csv == "-":
        usage_error(args, "--json - and --csv - cannot both write to standard output")
    if (
        args.json
        and args.csv
        and "-" not in (args.json, args.csv)
        and os.path.realpath(args.json) == os.path.realpath(args.csv)
    ):
        usage_error(args, "--json and --csv name the same file: one would overwrite the other")
    result = run_scan_with_progress(options)
    # `keep` false must mean what dedupe would remove: the same look, no link, and after a
    # Ctrl-C no look-alike proposed unlooked at (QA: "remove" on the other pages of a form)
    groups, why, stopped = what_may_go(result, options.roots)
    looked = {  # the JSON's `closer_look`: the look's word on each look-alike it was about
        **{m.path: SAME for g in groups for m in to_compare(g)},
        **{path: word for path, word in why.items() if word in CLOSER_LOOK_WORDS},
    }
    groups.sort(key=lambda g: (-g.reclaimable, str(g.reference.path)))  # by what they free
    result = dataclasses.replace(result, groups=tuple(groups), complete=not stopped)
    written = True
    if args.json:
        written = write_output(args.json, lambda dest: write_json(result, dest, looked=looked))
    if args.csv:
        written = (
            write_output(args.csv, lambda dest: write_csv(result, dest, looked=looked)) and written
        )
    # With a report on stdout, the summary goes to stderr so stdout stays parseable.
    out = sys.stderr if "-" in (args.json, args.csv) else sys.stdout
    print_summary(result, out, why)
    if not result.complete:
        return EXIT_INTERRUPTED
    return EXIT_OK if written else EXIT_PARTIAL


# why a look-alike is not proposed
_KEPT_WORDS = {**CLOSER_LOOK_WORDS, LINK: LINK_WORDS, BESIDE_LINK: BESIDE_LINK_WORDS}


def print_summary(result: ScanResult, out: TextIO, looked: dict[Path, str] | None = None) -> None:
    """Groups, errors and totals, for people; `looked`: why a look-alike is kept (the closer
    look's word on it, or LINK)."""
    for number, group in enumerate(result.groups, start=1):
        print(
            f"Group {number}: {group.kind.value}, {len(group.members)} photos, "
            f"{human_size(group.reclaimable)} reclaimable",
            file=out,
        )
        for member in group.members:
            photo = member.photo
            action = "keep  " if member.keep else "remove"
            detail = f"{photo.width}x{photo.height} {photo.format} {human_size(photo.size)}"
            how = (
                member.match
                if member.distance == 0
                else f"{member.match}, distance {member.distance}"
            )
            why = _KEPT_WORDS.get((looked or {}).get(photo.path, ""))
            if why:
                how = f"{how}; not proposed: {why}"
            print(f"  {action} {show_path(photo.path)}  ({detail}; {how})", file=out)
            for alias in photo.aliases:
                print(f"         also at {show_path(alias)} (same file)", file=out)
    print_problems(result.errors, result.warnings, out)
    stats = result.stats
    copies = sum(sum(1 for m in g.members if not m.keep) for g in result.groups)
    reclaimable = sum(g.reclaimable for g in result.groups)
    state = "" if result.complete else " (interrupted: partial result)"
    # the list above also names what was never a photo to analyse (a pipe, a link out of the
    # folders, an unreadable folder): counted apart, so the two numbers add up
    others = len(result.errors) - stats.failed
    skipped = f" ({others} more file(s) or folder(s) not scanned)" if others > 0 else ""
    groups = len(result.groups)
    print(
        f"{stats.files_seen} photos seen, {stats.hashed} analysed, {stats.from_cache} from cache, "
        f"{stats.failed} failed{skipped}, in {stats.seconds:.1f} s{state}. "
        f"{groups} group{'' if groups == 1 else 's'}, {copies} extra "
        f"cop{'y' if copies == 1 else 'ies'}, {human_size(reclaimable)} reclaimable.",
        file=out,
    )
