"""Where dupviewer keeps its files: the user's cache and data folders (XDG, macOS, Windows)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "dupviewer"


def cache_dir() -> Path:
    """Folder for the hash cache (safe to delete: it is rebuilt)."""
    if env := os.environ.get("DUPVIEWER_CACHE_DIR"):
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
        return base / APP_NAME / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / APP_NAME


def data_dir() -> Path:
    """Folder for what must not be lost: the removal journal, "not duplicates" decisions, logs."""
    if env := os.environ.get("DUPVIEWER_DATA_DIR"):
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
        return base / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    return xdg_data_home() / APP_NAME


def xdg_data_home() -> Path:
    """`$XDG_DATA_HOME`, by default `~/.local/share` (the freedesktop home trash is `Trash` in
    it)."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def mount_point(path: Path | str) -> Path:
    """The mount point of the volume holding `path`, symlinks resolved (a library reached
    through a link onto another drive is on that drive); for a path not made yet, that of its
    nearest existing folder."""
    current = Path(os.path.abspath(path))
    while not current.exists() and current != current.parent:
        current = current.parent
    p = os.path.realpath(current)
    while not os.path.ismount(p):
        parent = os.path.dirname(p)
        if parent == p:
            break
        p = parent
    return Path(p)
