"""`dupviewer-cli find IMAGE... --in ROOT... [--threshold N] [--rotations] [--json FILE|-]`.

`find --in ROOT... IMAGE...` works too: --in takes every word after it, so when no IMAGE comes
before --in, the existing regular files (not folders) at the end of the --in list are the IMAGEs
(the first --in argument always stays a ROOT); with none there either, it is bad usage.

Lists, for each IMAGE, every photo under the ROOTs within the threshold, closest first, with the
distance and how it matches ("same file", "identical bytes", "similar", "rotated 90", ...).
Folders already scanned answer from the hash cache (changed files are analysed again); others
are indexed first, with a progress bar on a terminal. With `--json -` the JSON (schema in
`dupviewer.engine.lookup.result_to_dict`) goes to stdout and the listing to stderr.

Exit status: 0 when every image was looked up (also with no matches), 1 when the --json file or
standard output could not be written (a full disk; said on stderr), 2 for bad usage or an image
that could not be read (the others are still listed), 130 when interrupted. When the reader of
stdout stops early (`| head`), the listing is cut without a word; the status is the look-up's.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from dupviewer.cli import EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from dupviewer.cli.common import (
    ProgressBar,
    check_cache_file,
    check_output_file,
    is_supported_image_name,
    path_argument,
    path_argument_as_path,
    print_problems,
    show_path,
    write_output,
)
from dupviewer.engine.analyse import special_file_reason
from dupviewer.engine.lookup import LookupResult, find_copies, to_json
from dupviewer.engine.model import DEFAULT_THRESHOLD, MAX_THRESHOLD, HashAlgorithm, Progress
from dupviewer.engine.report import human_size, write_json_text


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "find",
        help="find the copies of given photos in your folders",
        description="Find every copy and near-copy of the given photos under the --in folders.",
        usage="%(prog)s IMAGE... --in ROOT... [options]\n"
        "       %(prog)s --in ROOT... IMAGE... [options]",
    )
    parser.add_argument(  # "*", not "+": the IMAGEs may come at the end of the --in list
        "images",
        nargs="*",
        type=path_argument,
        metavar="IMAGE",
        help="photos to look for (or name them after the --in folders)",
    )
    parser.add_argument(
        "--in",
        dest="roots",
        action="extend",
        nargs="+",
        type=path_argument,
        required=True,
        metavar="ROOT",
        help="folders to look in (already scanned ones answer from the cache); repeatable. "
        "When no IMAGE comes before --in, the existing files (not folders) at the end of the "
        "--in list are the IMAGEs; the first --in argument is always a ROOT",
    )
    parser.add_argument(
        "--threshold",
        type=int,
        default=DEFAULT_THRESHOLD,
        metavar="N",
        help=f"largest Hamming distance (of 64 bits), 0..{MAX_THRESHOLD} "
        f"(default {DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--rotations",
        action="store_true",
        help="also find copies rotated by 90/180/270 degrees or mirrored",
    )
    parser.add_argument(
        "--hash",
        choices=[a.value for a in HashAlgorithm],
        default=HashAlgorithm.PHASH.value,
        help="perceptual hash (default phash)",
    )
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="skip files and folders matching this glob (name or relative path); repeatable",
    )
    parser.add_argument(
        "--cache", type=path_argument_as_path, metavar="FILE", help="hash cache file to use"
    )
    parser.add_argument(
        "--workers", type=int, metavar="N", help="worker processes (default: one per core)"
    )
    parser.add_argument(
        "--json",
        type=path_argument,
        metavar="FILE",
        help="write the result as JSON to FILE ('-': standard output)",
    )
    parser.set_defaults(func=run, _find_parser=parser)


def run(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args._find_parser
    image_args, root_args = split_images_from_roots(args.images or [], args.roots)
    if not image_args:
        last = root_args[-1]
        missing = "" if os.path.lexists(last) else f" ({show_path(last)} does not exist)"
        if not missing and (special := _special_file(last)):
            missing = f" ({show_path(last)} is {special})"
        parser.error(
            f"no IMAGE to look for{missing}: name the photos before --in "
            "(find IMAGE... --in ROOT...) or after the folders (find --in ROOT... IMAGE...)"
        )
    images = [Path(os.path.abspath(p)) for p in image_args]
    roots = [Path(os.path.abspath(r)) for r in root_args]
    # Cheap checks first: a typo must not cost a library walk.
    for image in images:
        if not os.path.lexists(image):
            parser.error(f"IMAGE not found: {image}")
        if os.path.isdir(image):
            parser.error(f"IMAGE is a folder, not a photo: {image} (use it with --in)")
        if special := _special_file(image):  # a named pipe would wait for a writer forever
            parser.error(f"IMAGE is {special}: {image}")
    for root in roots:
        if not os.path.exists(root):
            parser.error(f"--in folder not found: {root}")
        if not os.path.isdir(root) and not is_supported_image_name(root):
            parser.error(f"--in {show_path(root)} is not a folder or a supported image")
    if not 0 <= args.threshold <= MAX_THRESHOLD:
        parser.error(f"--threshold must be between 0 and {MAX_THRESHOLD}, not {args.threshold}")
    args._scan_parser = parser  # check_output_file reports through it
    check_output_file(args, args.json)
    if args.workers is not None and args.workers < 1:
        parser.error(f"--workers must be at least 1, not {args.workers}")
    if args.cache is not None:  # never a photo, a pipe, nor another program's database
        check_cache_file(args, args.cache)

    def work(progress: Callable[[Progress], None] | None, cancel: threading.Event) -> LookupResult:
        return find_copies(
            images,
            roots,
            threshold=args.threshold,
            rotations=args.rotations,
            algorithm=HashAlgorithm(args.hash),
            cache_path=Path(os.path.abspath(args.cache)) if args.cache else None,
            progress=progress,
            cancel=cancel,
            exclude=tuple(args.exclude),
            workers=args.workers,
        )

    result, interrupted = run_with_progress(work)
    written = not args.json or write_output(args.json, lambda dest: _write_json(result, dest))
    out = sys.stderr if args.json == "-" else sys.stdout
    print_listing(result, out)
    for query in result.failed_queries:
        print(
            f"dupviewer-cli find: error: cannot read {show_path(query.path)}: {query.error.reason}",
            file=sys.stderr,
        )
    if interrupted or not result.complete:
        return EXIT_INTERRUPTED
    if result.failed_queries:
        return EXIT_USAGE
    return EXIT_OK if written else EXIT_PARTIAL


def _special_file(path: os.PathLike | str) -> str | None:
    """What `path` is when it is neither a regular file nor a folder ("not a regular file (named
    pipe)"), from its stat alone; None otherwise, or when it cannot be stat'ed (the look-up then
    says why, with the other images)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    if stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode):
        return None
    return special_file_reason(st)


def split_images_from_roots(images: list[str], roots: list[str]) -> tuple[list[str], list[str]]:
    """(IMAGEs, ROOTs) as meant. `--in` takes every word after it, so in `find --in ROOT IMAGE`
    the photo lands among the roots: when no IMAGE came before --in, the existing regular files
    at the end of the --in list are the IMAGEs. The first --in argument stays a ROOT (a lone
    photo may be the whole library)."""
    if images:
        return images, roots
    split = len(roots)
    while split > 1 and os.path.isfile(roots[split - 1]):
        split -= 1
    return roots[split:], roots[:split]


def run_with_progress(
    work: Callable[[Callable[[Progress], None] | None, threading.Event], LookupResult],
    stream: TextIO | None = None,
) -> tuple[LookupResult, bool]:
    """Run `work(progress, cancel)` in a thread with a progress bar on a terminal; Ctrl-C sets
    the cancel event (the engine stops within about a second). Returns (result, interrupted)."""
    stream = stream if stream is not None else sys.stderr
    bar = ProgressBar(stream) if stream.isatty() else None
    cancel = threading.Event()
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["result"] = work(bar, cancel)
        except BaseException as exc:  # handed to the main thread below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="dupviewer-find", daemon=True)
    thread.start()
    interrupted_at: float | None = None
    while thread.is_alive():
        try:
            thread.join(0.1)
        except KeyboardInterrupt:
            if interrupted_at is None:
                interrupted_at = time.monotonic()
                cancel.set()
                if bar is not None:
                    bar.clear()
                print("interrupted: stopping the look-up...", file=stream, flush=True)
    if bar is not None:
        bar.clear()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"], interrupted_at is not None  # type: ignore[return-value]


def print_listing(result: LookupResult, out: TextIO) -> None:
    """Per query image, its matches closest first; then library problems and totals."""
    for query in result.queries:
        if query.error is not None:
            print(f"{show_path(query.path)}: could not be read ({query.error.reason})", file=out)
            continue
        n = len(query.matches)
        if n == 0:
            print(f"{show_path(query.path)}: no match", file=out)
            continue
        print(f"{show_path(query.path)}: {n} {'match' if n == 1 else 'matches'}", file=out)
        for m in query.matches:
            photo = m.photo
            detail = f"{photo.width}x{photo.height} {photo.format} {human_size(photo.size)}"
            print(f"  {m.distance:2d}  {m.match:<22} {show_path(photo.path)}  ({detail})", file=out)
            for alias in photo.aliases:
                print(f"{'':28}also at {show_path(alias)} (same file)", file=out)
    print_problems(result.errors, result.warnings, out, " of the library")
    print(library_summary(result), file=out)


def library_summary(result: LookupResult) -> str:
    """The totals line, in numbers that add up: every photo seen was analysed now, answered
    from the cache (an unreadable one too: the cache remembers that) or, when interrupted, not
    read; every one read either failed or was searched."""
    stats = result.stats
    unread = stats.files_seen - stats.hashed - stats.from_cache
    how = f"{stats.hashed} analysed, {stats.from_cache} from cache"
    if unread:
        how += f", {unread} not read"
    state = "" if result.complete else " (interrupted: partial result)"
    return (
        f"{stats.files_seen} photos seen ({how}), {stats.failed} failed, {result.indexed} "
        f"searched at threshold {result.threshold}"
        f"{', rotations on' if result.rotations else ''}, in {stats.seconds:.1f} s{state}."
    )


def _write_json(result: LookupResult, destination: str) -> None:
    write_json_text(to_json(result), destination)
