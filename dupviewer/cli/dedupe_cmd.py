"""`dupviewer-cli dedupe` and `dupviewer-cli undo`: remove extra copies safely, and put back.

`dedupe ROOT... [scan options] [--keep RULE,...] [--apply] [--recovery-folder DIR] [--permanent]
[--journal FILE]` scans, lets the keep rules pick the copy to keep in every group and prints what it
would remove. A look-alike that may hold what the kept copy lacks (a crop, another shape, a mostly
flat picture: `engine.caution`) is never proposed, nor one that differs from the kept copy when
both are read again and compared larger (`engine.finecheck`: other text on a page of one form, a
caption, a mark); the plan says why, stderr how many. Nothing is
touched without `--apply`; with it, every file proposed for removal goes through
`engine.removal.remove` (re-checked on disk, to the system trash, journaled) and the report is
printed. On a volume without a usable trash, files are skipped unless `--recovery-folder DIR` (a
folder on that volume; a relative DIR is passed to the engine as it is, which takes it from the
mount point of each volume that needs it) or `--permanent` (the flag is the explicit confirmation)
says otherwise.

Exit status: 0 when everything planned was done (a dry run: the plan was printed), 1 when some
files were skipped or failed, 2 for bad usage, 130 when the scan was interrupted (then nothing is
removed, even with --apply). The removal is never stopped by its output: when the reader stops
reading (`| head`) the report is cut and the status is still the removal's; when the report
cannot be written (a full disk) its last line goes to stderr and the status is at least 1.

`undo [--journal FILE] [--last]` puts back the files the journal says were moved to a recovery
folder or to a freedesktop trash (Linux, BSD) and are still there unchanged (never over a file that
now exists); each one that cannot come back is named with why (of a path trashed more than once
only the newest removal comes back: an older copy still in the trash is named with where it is).
Exit status: 0 when every file undo can put back is back (files in a macOS or Windows trash, or
deleted with --permanent, are only named), 1 when some file could not be put back or some lines
of the journal could not be read (a write cut short, damage: the files named there were not
considered), 2 for bad usage (a --journal that does not exist or is a folder) or a journal file
that cannot be read (nothing is put back).
`--last` limits it to the records of the newest removal (the journal's `batch`), as the app's
Put Back does: an older removal of the same paths is not part of it, and when the last removal
deleted its files permanently (`--permanent`) it says that they cannot come back.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from dupviewer.cli import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    common,
    output_lost,
)
from dupviewer.engine import trash_restore
from dupviewer.engine.cache import default_cache_path
from dupviewer.engine.caution import CROP, FLAT, SHAPE, TURNED, needs_a_look
from dupviewer.engine.finecheck import DIFFERS, UNREADABLE
from dupviewer.engine.journal import (
    Method,
    UndoOutcome,
    UndoStatus,
    last_removal_records,
    undo,
)
from dupviewer.engine.model import Group, KeepRule
from dupviewer.engine.removal import (
    Fallback,
    FallbackChoice,
    Reason,
    RemovalReport,
    Status,
    Volume,
    device_of,
    recovery_folder_problem,
    remove,
)
from dupviewer.engine.report import human_size
from dupviewer.engine.scanner import forget_cached


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "dedupe",
        help="scan, then remove the extra copies of every group (dry run unless --apply)",
        description="Scan ROOTs, keep the best copy of every group (--keep), and print what would "
        "be removed. With --apply, send those files to the system trash, re-checking each one "
        "on disk first; every removal is written to the journal.",
    )
    common.add_scan_options(p)
    p.add_argument(
        "--keep",
        metavar="RULE,...",
        type=parse_keep_rules,
        help="rules picking the copy to keep, first decides; replaces the default order. "
        f"Rules: {', '.join(r.value for r in KeepRule)}",
    )
    p.add_argument(
        "--apply", action="store_true", help="really remove the files (default: dry run)"
    )
    fallback = p.add_mutually_exclusive_group()
    fallback.add_argument(
        "--recovery-folder",
        metavar="DIR",
        type=common.path_argument_as_path,
        help="on a volume without a usable trash, move the files under DIR (on that volume; "
        "a relative DIR is taken from that volume's mount point)",
    )
    fallback.add_argument(
        "--permanent",
        action="store_true",
        help="on a volume without a usable trash, delete the files permanently "
        "(this flag is the confirmation)",
    )
    p.add_argument(
        "--journal",
        metavar="FILE",
        type=common.path_argument_as_path,
        help="journal file (default: the app's data folder)",
    )
    p.set_defaults(func=run_dedupe)

    u = subparsers.add_parser(
        "undo",
        help="put back files that dedupe moved to the trash or a recovery folder",
        description="Move every file the journal lists as moved to a recovery folder, or to the "
        "trash (Linux, BSD: found there by its original path and content), back to its original "
        "path, unless something now exists there.",
    )
    u.add_argument(
        "--journal",
        metavar="FILE",
        type=common.path_argument_as_path,
        help="journal file (default: the app's data folder)",
    )
    u.add_argument(
        "--last",
        action="store_true",
        help="only the files of the last removal (what the app's Put Back Last Removal does)",
    )
    u.set_defaults(func=run_undo)


def parse_keep_rules(text: str) -> tuple[KeepRule, ...]:
    """`resolution,size` -> (KeepRule.HIGHEST_RESOLUTION, KeepRule.LARGEST_FILE)."""
    rules: list[KeepRule] = []
    for word in (w.strip() for w in text.split(",")):
        if not word:
            continue
        try:
            rule = KeepRule(word)
        except ValueError:
            known = ", ".join(r.value for r in KeepRule)
            raise argparse.ArgumentTypeError(
                f"unknown keep rule {word!r} (known: {known})"
            ) from None
        if rule not in rules:
            rules.append(rule)
    if not rules:
        raise argparse.ArgumentTypeError("no keep rule given")
    return tuple(rules)


def run_dedupe(args: argparse.Namespace) -> int:
    options = common.scan_options_from_args(args)  # bad usage exits with status 2
    if args.journal is not None:  # appended to: only a journal, checked before the scan
        cache = None if args.no_cache else (args.cache or default_cache_path())
        common.check_journal_file(args, args.journal, cache)
    recovery = args.recovery_folder
    if recovery is not None and not recovery.is_absolute() and ".." in recovery.parts:
        common.usage_error(
            args,
            f"--recovery-folder {common.show_path(recovery)}: a relative folder is taken from "
            "the mount point of each volume without a usable trash, and cannot leave it with ..",
        )
    # An absolute folder is checked now, not after the scan; a relative one is checked by the
    # removal on each volume that needs it (under that volume's mount point).
    if args.apply and recovery is not None and recovery.is_absolute():
        problem = recovery_folder_problem(recovery)
        if problem is not None:
            common.usage_error(args, problem)
    if args.keep:
        options = dataclasses.replace(options, keep_rules=args.keep)
    result = common.run_scan_with_progress(options)
    # Nobody looks at what dedupe removes: every look-alike it would propose is compared with
    # the kept copy again, larger (`engine.finecheck`), and kept when it differs in detail; a
    # half scan proposes no look-alike, and nothing reached through a link goes (as `scan`).
    checked, closer, stopped = common.what_may_go(result, options.roots)
    if not result.complete:  # interrupted: print what was found, never act on half a scan
        shown = [g for g in checked if any(not m.keep for m in g.members) or _looks(g, closer)]
        print_plan(shown, closer)
        print("interrupted: the scan did not finish; nothing was removed", file=sys.stderr)
        return EXIT_INTERRUPTED
    if stopped:
        print("interrupted: stopped before removing anything; nothing was removed", file=sys.stderr)
        return EXIT_INTERRUPTED
    proposing = [any(not m.keep for m in g.members) for g in checked]
    groups = [g for g, p in zip(checked, proposing, strict=True) if p]
    # and the groups whose look-alikes are left to the user (`g in groups` compared groups by
    # value, each with each)
    shown = [g for g, p in zip(checked, proposing, strict=True) if p or _looks(g, closer)]
    planned = [m.path for g in groups for m in g.members if not m.keep]
    planned_bytes = sum(m.photo.size for g in groups for m in g.members if not m.keep)
    # Named, as scan names them: a count alone sends the user to scan again to learn which.
    common.print_problems(result.errors, (), sys.stderr)

    if not args.apply:
        print_plan(shown, closer)
        print(
            f"dry run: would remove {len(planned)} file(s), {human_size(planned_bytes)}, "
            f"from {len(groups)} group(s); run again with --apply to remove them"
        )
        _say_looks(checked, closer)
        return EXIT_OK
    _say_looks(checked, closer)
    if not planned:
        print("nothing to remove")
        return EXIT_OK

    if args.permanent:
        choice = FallbackChoice(Fallback.PERMANENT, confirmed=True)
    elif recovery is not None:  # relative: the engine takes it from each volume's mount point
        choice = FallbackChoice(Fallback.RECOVERY_FOLDER, recovery_folder=recovery)
    else:
        choice = FallbackChoice()
    # Ctrl-C lets the file being moved finish and be journaled, then stops; the report says
    # what was moved and what was left (cancelled).
    # The members the closer look kept are neither removed nor the copy kept for the others
    # (the reference is): the removal need not find them unchanged (QA: one that could not be
    # read again stopped every removal in its group as "the kept copy is gone").
    removing = [
        dataclasses.replace(g, members=tuple(m for m in g.members if m.path not in closer))
        for g in groups
    ]
    report, interrupted = common.run_cancellable(
        lambda cancel: remove(
            removing,
            planned,
            journal=args.journal,
            no_trash=choice,
            protected_roots=options.reference_roots,
            cancel=cancel,
            on_wait=lambda: print(
                "waiting for another removal (dupviewer or dupviewer-cli) to finish...",
                file=sys.stderr,
            ),
        ),
        lambda: print("interrupted: stopping after the current file...", file=sys.stderr),
    )
    forget_cached(options, report.stale)  # the next scan reads those files again
    # The removal has run to its end: the status is its own. Printing cannot raise (`main`
    # guards stdout); a closed pipe cuts the report, a full disk loses it: then its last line
    # goes to stderr, the journal holds the rest.
    status = EXIT_INTERRUPTED if interrupted else EXIT_OK if report.complete else EXIT_PARTIAL
    print_report(report, recovery)
    if output_lost():
        print(report_summary(report), file=sys.stderr)
    return status


def print_plan(groups: list[Group], closer: dict[Path, str] | None = None) -> None:
    """Each group, what goes and what stays; a copy kept that is not the reference says why,
    and every other name of a file (hard links, overlapping roots) is listed: it goes too.
    `closer`: why `finecheck.look_closer` kept a member."""
    for n, g in enumerate(groups, 1):
        print(f"group {n} ({g.kind.value}):")
        looks = _looks(g, closer)
        for m in g.members:
            action = "keep  " if m.keep else "remove"
            why = ""
            if m.path in looks:
                why = f" (not proposed: {_LOOK_WORDS[looks[m.path]]})"
            elif m.keep and m is not g.reference and m.photo.in_reference_root:
                why = " (not proposed: in a protected folder)"
            elif m.keep and m is not g.reference and m.photo.frames > 1:
                why = f" (not proposed: {m.photo.frames} frames or pages, only the first compared)"
            print(
                f"  {action} {common.show_path(m.path)}  [{m.match}, {human_size(m.photo.size)}]"
                + why
            )
            for alias in m.photo.aliases:
                same = "same file, goes too" if not m.keep else "same file"
                if not m.keep and os.path.islink(alias):  # the removal takes real names only
                    same = "a symbolic link to it: the link stays, pointing at nothing"
                print(f"         also at {common.show_path(alias)} ({same})")


_LOOK_WORDS = {
    CROP: "a crop",
    SHAPE: "another shape",
    TURNED: "turned or mirrored next to the kept copy",
    common.LINK: common.LINK_WORDS,
    common.BESIDE_LINK: common.BESIDE_LINK_WORDS,
    FLAT: "mostly one flat tone",
    **common.CLOSER_LOOK_WORDS,
}


def _looks(group: Group, closer: dict[Path, str] | None = None) -> dict[Path, str]:
    """The members of `group` that are never proposed for removal and why (`caution`, and
    `closer`: what `finecheck.look_closer` kept)."""
    found = {}
    for m in group.members[1:]:
        if m.photo.in_reference_root:
            continue
        if why := needs_a_look(group.reference, m) or (closer or {}).get(m.path):
            found[m.path] = why
    return found


def _say_looks(groups: Sequence[Group], closer: dict[Path, str] | None = None) -> None:
    """Say how many copies were left for the user (never removed by dedupe: see `caution`),
    so that a quiet "nothing to remove" is not taken for "no copies"."""
    counts = dict.fromkeys(_LOOK_WORDS, 0)
    for g in groups:
        for why in _looks(g, closer).values():
            counts[why] += 1
    if total := sum(counts.values()):
        kinds = ", ".join(
            f"{n} {one if n == 1 else many}"
            for one, many, n in (
                ("crop", "crops", counts[CROP]),
                ("of another shape", "of another shape", counts[SHAPE]),
                ("turned or mirrored", "turned or mirrored", counts[TURNED]),
                ("symbolic link", "symbolic links", counts[common.LINK]),
                ("next to a kept link", "next to a kept link", counts[common.BESIDE_LINK]),
                ("mostly flat picture", "mostly flat pictures", counts[FLAT]),
                (
                    "that differs in fine detail",
                    "that differ in fine detail",
                    counts[DIFFERS],
                ),
                (
                    "that could not be read again",
                    "that could not be read again",
                    counts[UNREADABLE],
                ),
            )
            if n
        )
        why = [  # only what applies (QA: crops were explained when none was left)
            text
            for kinds_here, text in (
                ((CROP, SHAPE), "a crop or another shape may show what the kept copy lacks"),
                (
                    (TURNED,),
                    "a turned or mirrored copy may be the one the right way round: which way is "
                    "right is yours to say",
                ),
                (
                    (FLAT,),
                    "in a mostly flat picture (a page, a screen) the scan cannot see fine detail "
                    "such as text",
                ),
                (
                    (DIFFERS,),
                    "each look-alike proposed was compared with the kept copy at up to 768 "
                    "pixels and kept when any part of it differs (other text, a mark)",
                ),
                ((UNREADABLE,), "a file that could not be read again was left alone"),
                ((common.LINK,), "a symbolic link is never removed: only real files are"),
                ((common.BESIDE_LINK,), "nothing is removed next to a copy kept through a link"),
            )
            if any(counts[k] for k in kinds_here)
        ]
        print(
            f"left {total} look-alike{'' if total == 1 else 's'} for you to look at, not proposed "
            f"for removal ({kinds}): " + "; ".join(why) + "; decide in the app (`dupviewer`)",
            file=sys.stderr,
        )


def print_report(report: RemovalReport, recovery_folder: Path | None = None) -> None:
    for o in report.outcomes:
        if o.status is Status.MOVED and o.method is Method.PERMANENT:
            print(f"deleted {common.show_path(o.path)} (permanently: no usable trash)")
            if o.detail:  # its other names that went too, hard links left, a journal problem
                print(f"        {o.detail}")
        elif o.status is Status.MOVED:
            where = "trash" if o.method is Method.TRASH else f"{o.method.value}"
            if o.destination is not None:
                where += f" {common.show_path(o.destination)}"
            print(f"moved   {common.show_path(o.path)} -> {where}")
            if o.detail:
                print(f"        {o.detail}")
        else:
            reason = o.reason.value if o.reason else ""
            print(f"{o.status.value:7} {common.show_path(o.path)}: {reason}: {o.detail}")
    for v in report.volumes_without_trash:
        hint = _no_trash_hint(report, v, recovery_folder)
        if hint:
            print(
                f"no usable trash on {common.show_path(v.mount_point)} ({v.detail}); {hint}",
                file=sys.stderr,
            )
    if report.journal_error is not None:
        print(f"journal problem: {report.journal_error}", file=sys.stderr)
    print(report_summary(report))


def report_summary(report: RemovalReport) -> str:
    return (
        f"removed {len(report.moved)} of {len(report.outcomes)} file(s), "
        f"freed {human_size(report.freed)}; {len(report.skipped)} skipped, "
        f"{len(report.failed)} failed; journal: {common.show_path(report.journal_path or '')}"
    )


def _no_trash_hint(report: RemovalReport, volume: Volume, recovery_folder: Path | None) -> str:
    """What to do about the files skipped on `volume` (no usable trash there), or "" when none
    was skipped for that reason."""
    skipped = [
        o
        for o in report.outcomes
        if o.reason in (Reason.NO_TRASH, Reason.RECOVERY_UNUSABLE)
        and device_of(o.path) == volume.dev
    ]
    if not skipped:
        return ""
    if recovery_folder is None:
        return (
            "use --recovery-folder DIR (an empty folder on that volume) or --permanent "
            "for files there"
        )
    folder = (
        recovery_folder
        if recovery_folder.is_absolute()
        else volume.mount_point / recovery_folder  # where the removal took it from
    )
    shown = common.show_path(folder)
    if device_of(folder) not in (None, volume.dev):
        return (
            f"{len(skipped)} file(s) there were skipped: the recovery folder {shown} is on "
            "another volume (a recovery folder must be on the volume of the files; a relative "
            "--recovery-folder is taken from each volume's mount point), or use --permanent"
        )
    return (
        f"{len(skipped)} file(s) there were skipped: the recovery folder {shown} could not be "
        "used (see above); give another one with --recovery-folder DIR, or use --permanent"
    )


def run_undo(args: argparse.Namespace) -> int:
    if args.journal is not None and args.journal.is_dir():
        common.usage_error(args, f"--journal must be a file, not the folder {args.journal}")
    if args.journal is not None and not args.journal.exists():  # a typo, not an empty history
        common.usage_error(args, f"no journal at {args.journal}")
    records = None
    try:
        if args.last:  # that removal's own records: not an older removal of the same paths
            records = last_removal_records(args.journal)
            report = undo(args.journal, records=records)
        else:
            report = undo(args.journal)
    except OSError as exc:
        print(f"dupviewer-cli undo: error: cannot read the journal: {exc}", file=sys.stderr)
        return EXIT_USAGE
    permanent = sum(1 for o in report.outcomes if o.method is Method.PERMANENT)
    if records is not None and all(o.method is Method.PERMANENT for o in report.outcomes):
        if permanent and all(r.method is Method.PERMANENT for r in records):
            print(
                f"the last removal deleted its {permanent} file(s) permanently (--permanent): "
                "they cannot come back"
            )
        elif permanent:
            print(
                "nothing more of the last removal is left to put back; "
                f"{permanent} file(s) of it were deleted permanently (--permanent): "
                "they cannot come back"
            )
        else:
            print("nothing of the last removal is left to put back (without --last: all)")
        _say_unreadable(report.unreadable)
        return EXIT_PARTIAL if report.unreadable else EXIT_OK
    problems = in_system_trash = 0
    for o in report.outcomes:
        if o.status is UndoStatus.RESTORED:
            print(f"restored {common.show_path(o.path)}")
        elif o.method is Method.TRASH and not trash_restore.supported():
            in_system_trash += 1  # a macOS or Windows trash, which undo cannot read
        elif o.method in (Method.RECOVERY_FOLDER, Method.TRASH):
            # gone from the trash or recovery folder, changed, its path taken, or an older
            # removal of a path a newer one took back (named with where it still is)
            problems += 1
            print(f"{o.status.value:8} {common.show_path(o.path)}: {_detail(o)}")
    if report.restored or problems or in_system_trash or permanent:
        print(f"restored {len(report.restored)} file(s); {problems} could not be put back")
    else:  # (QA: "restored 0 file(s); 0 could not be put back" read like a failure)
        print("nothing is left to put back: every file the journal names is back already")
    if in_system_trash:
        print(f"{in_system_trash} file(s) went to the system trash: restore them from there")
    if permanent:
        print(f"{permanent} file(s) were deleted permanently (--permanent): they cannot come back")
    _say_unreadable(report.unreadable)
    return EXIT_PARTIAL if problems or report.unreadable else EXIT_OK


def _detail(outcome: UndoOutcome) -> str:
    """The outcome's why, with the file it names (where a copy still is) shown as `show_path`
    shows paths: a name that is not UTF-8 must print, and be told apart."""
    if outcome.source is None:
        return outcome.detail
    raw = os.fspath(outcome.source)
    return outcome.detail.replace(raw, common.show_path(raw))


def _say_unreadable(unreadable: int) -> None:
    if unreadable:
        print(
            f"{unreadable} line(s) of the journal could not be read (a write cut short, "
            "or damage): files named there were not considered",
            file=sys.stderr,
        )
