"""A marked photo with other names inside the scanned roots (hard links: `Photo.aliases`) goes
under every name, or it frees nothing and the next scan finds the same duplicate again.

QA: trashing only `Photo.path` left the file under its other name ("freed 0 B"), and the next
scan proposed it again. Scans here are real (`scanner.scan`), on small generated BMP files.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

from images import make_photo, save
from tree_snapshot import snapshot

from dupviewer.engine.journal import Event, Journal, Method, undo
from dupviewer.engine.model import GroupKind, ScanOptions
from dupviewer.engine.removal import Fallback, FallbackChoice, Reason, Status, remove
from dupviewer.engine.scanner import scan

T0 = 1_600_000_000


class FakeTrash:
    """Moves files into a folder; the names in `failing` raise EIO (and stay)."""

    def __init__(self, folder: Path, failing: tuple[str, ...] = ()) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.failing = failing
        self.calls: list[str] = []

    def __call__(self, path: str) -> None:
        self.calls.append(path)
        if os.path.basename(path) in self.failing:
            raise OSError(errno.EIO, "Input/output error", path)
        os.rename(path, self.folder / str(len(self.calls)))


def library(root: Path) -> tuple[Path, Path, Path]:
    """a.bmp (the oldest: kept), c.bmp, its identical copy, and d_link.bmp, a hard link to c."""
    a = save(make_photo(7, (64, 48)), root / "a.bmp")
    c = root / "c.bmp"
    shutil.copyfile(a, c)
    os.utime(a, ns=(0, T0 * 10**9))
    os.utime(c, ns=(0, (T0 + 1) * 10**9))
    d = root / "d_link.bmp"
    os.link(c, d)
    return a, c, d


def scan_of(root: Path, tmp_path: Path, **kw):
    return scan(ScanOptions(roots=(root,), cache_path=tmp_path / "cache.sqlite", **kw))


def proposed(result) -> list[Path]:
    return [m.path for g in result.groups for m in g.members if not m.keep]


def test_every_scanned_name_goes_space_is_freed_and_undo_brings_both_back(tmp_path):
    root = tmp_path / "photos"
    a, c, d = library(root)
    result = scan_of(root, tmp_path)
    assert [g.kind for g in result.groups] == [GroupKind.EXACT]
    (group,) = result.groups
    assert group.reference.path == a
    assert [(m.path, m.photo.aliases) for m in group.members[1:]] == [(c, (d,))]
    before = snapshot(root)

    report = remove(result.groups, proposed(result))  # the real send2trash, temporary home

    (out,) = report.outcomes
    assert out.status is Status.MOVED and report.remaining == ()
    assert out.freed == out.size == a.stat().st_size and report.freed == out.size
    assert "d_link.bmp went too" in out.detail and "hard links" not in out.detail
    assert not os.path.lexists(c) and not os.path.lexists(d) and a.exists()
    assert scan_of(root, tmp_path).groups == ()  # nothing left to find again

    records = [(e.event, e.path) for e in Journal().entries()]
    assert records == [
        (Event.REMOVING, c),
        (Event.REMOVED, c),
        (Event.REMOVING, d),
        (Event.REMOVED, d),
    ]
    restored = undo()
    assert sorted(o.path for o in restored.restored) == [c, d] and restored.complete
    assert snapshot(root) == before
    assert os.stat(c).st_ino == os.stat(d).st_ino  # both names of one file again


def test_undo_from_a_recovery_folder_puts_both_names_back(tmp_path):
    root = tmp_path / "photos"
    a, c, d = library(root)
    result = scan_of(root, tmp_path)
    before = snapshot(root)

    def no_trash(path: str) -> None:
        raise OSError(errno.EROFS, "Read-only file system", path)

    choice = FallbackChoice(Fallback.RECOVERY_FOLDER, recovery_folder=tmp_path / "recovery")
    report = remove(result.groups, proposed(result), trash=no_trash, no_trash=choice)
    (out,) = report.outcomes
    assert out.status is Status.MOVED and out.method is Method.RECOVERY_FOLDER
    assert out.freed == out.size  # counted as for a file of one name (the folder is emptied later)
    assert not os.path.lexists(c) and not os.path.lexists(d)
    assert sorted(o.path for o in undo().restored) == [c, d]
    assert snapshot(root) == before


def test_a_name_outside_the_roots_keeps_the_bytes_and_says_so(tmp_path):
    root = tmp_path / "photos"
    a, c, d = library(root)
    outside = tmp_path / "elsewhere.bmp"
    os.link(c, outside)
    result = scan_of(root, tmp_path)
    trash = FakeTrash(tmp_path / "fake-trash")

    report = remove(result.groups, proposed(result), trash=trash)

    (out,) = report.outcomes
    assert out.status is Status.MOVED
    assert not os.path.lexists(c) and not os.path.lexists(d) and outside.exists()
    assert out.freed == 0 and report.freed == 0
    assert "1 other name (hard links)" in out.detail
    assert trash.calls == [os.fspath(c), os.fspath(d)]


def test_a_name_that_cannot_go_keeps_the_photo_marked_and_is_named(tmp_path):
    root = tmp_path / "photos"
    a, c, d = library(root)
    result = scan_of(root, tmp_path)
    trash = FakeTrash(tmp_path / "fake-trash", failing=("d_link.bmp",))

    report = remove(result.groups, proposed(result), trash=trash)  # no_trash: SKIP

    (out,) = report.outcomes
    assert out.status is Status.FAILED and out.reason is Reason.NO_TRASH
    assert report.remaining == (c,) and report.freed == 0
    assert f"{c} did" in out.detail and f"{d} did not" in out.detail
    assert not os.path.lexists(c) and d.exists() and a.exists()
    removed = [e.path for e in Journal().entries() if e.event is Event.REMOVED]
    assert removed == [c]


def test_a_name_that_is_another_file_now_stops_the_photo_before_anything_goes(tmp_path):
    root = tmp_path / "photos"
    a, c, d = library(root)
    result = scan_of(root, tmp_path)
    os.unlink(d)
    shutil.copyfile(c, d)  # the same bytes, but no longer the same file
    before = snapshot(root)
    trash = FakeTrash(tmp_path / "fake-trash")

    report = remove(result.groups, proposed(result), trash=trash)

    (out,) = report.outcomes
    assert out.status is Status.SKIPPED and out.reason is Reason.CHANGED
    assert "d_link.bmp" in out.detail and trash.calls == [] and snapshot(root) == before


def test_a_name_gone_since_the_scan_is_nothing_to_remove(tmp_path):
    root = tmp_path / "photos"
    a, c, d = library(root)
    result = scan_of(root, tmp_path)
    os.unlink(d)
    trash = FakeTrash(tmp_path / "fake-trash")

    report = remove(result.groups, proposed(result), trash=trash)

    (out,) = report.outcomes
    assert out.status is Status.MOVED and out.freed == out.size
    assert trash.calls == [os.fspath(c)]


def test_a_symlink_alias_is_not_unlinked_as_if_it_were_the_file(tmp_path):
    root = tmp_path / "photos"
    a, c, d = library(root)
    os.unlink(d)
    link = root / "links" / "c_link.bmp"
    link.parent.mkdir()
    link.symlink_to(c)
    result = scan_of(root, tmp_path, follow_symlinks=True)
    (group,) = result.groups
    assert group.members[1].photo.aliases == (link,)  # discovery records it as an alias
    trash = FakeTrash(tmp_path / "fake-trash")

    report = remove(result.groups, proposed(result), trash=trash)

    (out,) = report.outcomes
    assert out.status is Status.MOVED and out.freed == out.size
    assert trash.calls == [os.fspath(c)]
    assert os.path.islink(link)  # left alone (it points at nothing now)


def test_a_name_under_a_protected_root_protects_the_photo(tmp_path):
    root = tmp_path / "photos"
    a, c, d = library(root)
    os.unlink(d)
    (root / "archive").mkdir()
    kept_name = root / "archive" / "c_archived.bmp"
    os.link(c, kept_name)
    before = snapshot(root)
    trash = FakeTrash(tmp_path / "fake-trash")

    # Whatever the scan said: the photo's other name is under the protected root given here.
    result = scan_of(root, tmp_path)
    (group,) = result.groups
    assert [(m.path, m.photo.aliases) for m in group.members[1:]] == [(c, (kept_name,))]
    report = remove(result.groups, [c], trash=trash, protected_roots=[root / "archive"])

    assert report.outcomes[0].reason is Reason.PROTECTED
    assert trash.calls == [] and snapshot(root) == before

    # And the scan itself marks it protected when that root is a reference root.
    result = scan_of(root, tmp_path, reference_roots=(root / "archive",))
    photo = next(p for p in result.photos if p.inode == os.stat(c).st_ino)
    assert photo.in_reference_root
    assert all(m.keep for g in result.groups for m in g.members if m.photo is photo)
