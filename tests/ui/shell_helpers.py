"""Helpers for the app-shell tests: real files on disk described by hand-built scan results.

Results are built by hand (not by a scan) where a test needs exact control: chosen hashes for
the regrouping test, exact groups for the trash flow. The photos' facts (size, mtime, inode,
digest) come from the real files, so the engine's removal pipeline accepts them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from dupviewer.engine.model import (
    FileError,
    Fingerprint,
    Group,
    GroupKind,
    Member,
    Photo,
    Progress,
    ScanOptions,
    ScanResult,
    ScanStats,
    Stage,
)
from dupviewer.engine.removal import file_digest
from tests.images import make_photo, save


def write_photo(path: Path, seed: int, fmt_suffix: str = ".jpg") -> Path:
    return save(make_photo(seed, (96, 64)), path.with_suffix(fmt_suffix))


def photo_for(path: Path, hash_: int = 0, *, protected: bool = False) -> Photo:
    st = os.stat(path)
    return Photo(
        path=path,
        size=st.st_size,
        mtime_ns=st.st_mtime_ns,
        dev=st.st_dev,
        inode=st.st_ino,
        width=96,
        height=64,
        format="PNG" if path.suffix == ".png" else "JPEG",
        fingerprint=Fingerprint(hash=hash_),
        digest=file_digest(path),
        in_reference_root=protected,
    )


def group_of(photos: Sequence[Photo], distances: Sequence[int] | None = None) -> Group:
    """A group whose first photo is the reference (kept); exact when every digest matches."""
    distances = list(distances or [0] * len(photos))
    exact = len({p.digest for p in photos}) == 1
    members = tuple(
        Member(
            photo=p,
            distance=d,
            match="reference" if i == 0 else ("identical bytes" if exact else "similar"),
            keep=i == 0 or p.in_reference_root,
        )
        for i, (p, d) in enumerate(zip(photos, distances, strict=True))
    )
    return Group(GroupKind.EXACT if exact else GroupKind.SIMILAR, members)


def result_of(
    groups: Sequence[Group],
    roots: Sequence[Path],
    *,
    photos: Sequence[Photo] | None = None,
    errors: Sequence[FileError] = (),
    threshold: int = 10,
    complete: bool = True,
) -> ScanResult:
    if photos is None:
        photos = [m.photo for g in groups for m in g.members]
    return ScanResult(
        options=ScanOptions(roots=tuple(roots), threshold=threshold, rotations=False, crops=False),
        groups=tuple(groups),
        errors=tuple(errors),
        stats=ScanStats(files_seen=len(photos), hashed=len(photos), seconds=0.1),
        photos=tuple(photos),
        complete=complete,
    )


def fake_scan_returning(result: ScanResult) -> Callable:
    """A scan function that reports two progress steps and returns `result` (no disk, no pool)."""

    def scan(options: ScanOptions, progress=None, cancel: threading.Event | None = None):
        if progress is not None:
            progress(Progress(Stage.DISCOVER, 3, 0, None))
            progress(Progress(Stage.HASH, 3, 3, str(options.roots[0])))
        return result

    return scan


def exact_pair(tmp_path: Path, name: str = "p", seed: int = 1) -> tuple[Photo, Photo]:
    """The same bytes at `a/<name>.jpg` and `b/<name>.jpg`."""
    first = write_photo(tmp_path / "a" / name, seed)
    second = tmp_path / "b" / first.name
    second.parent.mkdir(parents=True, exist_ok=True)
    second.write_bytes(first.read_bytes())
    return photo_for(first), photo_for(second)


def close_windows(made: list, qtbot) -> None:
    """Close the test's main windows as a user quitting would: the workers stop (cancel, quit,
    wait) before any window is destroyed."""
    for window in made:
        window.close()
    qtbot.wait(10)
    made.clear()
