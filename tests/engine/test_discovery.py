"""Discovery: each physical file once; loops, unreadable folders and vanishing files reported."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from dupviewer.engine import discovery
from dupviewer.engine.discovery import discover
from dupviewer.engine.model import ErrorKind


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "lib"
    _touch(root / "a.jpg", b"aaaa")
    _touch(root / "B.JPEG", b"bb")  # extensions are case-insensitive
    _touch(root / "notes.txt")  # not an image extension
    _touch(root / "sub" / "c.png", b"ccc")
    _touch(root / "sub" / "deeper" / "d.webp")
    _touch(root / ".hidden" / "h.jpg")
    _touch(root / "@eaDir" / "thumb.jpg")
    _touch(root / ".Trash-1000" / "t.jpg")
    _touch(root / "$RECYCLE.BIN" / "r.jpg")
    _touch(root / "._a.jpg")  # macOS resource fork, not an image
    return root


def _paths(found) -> list[str]:
    return [os.fspath(f.path) for f in found.files]


def test_lists_supported_files_in_deterministic_order(tree: Path) -> None:
    found = discover([tree])
    assert _paths(found) == [
        str(tree / "B.JPEG"),
        str(tree / "a.jpg"),
        str(tree / "sub" / "c.png"),
        str(tree / "sub" / "deeper" / "d.webp"),
    ]
    assert found.errors == () and found.complete
    a = found.files[1]
    st = os.stat(tree / "a.jpg")
    assert (a.size, a.mtime_ns, a.dev, a.inode) == (4, st.st_mtime_ns, st.st_dev, st.st_ino)


def test_default_excludes_can_be_turned_off(tree: Path) -> None:
    names = {f.path.name for f in discover([tree], default_excludes=False).files}
    assert {"h.jpg", "thumb.jpg", "._a.jpg"} <= names
    assert not {"t.jpg", "r.jpg"} & names  # trash folders never (test_discovery_always_skipped)


def test_user_patterns_match_names_and_relative_paths(tree: Path) -> None:
    assert {f.path.name for f in discover([tree], exclude=["*.png", "deeper"]).files} == {
        "a.jpg",
        "B.JPEG",
    }
    assert {f.path.name for f in discover([tree], exclude=["sub/deeper/*"]).files} == {
        "a.jpg",
        "B.JPEG",
        "c.png",
    }


def test_overlapping_and_repeated_roots_list_each_file_once(tree: Path) -> None:
    found = discover([tree / "sub", tree, tree, tree / "sub" / "deeper"])
    assert sorted(_paths(found)) == sorted(_paths(discover([tree])))
    assert all(f.aliases == () for f in found.files)


def test_hard_link_is_one_file_with_an_alias(tree: Path) -> None:
    os.link(tree / "a.jpg", tree / "sub" / "hard.jpg")
    found = discover([tree])
    a = [f for f in found.files if f.path.name == "a.jpg"]
    assert len(a) == 1 and a[0].aliases == (tree / "sub" / "hard.jpg",)
    assert "hard.jpg" not in {f.path.name for f in found.files}


def test_symlinks_skipped_unless_followed(tree: Path) -> None:
    (tree / "link.jpg").symlink_to(tree / "a.jpg")
    (tree / "sub" / "loop").symlink_to(tree, target_is_directory=True)
    (tree / "broken.jpg").symlink_to(tree / "nowhere.jpg")
    (tree / "alias_dir").symlink_to(tree / "sub", target_is_directory=True)  # sorts before "sub"

    plain = discover([tree])
    assert _paths(plain) == _paths(discover([tree]))
    assert plain.errors == ()

    followed = discover([tree], follow_symlinks=True)
    assert sorted(_paths(followed)) == sorted(_paths(plain))  # every file still once
    a = next(f for f in followed.files if f.path.name == "a.jpg")
    assert a.aliases == (tree / "link.jpg",)
    c = next(f for f in followed.files if f.path.name == "c.png")
    assert c.path == tree / "sub" / "c.png"  # the real path wins over the link's
    # A linked folder already walked is not walked again (aliases are per file, not per folder).
    assert c.aliases == ()
    kinds = {(e.path, e.kind) for e in followed.errors}
    assert kinds == {
        (tree / "sub" / "loop", ErrorKind.SYMLINK_LOOP),
        (tree / "broken.jpg", ErrorKind.OTHER),
    }


def test_self_referencing_symlink_is_a_loop(tmp_path: Path) -> None:
    _touch(tmp_path / "ok.jpg")
    (tmp_path / "self.jpg").symlink_to(tmp_path / "self.jpg")
    found = discover([tmp_path], follow_symlinks=True)
    assert _paths(found) == [str(tmp_path / "ok.jpg")]
    assert [(e.path.name, e.kind) for e in found.errors] == [("self.jpg", ErrorKind.SYMLINK_LOOP)]


def test_unreadable_folder_is_reported_not_fatal(tree: Path, monkeypatch) -> None:
    # Tests run as root, where chmod 000 does not stop reading: simulate the refusal.
    real_scandir = os.scandir
    blocked = os.fspath(tree / "sub")

    def scandir(path):
        if os.fspath(path) == blocked:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(discovery.os, "scandir", scandir)
    found = discover([tree])
    assert [f.path.name for f in found.files] == ["B.JPEG", "a.jpg"]
    assert [(e.path, e.kind, e.reason) for e in found.errors] == [
        (tree / "sub", ErrorKind.UNREADABLE_FOLDER, "permission denied")
    ]


def test_a_folder_too_deep_for_the_system_is_reported(tmp_path: Path) -> None:
    """Below ~1,400 folders of "dd" the path passes the system's 4,096-byte limit: the walk
    cannot stat that folder, and says so instead of dropping it (and its photos) silently."""
    _touch(tmp_path / "top.jpg")
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    depth = 0
    try:
        while len(os.fspath(tmp_path)) + 3 * depth < 4200:  # built relative to an open folder
            os.mkdir("dd", dir_fd=fd)
            inner = os.open("dd", os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd, depth = inner, depth + 1
    finally:
        os.close(fd)
    try:
        found = discover([tmp_path])
    finally:  # unchain it level by level: shutil.rmtree would recurse past Python's limit
        top = tmp_path / "dd"
        while (top / "dd").exists():
            (top / "dd").rename(tmp_path / "next")
            top.rmdir()
            (tmp_path / "next").rename(top)
        top.rmdir()
    assert _paths(found) == [str(tmp_path / "top.jpg")]
    (error,) = found.errors
    assert error.kind is ErrorKind.UNREADABLE_FOLDER and error.reason == "file name too long"


def test_a_followed_link_to_a_folder_out_of_reach_is_reported(tree: Path, monkeypatch) -> None:
    """A link to a folder whose target cannot be reached (no access to a parent): reported,
    like a link to a photo there, never dropped silently."""
    (tree / "album link").symlink_to(tree / "sub", target_is_directory=True)

    class Refusing:
        """An entry whose target cannot be reached, as `os.scandir` gives it."""

        def __init__(self, entry):
            self._entry, self.name, self.path = entry, entry.name, entry.path

        def is_symlink(self):
            return True

        def is_dir(self, follow_symlinks=True):
            if follow_symlinks:
                raise PermissionError(13, "Permission denied")
            return False

        def stat(self, follow_symlinks=True):
            raise PermissionError(13, "Permission denied")

    real_scandir = os.scandir

    class Listing:
        def __init__(self, path):
            self._it = real_scandir(path)

        def __enter__(self):
            return (Refusing(e) if e.name == "album link" else e for e in self._it)

        def __exit__(self, *exc):
            self._it.close()

    monkeypatch.setattr(discovery.os, "scandir", Listing)
    found = discover([tree], follow_symlinks=True)
    assert [(e.path.name, e.kind, e.reason) for e in found.errors] == [
        ("album link", ErrorKind.UNREADABLE_FOLDER, "permission denied")
    ]


def test_a_recovery_folder_is_skipped_and_said(tree: Path) -> None:
    (tree / "sub" / ".dupviewer-recovery").write_text("marker")
    found = discover([tree])
    assert [f.path.name for f in found.files] == ["B.JPEG", "a.jpg"]
    assert [(e.path, e.kind, e.reason) for e in found.errors] == [
        (tree / "sub", ErrorKind.OTHER, discovery.RECOVERY_SKIPPED)
    ]
    assert len(discover([tree], default_excludes=False).files) > 2


def test_file_vanishing_mid_walk_is_reported(tree: Path, monkeypatch) -> None:
    real_scandir = os.scandir

    class Entries:
        """Lists the folder, then deletes a.jpg before the walker stats it."""

        def __init__(self, path):
            self.it = real_scandir(path)

        def __enter__(self):
            entries = list(self.it)
            if any(e.name == "a.jpg" for e in entries):
                os.unlink(tree / "a.jpg")
            return iter(entries)

        def __exit__(self, *exc):
            self.it.close()

    monkeypatch.setattr(discovery.os, "scandir", Entries)
    found = discover([tree])
    assert "a.jpg" not in {f.path.name for f in found.files}
    assert [(e.path, e.kind) for e in found.errors] == [(tree / "a.jpg", ErrorKind.VANISHED)]


def test_missing_root_and_single_file_root(tree: Path) -> None:
    found = discover([tree / "missing", tree / "a.jpg", tree / "notes.txt"])
    assert _paths(found) == [str(tree / "a.jpg")]
    assert [(e.path, e.kind) for e in found.errors] == [(tree / "missing", ErrorKind.VANISHED)]


def test_special_files_named_like_images_are_skipped(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.jpg")
    _touch(tmp_path / "real.jpg")
    assert [f.path.name for f in discover([tmp_path]).files] == ["real.jpg"]


def test_cancel_returns_partial_and_incomplete(tree: Path) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def progress(count: int, folder: str) -> None:
        seen.append(count)
        cancel.set()  # after the first folder

    found = discover([tree], cancel=cancel, on_progress=progress)
    assert not found.complete
    assert len(seen) == 1
    assert _paths(found) == [str(tree / "B.JPEG"), str(tree / "a.jpg")]


def test_undecodable_names_survive(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/caf\xe9.jpg"  # Latin-1 byte, not UTF-8
    with open(raw, "wb") as f:
        f.write(b"x")
    found = discover([tmp_path])
    assert [os.fsencode(f.path) for f in found.files] == [raw]


def test_a_child_path_is_the_path_pathlib_makes() -> None:
    from dupviewer.engine.discovery import _child

    for parent, name in [("/a/b", "c.jpg"), ("/", "x.png"), ("/a", "b c.jpg"), ("rel/x", "é.jpg")]:
        made, expected = _child(Path(parent), name), Path(parent) / name
        assert made == expected and str(made) == str(expected) and hash(made) == hash(expected)
        assert made.parts == expected.parts and made.parent == expected.parent
        assert made.name == name and made.suffix == expected.suffix
    assert _child(Path("/a/b"), "..") == Path("/a/b") / ".."
