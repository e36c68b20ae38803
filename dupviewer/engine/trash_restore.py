"""Find a file that went to the freedesktop trash (what send2trash uses on Linux and the BSDs).

send2trash does not say where a file went, so the journal cannot either. The trash says it: each
trashed file `files/NAME` has `info/NAME.trashinfo` whose `Path=` is the original path
(URL-encoded bytes; absolute in the home trash, relative to the volume's top in a volume's
`.Trash/UID` or `.Trash-UID`). A trashed file is only ever given back when its bytes still have
the digest the journal wrote at removal time, so a different file that once had the same name
is never mistaken for it. macOS and Windows trashes keep their own records: not read here.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes

from dupviewer.engine.paths import mount_point, xdg_data_home

INFO_SUFFIX = ".trashinfo"


def supported() -> bool:
    """Whether files sent to the trash here can be found again (a freedesktop trash)."""
    return sys.platform not in ("win32", "darwin")


def home_trash() -> Path:
    """The home trash, where send2trash puts files of the home volume."""
    try:  # the very folder send2trash uses (it reads XDG_DATA_HOME once, at import)
        from send2trash import plat_other

        return Path(plat_other.HOMETRASH)
    except (ImportError, AttributeError):
        return xdg_data_home() / "Trash"


def trash_folders(original: Path) -> list[tuple[Path, Path]]:
    """(trash folder, the folder its relative `Path=` values start from) that may hold a file
    removed from `original`: the home trash, and the trashes at the top of its volume."""
    top = mount_point(original)
    uid = os.getuid() if hasattr(os, "getuid") else 0
    found: list[tuple[Path, Path]] = []
    home = home_trash()
    for trash, base in (
        (home, home.parent),  # relative there: files under XDG_DATA_HOME itself (send2trash)
        (top / ".Trash" / str(uid), top),
        (top / f".Trash-{uid}", top),
    ):
        if (trash / "info").is_dir() and all(trash != t for t, _ in found):
            found.append((trash, base))
    return found


@dataclass
class TrashIndex:
    """The trash folders' records, read once per undo: original path -> trashed items, newest
    first (several removals of one path each leave one)."""

    _read: set[Path] = field(default_factory=set)
    _items: dict[Path, list[tuple[float, Path, Path]]] = field(default_factory=dict)

    def candidates(self, original: Path) -> list[tuple[Path, Path]]:
        """(trashed file, its .trashinfo) recorded as removed from `original`, newest first."""
        original = Path(os.path.abspath(original))
        for trash, base in trash_folders(original):
            if trash not in self._read:
                self._read.add(trash)
                self._index(trash, base)
        items = sorted(self._items.get(original, []), key=lambda item: -item[0])
        return [(file, info) for _, file, info in items]

    def _index(self, trash: Path, base: Path) -> None:
        try:
            infos = list(os.scandir(trash / "info"))
        except OSError:
            return
        for entry in infos:
            if not entry.name.endswith(INFO_SUFFIX):
                continue
            original = _original_path(Path(entry.path), base)
            if original is None:
                continue
            name = entry.name[: -len(INFO_SUFFIX)]
            try:
                stamp = entry.stat().st_mtime
            except OSError:
                continue
            item = (stamp, trash / "files" / name, Path(entry.path))
            self._items.setdefault(original, []).append(item)

    def forget(self, original: Path, info: Path) -> None:
        """Drop an item once it has been given back."""
        key = Path(os.path.abspath(original))
        self._items[key] = [i for i in self._items.get(key, []) if i[2] != info]


def _original_path(info: Path, base: Path) -> Path | None:
    """The `Path=` of a .trashinfo file, as a path; None when unreadable."""
    try:
        text = info.read_bytes()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith(b"Path="):
            raw = unquote_to_bytes(line[5:].strip())
            path = Path(os.fsdecode(raw))
            return Path(os.path.abspath(path if path.is_absolute() else base / path))
    return None
