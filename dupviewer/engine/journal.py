"""The removal journal: one JSON line per file removed (or put back), written as it happens.

Write-ahead: before a file is touched, a "removing" record (the intent: path, size, digest, and
the way about to be tried: the trash, a recovery folder with the destination, or a permanent
deletion) is written and fsynced; if that fails, the file stays. After the move the "removed"
record says how and where. So no file ever leaves its folder unrecorded: when the second write
fails (a disk that filled up in between), `undo` still puts it back from its intent record.

Why JSON lines: each record is appended, flushed and fsynced on its own, so a crash or a power
cut loses at most the record being written, and the file stays readable by people and tools.
A line that cannot be parsed (a torn last write) is skipped when reading, never fatal.

Record fields (`event` "removing", "removed", "kept" or "restored"): `time` (ISO 8601, UTC), `path`
(the original path), `kept` (the copy that stayed), `method` ("trash", "recovery-folder",
"permanent"), `destination` (where the file went; null for the system trash, which does not
say), `size`, `digest`, and `batch` ("removal#pass": one id per removal the user asked for,
shared by all its files, so "put back the last removal" means the same files after a restart,
and one per pass of it; absent in journals of older versions). Paths are written as
`os.fsdecode` strings, so a name that is not valid UTF-8 travels as lone surrogates (`\\udcxx`
escapes in the file) and comes back byte for byte.

`undo(journal_path)` puts files moved to a recovery folder back where they were, and files sent
to a freedesktop trash (Linux, BSD) when the trash still holds them with the bytes the journal
recorded (`trash_restore`), unless something now exists at the original path; it never
overwrites anything. Of a path removed to the trash more than once, only the newest removal is
put back; each older one still in the trash is reported with where it is, so none goes unsaid.
"""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path

from dupviewer.engine import paths, trash_restore

JOURNAL_NAME = "journal.jsonl"


class Method(str, Enum):
    """How a file left its folder."""

    TRASH = "trash"
    RECOVERY_FOLDER = "recovery-folder"
    PERMANENT = "permanent"


class Event(str, Enum):
    REMOVING = "removing"  # written before the file is touched (see the module docstring)
    REMOVED = "removed"
    # The intent ended with the file left where it was (no usable trash and no other choice, a
    # read-only folder): without it, a file the user deletes later would read as removed here.
    KEPT = "kept"
    RESTORED = "restored"  # put back from a recovery folder or the trash by `undo`


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One journal line."""

    time: str
    path: Path
    kept: Path | None
    method: Method
    destination: Path | None
    size: int
    digest: str
    event: Event = Event.REMOVED
    batch: str = ""  # the removal this record belongs to (see `new_batch`); "" in old journals

    def to_json(self) -> str:
        return json.dumps(
            {
                "time": self.time,
                "batch": self.batch,
                "event": self.event.value,
                "path": os.fsdecode(self.path),
                "kept": None if self.kept is None else os.fsdecode(self.kept),
                "method": self.method.value,
                "destination": None if self.destination is None else os.fsdecode(self.destination),
                "size": self.size,
                "digest": self.digest,
            },
            ensure_ascii=True,  # surrogates from non-UTF-8 names must survive as escapes
        )

    @classmethod
    def from_json(cls, line: str) -> JournalEntry:
        """Parse one line; raises ValueError (or KeyError/TypeError) on a malformed record."""
        data = json.loads(line)
        if not isinstance(data, dict):  # valid JSON, but a number or a list: not a record
            raise ValueError(f"not a journal record: {line[:40]!r}")
        kept, dest = data.get("kept"), data.get("destination")
        return cls(
            time=str(data["time"]),
            path=Path(data["path"]),
            kept=None if kept is None else Path(kept),
            method=Method(data["method"]),
            destination=None if dest is None else Path(dest),
            size=int(data.get("size", 0)),
            digest=str(data.get("digest", "")),
            event=Event(data.get("event", Event.REMOVED.value)),
            batch=str(data.get("batch") or ""),
        )


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_batch() -> str:
    """An id for one removal: its start time, plus random digits so two removals started in the
    same millisecond (two processes) never share one."""
    return f"{now_iso()}-{secrets.token_hex(3)}"


def run_batch(removal: str) -> str:
    """The `batch` of the records one pass of a removal writes: the removal's id, "#", an id of
    the pass (the app's removal may take two passes: the second for drives without a trash)."""
    return f"{removal}#{secrets.token_hex(3)}"


def removal_of(batch: str) -> str:
    """The removal a record's `batch` belongs to (see `run_batch`)."""
    return batch.split("#", 1)[0]


class Journal:
    """Append-only JSON-lines journal (default: `paths.data_dir()/journal.jsonl`)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.data_dir() / JOURNAL_NAME

    def check_writable(self) -> None:
        """Create the folder and open the file for appending; raises OSError if that fails.

        The removal pipeline calls this first so no file is removed without a record.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._refuse_special()
        with open(self.path, "a", encoding="ascii"):
            pass

    def _refuse_special(self) -> None:
        """Raise OSError when the journal's path is something other than a regular file (or
        nothing yet): opening a named pipe would wait forever for its other end, a device
        would swallow the records."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(self.path))

    def record(self, entry: JournalEntry) -> None:
        """Append one record and make it durable (flush + fsync) before returning. A record
        torn by an earlier failed write (a full disk) is ended first, so this one stays whole."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._refuse_special()
        line = (entry.to_json() + "\n").encode("ascii")
        with open(self.path, "a+b") as f:
            if f.seek(0, os.SEEK_END) > 0:
                f.seek(-1, os.SEEK_END)
                if f.read(1) != b"\n":
                    line = b"\n" + line
            f.write(line)
            f.flush()
            os.fsync(f.fileno())

    def entries(self) -> list[JournalEntry]:
        """Every readable record, oldest first (malformed lines are skipped)."""
        return self.read()[0]

    def read(self) -> tuple[list[JournalEntry], int]:
        """Every readable record, oldest first, and how many non-blank lines could not be read
        (a torn last write after a crash, or damage that undo must not pass over in silence)."""
        unreadable = [0]
        return list(self._iter(unreadable)), unreadable[0]

    def tail(self, size: int) -> tuple[list[str], bool]:
        """The lines of about the last `size` bytes, oldest first (the first, begun mid-line, is
        dropped), and whether they reach back to the start of the file. A journal grows with
        every removal (a 100,000-file one is 26 MB, 4 s to parse whole): what the app needs at
        start is at its end."""
        try:
            self._refuse_special()
            f = open(self.path, "rb")
        except FileNotFoundError:
            return [], True
        with f:
            end = f.seek(0, os.SEEK_END)
            start = max(0, end - size)
            f.seek(start)
            data = f.read()
        lines = data.decode("ascii", "replace").split("\n")
        return (lines[1:] if start > 0 else lines), start == 0

    def _iter(self, unreadable: list[int] | None = None) -> Iterator[JournalEntry]:
        try:
            self._refuse_special()
            f = open(self.path, encoding="ascii", errors="replace")
        except FileNotFoundError:
            return
        with f:
            yield from _records(f, unreadable)


def _records(lines: Iterable[str], unreadable: list[int] | None = None) -> Iterator[JournalEntry]:
    """The records of these lines; blank, torn or foreign lines are skipped (and counted in
    `unreadable[0]` when given)."""
    for line in lines:
        if not line.strip():
            continue
        try:
            yield JournalEntry.from_json(line)
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
            # (OverflowError: "size": 1e999; RecursionError: thousands of nested brackets)
            if unreadable is not None:
                unreadable[0] += 1


class UndoStatus(str, Enum):
    RESTORED = "restored"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class UndoOutcome:
    path: Path  # the original path
    source: Path | None  # where the file was (the recovery folder copy)
    status: UndoStatus
    detail: str = ""
    method: Method | None = None  # how the file had been removed


@dataclass(frozen=True, slots=True)
class UndoReport:
    outcomes: tuple[UndoOutcome, ...]
    unreadable: int = 0  # journal lines that could not be read: their files were not considered

    @property
    def restored(self) -> tuple[UndoOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status is UndoStatus.RESTORED)

    @property
    def complete(self) -> bool:
        """True when every entry considered was put back."""
        return all(o.status is UndoStatus.RESTORED for o in self.outcomes)


# Records of journals written before `batch` existed count as one removal while each follows the
# one before within this many seconds (a removal journals its files one after the other).
_LEGACY_GAP_SECONDS = 120.0


def last_removal(journal_path: Path | None = None) -> list[Path]:
    """Original paths of the newest removal's files that went to the trash or a recovery folder
    and that no later record put back: what "Put Back Last Removal" offers, also after a restart.

    Raises OSError when the journal exists but cannot be read."""
    batch, entries = _newest_removal(journal_path)
    if not batch:
        return []
    first_time = min(e.time for e in batch)
    put_back = {e.path for e in entries if e.event is Event.RESTORED and e.time >= first_time}
    wanted = (Method.TRASH, Method.RECOVERY_FOLDER)
    return sorted({e.path for e in batch if e.method in wanted and e.path not in put_back})


def last_removal_records(journal_path: Path | None = None) -> list[JournalEntry]:
    """The "removed" records of the newest removal, every method (permanent deletions too, and
    files put back since), oldest first. Give them to `undo(records=...)` to put back that
    removal and no other: an older removal of the same paths (a file removed, copied back and
    removed again) is not part of it.

    Raises OSError when the journal exists but cannot be read."""
    return _newest_removal(journal_path)[0]


def removal_records(removal: str, journal_path: Path | None = None) -> list[JournalEntry]:
    """The "removed" records of one removal (`removal_of(batch)`: every pass of it), oldest
    first: what the app's Put Back gives `undo(records=...)` for the removal it made, even when
    another one (dupviewer-cli) came later, and with every name it took (hard links).

    Raises OSError when the journal exists but cannot be read."""
    records, _unreadable = Journal(journal_path).read()
    return [
        e
        for e in _undoable(records)
        if e.event is Event.REMOVED and e.batch and removal_of(e.batch) == removal
    ]


def _newest_removal(
    journal_path: Path | None,
) -> tuple[list[JournalEntry], list[JournalEntry]]:
    """The "removed" records of the newest removal, oldest first (none: an empty journal), and
    every record read from the end of the journal to find them (as `_undoable` gives them)."""
    journal = Journal(journal_path)
    size = 1 << 18
    while True:  # read back from the end until the newest removal starts inside what was read
        lines, whole = journal.tail(size)
        entries = list(_records(_newest_removal_lines(lines)))
        if whole or _holds_newest_removal(entries):
            break
        size *= 4
    entries = _undoable(entries)
    removed = [e for e in entries if e.event is Event.REMOVED]
    if not removed:
        return [], entries
    newest = removed[-1]
    if newest.batch:
        removal = removal_of(newest.batch)
        batch = [e for e in removed if removal_of(e.batch) == removal]
    else:
        batch = [newest]
        for entry in reversed(removed[:-1]):
            if entry.batch or _seconds_between(entry.time, batch[-1].time) > _LEGACY_GAP_SECONDS:
                break
            batch.append(entry)
        batch.reverse()
    return batch, entries


def _newest_removal_lines(lines: list[str]) -> list[str]:
    """The lines `last_removal` needs: the first (its time bounds what was read), the newest
    removal's records and every "restored" record. The others are told apart by a substring,
    not parsed: a big journal is read in the app's first second, and parsing holds the GIL."""
    for line in reversed(lines):  # the newest removal: that of the last removal record
        entry = next(_records([line]), None)
        if entry is not None and entry.event is not Event.RESTORED:
            removal = removal_of(entry.batch)
            break
    else:
        return lines
    if not removal:
        return lines  # an old journal without batches: every record may matter
    ours = (f'"batch": "{removal}#', f'"batch": "{removal}"')
    return [
        line
        for k, line in enumerate(lines)
        if k == 0 or '"restored"' in line or ours[0] in line or ours[1] in line
    ]


def _holds_newest_removal(entries: list[JournalEntry]) -> bool:
    """True when records read from the end hold the whole newest removal. Its id begins with
    the time it started (`new_batch`) and every record of it is written after that, even when
    another process's removal is written in between: a first record older than that start
    proves it. (Old journals without batches tell their removals apart by time: read whole.)"""
    removals = [e for e in entries if e.event in (Event.REMOVING, Event.REMOVED)]
    if not removals or not removals[-1].batch:
        return False
    removal = removal_of(removals[-1].batch)
    started = removal.rsplit("-", 1)[0]
    try:
        datetime.fromisoformat(started)
    except ValueError:  # an id of another form (scripts, tests): its first record must be seen
        return removal_of(removals[0].batch) != removal
    return entries[0].time < started


def _undoable(entries: list[JournalEntry]) -> list[JournalEntry]:
    """`entries` as undo reads them, "removing" records dropped but one kind: the last record
    of its pass of a removal (`run_batch`), with no later record of its path, whose file is
    gone. That file was moved but not recorded: writing the journal failed right after the
    move, which ends the pass (so its record is the last). It counts as removed the way the
    intent says (the trash, or the recovery folder it names). Any other intent was followed by
    its result, or its file was left alone."""
    last_of_batch = {e.batch: k for k, e in enumerate(entries)}
    last_of_path = {e.path: k for k, e in enumerate(entries)}
    out = []
    for k, e in enumerate(entries):
        if e.event is not Event.REMOVING:
            out.append(e)
        elif (
            e.batch
            and last_of_batch[e.batch] == k
            and last_of_path[e.path] == k
            and not os.path.lexists(e.path)
        ):
            out.append(dataclasses.replace(e, event=Event.REMOVED))
    return out


def _seconds_between(earlier: str, later: str) -> float:
    try:
        return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()
    except ValueError:
        return float("inf")  # an unreadable time ends the run


def undo(
    journal_path: Path | None = None,
    only: Iterable[Path] | None = None,
    *,
    records: Iterable[JournalEntry] | None = None,
) -> UndoReport:
    """Put back files that the journal says were moved to a recovery folder or the trash.

    Newest records first; a file is restored only when its recovery copy (or, for the trash, a
    trashed file recorded as coming from its path, with the digest the journal wrote) still
    exists and nothing (not even a broken symlink) exists at the original path. Files deleted
    permanently, and files in a macOS or Windows trash, are reported as skipped (restore those
    from the trash). Each restoration is appended to the journal as a "restored" record.

    Args:
        journal_path: the journal file; None for the default one.
        only: restrict to these original paths; None for every record.
        records: restrict to these "removed" records (`last_removal_records`: one removal's,
            not every removal of its paths); None for every record.
    """
    journal = Journal(journal_path)
    wanted = None if only is None else {Path(p) for p in only}
    chosen = None if records is None else set(records)
    records, unreadable = journal.read()
    entries = _undoable(records)
    restored_from: set[Path] = set()  # recovery copies already handled (newest record wins)
    outcomes: list[UndoOutcome] = []
    trash = trash_restore.TrashIndex() if trash_restore.supported() else None
    # Trash records are matched by path: only the newest removal of a path that no later
    # "restored" record undid is put back (an undone removal must not come back after the user
    # deleted the file again; an older removal of a path cannot come back over a newer one).
    # Each "restored" record pairs with the removal it undid (same path and digest), so an
    # older removal that was never put back is told apart from one that was, and is reported.
    put_back: dict[Path, list[str]] = {}  # digests of "restored" records not yet paired
    newer: dict[Path, bool] = {}  # a newer trash removal of the path: was it put back?
    claimed: set[Path] = set()  # trashed files already named by a newer record
    for entry in reversed(entries):
        if entry.event is not Event.REMOVED:
            if entry.event is Event.RESTORED and entry.destination is not None:
                restored_from.add(entry.destination)
            if entry.event is Event.RESTORED and entry.method is Method.TRASH:
                put_back.setdefault(entry.path, []).append(entry.digest)
            continue
        if entry.method is Method.TRASH and _pair_put_back(entry, put_back):
            newer[entry.path] = True  # undone by an earlier undo: nothing to do or say
            continue
        if wanted is not None and entry.path not in wanted:
            continue
        if chosen is not None and entry not in chosen:
            continue
        if entry.method is Method.TRASH and trash is not None:
            if entry.path in newer:
                outcomes.append(_superseded(entry, trash, claimed, newer[entry.path]))
            else:
                outcome = _restore_from_trash(entry, journal, trash, claimed)
                newer[entry.path] = outcome.status is UndoStatus.RESTORED
                outcomes.append(outcome)
            continue
        if entry.method is not Method.RECOVERY_FOLDER or entry.destination is None:
            outcomes.append(
                UndoOutcome(
                    entry.path,
                    entry.destination,
                    UndoStatus.SKIPPED,
                    f"removed by {entry.method.value}; "
                    + (
                        "restore it from the system trash"
                        if entry.method is Method.TRASH
                        else "it cannot be put back"
                    ),
                    entry.method,
                )
            )
            continue
        if entry.destination in restored_from:
            continue  # put back by an earlier undo
        outcomes.append(_restore(entry, journal))
        restored_from.add(entry.destination)
    return UndoReport(tuple(outcomes), unreadable)


def _pair_put_back(entry: JournalEntry, put_back: dict[Path, list[str]]) -> bool:
    """Whether a later "restored" record undid this trash removal (its path and digest), which
    that record then no longer stands for: each record put back one removal, not its path's
    older ones too."""
    digests = put_back.get(entry.path)
    if not digests or entry.digest not in digests:
        return False
    digests.remove(entry.digest)
    return True


def _in_trash(
    entry: JournalEntry, trash: trash_restore.TrashIndex, claimed: set[Path]
) -> tuple[Path, Path] | None:
    """(trashed file, its .trashinfo): the newest one from `entry.path` whose bytes have the
    journal's digest and that no newer record named already (two removals of the same bytes
    each left their own copy)."""
    from dupviewer.engine.removal import file_digest  # removal imports this module

    size = len(entry.digest) // 2
    for file, info in trash.candidates(entry.path):
        if file in claimed:
            continue
        try:
            same = bool(entry.digest) and file_digest(file, size) == entry.digest
        except (OSError, ValueError):  # gone meanwhile; a digest of an odd length
            same = False
        if same:
            return file, info
    return None


_NOT_IN_TRASH = "not in the trash any more (emptied, restored, or changed there)"


def _restore_from_trash(
    entry: JournalEntry,
    journal: Journal,
    trash: trash_restore.TrashIndex,
    claimed: set[Path],
) -> UndoOutcome:
    """The newest trashed file recorded as removed from `entry.path` whose bytes have the
    journal's digest, moved back (then its .trashinfo dropped)."""
    found = _in_trash(entry, trash, claimed)
    if found is None:
        return UndoOutcome(entry.path, None, UndoStatus.SKIPPED, _NOT_IN_TRASH, entry.method)
    file, info = found
    claimed.add(file)
    outcome = _restore(dataclasses.replace(entry, destination=file), journal)
    if outcome.status is UndoStatus.RESTORED:
        trash.forget(entry.path, info)
        try:
            info.unlink()
        except OSError:
            pass  # a stale record in the trash, pointing at nothing: harmless
    return outcome


def _superseded(
    entry: JournalEntry,
    trash: trash_restore.TrashIndex,
    claimed: set[Path],
    newer_put_back: bool,
) -> UndoOutcome:
    """An older trash removal of a path a newer one holds (newest wins): never put back, but
    named with where its copy is, so the user can fetch it by hand instead of losing it."""
    newer = (
        "a later removal of the same name was put back there"
        if newer_put_back
        else "a later removal of the same name comes first, and it was not put back either"
    )
    found = _in_trash(entry, trash, claimed)
    if found is None:
        return UndoOutcome(
            entry.path, None, UndoStatus.SKIPPED, f"{_NOT_IN_TRASH}; {newer}", entry.method
        )
    file = found[0]
    claimed.add(file)
    return UndoOutcome(
        entry.path,
        file,
        UndoStatus.SKIPPED,
        f"{newer}; this copy is still in the trash as {file}",
        entry.method,
    )


def _restore(entry: JournalEntry, journal: Journal) -> UndoOutcome:
    src, dst = entry.destination, entry.path
    assert src is not None
    if not os.path.lexists(src):
        return UndoOutcome(
            dst,
            src,
            UndoStatus.SKIPPED,
            "the recovery copy is no longer there",
            method=entry.method,
        )
    if os.path.lexists(dst):
        return UndoOutcome(
            dst,
            src,
            UndoStatus.SKIPPED,
            "something now exists at the original path",
            method=entry.method,
        )
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        move_no_clobber(src, dst)
    except FileExistsError:
        return UndoOutcome(
            dst,
            src,
            UndoStatus.SKIPPED,
            "something now exists at the original path",
            method=entry.method,
        )
    except OSError as exc:
        return UndoOutcome(
            dst,
            src,
            UndoStatus.FAILED,
            f"could not move it back: {exc.strerror or exc}",
            method=entry.method,
        )
    try:
        journal.record(
            JournalEntry(
                now_iso(),
                dst,
                entry.kept,
                entry.method,
                src,
                entry.size,
                entry.digest,
                Event.RESTORED,
            )
        )
    except OSError as exc:
        return UndoOutcome(
            dst,
            src,
            UndoStatus.RESTORED,
            f"restored, but the journal write failed: {exc}",
            method=entry.method,
        )
    return UndoOutcome(dst, src, UndoStatus.RESTORED, method=entry.method)


# link() errors that mean "this file system cannot hard-link here", not "stop".
_NO_LINK_ERRNOS = frozenset(
    {errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}
)


def move_no_clobber(src: Path, dst: Path) -> None:
    """Rename `src` to `dst` on one volume without ever replacing an existing `dst`.

    A hard link then unlink is atomic against a file appearing at `dst` (link fails with
    EEXIST); file systems without hard links (FAT, some network shares) fall back to a checked
    rename. Raises FileExistsError when `dst` exists, OSError(EXDEV) across volumes.
    """
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError as exc:
        if isinstance(exc, FileExistsError) or exc.errno not in _NO_LINK_ERRNOS:
            raise
        if os.path.lexists(dst):
            raise FileExistsError(errno.EEXIST, "destination exists", str(dst)) from None
        os.rename(src, dst)
        return
    os.unlink(src)
