"""What every scanning subcommand shares: the scan flags, their validation, and running a scan
with a terminal progress bar and clean Ctrl-C.

The scan runs in a worker thread while the main thread waits, so Ctrl-C (a KeyboardInterrupt in
the main thread) only sets the engine's cancel event: the engine stops within about a second,
everything already analysed stays in the cache, and the command gets back a partial result
(`complete=False`) and exits with status 130.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import os
import shutil
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from dupviewer.cli import EXIT_USAGE
from dupviewer.engine.cache import is_hash_cache
from dupviewer.engine.filekinds import SQLITE_START, first_bytes, is_a_photo
from dupviewer.engine.finecheck import (
    DIFFERS,
    STOPPED,
    UNREADABLE,
    hold_back,
    look_closer,
    to_compare,
)
from dupviewer.engine.model import (
    DEFAULT_THRESHOLD,
    MAX_THRESHOLD,
    SUPPORTED_EXTENSIONS,
    FileError,
    Group,
    HashAlgorithm,
    Progress,
    ScanOptions,
    ScanResult,
    Stage,
)
from dupviewer.engine.scanner import scan

T = TypeVar("T")

STAGE_WORDS = {
    Stage.DISCOVER: "Finding photos",
    Stage.HASH: "Analysing",
    Stage.GROUP: "Grouping",
    Stage.DONE: "Done",
}


def path_argument(text: str) -> str:
    """argparse type of every path argument: an empty string (`"$DIR"` with DIR unset) is bad
    usage, never the current folder (`os.path.abspath("")` and `Path("")` both mean it)."""
    if not text:
        raise argparse.ArgumentTypeError("empty path (an unset variable?)")
    return text


def path_argument_as_path(text: str) -> Path:
    """`path_argument`, as a Path."""
    return Path(path_argument(text))


def is_supported_image_name(path: os.PathLike | str) -> bool:
    """Whether a scan looks at a file of this name (its extension, as discovery checks it)."""
    return os.path.splitext(os.fspath(path))[1].lower() in SUPPORTED_EXTENSIONS


def refuse_a_photo(args: argparse.Namespace, path: os.PathLike | str, what: str) -> None:
    """Exit with a usage error when the file for `what` (the report, the journal, the hash
    cache) is an existing image: writing there would destroy a photo (QA: `--json` over a
    scanned photo, a Photoshop file, `--journal` appended to one)."""
    real = Path(os.path.realpath(path))  # a link is written through: check its target
    if is_a_photo(real):
        usage_error(
            args,
            f"refusing to write {what} over {show_path(path)}: it is an image "
            "(give another file name)",
        )


def check_written_file(args: argparse.Namespace, path: os.PathLike | str, option: str) -> None:
    """Exit with a usage error now, before any scan, when `option`'s file (--cache, --journal)
    is no file to keep writing: "-", a folder, a pipe or device (QA: `--cache fifo` hung,
    `--cache /dev/null` made /dev/null-journal, `--journal -` wrote a file named "-")."""
    if os.fspath(path) == "-":
        usage_error(args, f"{option} must name a file ('-' is not standard output here)")
    real = Path(os.path.realpath(path))
    if real.is_dir():
        usage_error(args, f"{option} must be a file, not a folder: {show_path(path)}")
    if real.exists() and not real.is_file():
        usage_error(args, f"{option} must be a regular file: {show_path(path)}")
    if not real.parent.is_dir():
        usage_error(args, f"{option} {show_path(path)}: no folder {show_path(real.parent)}")


def check_cache_file(args: argparse.Namespace, path: os.PathLike | str) -> None:
    """Exit with a usage error when --cache names a file that is not a dupviewer hash cache:
    an image, any other file, or another program's SQLite database (QA: its tables were
    dropped or the file moved aside, then deleted)."""
    check_written_file(args, path, "--cache")
    refuse_a_photo(args, path, "the hash cache")
    start = first_bytes(Path(os.path.realpath(path)))
    if start and not start.startswith(SQLITE_START):
        usage_error(
            args,
            f"--cache {show_path(path)} is not a hash cache (not an SQLite file): "
            "give a new file name, or the cache file itself",
        )
    if start and not is_hash_cache(Path(os.path.realpath(path))):
        usage_error(
            args,
            f"--cache {show_path(path)} is not a dupviewer hash cache (another program's SQLite "
            "database, or one SQLite cannot read): give a new file name, or the cache file itself",
        )


def is_a_journal(path: Path) -> bool:
    """Whether an existing file starts with a removal record of dupviewer's journal (one JSON
    object per line, with its "event" and "batch")."""
    first = first_bytes(path, 4096).split(b"\n", 1)[0]
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and {"event", "path", "method"} <= record.keys()


def check_journal_file(
    args: argparse.Namespace, path: os.PathLike | str, cache: os.PathLike | str | None
) -> None:
    """Exit with a usage error when --journal names a file that is no journal: a journal is
    appended to, so an existing file must start with a journal record (QA: appended to a
    photo, to another program's settings, to the hash cache, whose next write buried the
    records: `undo` then found nothing), and it is never the cache's file."""
    check_written_file(args, path, "--journal")
    refuse_a_photo(args, path, "the journal")
    real = Path(os.path.realpath(path))
    if cache is not None and real == Path(os.path.realpath(cache)):
        usage_error(args, f"--journal {show_path(path)} is the hash cache's file: give another")
    if first_bytes(real) and not is_a_journal(real):
        usage_error(
            args,
            f"--journal {show_path(path)} is not a dupviewer journal (it holds something else): "
            "give a new file name, or the journal itself",
        )


def add_scan_options(parser: argparse.ArgumentParser, *, positional_roots: bool = True) -> None:
    """Add the flags that shape a scan. With `positional_roots=False` the command supplies
    `args.roots` itself (e.g. `find IMAGE --in ROOT...`)."""
    if positional_roots:
        parser.add_argument(
            "roots",
            nargs="+",
            type=path_argument,
            metavar="ROOT",
            help="folders (or single photos) to scan",
        )
    group = parser.add_argument_group("scan options")
    group.add_argument(
        "--threshold",
        type=int,
        default=DEFAULT_THRESHOLD,
        metavar="N",
        help=f"largest Hamming distance (of 64 bits) to a group's reference, 0..{MAX_THRESHOLD} "
        f"(default {DEFAULT_THRESHOLD}; 0 finds only near-identical pictures)",
    )
    group.add_argument(
        "--hash",
        choices=[a.value for a in HashAlgorithm],
        default=HashAlgorithm.PHASH.value,
        help="perceptual hash (default phash)",
    )
    group.add_argument(
        "--rotations",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also match copies rotated by 90/180/270 degrees or mirrored (default on)",
    )
    group.add_argument(
        "--crops",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also match copies with a little cut from the borders (default on)",
    )
    group.add_argument(
        "--reference",
        action="append",
        default=[],
        type=path_argument,
        metavar="ROOT",
        help="protected folder (scanned too): its photos are never proposed for removal; "
        "repeatable",
    )
    group.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="PATTERN",
        help="skip files and folders matching this glob (name or relative path); repeatable",
    )
    group.add_argument(
        "--no-default-excludes",
        dest="default_excludes",
        action="store_false",
        help="also scan hidden folders, .thumbnails, @eaDir, System Volume Information, ... "
        "(trash folders and dupviewer's recovery folders are never scanned)",
    )
    group.add_argument(
        "--follow-symlinks", action="store_true", help="follow symbolic links (loops are reported)"
    )
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    group.add_argument(
        "--cache", type=path_argument_as_path, metavar="FILE", help="hash cache file to use"
    )
    group.add_argument(
        "--workers", type=int, metavar="N", help="worker processes (default: one per core)"
    )
    parser.set_defaults(_scan_parser=parser)


def usage_error(args: argparse.Namespace, message: str) -> None:
    """Print a usage error and exit with status 2 (never returns)."""
    parser = getattr(args, "_scan_parser", None)
    if parser is not None:
        parser.error(message)
    print(f"dupviewer-cli: error: {message}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def check_output_file(args: argparse.Namespace, destination: str | None) -> None:
    """Exit with a usage error now, before any scan, when `destination` (a --json or --csv
    file; "-" is standard output) cannot be written: a missing folder, a folder in its place,
    no permission."""
    if not destination or destination == "-":
        return
    path = Path(os.path.realpath(destination))  # a link is written through: check its target
    if path.is_dir():
        usage_error(args, f"cannot write {show_path(path)}: it is a folder")
    refuse_a_photo(args, destination, "the report")
    if first_bytes(path).startswith(SQLITE_START):  # the hash cache, or someone's database
        usage_error(args, f"refusing to write the report over {show_path(path)}: a database")
    if is_a_journal(path):  # the only record of where removed files came from (QA)
        usage_error(
            args, f"refusing to write the report over {show_path(path)}: a dupviewer journal"
        )
    cache = getattr(args, "cache", None)
    if cache is not None and path == Path(os.path.realpath(cache)):
        usage_error(args, f"the report {show_path(path)} is the hash cache's file: give another")
    if not path.parent.is_dir():
        usage_error(args, f"cannot write {show_path(path)}: no folder {show_path(path.parent)}")
    target = path if path.exists() else path.parent
    if not os.access(target, os.W_OK):
        usage_error(args, f"cannot write {show_path(path)}: permission denied")


def write_output(destination: str, write: Callable[[str], None]) -> bool:
    """Run `write(destination)`; on failure (a disk that filled up during the scan) say so on
    stderr and return False instead of a traceback."""
    try:
        write(destination)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(f"dupviewer-cli: error: cannot write {destination}: {reason}", file=sys.stderr)
        return False
    return True


def scan_options_from_args(args: argparse.Namespace) -> ScanOptions:
    """Validate the flags of `add_scan_options` and build the engine's options. Bad usage (a
    missing root, a threshold out of range) exits with status 2 and a clear message."""
    roots = [os.path.abspath(r) for r in getattr(args, "roots", None) or []]
    if not roots:
        usage_error(args, "give at least one folder to scan")
    references = [os.path.abspath(r) for r in args.reference or []]
    for label, folder in [("ROOT", r) for r in roots] + [("--reference", r) for r in references]:
        if not os.path.exists(folder):
            usage_error(args, f"{label} not found: {folder}")
        if not (os.path.isdir(folder) or os.path.isfile(folder)):
            usage_error(args, f"{label} is neither a folder nor a file: {folder}")
        if not os.path.isdir(folder) and not is_supported_image_name(folder):
            # discovery would skip it without a word: "0 photos seen" for a typo
            usage_error(args, f"{label} {show_path(folder)} is not a folder or a supported image")
    if not 0 <= args.threshold <= MAX_THRESHOLD:
        usage_error(
            args, f"--threshold must be between 0 and {MAX_THRESHOLD}, not {args.threshold}"
        )
    if args.workers is not None and args.workers < 1:
        usage_error(args, f"--workers must be at least 1, not {args.workers}")
    if args.cache is not None and args.no_cache:
        usage_error(args, "--cache and --no-cache cannot be used together")
    if args.cache is not None:
        check_cache_file(args, args.cache)
    return ScanOptions(
        roots=tuple(Path(r) for r in dict.fromkeys(roots)),
        reference_roots=tuple(Path(r) for r in dict.fromkeys(references)),
        algorithm=HashAlgorithm(args.hash),
        threshold=args.threshold,
        rotations=args.rotations,
        crops=args.crops,
        follow_symlinks=args.follow_symlinks,
        exclude=tuple(args.exclude or ()),
        default_excludes=getattr(args, "default_excludes", True),
        use_cache=not args.no_cache,
        cache_path=Path(os.path.abspath(args.cache)) if args.cache is not None else None,
        workers=args.workers,
    )


class ProgressBar:
    """One line on a terminal, redrawn at most ~10 times a second (the engine throttles)."""

    def __init__(self, stream: TextIO, word: str | None = None) -> None:
        self.stream = stream
        self.shown = False
        self.word = word  # says what is counted instead of the stage's word (then a count)

    def __call__(self, progress: Progress) -> None:
        width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
        word = self.word or STAGE_WORDS.get(progress.stage, progress.stage.value)
        if progress.total:
            fraction = min(1.0, progress.done / progress.total)
            bar = "#" * int(20 * fraction) + "-" * (20 - int(20 * fraction))
            if progress.stage == Stage.GROUP and not self.word:  # a share of the search
                line = f"{word} [{bar}] {int(100 * fraction)}%"
            else:
                line = f"{word} [{bar}] {progress.done}/{progress.total}"
        else:
            line = f"{word}: {progress.done}" if progress.stage == Stage.DISCOVER else word
        if progress.path:
            room = width - len(line) - 2
            name = progress.path
            if room > 10:
                line += "  " + (name if len(name) <= room else "..." + name[-(room - 3) :])
        self.stream.write("\r" + line[:width].ljust(width))
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            width = max(20, shutil.get_terminal_size((80, 24)).columns - 1)
            self.stream.write("\r" + " " * width + "\r")
            self.stream.flush()


def run_scan_with_progress(options: ScanOptions, stream: TextIO | None = None) -> ScanResult:
    """Run `scan` with a progress bar on `stream` (stderr) when it is a terminal, silence
    otherwise. Ctrl-C cancels the scan cleanly; the partial result then has `complete=False`,
    which callers turn into exit status 130."""
    stream = stream if stream is not None else sys.stderr
    bar = ProgressBar(stream) if stream.isatty() else None

    def interrupted() -> None:
        if bar is not None:
            bar.clear()
        print("interrupted: stopping the scan...", file=stream, flush=True)

    result, stopped = run_cancellable(
        lambda cancel: scan(options, progress=bar, cancel=cancel), interrupted
    )
    if bar is not None:
        bar.clear()
    if stopped and result.complete:
        result = dataclasses.replace(result, complete=False)
    return result


# Why the closer look kept a look-alike, in the words of the plan and the summary.
CLOSER_LOOK_WORDS = {
    DIFFERS: "differs in fine detail, looked at larger",
    UNREADABLE: "could not be read again for a closer look",
    STOPPED: "not looked at closer: stopped",
}


LINK = "link"  # a member reached through a symbolic link (`--follow-symlinks`)
LINK_WORDS = "reached through a symbolic link: only real files are removed"
BESIDE_LINK = "beside-link"  # a member of a group whose kept copy is a symbolic link
BESIDE_LINK_WORDS = "the copy kept is reached through a symbolic link: nothing goes next to it"


def through_a_link(
    path: Path, roots: Sequence[Path], real: Callable[[str], str] = os.path.realpath
) -> bool:
    """Whether `path` is reached through a symbolic link below the scanned folder holding it:
    the file itself, or a folder on the way (QA: a kept copy in a linked folder outside). A
    scanned folder that is itself a link counts as the folder, and so does a photo named on the
    command line unless it is a link. `real` resolves a folder (a cached `os.path.realpath`)."""
    text = os.path.abspath(path)
    if os.path.islink(text):
        return True
    folder, name = os.path.split(text)
    for root in roots:
        base = os.path.abspath(root)
        if text == base:
            return False
        if text.startswith(base.rstrip(os.sep) + os.sep):
            inside = os.path.relpath(text, base)
            return os.path.join(real(folder), name) != os.path.join(real(base), inside)
    return False


def keep_links(
    groups: Sequence[Group], roots: Sequence[Path] = ()
) -> tuple[list[Group], dict[Path, str]]:
    """The groups with every member reached through a symbolic link kept, and those paths: the
    removal never removes a link (its file may be outside the folders, and the link frees
    nothing), so the plan must not promise it (QA: the dry run proposed one that --apply then
    skipped). A group whose kept copy is reached so proposes nothing: its real copies would all
    go and leave the library a link to a file elsewhere."""
    real = functools.cache(os.path.realpath)  # one look-up per folder, not per photo
    out, links = [], {}
    for g in groups:
        if through_a_link(g.reference.path, roots, real):  # (QA: every real copy went)
            held, why = [m for m in g.members if not m.keep], BESIDE_LINK
        else:
            held = [m for m in g.members if not m.keep and through_a_link(m.path, roots, real)]
            why = LINK
        links.update(dict.fromkeys((m.path for m in held), why))
        ids = {id(m) for m in held}
        members = tuple(dataclasses.replace(m, keep=True) if id(m) in ids else m for m in g.members)
        out.append(dataclasses.replace(g, members=members) if held else g)
    return out, links


def what_may_go(
    result: ScanResult, roots: Sequence[Path]
) -> tuple[list[Group], dict[Path, str], bool]:
    """The groups as `scan` and `dedupe` propose them, one way for both: nothing reached
    through a link (`keep_links`), and every look-alike compared with its kept copy, larger
    (`look_closer_with_progress`), or held back unlooked at when the scan did not finish
    (`finecheck.hold_back`). Returns the groups, why each member held back is kept, and
    whether the look did not run to its end (Ctrl-C: act on nothing)."""
    unlinked, links = keep_links(result.groups, roots)
    if result.complete:
        groups, why, stopped = look_closer_with_progress(unlinked)
    else:
        (groups, why), stopped = hold_back(unlinked), True
    return groups, {**links, **why}, stopped


def look_closer_with_progress(
    groups: Sequence[Group], stream: TextIO | None = None
) -> tuple[list[Group], dict[Path, str], bool]:
    """`finecheck.look_closer` with a progress bar on `stream` (stderr) when it is a terminal;
    Ctrl-C stops it. Returns the groups, why each member it kept is kept, and whether it was
    stopped (then nothing may be removed)."""
    stream = stream if stream is not None else sys.stderr
    bar = ProgressBar(stream, word="Looking closer") if stream.isatty() else None
    if bar is None and (total := sum(len(to_compare(g)) for g in groups)):
        print(  # a log or a script waits minutes on a big library: say why
            f"looking closer at {total} look-alike{'' if total == 1 else 's'} "
            "(each read again with its kept copy)...",
            file=stream,
            flush=True,
        )

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar(Progress(Stage.GROUP, done, total))

    def interrupted() -> None:
        if bar is not None:
            bar.clear()
        print("interrupted: stopping...", file=stream, flush=True)

    (checked, closer), stopped = run_cancellable(
        lambda cancel: look_closer(groups, progress=progress, cancel=cancel), interrupted
    )
    if bar is not None:
        bar.clear()
    return checked, closer, stopped


def run_cancellable(
    work: Callable[[threading.Event], T], on_interrupt: Callable[[], None]
) -> tuple[T, bool]:
    """`work(cancel)` in a worker thread while this one waits; the first Ctrl-C sets `cancel`
    (and calls `on_interrupt`) and the work ends in its own time, cleanly. Returns its result
    and whether Ctrl-C was pressed; an exception of the work is raised here."""
    cancel = threading.Event()
    outcome: dict[str, object] = {}
    finished = threading.Event()

    def run() -> None:
        try:
            outcome["result"] = work(cancel)
        except BaseException as exc:  # handed to the main thread below
            outcome["error"] = exc
        finally:
            finished.set()

    # Wait on an Event, not Thread.join: a KeyboardInterrupt inside join() can leave the thread
    # marked finished while it still runs (CPython issue 90882).
    worker = threading.Thread(target=run, name="dupviewer-work", daemon=True)
    interrupted = False
    while not finished.is_set():
        try:  # started in here: a Ctrl-C right after the start is the work's too
            if worker.ident is None:
                worker.start()
            finished.wait(0.1)
        except KeyboardInterrupt:
            if not interrupted:
                interrupted = True
                cancel.set()
                on_interrupt()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"], interrupted  # type: ignore[return-value]


def show_path(path: os.PathLike | str) -> str:
    """A path as one printable line: plain when it is, else quoted with escapes (newlines,
    control characters, bytes that are not UTF-8 as \\xNN)."""
    s = os.fspath(path)
    if s.isprintable():
        return s
    out = []
    for c in s:
        if "\udc80" <= c <= "\udcff":  # a raw byte (surrogateescape)
            out.append(f"\\x{ord(c) - 0xDC00:02x}")
        elif c in '"\\':
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        else:
            out.append(repr(c)[1:-1])
    return '"' + "".join(out) + '"'


def print_problems(
    errors: Sequence[FileError], warnings: Sequence[str], out: TextIO, scope: str = ""
) -> None:
    """The per-file errors and the warnings of a scan or look-up, as the summary shows them."""
    if errors:
        print(f"Could not use {len(errors)} file(s) or folder(s){scope}:", file=out)
        for error in errors:
            print(f"  {show_path(error.path)}: {error.kind.value}: {error.reason}", file=out)
    for warning in warnings:
        print(f"Warning: {warning}", file=out)
