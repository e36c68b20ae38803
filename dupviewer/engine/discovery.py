"""Walk the roots and list every image file once.

A physical file is identified by (st_dev, st_ino): overlapping roots, a root given twice, hard
links and (when followed) symlinks all lead to one `FoundFile` whose other paths are its
`aliases`, so a hard link is never proposed as a copy to remove. Directories are identified the
same way: a directory met again on its own ancestor chain is a loop (a symlink, or a bind mount,
pointing at a parent) and is reported; a directory already walked from elsewhere is skipped
silently, since its files are already listed (so the paths through a linked folder are not
recorded as aliases; those of linked files and hard links are). Folders reached through a
symlink are walked last, so a file's primary path is a real one whenever there is one. Nothing
here is fatal: unreadable folders, loops, files that vanish between listing and stat and entries
named like images that are not regular files (named pipes, sockets, devices) become `FileError`s.

Whatever the flags, the walk never enters trash folders or dupviewer's own recovery folders (see
`discover`): a copy found there is one the user already removed, and proposing to keep it would
send the live photo to the trash, leaving its only copy in the trash.

`os.scandir` is used because it returns the entry type without a stat call; entries are sorted by
name so the same tree always gives the same order.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from dupviewer.engine.model import RECOVERY_MARKER, SUPPORTED_EXTENSIONS, ErrorKind, FileError
from dupviewer.engine.paths import xdg_data_home

# Folder names skipped unless `default_excludes=False`: caches of thumbnails made by NAS boxes and
# desktops, and trash/system folders of Windows drives. Hidden folders (a leading dot) are
# skipped too, and macOS AppleDouble files (`._IMG_0001.jpg`, resource forks, not images).
# Trash folders (`_is_trash_name`, the home trash) and dupviewer's own recovery folders (they
# hold a `RECOVERY_MARKER` file) are skipped even with `default_excludes=False`.
DEFAULT_EXCLUDED_FOLDERS: tuple[str, ...] = (
    ".thumbnails",
    "@eaDir",
    "$RECYCLE.BIN",
    "System Volume Information",
    ".Trash*",
)

_FILE_ATTRIBUTE_HIDDEN = 0x2  # Windows; DirEntry.stat() carries it for free there

# Trash folders by name, skipped whatever the flags: Windows drives. `$RECYCLE.BIN` in any case
# (Windows writes `$Recycle.Bin`); `RECYCLER` (Windows XP) only as Windows writes it, so a user's
# own folder called "Recycler" on Linux is still scanned.
_WINDOWS_TRASH_NAMES = frozenset({"$RECYCLE.BIN"})


def _is_trash_name(name: str) -> bool:
    """A trash folder by its name alone: a freedesktop volume trash (`.Trash`, `.Trash-1000`),
    macOS (`~/.Trash`, a volume's `.Trashes`) or Windows (`$RECYCLE.BIN`, `RECYCLER`). A few
    string tests: it runs for every folder of the walk."""
    first = name[:1]
    if first == ".":
        if name in (".Trash", ".Trashes"):
            return True
        digits = name[7:]
        return name.startswith(".Trash-") and digits.isascii() and digits.isdigit()
    if first == "$":
        return name.upper() in _WINDOWS_TRASH_NAMES
    return name == "RECYCLER"


def _is_home_trash(path: str) -> bool:
    """A freedesktop home trash by its shape, whoever's home it is (root scanning /home, an old
    home on a backup disk, another XDG_DATA_HOME): a folder "Trash" holding `files` and
    `info`. Asked only of folders named "Trash" (two stats each)."""
    return os.path.isdir(os.path.join(path, "files")) and os.path.isdir(os.path.join(path, "info"))


def _home_trash_paths() -> list[str]:
    """The freedesktop home trash (`$XDG_DATA_HOME/Trash`, by default `~/.local/share/Trash`),
    plus the one send2trash uses if it is loaded (it reads XDG_DATA_HOME once, at import). Its
    name ("Trash") says nothing, so it is known by where it is."""
    paths = [os.fspath(xdg_data_home() / "Trash")]
    plat_other = sys.modules.get("send2trash.plat_other")  # never imported from here
    home_trash = getattr(plat_other, "HOMETRASH", None)
    if isinstance(home_trash, (str, os.PathLike)):
        paths.append(os.fspath(home_trash))
    return paths


class TrashFolders:
    """The home trash, found once per discovery (or removal): its (st_dev, st_ino) for the walk
    (a set look-up on an id the walk has anyway) and its resolved path for the roots."""

    def __init__(self) -> None:
        self.ids: set[tuple[int, int]] = set()
        self.real_paths: list[str] = []
        for path in _home_trash_paths():
            try:
                st = os.stat(path)
            except OSError:
                continue  # no home trash (yet): nothing of it can be under a root
            if stat.S_ISDIR(st.st_mode):
                self.ids.add((st.st_dev, st.st_ino))
                self.real_paths.append(os.path.normcase(os.path.realpath(path)))
                for part in ("files", "info"):  # e.g. bind-mounted inside a library
                    inside = os.path.join(path, part)
                    try:
                        inner = os.stat(inside)
                    except OSError:
                        continue
                    self.ids.add((inner.st_dev, inner.st_ino))
                    # itself a link elsewhere: what lies under its target is in the trash too
                    self.real_paths.append(os.path.normcase(os.path.realpath(inside)))

    def holds_root(self, root: str, st: os.stat_result) -> bool:
        """Whether the root is a trash folder or lies inside one (by name on its path, as given
        and resolved, or by being, or being under, the home trash)."""
        if (st.st_dev, st.st_ino) in self.ids:
            return True
        real = os.path.realpath(root)
        for path in (root, real):
            parts = PurePath(path).parts
            if any(_is_trash_name(part) for part in parts):
                return True
            for k, part in enumerate(parts):
                if part == "Trash" and _is_home_trash(os.path.join(*parts[: k + 1])):
                    return True
        real = os.path.normcase(real)
        return any(
            real == trash or real.startswith(trash.rstrip(os.sep) + os.sep)
            for trash in self.real_paths
        )


def removed_copies_reason(path: Path | str, trash: TrashFolders | None = None) -> str | None:
    """Why `path` is a removed copy (in a trash or a recovery folder), or None. The removal asks
    it of every kept copy: a copy found outside a scan (Find Copies' photo looked up, given from
    the trash) must never be the one kept while the live photo goes."""
    try:
        st = os.stat(path)
    except OSError:
        return None  # gone or unreadable: the removal's own checks say so
    return _removed_copies(os.fspath(path), st, trash or TrashFolders())


def _removed_copies(path: str, st: os.stat_result, trash: TrashFolders) -> str | None:
    """Why a root, a followed link's target or a kept copy is a removed copy, or None: it is or
    leads into a trash or a recovery folder (a link's own name says nothing of where it points).
    A realpath each: asked of roots, links and kept copies, never of every plain folder."""
    if trash.holds_root(path, st):
        return TRASH_ROOT_REFUSED
    if _recovery_folder_above(path) is not None:
        return RECOVERY_ROOT_REFUSED
    return None


def _recovery_folder_above(root: str) -> str | None:
    """The recovery folder holding the root, if one of the root's parents has the marker (a
    recovery folder mirrors the removed files' folders, so a root can lie deep inside one).
    One stat per parent, once per root. The root folder itself is the walk's business."""
    current = os.path.realpath(root)
    while True:
        parent = os.path.dirname(current)
        if parent == current:
            return None
        if os.path.exists(os.path.join(parent, RECOVERY_MARKER)):
            return parent
        current = parent


@dataclass(frozen=True, slots=True)
class FoundFile:
    """One physical image file. `path` is the first path met; `aliases` the others."""

    path: Path
    dev: int
    inode: int
    size: int
    mtime_ns: int
    aliases: tuple[Path, ...] = ()


@dataclass(frozen=True, slots=True)
class Discovery:
    files: tuple[FoundFile, ...]
    errors: tuple[FileError, ...]
    complete: bool = True  # False when cancelled


class _Excluder:
    """Decides which names to skip. User patterns match the name, the path relative to its root
    (with `/`), or the absolute path."""

    def __init__(self, patterns: Sequence[str], default_excludes: bool) -> None:
        self.patterns = tuple(p.rstrip("/\\") for p in patterns if p.strip())
        self.default_excludes = default_excludes

    def skip_dir(self, entry: os.DirEntry, rel: str) -> bool:
        if self.default_excludes:
            name = entry.name
            if name.startswith(".") or any(
                fnmatch.fnmatchcase(name, p) for p in DEFAULT_EXCLUDED_FOLDERS
            ):
                return True
            if sys.platform == "win32" and _hidden_on_windows(entry):
                return True
        return self._user(entry, rel)

    def skip_file(self, entry: os.DirEntry, rel: str) -> bool:
        if self.default_excludes and entry.name.startswith("._"):
            return True
        return self._user(entry, rel)

    def _user(self, entry: os.DirEntry, rel: str) -> bool:
        return any(
            fnmatch.fnmatch(entry.name, p)
            or fnmatch.fnmatch(rel, p)
            or fnmatch.fnmatch(entry.path, p)
            for p in self.patterns
        )


def _hidden_on_windows(entry: os.DirEntry) -> bool:
    try:
        return bool(
            getattr(entry.stat(follow_symlinks=False), "st_file_attributes", 0)
            & _FILE_ATTRIBUTE_HIDDEN
        )
    except OSError:
        return False


# Python before 3.12 parses the name again in `parent / name` (pathlib's `_parse_args`), which
# was half of listing 100,000 files (~1.5 s here); a name from scandir has nothing to parse.
_FAST_CHILD = sys.version_info < (3, 12) and hasattr(PurePath, "_from_parsed_parts")


def _child(parent: Path, name: str) -> Path:
    """`parent / name` for a plain file name (no separator, not "." or "..")."""
    if _FAST_CHILD and name and name not in (".", ".."):
        parts = [*parent._parts, name]  # type: ignore[attr-defined]
        return parent._from_parsed_parts(parent._drv, parent._root, parts)  # type: ignore[attr-defined]
    return parent / name


class _Builder:
    """Mutable accumulator; frozen into `FoundFile`s at the end."""

    def __init__(self) -> None:
        self.order: list[tuple[int, int]] = []
        # (path, size, mtime_ns, via_link): ints, not the stat result (~700 bytes a file)
        self.first: dict[tuple[int, int], tuple[str, int, int, bool]] = {}
        self.aliases: dict[tuple[int, int], list[str]] = {}

    def add(self, path: str, st: os.stat_result, via_link: bool) -> None:
        key = (st.st_dev, st.st_ino)
        seen = self.first.get(key)
        if seen is None:
            self.first[key] = (path, st.st_size, st.st_mtime_ns, via_link)
            self.order.append(key)
            return
        if seen[0] == path:
            return
        others = self.aliases.setdefault(key, [])
        if seen[3] and not via_link:  # a real path beats a path through a symlink
            self.first[key] = (path, st.st_size, st.st_mtime_ns, via_link)
            path = seen[0]
        if path not in others:
            others.append(path)

    def files(self) -> tuple[FoundFile, ...]:
        out = []
        parents: dict[str, Path] = {}

        def as_path(text: str) -> Path:
            # A child of its folder's one Path shares the folder's name parts: ~130 bytes less
            # per file than parsing each full path on its own (a library holds every path).
            head, tail = os.path.split(text)
            parent = parents.get(head)
            if parent is None:
                parent = parents[head] = Path(head)
            return _child(parent, tail)

        for key in self.order:
            path, size, mtime_ns, _ = self.first[key]
            out.append(
                FoundFile(
                    path=as_path(path),
                    dev=key[0],
                    inode=key[1],
                    size=size,
                    mtime_ns=mtime_ns,
                    aliases=tuple(as_path(a) for a in self.aliases.get(key, ())),
                )
            )
        return tuple(out)


def discover(
    roots: Iterable[Path | str],
    *,
    follow_symlinks: bool = False,
    exclude: Sequence[str] = (),
    default_excludes: bool = True,
    cancel: threading.Event | None = None,
    on_progress: Callable[[int, str], None] | None = None,
) -> Discovery:
    """List the supported image files under `roots`, each physical file once.

    Whatever `default_excludes` says, the walk never enters a trash folder (the home trash
    `$XDG_DATA_HOME/Trash`, known by its (st_dev, st_ino); by name: a volume's `.Trash` or
    `.Trash-<uid>`, macOS `.Trash`/`.Trashes`, Windows `$RECYCLE.BIN`/`RECYCLER`) nor a folder
    holding `RECOVERY_MARKER` (reported as `RECOVERY_SKIPPED`). A removed copy found there could
    be kept while the live photo it duplicates goes to the trash, and a trashed file trashed
    again loses the record that puts it back.

    A root that is a trash folder, or lies inside one or inside a recovery folder, is refused
    with a `FileError` (`TRASH_ROOT_REFUSED`, `RECOVERY_ROOT_REFUSED`), not honoured: scanned
    together with the live library, a trash copy could be the one kept and the live copy the
    one trashed, so its last copy would be in the trash. Refusing costs the user one step
    (restore the files, or copy them out, then scan), while honouring it can lose a photo.

    Args:
        roots: folders (or single image files) to walk; made absolute, not resolved, so the
            paths reported are the ones the user knows.
        follow_symlinks: follow symlinked folders and files; loops are reported, not walked.
        exclude: glob patterns (names, root-relative paths or absolute paths) to skip.
        default_excludes: skip hidden folders, thumbnail caches and system folders. Trash
            folders and dupviewer's recovery folders are skipped either way (see below).
        cancel: when set, stop walking and return what was found (`complete=False`).
        on_progress: called after each folder with (files found so far, folder path).
    """
    extensions = SUPPORTED_EXTENSIONS
    excluder = _Excluder(exclude, default_excludes)
    trash = TrashFolders()
    builder = _Builder()
    errors: list[FileError] = []
    walked_dirs: set[tuple[int, int]] = set()
    # Folders reached through a symlink wait until every real path was walked, so a file's
    # primary path is a real one and the link path becomes its alias.
    deferred: list[_Folder] = []

    def is_image(name: str) -> bool:
        return os.path.splitext(name)[1].lower() in extensions

    def cancelled() -> bool:
        return cancel is not None and cancel.is_set()

    def walk(start: _Folder) -> None:
        """Depth-first walk with an explicit stack; each item carries its ancestors' ids, so a
        loop is told apart from a folder that is simply reached twice."""
        if start.id in walked_dirs:
            return
        walked_dirs.add(start.id)
        stack = [start]
        while stack and not cancelled():
            folder = stack.pop()
            ancestors = folder.ancestors | {folder.id}
            try:
                with os.scandir(folder.path) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except FileNotFoundError:
                errors.append(
                    FileError(
                        Path(folder.path), ErrorKind.VANISHED, "folder disappeared during the scan"
                    )
                )
                continue
            except OSError as exc:
                errors.append(
                    FileError(Path(folder.path), ErrorKind.UNREADABLE_FOLDER, _reason(exc))
                )
                continue
            if any(e.name == RECOVERY_MARKER for e in entries):
                # Removed copies wait here to be put back: not a scan's business, but said, so
                # a marker in the wrong place cannot hide photos without a word.
                errors.append(FileError(Path(folder.path), ErrorKind.OTHER, RECOVERY_SKIPPED))
                continue
            subfolders: list[_Folder] = []
            for entry in entries:
                rel = f"{folder.rel}/{entry.name}" if folder.rel else entry.name
                is_link = False
                try:
                    is_link = entry.is_symlink()
                    if is_link and not follow_symlinks:
                        continue
                    if entry.is_dir(follow_symlinks=follow_symlinks):
                        if (
                            _is_trash_name(entry.name)
                            or (entry.name == "Trash" and _is_home_trash(entry.path))
                            or excluder.skip_dir(entry, rel)
                        ):
                            continue
                        dst = entry.stat(follow_symlinks=follow_symlinks)
                        if is_link and (refused := _removed_copies(entry.path, dst, trash)):
                            errors.append(FileError(Path(entry.path), ErrorKind.OTHER, refused))
                            continue  # a link into removed copies: said, not walked
                        if (dst.st_dev, dst.st_ino) in trash.ids:
                            continue  # the home trash (or its files) by another path
                        sub = _Folder(
                            entry.path,
                            rel,
                            (dst.st_dev, dst.st_ino),
                            ancestors,
                            folder.via_link or is_link,
                        )
                        if sub.id in ancestors:
                            errors.append(
                                FileError(
                                    Path(entry.path),
                                    ErrorKind.SYMLINK_LOOP,
                                    "link points to a folder that contains it; not followed",
                                )
                            )
                        elif is_link:
                            deferred.append(sub)
                        elif sub.id not in walked_dirs:
                            walked_dirs.add(sub.id)
                            subfolders.append(sub)
                        continue
                    if not is_image(entry.name) or excluder.skip_file(entry, rel):
                        continue
                    fst = entry.stat(follow_symlinks=follow_symlinks)
                    if is_link and (refused := _removed_copies(entry.path, fst, trash)):
                        errors.append(FileError(Path(entry.path), ErrorKind.OTHER, refused))
                        continue
                except FileNotFoundError:
                    if is_link and os.path.lexists(entry.path):
                        if is_image(entry.name):
                            errors.append(
                                FileError(Path(entry.path), ErrorKind.OTHER, "broken symbolic link")
                            )
                    else:
                        errors.append(
                            FileError(
                                Path(entry.path),
                                ErrorKind.VANISHED,
                                "file disappeared during the scan",
                            )
                        )
                    continue
                except OSError as exc:
                    if exc.errno == errno.ELOOP:
                        errors.append(
                            FileError(
                                Path(entry.path), ErrorKind.SYMLINK_LOOP, "symbolic link loop"
                            )
                        )
                    elif is_image(entry.name):
                        errors.append(
                            FileError(Path(entry.path), ErrorKind.PERMISSION, _reason(exc))
                        )
                    elif is_link or _is_real_folder(entry):
                        # A folder (or a followed link, most likely to one) that cannot be
                        # reached: a path too long for the system, a target without access.
                        # Its photos are not scanned, which must not go unsaid.
                        errors.append(
                            FileError(Path(entry.path), ErrorKind.UNREADABLE_FOLDER, _reason(exc))
                        )
                    continue
                if stat.S_ISREG(fst.st_mode):
                    builder.add(entry.path, fst, via_link=folder.via_link or is_link)
                else:  # a named pipe, socket or device named .jpg: said, never opened
                    errors.append(not_a_file_error(entry.path, fst))
            stack.extend(reversed(subfolders))
            if on_progress is not None:
                on_progress(len(builder.order), folder.path)

    for root_in in roots:
        if cancelled():
            break
        root = os.path.abspath(os.fspath(root_in))
        try:
            st = os.stat(root)  # a root is followed even if it is a link: the user named it
        except FileNotFoundError:
            errors.append(FileError(Path(root), ErrorKind.VANISHED, "no such file or folder"))
            continue
        except OSError as exc:
            errors.append(FileError(Path(root), ErrorKind.UNREADABLE_FOLDER, _reason(exc)))
            continue
        if refused := _removed_copies(root, st, trash):
            errors.append(FileError(Path(root), ErrorKind.OTHER, refused))
            continue
        if stat.S_ISREG(st.st_mode):
            if is_image(root):  # a single file given as a root
                builder.add(root, st, via_link=False)
        elif stat.S_ISDIR(st.st_mode):
            walk(_Folder(root, "", (st.st_dev, st.st_ino), frozenset(), False))
        else:  # the user named it: a pipe, socket or device is said, never opened
            errors.append(not_a_file_error(root, st))
    while deferred and not cancelled():
        walk(deferred.pop(0))
    return Discovery(builder.files(), tuple(errors), complete=not cancelled())


@dataclass(frozen=True, slots=True)
class _Folder:
    path: str
    rel: str  # relative to its root, with "/"
    id: tuple[int, int]  # (st_dev, st_ino)
    ancestors: frozenset[tuple[int, int]]
    via_link: bool  # reached through a symlink


RECOVERY_SKIPPED = "dupviewer's recovery folder (removed copies to put back): not scanned"
RECOVERY_ROOT_REFUSED = (
    "inside dupviewer's recovery folder (removed copies to put back): not scanned; "
    "put the files back first"
)
TRASH_ROOT_REFUSED = (
    "a trash folder or inside one: not scanned, so a copy in the trash is never kept in place "
    "of a live photo; restore the files first"
)

_SPECIAL_FILES = (
    (stat.S_ISFIFO, "named pipe"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


def not_a_file_error(path: str, st: os.stat_result) -> FileError:
    """The entry for something named like an image that is not a regular file (a FIFO would
    block whoever opens it, so it is only ever stat'ed)."""
    what = next((name for test, name in _SPECIAL_FILES if test(st.st_mode)), "special file")
    return FileError(Path(path), ErrorKind.OTHER, f"not a regular file ({what}): not scanned")


def _is_real_folder(entry: os.DirEntry) -> bool:
    """A folder by the directory listing itself (no stat of the entry, which just failed)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _reason(exc: OSError) -> str:
    """A plain reason without the path (the path is reported separately)."""
    return (exc.strerror or type(exc).__name__).lower()
