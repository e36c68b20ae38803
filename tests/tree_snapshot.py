"""Every path under some folders and what it holds, to compare a tree before and after.

Keys are absolute paths as bytes (names need not be valid UTF-8); values are ("file", bytes),
("link", target bytes) or ("dir",). Symlinks are recorded, never followed.
"""

from __future__ import annotations

import os
from pathlib import Path

Entry = tuple


def snapshot(*roots: Path | str) -> dict[bytes, Entry]:
    tree: dict[bytes, Entry] = {}
    for root in roots:
        root_b = os.fsencode(root)
        if not os.path.lexists(root_b):
            continue
        tree[root_b] = _entry(root_b)
        for folder, dirs, files in os.walk(root_b, followlinks=False):
            for name in dirs + files:
                path = os.path.join(folder, name)
                tree[path] = _entry(path)
    return tree


def _entry(path: bytes) -> Entry:
    if os.path.islink(path):
        return ("link", os.readlink(path))
    if os.path.isdir(path):
        return ("dir",)
    with open(path, "rb") as f:
        return ("file", f.read())


def key(path: Path | str | bytes) -> bytes:
    return path if isinstance(path, bytes) else os.fsencode(path)


def without(tree: dict[bytes, Entry], *paths: Path | str | bytes) -> dict[bytes, Entry]:
    """`tree` with `paths` gone (asserting each was there)."""
    out = dict(tree)
    for p in paths:
        del out[key(p)]
    return out
