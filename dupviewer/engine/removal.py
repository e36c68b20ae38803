"""The safe removal pipeline: send the marked copies to the trash, and never the last copy.

`remove(groups, marked, ...)` takes the reviewed groups and the paths marked for removal and
returns a `RemovalReport` with one `Outcome` per marked path. Nothing is trusted from the scan:

1. Plan, per group. Marked files under a protected (reference) root (by any of their names) are
   skipped, and so are files of several frames or pages in a group of look-alikes
   (`Group.irreplaceable`). If every member is still marked, the reference is skipped
   ("last-copy"): a group always keeps one copy, whatever the caller asked. Marked paths found
   in no group are skipped: the pipeline removes only files it has scan facts about.
2. Before the first removal of a group, every kept member must still exist with the size,
   modification time, inode and content digest seen at the scan; otherwise nothing in that group
   is removed (the scan is stale). The digest is read in every group, not only exact ones: a
   kept copy rewritten in place with its size and modification time put back (`os.utime`, some
   editors and sync tools) would otherwise let its last intact look-alike go, and a hash cache
   keyed on size and time would hand the scan the old facts. A kept member that lies in a trash
   or a recovery folder (`discovery.removed_copies_reason`: Find Copies given a trashed photo, a
   link into the trash) stops its group too: the photo would be left only there.
3. Right before each file: it must still be a regular file (not a symlink) with the scanned size,
   mtime_ns and (dev, inode); it must not be the same physical file as any kept file of any group
   (st_dev/st_ino of the kept paths and their aliases: this catches hard links, symlinked folders,
   a root added twice and case-insensitive spellings); its blake2b digest must equal
   `Photo.digest`, whatever its size (a 20 MB TIFF rewritten in place, its time put back, is a
   different photo). The kept files get a quick stat check again (size, times and inode: the
   change time `st_ctime_ns` moves on every write and cannot be set back).
   A photo is removed under every name the scan saw: its path, then each alias that is a hard
   link (another real name of the same inode); trashing only the path would free nothing and the
   next scan would find the same duplicate under the other name. Every name is checked before
   the first goes (another file there now: nothing goes) and again right before it goes (regular
   file, same inode, size and mtime as scanned, kept copies unchanged); the digest is read once,
   from the path. An alias that is a symlink is not a name of the file and is left alone. A
   photo goes only whole: if a later name cannot go, the outcome is a failure that says which
   names went and which stay, and the photo stays marked. A removed photo that still has other
   names (hard links outside the scanned roots, `st_nlink` > 1 at its last name) frees no space:
   its outcome says so and `RemovalReport.freed` does not count it.
4. Each name goes to the system trash (`trash`, default `send2trash.send2trash`, looked up at
   call time). Afterwards `os.lstat` must raise FileNotFoundError, else it is a failure, not a
   success. The re-checks and the trash calls of a whole `remove` run happen under an exclusive
   inter-process lock (`lock_path()`: one for the machine, whatever journal, data folder or home
   a run uses): two removals at once (two CLI runs with opposite keep rules, the app and the
   CLI) would each see its kept copy in place and trash the other's, so the second waits
   (`on_wait` is told once) and then sees the first one's effects. A lock that cannot be taken
   (something other than a plain file at its path) removes nothing; `cancel` is honoured while
   waiting.
5. A volume whose trash does not work (the trash function raises an OSError, such as send2trash's
   TrashPermissionError, and the file is still there) is never handled silently. The policy
   argument `no_trash` is either a `FallbackChoice` applied to every such volume, or a callable
   `(Volume) -> FallbackChoice` asked once per volume (st_dev), when the first file there fails.
   Choices: SKIP (the default: the file stays, reason "no-trash"), RECOVERY_FOLDER (a same-volume
   move under the given folder, keeping the path below the mount point; a relative folder is
   taken from the volume's mount point; never a copy across volumes), PERMANENT (unlink, only
   with `confirmed=True`). The report lists `volumes_without_trash`, so a GUI can also work in two
   phases: run with the default SKIP, ask the user about those volumes, then call `remove` again
   with the `remaining` paths and a choice.
6. Every removal is journaled (see journal.py): an intent record is written and fsynced before
   the file is touched, the result after it ("kept" when the file stayed: no usable trash, a
   read-only folder); each name of a photo has its own records, so `undo` puts every name
   back. If the journal cannot be written, nothing (more) is removed; a file that left after
   its intent record but before its result record is still found by `undo`, and its outcome
   says the journal failed.

One file's failure never stops the others; `RemovalReport.remaining` lists every marked path
that is still in place, so the caller keeps those marks.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import send2trash

from dupviewer.engine import paths
from dupviewer.engine.discovery import TrashFolders, removed_copies_reason
from dupviewer.engine.journal import (
    Event,
    Journal,
    JournalEntry,
    Method,
    move_no_clobber,
    new_batch,
    now_iso,
    run_batch,
)
from dupviewer.engine.model import RECOVERY_MARKER, Group, GroupKind, Member, Photo
from dupviewer.engine.paths import mount_point

_CHUNK = 1024 * 1024

TrashFunction = Callable[[str], None]
ProgressCallback = Callable[[int, int, Path], None]


class Status(str, Enum):
    MOVED = "moved"  # left its folder; `method` says how (trash, recovery folder, permanent)
    SKIPPED = "skipped"  # a check said no; the file is untouched
    FAILED = "failed"  # the removal was attempted and did not work


class Reason(str, Enum):
    """Why a file was skipped or failed. The UI maps each to a translated sentence."""

    NOT_IN_GROUP = "not-in-group"
    PROTECTED = "protected"
    MORE_FRAMES = "more-frames"  # several frames or pages, kept for a look-alike (see Group)
    LAST_COPY = "last-copy"
    KEEPER_MISSING = "keeper-missing"
    KEEPER_CHANGED = "keeper-changed"
    KEEPER_REMOVED = "keeper-removed"  # the kept copy is in a trash or a recovery folder
    VANISHED = "vanished"
    CHANGED = "changed"  # size, modification time or inode differ from the scan
    CONTENT_CHANGED = "content-changed"  # same size and time, different bytes
    NO_DIGEST = "no-digest"  # an exact duplicate without a digest from the scan
    NOT_A_FILE = "not-a-file"  # now a symlink, folder, ...
    UNREADABLE = "unreadable"
    SAME_FILE = "same-file-as-kept"
    NO_TRASH = "no-trash"
    NOT_CONFIRMED = "permanent-not-confirmed"
    RECOVERY_UNUSABLE = "recovery-folder-unusable"
    JOURNAL_UNAVAILABLE = "journal-unavailable"
    CANCELLED = "cancelled"
    TRASH_ERROR = "trash-error"
    STILL_PRESENT = "still-present"  # the trash call returned but the file is still there
    MOVE_ERROR = "move-error"


class Fallback(str, Enum):
    """What to do on a volume without a usable trash."""

    SKIP = "skip"
    RECOVERY_FOLDER = "recovery-folder"
    PERMANENT = "permanent"


@dataclass(frozen=True, slots=True)
class FallbackChoice:
    action: Fallback = Fallback.SKIP
    recovery_folder: Path | None = None  # for RECOVERY_FOLDER; relative = from the mount point
    confirmed: bool = False  # PERMANENT deletes only when this is True


@dataclass(frozen=True, slots=True)
class Volume:
    """A volume whose trash failed, with the first error it gave."""

    dev: int
    mount_point: Path
    detail: str


@dataclass(frozen=True, slots=True)
class Outcome:
    path: Path
    status: Status
    reason: Reason | None = None
    detail: str = ""  # plain English, for logs and tooltips
    method: Method | None = None
    destination: Path | None = None  # None for the system trash (it does not say where)
    kept: Path | None = None  # the copy that stays
    size: int = 0
    digest: str = ""
    freed: int = 0  # bytes the volume got back: 0 while other names (hard links) hold them


@dataclass(frozen=True, slots=True)
class RemovalReport:
    outcomes: tuple[Outcome, ...]
    volumes_without_trash: tuple[Volume, ...] = ()
    journal_path: Path | None = None
    journal_error: str | None = None  # the journal failed: the removal is not complete
    batch: str = ""  # the journal's `batch` of this pass (`journal.removal_of` gives the removal)

    def _with(self, status: Status) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.status is status)

    @property
    def moved(self) -> tuple[Outcome, ...]:
        return self._with(Status.MOVED)

    @property
    def skipped(self) -> tuple[Outcome, ...]:
        return self._with(Status.SKIPPED)

    @property
    def failed(self) -> tuple[Outcome, ...]:
        return self._with(Status.FAILED)

    @property
    def remaining(self) -> tuple[Path, ...]:
        """Marked paths not removed: the caller keeps them marked."""
        return tuple(o.path for o in self.outcomes if o.status is not Status.MOVED)

    @property
    def freed(self) -> int:
        """Bytes given back: removed files that still have other names (hard links) free none."""
        return sum(o.freed for o in self.moved)

    @property
    def stale(self) -> tuple[Path, ...]:
        """Files found changed since the scan (a marked file or a kept copy): what the scan
        knew of them, in the hash cache too, is out of date."""
        changed = (Reason.CHANGED, Reason.CONTENT_CHANGED, Reason.KEEPER_CHANGED)
        paths = [
            (o.kept if o.reason is Reason.KEEPER_CHANGED else o.path)
            for o in self.outcomes
            if o.reason in changed
        ]
        return tuple(dict.fromkeys(p for p in paths if p is not None))

    @property
    def complete(self) -> bool:
        """True when every marked file was removed and journaled."""
        return self.journal_error is None and all(o.status is Status.MOVED for o in self.outcomes)


class _Skip(Exception):
    """A check failed: carries the outcome fields."""

    def __init__(
        self,
        reason: Reason,
        detail: str,
        status: Status = Status.SKIPPED,
        kept: Path | None = None,  # the kept copy that failed its check, when it is one
    ) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.status, self.kept = reason, detail, status, kept


def file_digest(path: Path | str, digest_size: int = 64) -> str:
    """blake2b hex digest of a file's bytes (the form of `Photo.digest`)."""
    h = hashlib.blake2b(digest_size=digest_size)
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _digest_like(path: Path, expected: str) -> str:
    """Digest of `path` in the same size as `expected` (the scan may use a shorter blake2b)."""
    size = len(expected) // 2
    return file_digest(path, size if 1 <= size <= 64 else 64)


def _reason_text(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _same_as_scan(st: os.stat_result, photo: Photo) -> str | None:
    """None when `st` matches what the scan saw, else what differs."""
    if not stat.S_ISREG(st.st_mode):
        return f"it is {_kind_of(st.st_mode)} now, not a file"
    if st.st_size != photo.size:
        return f"size is {st.st_size} bytes, was {photo.size} at the scan"
    if st.st_mtime_ns != photo.mtime_ns:
        return "modification time differs from the scan"
    if photo.inode and (st.st_dev, st.st_ino) != (photo.dev, photo.inode):
        return "it is a different file now (device and inode differ from the scan)"
    return None


_NOT_FILES = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind_of(mode: int) -> str:
    """What a path that is no longer a regular file has become, in words."""
    return next((name for test, name in _NOT_FILES if test(mode)), "something else")


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    """What changes when a file is written, replaced or touched: size, modification time,
    inode, and the change time, which every write moves and `os.utime` cannot set back."""
    return (st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def _cannot_leave(path: Path) -> str | None:
    """Why no way of removing `path` can work, asked when the trash failed: a read-only volume,
    or a folder the user may not change. That is not the trash's fault, so the user is not
    offered a recovery folder or a permanent deletion that would fail the same way."""
    try:
        read_only = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        read_only = False
    if read_only:
        return f"the volume holding {path.parent} is read-only: no file can leave it"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return (
            f"the folder {path.parent} does not let files leave it (no write permission): "
            "not to the trash, nor in any other way"
        )
    return None


def _under(path: Path, roots: Iterable[Path]) -> bool:
    real = Path(os.path.realpath(path))
    for root in roots:
        for p, r in ((path, Path(root)), (real, Path(os.path.realpath(root)))):
            if p == r or p.is_relative_to(r):
                return True
    return False


def _entry(path: Path) -> tuple[str, str]:
    """A name as (its folder with links resolved, its name): two spellings of one name match."""
    return (os.path.normcase(os.path.realpath(path.parent)), os.path.normcase(path.name))


def _names(paths: Iterable[Path]) -> str:
    return ", ".join(os.fspath(p) for p in paths)


def recovery_folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot be a recovery folder, or None when it does not exist yet, is empty, or
    is a recovery folder already (its marker hides it from later scans: it must hold nothing
    else)."""
    try:
        with os.scandir(folder) as entries:
            names = {e.name for e in entries}
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return f"the recovery folder {folder} is a file, not a folder"
    except OSError as exc:
        return f"cannot use the recovery folder {folder}: {_reason_text(exc)}"
    if not names or RECOVERY_MARKER in names:
        return None
    return (
        f"the recovery folder {folder} holds other files: give an empty folder (or one "
        "dupviewer made)"
    )


def device_of(path: Path) -> int | None:
    """The device (st_dev) `path` is on, or would be on once made: that of its nearest folder
    that can be read. None when nothing on the way can be."""
    p = Path(os.path.abspath(path))
    while True:
        try:
            return os.stat(p).st_dev
        except OSError:
            if p.parent == p:
                return None
            p = p.parent


LOCK_NAME = "removal.lock"  # Windows: in the data folder (see `lock_path`)
_LOCK_POLL_SECONDS = 0.1

if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        """Lock the first byte (msvcrt locks ranges, even past the end); False when taken."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):  # held by another process
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """flock, not fcntl locks: it holds per open file, so two threads of one process
        exclude each other too, and closing another descriptor of the file does not drop it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


# POSIX: one lock for the whole machine, in /tmp by its fixed name (not TMPDIR, not the data
# folder): two removals with other journals, data folders or homes (sudo, a script setting
# XDG_DATA_HOME) still work on the same photos.
MACHINE_LOCK = Path("/tmp/dupviewer-removal.lock")


def lock_path() -> Path:
    """The lock every removal takes (see `MACHINE_LOCK`); on Windows the data folder's. A lock
    that cannot be opened (something else at that path) removes nothing: its reason names it."""
    return MACHINE_LOCK if os.name == "posix" else paths.data_dir() / LOCK_NAME


class _RemovalLock:
    """The exclusive lock a `remove` run holds while it checks and removes. Without it, two
    removals at once (opposite keep rules) each see their kept copy in place, then trash it for
    the other: every copy of a group gone. The file is left in place (removing it would let a
    third run lock a new file while the second still holds the old one)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None

    def acquire(
        self, cancel: threading.Event | None, on_wait: Callable[[], None] | None
    ) -> _Skip | None:
        """Block until the lock is held (None), or say why nothing may be removed: the lock
        cannot be taken, or `cancel` was set while waiting. `on_wait` is called once, when
        another removal holds it."""
        try:
            fd = self._open(self.path)
        except OSError as exc:  # no other lock instead: two removals could then run at once
            return self._unusable(exc)
        waited = False
        try:
            while not _try_lock(fd):
                if not waited:
                    waited = True
                    if on_wait is not None:
                        on_wait()
                if cancel is not None and cancel.wait(_LOCK_POLL_SECONDS):
                    os.close(fd)
                    return _Skip(
                        Reason.CANCELLED,
                        "the removal was cancelled while waiting for another removal to finish",
                    )
                if cancel is None:
                    time.sleep(_LOCK_POLL_SECONDS)
        except OSError as exc:
            os.close(fd)
            return self._unusable(exc)
        except BaseException:
            os.close(fd)
            raise
        self.fd = fd
        return None

    @staticmethod
    def _open(path: Path) -> int:
        """A descriptor to lock `path` through. POSIX: read-only is enough for flock, so a lock
        file another user made is shared. An existing file is opened without O_CREAT (Linux's
        protected_regular refuses O_CREAT on another user's file in /tmp); a new one is made with
        O_EXCL and only then opened to everyone, so nothing but our own fresh file is ever
        chmodded (not a file hard-linked there). Never through a symlink, and a named pipe put
        there is not waited on (O_NONBLOCK): both are refused, as is anything not a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.name != "posix":
            return os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
        created = False
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            try:
                fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o666)
                created = True
            except FileExistsError:  # another removal made it just now
                fd = os.open(path, flags)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(errno.EINVAL, "not a regular file", str(path))
            if created:
                os.fchmod(fd, 0o666)  # every user's removals share it (umask aside)
        except OSError:
            os.close(fd)
            raise
        return fd

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            _unlock(fd)
        except OSError:
            pass  # closing the file below drops the lock anyway
        finally:
            os.close(fd)

    def _unusable(self, exc: OSError) -> _Skip:
        return _Skip(
            Reason.JOURNAL_UNAVAILABLE,
            f"the removal lock {self.path} cannot be taken ({_reason_text(exc)}): nothing is "
            "removed without it, since another removal at the same time could take the copy "
            "this one keeps (if something other than an empty file is at that path, remove it)",
        )


class _Run:
    """One call of `remove`: state shared across groups."""

    def __init__(
        self,
        trash: TrashFunction,
        journal: Journal,
        no_trash: FallbackChoice | Callable[[Volume], FallbackChoice],
        batch: str,
    ) -> None:
        self.trash = trash
        self.journal = journal
        self.trash_folders = TrashFolders()  # found once: every group's kept copies are asked
        self.batch = batch
        self.no_trash = no_trash
        self.choices: dict[int, FallbackChoice] = {}
        self.volumes: dict[int, Volume] = {}
        self.journal_error: str | None = None

    # -- checks -------------------------------------------------------------------------------

    def verify_keeper(self, member: Member) -> os.stat_result:
        """The kept copy as the scan saw it, content included; its stat for `recheck_keepers`."""
        photo = member.photo
        if (removed := removed_copies_reason(photo.path, self.trash_folders)) is not None:
            raise _Skip(
                Reason.KEEPER_REMOVED,
                f"the kept copy {photo.path} is itself a removed copy ({removed}): keeping it "
                "would leave the photo only there",
                kept=photo.path,
            )
        try:
            st = os.stat(photo.path)
        except FileNotFoundError:
            raise _Skip(Reason.KEEPER_MISSING, f"the kept copy {photo.path} is gone") from None
        except OSError as exc:
            raise _Skip(
                Reason.KEEPER_MISSING,
                f"the kept copy {photo.path} cannot be read: {_reason_text(exc)}",
            ) from None
        if (diff := _same_as_scan(st, photo)) is not None:
            raise _Skip(
                Reason.KEEPER_CHANGED,
                f"the kept copy {photo.path} changed: {diff}",
                kept=photo.path,
            )
        if not photo.digest:
            raise _Skip(Reason.NO_DIGEST, f"the scan recorded no digest for {photo.path}")
        try:
            same = _digest_like(photo.path, photo.digest) == photo.digest
            after = os.stat(photo.path)
        except OSError as exc:
            raise _Skip(
                Reason.KEEPER_MISSING,
                f"the kept copy {photo.path} cannot be read: {_reason_text(exc)}",
            ) from None
        if not same:
            raise _Skip(
                Reason.KEEPER_CHANGED,
                f"the content of the kept copy {photo.path} changed since the scan",
                kept=photo.path,
            )
        if _identity(after) != _identity(st):
            raise _Skip(
                Reason.KEEPER_CHANGED,
                f"the kept copy {photo.path} changed while it was being checked",
                kept=photo.path,
            )
        return st

    def verify_target(self, photo: Photo, kept_ids: set[tuple[int, int]]) -> os.stat_result:
        path = photo.path
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            raise _Skip(Reason.VANISHED, "the file is no longer there") from None
        except OSError as exc:
            raise _Skip(Reason.UNREADABLE, _reason_text(exc)) from None
        if stat.S_ISLNK(st.st_mode):
            raise _Skip(
                Reason.NOT_A_FILE, "the path is a symbolic link: only real files are removed"
            )
        if not stat.S_ISREG(st.st_mode):
            raise _Skip(Reason.NOT_A_FILE, "the path is no longer a regular file")
        if (st.st_dev, st.st_ino) in kept_ids:
            raise _Skip(Reason.SAME_FILE, "this path is the same physical file as a kept copy")
        if (diff := _same_as_scan(st, photo)) is not None:
            raise _Skip(Reason.CHANGED, diff)
        if not photo.digest:
            raise _Skip(Reason.NO_DIGEST, "the scan recorded no content digest for this file")
        try:
            digest = _digest_like(path, photo.digest)
            after = os.lstat(path)
        except FileNotFoundError:
            raise _Skip(Reason.VANISHED, "the file is no longer there") from None
        except OSError as exc:
            raise _Skip(Reason.UNREADABLE, _reason_text(exc)) from None
        if digest != photo.digest:
            raise _Skip(Reason.CONTENT_CHANGED, "the content changed since the scan")
        if _identity(after) != _identity(st):
            raise _Skip(Reason.CHANGED, "the file changed while it was being checked")
        return st

    @staticmethod
    def other_names(photo: Photo, st: os.stat_result) -> list[Path]:
        """The aliases of a checked photo that go with it: its other real names (hard links).
        Checked before its first name goes, so a stale scan leaves all of them. A symlink is not
        a name of the file (unlinking it frees nothing); a name gone since the scan, or the path
        spelled another way (a linked folder, a root given twice), has nothing to remove."""
        names: list[Path] = []
        entries = {_entry(photo.path)}
        for alias in photo.aliases:
            alias = Path(alias)
            if _entry(alias) in entries:
                continue
            try:
                now = os.lstat(alias)
            except FileNotFoundError:
                continue
            except OSError as exc:
                raise _Skip(
                    Reason.UNREADABLE, f"its other name {alias} cannot be read: {_reason_text(exc)}"
                ) from None
            if stat.S_ISLNK(now.st_mode):
                continue
            if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (st.st_dev, st.st_ino):
                raise _Skip(
                    Reason.CHANGED,
                    f"its other name {alias} is another file now: the scan is out of date",
                )
            entries.add(_entry(alias))
            names.append(alias)
        return names

    @staticmethod
    def verify_name(photo: Photo, name: Path, ident: tuple[int, int]) -> os.stat_result | None:
        """Another name of a photo whose path was checked (digest included) and just removed,
        right before it goes: still a regular file of the same inode, size and mtime. None when
        it is gone: the same entry as a name already removed, under another spelling."""
        try:
            st = os.lstat(name)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise _Skip(Reason.UNREADABLE, f"{name}: {_reason_text(exc)}") from None
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
            raise _Skip(Reason.NOT_A_FILE, f"{name} is no longer a regular file")
        if (st.st_dev, st.st_ino) != ident:
            raise _Skip(Reason.CHANGED, f"{name} is another file now")
        if (diff := _same_as_scan(st, photo)) is not None:
            raise _Skip(Reason.CHANGED, f"{name}: {diff}")
        return st

    @staticmethod
    def recheck_keepers(kept: list[tuple[Member, os.stat_result]]) -> None:
        for member, before in kept:
            try:
                st = os.stat(member.path)
            except OSError:
                raise _Skip(Reason.KEEPER_MISSING, f"the kept copy {member.path} is gone") from None
            if _identity(st) != _identity(before):
                raise _Skip(
                    Reason.KEEPER_CHANGED,
                    f"the kept copy {member.path} changed",
                    kept=member.path,
                )

    # -- removal ------------------------------------------------------------------------------

    def remove_photo(
        self,
        photo: Photo,
        st: os.stat_result,
        others: list[Path],
        kept: list[tuple[Member, os.stat_result]],
        kept_path: Path,
    ) -> Outcome:
        """Remove a checked photo under its path (`st`) and then its other names (`others`),
        each re-checked and journaled on its own. Started, a photo is not cancelled between
        names: with one name left it frees nothing and is still a duplicate."""
        ident = (st.st_dev, st.st_ino)
        names = [photo.path, *others]
        gone: list[Path] = []
        first: tuple[Method, Path | None, str] | None = None
        # Names of the file left on the volume: its last name's st_nlink, less itself and the
        # names that went before it to the trash or a recovery folder (still links there).
        left = 0
        parked = 0
        for k, name in enumerate(names):
            intended = False
            try:
                now = st if k == 0 else self.verify_name(photo, name, ident)
                if now is None:
                    continue  # already gone: the same entry as a name removed before
                self.recheck_keepers(kept)
                intend = _Intent(self, photo, kept_path, name)
                intend(Method.TRASH, None)
                intended = True
                how = self.remove_one(name, now, intend)
            except _Skip as skip:
                if skip.reason is Reason.TRASH_ERROR and not os.path.lexists(name):
                    _journal(self, photo, kept_path, Method.TRASH, None, path=name)
                elif intended and self.journal_error is None and os.path.lexists(name):
                    # the intent is closed: the file stayed (undo must never count it removed)
                    _journal(self, photo, kept_path, Method.TRASH, None, Event.KEPT, path=name)
                if not gone:
                    return _outcome(
                        photo, skip.status, skip.reason, skip.detail, kept=skip.kept or kept_path
                    )
                assert first is not None
                detail = (
                    f"only some of its names went: {_names(gone)} did, "
                    f"{_names(names[k:])} did not ({skip.detail}); the photo stays marked"
                )
                return _outcome(
                    photo,
                    Status.FAILED,
                    skip.reason,
                    detail,
                    first[0],
                    first[1],
                    skip.kept or kept_path,
                )
            _journal(self, photo, kept_path, how[0], how[1], path=name)
            gone.append(name)
            left = now.st_nlink - 1 - parked
            parked += how[0] is not Method.PERMANENT
            first = first or how
        assert first is not None
        method, dest, detail = first
        if len(gone) > 1:
            also = f"its other name{'s' if len(gone) > 2 else ''} {_names(gone[1:])} went too"
            detail = f"{detail}; {also}".lstrip("; ")
        if self.journal_error is not None:
            after = (
                "it was deleted for good"
                if method is Method.PERMANENT
                else "from which undo can still put it back"
            )
            detail = (
                f"{detail}; {self.journal_error}: only its intent record was written, {after}"
            ).lstrip("; ")
        freed = photo.size
        if left > 0:  # names outside the scanned roots keep its bytes on the volume
            freed = 0
            linked = f"it has {left} other name{'s' if left > 1 else ''} (hard links) "
            linked += "that still hold its bytes: no space is freed until they go too"
            detail = f"{detail}; {linked}".lstrip("; ")
        return _outcome(photo, Status.MOVED, None, detail, method, dest, kept_path, freed)

    def remove_one(
        self, path: Path, st: os.stat_result, intend: _Intent
    ) -> tuple[Method, Path | None, str]:
        """Remove one checked name of a photo; returns (method, destination, detail) or raises
        _Skip. `intend` journals each way of removing it before it is tried (see `_Intent`)."""
        try:
            self.trash(os.fspath(path))
        except OSError as exc:
            if not os.path.lexists(path):
                raise _Skip(
                    Reason.TRASH_ERROR,
                    f"the trash reported an error ({_reason_text(exc)}) but the file left "
                    "its folder: look for it in the trash",
                    Status.FAILED,
                ) from None
            if (stuck := _cannot_leave(path)) is not None:
                raise _Skip(Reason.TRASH_ERROR, stuck, Status.FAILED) from None
            return self.fallback(path, st, f"{type(exc).__name__}: {_reason_text(exc)}", intend)
        except Exception as exc:  # a broken trash function must not stop the batch
            raise _Skip(Reason.TRASH_ERROR, f"{type(exc).__name__}: {exc}", Status.FAILED) from None
        if os.path.lexists(path):
            raise _Skip(
                Reason.STILL_PRESENT,
                "the trash reported success but the file is still in its folder",
                Status.FAILED,
            )
        return Method.TRASH, None, ""

    def fallback(
        self, path: Path, st: os.stat_result, error: str, intend: _Intent
    ) -> tuple[Method, Path | None, str]:
        dev = st.st_dev
        if dev not in self.volumes:
            self.volumes[dev] = Volume(dev, mount_point(path.parent), error)
        volume = self.volumes[dev]
        if dev not in self.choices:
            choice = self.no_trash(volume) if callable(self.no_trash) else self.no_trash
            self.choices[dev] = choice if isinstance(choice, FallbackChoice) else FallbackChoice()
        choice = self.choices[dev]
        if choice.action is Fallback.SKIP:
            raise _Skip(Reason.NO_TRASH, f"no usable trash on {volume.mount_point} ({error})")
        if choice.action is Fallback.PERMANENT and not choice.confirmed:
            raise _Skip(
                Reason.NOT_CONFIRMED,
                f"no usable trash on {volume.mount_point}; permanent deletion was not confirmed",
            )
        # Asking may have taken a while: the file must still be what was checked.
        try:
            now = os.lstat(path)
        except FileNotFoundError:
            raise _Skip(Reason.VANISHED, "the file is no longer there") from None
        if _identity(now) != _identity(st):
            raise _Skip(Reason.CHANGED, "the file changed while waiting for a decision")
        if choice.action is Fallback.PERMANENT:
            intend(Method.PERMANENT, None)
            try:
                os.unlink(path)
            except OSError as exc:
                raise _Skip(
                    Reason.MOVE_ERROR, f"could not delete: {_reason_text(exc)}", Status.FAILED
                ) from None
            self.confirm_gone(path)
            return Method.PERMANENT, None, f"deleted permanently: no usable trash ({error})"
        dest = self.recovery_destination(path, volume, choice.recovery_folder, dev, intend)
        self.confirm_gone(path)
        return (
            Method.RECOVERY_FOLDER,
            dest,
            f"moved to the recovery folder: no usable trash ({error})",
        )

    @staticmethod
    def confirm_gone(path: Path) -> None:
        if os.path.lexists(path):
            raise _Skip(
                Reason.STILL_PRESENT,
                "the file is still in its folder after the move",
                Status.FAILED,
            )

    @staticmethod
    def recovery_destination(
        path: Path, volume: Volume, folder: Path | None, dev: int, intend: _Intent
    ) -> Path:
        if folder is None:
            raise _Skip(Reason.RECOVERY_UNUSABLE, "no recovery folder was given")
        folder = Path(folder)
        if not folder.is_absolute():
            folder = volume.mount_point / folder
        real_folder = Path(os.path.realpath(folder))
        problem = recovery_folder_problem(folder)
        if problem is None and Path(os.path.realpath(path)).is_relative_to(real_folder):
            problem = (
                f"the recovery folder {folder} holds the photos themselves: give an empty folder"
            )
        if problem is not None:
            raise _Skip(Reason.RECOVERY_UNUSABLE, problem)
        # The volume is known before anything is made: a folder on another volume is refused
        # without leaving an empty folder (and its marker, which later scans obey) behind.
        if device_of(folder) not in (None, dev):  # None: said more precisely by mkdir below
            raise _Skip(
                Reason.RECOVERY_UNUSABLE,
                f"the recovery folder {folder} is on another volume than the file",
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
            folder_dev = os.stat(folder).st_dev
            marker = folder / RECOVERY_MARKER
            if not marker.exists():  # later scans skip this folder (see RECOVERY_MARKER)
                marker.write_text(
                    "dupviewer keeps removed copies here so they can be put back "
                    "(dupviewer-cli undo). Scans skip this folder.\n",
                    encoding="utf-8",
                )
        except OSError as exc:
            raise _Skip(
                Reason.RECOVERY_UNUSABLE,
                f"cannot use the recovery folder {folder}: {_reason_text(exc)}",
            ) from None
        if folder_dev != dev:
            raise _Skip(
                Reason.RECOVERY_UNUSABLE,
                f"the recovery folder {folder} is on another volume than the file",
            )
        real_parent = Path(os.path.realpath(path.parent))
        try:
            rel = real_parent.relative_to(volume.mount_point)
        except ValueError:
            rel = Path(*real_parent.parts[1:])
        base = folder / rel / path.name
        try:
            base.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _Skip(
                Reason.RECOVERY_UNUSABLE, f"cannot create {base.parent}: {_reason_text(exc)}"
            ) from None
        for n in range(1000):
            dest = base if n == 0 else base.with_name(f"{base.stem} ({n}){base.suffix}")
            if os.path.lexists(dest):
                continue
            intend(Method.RECOVERY_FOLDER, dest)
            try:
                move_no_clobber(path, dest)
            except FileExistsError:
                continue
            except OSError as exc:
                raise _Skip(
                    Reason.MOVE_ERROR,
                    f"could not move to the recovery folder: {_reason_text(exc)}",
                    Status.FAILED,
                ) from None
            return dest
        raise _Skip(
            Reason.RECOVERY_UNUSABLE, f"too many files named {path.name} in the recovery folder"
        )


def remove(
    groups: Iterable[Group],
    marked: Iterable[Path],
    *,
    trash: TrashFunction | None = None,
    journal: Journal | Path | None = None,
    no_trash: FallbackChoice | Callable[[Volume], FallbackChoice] = FallbackChoice(),
    protected_roots: Iterable[Path] = (),
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    batch: str | None = None,
    on_wait: Callable[[], None] | None = None,
) -> RemovalReport:
    """Remove the marked files of reviewed groups, safely (see the module docstring).

    Args:
        groups: the reviewed groups, as the scan returned them.
        marked: paths (as in `Photo.path`) the user wants removed.
        trash: moves one path (str) to the trash; default `send2trash.send2trash`.
        journal: a `Journal`, a journal file, or None for `paths.data_dir()/journal.jsonl`.
        no_trash: what to do on a volume without a usable trash: one choice, or a callable
            asked once per volume.
        protected_roots: extra protected roots (besides `Photo.in_reference_root`).
        progress: called after each file with (done, total, path).
        cancel: when set, the remaining files are skipped ("cancelled"), also while waiting
            for another removal to finish.
        batch: the journal's id of this removal; None for a new one. A second pass of the same
            removal (volumes without a trash, after asking) passes the first pass's id.
        on_wait: called once (in this thread) when another removal holds the lock and this
            one waits for it, so a caller can say so.

    Returns:
        A report with one outcome per marked path (duplicates in `marked` count once).
    """
    trash_fn: TrashFunction = trash if trash is not None else send2trash.send2trash
    jr = journal if isinstance(journal, Journal) else Journal(journal)
    run = _Run(trash_fn, jr, no_trash, run_batch(batch or new_batch()))
    groups = tuple(groups)
    protected = tuple(Path(p) for p in protected_roots)
    marked_order = list(dict.fromkeys(Path(p) for p in marked))
    marked_set = set(marked_order)

    # Which (group, member) each marked path belongs to; a path is handled once.
    seen: set[Path] = set()
    plans: list[tuple[Group, list[Member], list[Member], list[Outcome]]] = []
    for group in groups:
        if not group.members:
            continue
        skips: list[Outcome] = []
        targets: list[Member] = []
        for m in group.members:
            if m.path not in marked_set or m.path in seen:
                continue
            seen.add(m.path)
            # Any name counts: removing a photo removes all its names (see `remove_photo`).
            if m.photo.in_reference_root or any(
                _under(p, protected) for p in (m.path, *m.photo.aliases)
            ):
                skips.append(
                    _outcome(
                        m.photo,
                        Status.SKIPPED,
                        Reason.PROTECTED,
                        "the file is under a protected (reference) root",
                    )
                )
            else:
                targets.append(m)
        # A file of several frames or pages goes only while a copy of its bytes stays.
        for m in [t for t in targets if t.photo.frames > 1]:
            if group.irreplaceable(m, gone={t.path for t in targets}):
                targets.remove(m)
                skips.append(
                    _outcome(
                        m.photo,
                        Status.SKIPPED,
                        Reason.MORE_FRAMES,
                        f"it has {m.photo.frames} frames or pages and only the first was "
                        "compared: no copy here holds the others",
                    )
                )
        target_paths = {m.path for m in targets}
        kept = [m for m in group.members if m.path not in target_paths]
        if not kept:
            ref = group.reference
            targets = [m for m in targets if m is not ref]
            kept = [ref]
            skips.append(
                _outcome(
                    ref.photo,
                    Status.SKIPPED,
                    Reason.LAST_COPY,
                    "every copy of this group was marked; this one is kept",
                )
            )
        plans.append((group, kept, targets, skips))

    total = len(marked_order)
    done = 0
    outcomes: dict[Path, Outcome] = {}

    def finish(outcome: Outcome) -> None:
        nonlocal done
        outcomes[outcome.path] = outcome
        done += 1
        if progress is not None:
            progress(done, total, outcome.path)

    try:
        jr.check_writable()
    except OSError as exc:
        run.journal_error = f"the journal {jr.path} cannot be written: {_reason_text(exc)}"

    # Everything from here to the last removal holds the lock: a removal running meanwhile
    # could trash the copies this one keeps (see the module docstring, step 4).
    lock = _RemovalLock(lock_path())
    refused: _Skip | None = None
    if run.journal_error is None:  # else nothing is removed anyway
        refused = lock.acquire(cancel, on_wait)
    try:
        # The same physical file as any kept copy of any group is never removed.
        kept_ids: set[tuple[int, int]] = set()
        for _group, kept, _targets, _skips in plans:
            for m in kept:
                for p in (m.path, *m.photo.aliases):
                    try:
                        st = os.stat(p)
                    except OSError:
                        continue
                    kept_ids.add((st.st_dev, st.st_ino))

        for group, kept, targets, skips in plans:
            for o in skips:
                finish(o)
            if not targets:
                continue
            kept_path = next((m.path for m in kept if m is group.reference), kept[0].path)
            exact = group.kind is GroupKind.EXACT
            try:
                if refused is not None:
                    raise refused
                if run.journal_error is not None:
                    raise _Skip(Reason.JOURNAL_UNAVAILABLE, run.journal_error)
                kept_stats = [(m, run.verify_keeper(m)) for m in kept]
            except _Skip as skip:
                for m in targets:
                    finish(
                        _outcome(
                            m.photo,
                            skip.status,
                            skip.reason,
                            skip.detail,
                            kept=skip.kept or kept_path,
                        )
                    )
                continue
            kept_digests = {m.photo.digest for m in kept if m.photo.digest}
            for m in targets:
                photo = m.photo
                try:
                    if cancel is not None and cancel.is_set():
                        raise _Skip(Reason.CANCELLED, "the removal was cancelled")
                    if run.journal_error is not None:
                        raise _Skip(Reason.JOURNAL_UNAVAILABLE, run.journal_error)
                    if exact and photo.digest and photo.digest not in kept_digests:
                        raise _Skip(
                            Reason.CONTENT_CHANGED,
                            "the scan did not see it identical to the kept copy",
                        )
                    st = run.verify_target(photo, kept_ids)
                    others = run.other_names(photo, st)
                except _Skip as skip:
                    finish(
                        _outcome(
                            photo,
                            skip.status,
                            skip.reason,
                            skip.detail,
                            kept=skip.kept or kept_path,
                        )
                    )
                    continue
                finish(run.remove_photo(photo, st, others, kept_stats, kept_path))

    finally:
        lock.release()

    for path in marked_order:
        if path not in outcomes:
            finish(
                Outcome(
                    path,
                    Status.SKIPPED,
                    Reason.NOT_IN_GROUP,
                    "the path is not a member of any reviewed group",
                )
            )
    return RemovalReport(
        outcomes=tuple(outcomes[p] for p in marked_order),
        volumes_without_trash=tuple(run.volumes.values()),
        journal_path=jr.path,
        journal_error=run.journal_error,
        batch=run.batch,
    )


class _Intent:
    """Journals the intent to remove one file in a given way, right before that way is tried
    (the trash first; a recovery folder or a permanent deletion after it failed). If the record
    cannot be written, nothing is tried: the file stays (journal-unavailable)."""

    def __init__(self, run: _Run, photo: Photo, kept: Path, path: Path) -> None:
        self.run, self.photo, self.kept, self.path = run, photo, kept, path

    def __call__(self, method: Method, destination: Path | None) -> None:
        _journal(
            self.run, self.photo, self.kept, method, destination, Event.REMOVING, path=self.path
        )
        if self.run.journal_error is not None:
            raise _Skip(Reason.JOURNAL_UNAVAILABLE, self.run.journal_error)


def _journal(
    run: _Run,
    photo: Photo,
    kept: Path,
    method: Method,
    dest: Path | None,
    event: Event = Event.REMOVED,
    *,
    path: Path,
) -> None:
    """One record of the removal of `path`, one name of `photo` (each name has its own)."""
    try:
        run.journal.record(
            JournalEntry(
                now_iso(),
                path,
                kept,
                method,
                dest,
                photo.size,
                photo.digest,
                event,
                batch=run.batch,
            )
        )
    except OSError as exc:
        run.journal_error = f"the journal {run.journal.path} cannot be written: {_reason_text(exc)}"


def _outcome(
    photo: Photo,
    status: Status,
    reason: Reason | None,
    detail: str,
    method: Method | None = None,
    destination: Path | None = None,
    kept: Path | None = None,
    freed: int = 0,
) -> Outcome:
    return Outcome(
        photo.path,
        status,
        reason,
        detail,
        method,
        destination,
        kept,
        photo.size,
        photo.digest,
        freed,
    )
